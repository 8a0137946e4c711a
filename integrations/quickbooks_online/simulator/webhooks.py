"""Signed outbound change notifications, legacy `eventNotifications` or CloudEvents."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import uuid
from collections import defaultdict
from dataclasses import dataclass

import httpx

from .jsonutil import JSON, dumps, fmt_utc_z
from .service import Change
from .settings import SimulatorSettings

CLOUDEVENT_VERBS = {
    "Create": "created",
    "Update": "updated",
    "Delete": "deleted",
    "Merge": "merged",
}


def sign(body: bytes, verifier_token: str) -> str:
    """`intuit-signature`: base64 of HMAC-SHA256 over the raw body, keyed by the verifier token."""
    digest = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def legacy_body(changes: list[Change]) -> bytes:
    """`{"eventNotifications": [...]}` with one entry per realm."""
    by_realm: dict[str, list[JSON]] = defaultdict(list)
    for change in changes:
        by_realm[change.realm_id].append(
            {
                "name": change.entity,
                "id": change.entity_id,
                "operation": change.operation,
                "lastUpdated": fmt_utc_z(change.at),
            }
        )
    notifications: list[object] = [
        {"realmId": realm_id, "dataChangeEvent": {"entities": entities}}
        for realm_id, entities in by_realm.items()
    ]
    return dumps({"eventNotifications": notifications})


def cloudevents_body(changes: list[Change], settings: SimulatorSettings) -> bytes:
    """A JSON array of CloudEvents 1.0 objects; one POST may span several realms."""
    verbs = {**CLOUDEVENT_VERBS, "Void": settings.cloudevents_void_verb}
    events: list[object] = [
        {
            "specversion": "1.0",
            "id": str(uuid.uuid4()),
            "source": settings.cloudevents_source,
            "type": f"qbo.{c.entity.lower()}.{verbs.get(c.operation, c.operation.lower())}.v1",
            "datacontenttype": "application/json",
            "time": fmt_utc_z(c.at, "microseconds"),
            "intuitentityid": c.entity_id,
            "intuitaccountid": c.realm_id,
            "data": {},
        }
        for c in changes
    ]
    return dumps(events)


@dataclass
class WebhookDelivery:
    """One POST the simulator made (or tried to)."""

    url: str
    body: bytes
    signature: str
    status_code: int | None = None
    error: str | None = None


class WebhookDispatcher:
    """Collects changes and delivers them in background tasks, off the triggering request."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self._settings = settings
        self._buffer: list[Change] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._scheduled = False
        self.deliveries: list[WebhookDelivery] = []

    @property
    def enabled(self) -> bool:
        """Whether a receiver is configured."""
        return self._settings.webhook_url is not None

    def emit(self, change: Change) -> None:
        """Queue a change; changes queued in the same batch window share one POST."""
        if not self.enabled:
            return
        self._buffer.append(change)
        self._schedule()

    def _schedule(self) -> None:
        if self._scheduled or not self._buffer:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # No loop (plain sync caller): `drain()` delivers later.
        self._scheduled = True
        task = loop.create_task(self._flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _flush(self) -> None:
        window = self._settings.webhook_batch_window_seconds
        # Yielding once lets every change of the current request join the same POST.
        await (self._settings.sleep(window) if window > 0 else asyncio.sleep(0))
        self._scheduled = False
        changes, self._buffer = self._buffer, []
        if changes:
            await self._deliver(changes)

    def body_for(self, changes: list[Change]) -> bytes:
        """Encode changes in the configured format."""
        if self._settings.webhook_format == "cloudevents":
            return cloudevents_body(changes, self._settings)
        return legacy_body(changes)

    async def _deliver(self, changes: list[Change]) -> None:
        url = self._settings.webhook_url
        if url is None:
            return
        body = self.body_for(changes)
        delivery = WebhookDelivery(url, body, sign(body, self._settings.webhook_verifier_token))
        self.deliveries.append(delivery)
        factory = self._settings.webhook_client_factory or httpx.AsyncClient
        headers = {"content-type": "application/json", "intuit-signature": delivery.signature}
        try:
            async with factory() as client:
                response = await client.post(url, content=body, headers=headers)
            delivery.status_code = response.status_code
        except httpx.HTTPError as exc:
            delivery.error = f"{type(exc).__name__}: {exc}"

    async def drain(self) -> None:
        """Wait until every queued change was delivered."""
        while self._buffer or self._tasks:
            if self._buffer and not self._scheduled:
                self._schedule()
            if self._tasks:
                await asyncio.gather(*list(self._tasks))
