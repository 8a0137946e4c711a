"""Hostile deliveries to both webhook routes: validly signed bodies that would have crashed the
receiver or the job are answered 400 and recorded as malformed; forged ones are counted and only
a bounded sample of them is kept."""

from __future__ import annotations

import pytest

from core.models import WebhookDelivery
from core.models.enums import WebhookState
from core.settings import Settings
from tests.graph.accounting.pull_support import record_jobs
from tests.graph.accounting.webhook_support import SIGNERS, Signer

pytestmark = pytest.mark.parametrize("signer", list(SIGNERS.values()), ids=list(SIGNERS))

DEPTH = 100_000
KEEP = 5


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A small sample of rejected deliveries, so a test can go past it."""
    return settings.model_copy(update={"webhook_rejected_keep": KEEP})


def _rejected_count(app, signer: Signer, outcome: str) -> float:  # type: ignore[no-untyped-def]
    provider = "QUICKBOOKS_ONLINE" if signer.name == "qbo" else "XERO"
    value = app.state.metrics.registry.get_sample_value(
        "ledgersync_webhook_deliveries_total", {"provider": provider, "outcome": outcome}
    )
    return value or 0.0


async def test_webhook_signed_body_nested_deeply_is_400_and_recorded_malformed(
    app, client, signer: Signer
) -> None:
    queue = record_jobs(app)
    body = b"[" * DEPTH + b"]" * DEPTH

    response = await client.post(signer.path, content=body, headers=signer.headers(body))

    assert response.status_code == 400
    (row,) = await WebhookDelivery.all()
    assert (row.state, row.signature_valid, row.payload) == (WebhookState.REJECTED, True, None)
    assert queue.jobs == []


@pytest.mark.parametrize("where", ["company", "record"])
async def test_webhook_signed_id_of_5000_characters_is_400_and_recorded_malformed(
    app, client, signer: Signer, where: str
) -> None:
    queue = record_jobs(app)
    long_id = "7" * 5000
    body = (
        signer.body(long_id, signer.record)
        if where == "company"
        else signer.body(signer.company, long_id)
    )

    response = await client.post(signer.path, content=body, headers=signer.headers(body))

    assert response.status_code == 400
    (row,) = await WebhookDelivery.all()
    assert (row.state, row.signature_valid) == (WebhookState.REJECTED, True)
    assert "id" in (row.error or "")  # names the id it refused
    assert queue.jobs == []


async def test_webhook_forged_deliveries_are_counted_and_only_a_sample_is_kept(
    app, client, signer: Signer
) -> None:
    keep = KEEP
    before = _rejected_count(app, signer, "forged")
    body = signer.body(signer.company, signer.record)

    for n in range(keep + 5):
        response = await client.post(
            signer.path, content=body, headers={signer.header: f"Zm9yZ2VkLX{n % 10}="}
        )
        assert response.status_code == 401

    assert _rejected_count(app, signer, "forged") - before == keep + 5
    rows = await WebhookDelivery.filter(state=WebhookState.REJECTED).order_by("id")
    assert len(rows) == keep
    newest = await WebhookDelivery.all().order_by("-id").first()
    assert newest is not None
    assert rows[-1].id == newest.id  # the oldest were dropped, the newest kept
