"""``POST /webhooks/{slug}``: verify, record and queue a provider's change notifications.

The signature is checked over the raw body, in constant time, before anything is parsed (the
provider kit does both). A forged delivery answers 401 and a malformed one 400 (a body that
cannot be read, nested too deeply, or with ids too long to store); both are recorded as REJECTED
rows without their body, of which only a bounded sample is kept, and every outcome is counted in
``ledgersync_webhook_deliveries_total``. A valid delivery is recorded once per company (a
redelivery is acknowledged as a duplicate), the companies' jobs are queued, and the answer is
200 right away: fetching and applying the changes happens in the job. A delivery that could not
be queued stays RECEIVED and the worker's sweep queues it again. A verified delivery without
notices (Xero's intent-to-receive) is answered 200 and not recorded. Every answer has an empty
body (Xero requires it); the outcome is in the ``Ledgersync-Webhook-Outcome`` header.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from core.metrics import Metrics
from core.runtime import Runtime
from core.services.accounting_pull import (
    queue_delivery,
    record_delivery,
    record_rejected_delivery,
)
from core.settings import Settings
from core.sync.ports import WebhookSignatureError
from core.sync.records import ChangeDelivery
from core.sync.session import ProviderKit
from core.sync.webhooks import check_delivery
from integrations.registry import UnsupportedProvider, kit_by_slug

logger = logging.getLogger("ledgersync.webhooks")

MAX_BODY_BYTES = 1_000_000


OUTCOME_HEADER = "ledgersync-webhook-outcome"


def _answer(status: str, code: int = 200) -> Response:
    # Empty bodies for every provider: Xero's intent-to-receive check requires them on 200 and
    # 401, and no provider reads the body. The outcome goes in a header for people debugging.
    return Response(status_code=code, headers={OUTCOME_HEADER: status})


async def _reject(
    request: Request, kit: ProviderKit, outcome: str, code: int, *, signed: bool, error: str
) -> Response:
    settings: Settings = request.app.state.settings
    _count(request, kit, outcome)
    await record_rejected_delivery(
        kit.provider, signature_valid=signed, error=error, keep=settings.webhook_rejected_keep
    )
    return _answer(outcome.replace("_", " "), code)


def _count(request: Request, kit: ProviderKit, outcome: str) -> None:
    metrics: Metrics = request.app.state.metrics
    metrics.webhooks.labels(provider=kit.provider.value, outcome=outcome).inc()


def _parse(runtime: Runtime, kit: ProviderKit, request: Request, body: bytes) -> ChangeDelivery:
    """The verified delivery; WebhookSignatureError or ValueError (malformed) otherwise."""
    try:
        delivery = kit.parse_webhook(runtime.providers, request.headers, body)
    except (WebhookSignatureError, ValueError):
        raise
    except Exception as exc:
        # A body no parser rule foresaw is still only a malformed delivery, never a 500.
        logger.exception("%s webhook could not be read", kit.slug)
        raise ValueError(f"the webhook body could not be read ({type(exc).__name__})") from exc
    check_delivery(delivery)
    return delivery


async def receive_webhook(request: Request) -> Response:
    """Verify and record one delivery, queue its processing, and acknowledge it."""
    runtime: Runtime = request.app.state.runtime
    try:
        kit = kit_by_slug(request.path_params["slug"])
    except UnsupportedProvider:
        return _answer("unknown provider", 404)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return await _reject(request, kit, "too_large", 413, signed=False, error="body too large")
    try:
        delivery = _parse(runtime, kit, request, body)
    except WebhookSignatureError as exc:
        # The reason names the check that failed, never the body or the expected signature.
        logger.warning("%s webhook rejected: %s", kit.slug, exc.message)
        return await _reject(request, kit, "forged", 401, signed=False, error=exc.message)
    except ValueError as exc:
        logger.warning("%s webhook malformed: %s", kit.slug, exc)
        return await _reject(request, kit, "malformed", 400, signed=True, error=str(exc))
    if not delivery.notices:
        # Nothing changed (Xero's intent-to-receive handshake): acknowledge, record nothing.
        _count(request, kit, "no_events")
        return _answer("no events")
    recorded = await record_delivery(kit.provider, delivery)
    outcome = "accepted" if recorded.new else "duplicate"
    _count(request, kit, outcome)
    if recorded.pending:
        # A redelivery of a delivery not applied yet queues its job again: the job id keeps
        # one job per company, so this costs nothing when the first is still queued.
        try:
            await queue_delivery(recorded.pending, runtime.queue)
        except Exception:
            # Stored as RECEIVED, so nothing is lost: the worker's sweep queues it again.
            logger.exception("%s webhook recorded but not queued", kit.slug)
    return _answer(outcome)


WEBHOOK_ROUTES: list[BaseRoute] = [
    Route("/webhooks/{slug}", receive_webhook, methods=["POST"]),
]
