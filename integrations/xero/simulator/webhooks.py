"""Signed webhook deliveries and the intent-to-receive handshake, delivered in the background."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import secrets
import string
from dataclasses import dataclass, field

import httpx

from .dates import event_date
from .settings import SimulatorSettings

_RESOURCES = {"INVOICE": "Invoices", "CONTACT": "Contacts", "CREDITNOTE": "CreditNotes"}


def sign(key: str, body: bytes) -> str:
    """``x-xero-signature``: base64 of HMAC-SHA256 over the raw body with the webhook key."""
    digest = hmac.new(key.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _entropy() -> str:
    return "".join(secrets.choice(string.ascii_uppercase) for _ in range(20))


@dataclass
class Delivery:
    """One POST to the receiver and what it answered."""

    kind: str  # "event" or "itr"
    body: bytes
    signature: str
    signed_correctly: bool
    status_code: int | None = None
    response_body: bytes = b""
    error: str | None = None

    @property
    def receiver_correct(self) -> bool:
        """Xero's ITR rule: 200 with an empty body when signed correctly, 401 when not."""
        if self.signed_correctly:
            return self.status_code == 200 and self.response_body == b""
        return self.status_code == 401

    def payload(self) -> dict[str, object]:
        """The delivered JSON body, decoded."""
        decoded: dict[str, object] = json.loads(self.body)
        return decoded


@dataclass
class WebhookDispatcher:
    """Builds, signs and posts webhook bodies; keeps every delivery for inspection."""

    settings: SimulatorSettings
    deliveries: list[Delivery] = field(default_factory=list)
    _sequence: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _itr_index: itertools.count[int] = field(default_factory=itertools.count)
    _pending: set[asyncio.Task[Delivery]] = field(default_factory=set)
    _queued: list[Delivery] = field(default_factory=list)

    def event_body(
        self,
        tenant_id: str,
        category: str,
        event_type: str,
        resource_id: str,
        data: dict[str, object] | None = None,
    ) -> bytes:
        """One event in Xero's envelope, with the next event sequence number."""
        sequence = next(self._sequence)
        base = self.settings.resource_base_url
        event: dict[str, object] = {
            "resourceUrl": f"{base}/{_RESOURCES[category]}/{resource_id}",
            "resourceId": resource_id,
            "eventDateUtc": event_date(self.settings.clock()),
            "eventType": event_type,
            "eventCategory": category,
            "tenantId": tenant_id,
            "tenantType": "ORGANISATION",
        }
        if data is not None:
            event["data"] = data
        body = {
            "events": [event],
            "firstEventSequence": sequence,
            "lastEventSequence": sequence,
            "entropy": _entropy(),
        }
        return json.dumps(body, separators=(",", ":")).encode()

    def emit(
        self,
        tenant_id: str,
        category: str,
        event_type: str,
        resource_id: str,
        data: dict[str, object] | None = None,
    ) -> None:
        """Queue a signed delivery in the background; a no-op without a ``webhook_url``."""
        if self.settings.webhook_url is None:
            return
        body = self.event_body(tenant_id, category, event_type, resource_id, data)
        delivery = Delivery("event", body, sign(self.settings.webhook_key, body), True)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # Called from synchronous code: deliver on the next drain instead.
            self._queued.append(delivery)
            return
        task = loop.create_task(self._post(delivery))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> list[Delivery]:
        """Wait until every queued delivery has been answered; returns all deliveries so far."""
        while self._queued:
            await self._post(self._queued.pop(0))
        while self._pending:
            await asyncio.gather(*list(self._pending))
        return list(self.deliveries)

    async def send_intent_to_receive(self, count: int | None = None) -> list[Delivery]:
        """Send ITR bodies (no events), badly signed where the settings' pattern says so.

        The receiver passes when every delivery's :attr:`Delivery.receiver_correct` is true.
        """
        pattern = self.settings.itr_bad_signature_pattern or (False,)
        results = []
        for _ in range(count if count is not None else len(pattern)):
            bad = pattern[next(self._itr_index) % len(pattern)]
            body = json.dumps(
                {
                    "events": [],
                    "firstEventSequence": 0,
                    "lastEventSequence": 0,
                    "entropy": _entropy(),
                },
                separators=(",", ":"),
            ).encode()
            signature = sign(self.settings.webhook_key, body)
            if bad:
                signature = sign(self.settings.webhook_key + "-wrong", body)
            results.append(await self._post(Delivery("itr", body, signature, not bad)))
        return results

    async def _post(self, delivery: Delivery) -> Delivery:
        url = self.settings.webhook_url
        if url is None:
            delivery.error = "no webhook_url configured"
            self.deliveries.append(delivery)
            return delivery
        headers = {"Content-Type": "application/json", "x-xero-signature": delivery.signature}
        try:
            async with self.settings.http_client_factory() as client:
                response = await client.post(url, content=delivery.body, headers=headers)
            delivery.status_code = response.status_code
            delivery.response_body = response.content
        except httpx.HTTPError as exc:
            delivery.error = repr(exc)
        self.deliveries.append(delivery)
        return delivery
