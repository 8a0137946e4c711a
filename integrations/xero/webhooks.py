"""Xero webhooks: signature check first, then the events as ChangeNotice values.

``x-xero-signature`` is base64(HMAC-SHA256(webhook key, raw body)); it is checked in constant
time over the exact bytes received, before any JSON parsing. An intent-to-receive delivery
(``events: []``) parses to a delivery with no notices: the HTTP layer must then answer 200 with
an EMPTY body, and 401 (also empty) whenever :class:`WebhookSignatureError` is raised.

Entities are reported with the engine's provider-blind names (``Invoice``, ``Customer``), so the
engine's webhook processing handles Xero's INVOICE and CONTACT events like any other provider's.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json

from core.sync.records import ChangeDelivery, ChangeNotice, ChangeOperation
from integrations.base import WebhookSignatureError

from .mapping import is_guid
from .wire import JSONObject, as_object, parse_datetime

SIGNATURE_HEADER = "x-xero-signature"
ENTITY_BY_CATEGORY = {
    "INVOICE": "Invoice",
    "CONTACT": "Customer",
    "CREDITNOTE": "CreditNote",
    "SUBSCRIPTION": "Subscription",
}
_OPERATIONS = {"CREATE": ChangeOperation.CREATE, "UPDATE": ChangeOperation.UPDATE}


def sign(body: bytes, key: str) -> str:
    """The signature Xero sends for ``body``."""
    return base64.b64encode(hmac.new(key.encode(), body, hashlib.sha256).digest()).decode()


def verify_signature(body: bytes, signature: str | None, key: str) -> None:
    """Raise WebhookSignatureError unless ``signature`` signs ``body`` with the webhook key."""
    if not key:
        raise WebhookSignatureError("no Xero webhook key is configured")
    if not signature:
        raise WebhookSignatureError(f"the {SIGNATURE_HEADER} header is missing")
    try:
        supplied = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookSignatureError(f"the {SIGNATURE_HEADER} header is not base64") from exc
    expected = hmac.new(key.encode(), body, hashlib.sha256).digest()
    if not hmac.compare_digest(supplied, expected):
        raise WebhookSignatureError("the webhook signature does not match its body")


def _required(data: JSONObject, key: str, where: str) -> str:
    value = data.get(key)
    if value is None or value == "":
        raise ValueError(f"{where} lacks {key}")
    return str(value)


def _guid(data: JSONObject, key: str, where: str) -> str:
    """A required id, which Xero always sends as a GUID: anything else cannot be fetched."""
    value = _required(data, key, where)
    if value != value.strip() or not is_guid(value):
        raise ValueError(f"{where}.{key} is not a Xero id (a GUID)")
    return value


def _notice(raw: object, n: int) -> ChangeNotice:
    where = f"events[{n}]"
    event = as_object(raw)
    if event is None:
        raise ValueError(f"{where} is not an object")
    category = _required(event, "eventCategory", where).upper()
    resource_id = _guid(event, "resourceId", where)
    tenant_id = _guid(event, "tenantId", where)
    event_type = _required(event, "eventType", where).upper()
    occurred = str(event.get("eventDateUtc") or "")
    key = f"{tenant_id}|{category}|{resource_id}|{event_type}|{occurred}"
    return ChangeNotice(
        entity=ENTITY_BY_CATEGORY.get(category, category.title()),
        remote_id=resource_id,
        operation=_OPERATIONS.get(event_type, ChangeOperation.OTHER),
        remote_company_id=tenant_id,
        event_id=hashlib.sha256(key.encode()).hexdigest()[:32],
        occurred_at=parse_datetime(occurred),
    )


def parse_delivery(body: bytes) -> ChangeDelivery:
    """Parse an already verified body; ValueError with a clear message when it is malformed."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the webhook body is not JSON: {exc}") from exc
    except RecursionError as exc:
        # json gives up on deep nesting with a RecursionError, not a ValueError.
        raise ValueError("the webhook body is nested too deeply to be a delivery") from exc
    payload = as_object(document)
    events = payload.get("events") if payload is not None else None
    if not isinstance(events, list):
        raise ValueError("the webhook body has no events list")
    notices = tuple(_notice(event, n) for n, event in enumerate(events))
    return ChangeDelivery(delivery_id=hashlib.sha256(body).hexdigest(), notices=notices)


def verify_and_parse(body: bytes, signature: str | None, key: str) -> ChangeDelivery:
    """Check the signature, then parse: the only entry point a webhook endpoint should use."""
    verify_signature(body, signature, key)
    return parse_delivery(body)


def is_intent_to_receive(delivery: ChangeDelivery) -> bool:
    """True for Xero's handshake (a verified delivery with no events)."""
    return not delivery.notices
