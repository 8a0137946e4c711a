"""Intuit webhooks: signature check first, then both payload formats as ChangeNotice lists.

``intuit-signature`` is base64(HMAC-SHA256(verifier token, raw body)). It is checked in constant
time over the exact bytes received, before any JSON parsing. Two payload formats are accepted
during Intuit's migration: the legacy ``{"eventNotifications": [...]}`` object and the CloudEvents
1.0 array (``type = qbo.<entity>.<operation>.v1``), where one delivery may cover several realms.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from datetime import datetime

from core.sync.records import ChangeDelivery, ChangeNotice, ChangeOperation
from integrations.base import WebhookSignatureError

from .wire import JSONObject, as_list, as_object

SIGNATURE_HEADER = "intuit-signature"
_OPERATIONS = {
    "create": ChangeOperation.CREATE,
    "created": ChangeOperation.CREATE,
    "update": ChangeOperation.UPDATE,
    "updated": ChangeOperation.UPDATE,
    "delete": ChangeOperation.DELETE,
    "deleted": ChangeOperation.DELETE,
    "merge": ChangeOperation.MERGE,
    "merged": ChangeOperation.MERGE,
    # Whether CloudEvents spell it "void" or "voided" is unverified: accept both.
    "void": ChangeOperation.VOID,
    "voided": ChangeOperation.VOID,
    "emailed": ChangeOperation.EMAILED,
}
_ENTITY_NAMES = {
    name.lower(): name
    for name in (
        "Account",
        "Bill",
        "CreditMemo",
        "Customer",
        "Employee",
        "Estimate",
        "Invoice",
        "Item",
        "Payment",
        "PaymentMethod",
        "Purchase",
        "RefundReceipt",
        "SalesReceipt",
        "TaxCode",
        "Vendor",
        "JournalEntry",
        "Deposit",
        "Term",
        "Class",
        "Department",
    )
}
_FRACTION = re.compile(r"(\.\d{6})\d+")


def sign(body: bytes, verifier_token: str) -> str:
    """The signature Intuit sends for ``body``."""
    digest = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify_signature(body: bytes, signature: str | None, verifier_token: str) -> None:
    """Raise WebhookSignatureError unless ``signature`` signs ``body`` with the verifier token."""
    if not verifier_token:
        raise WebhookSignatureError("no webhook verifier token is configured")
    if not signature:
        raise WebhookSignatureError(f"the {SIGNATURE_HEADER} header is missing")
    try:
        supplied = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise WebhookSignatureError(f"the {SIGNATURE_HEADER} header is not base64") from exc
    expected = hmac.new(verifier_token.encode(), body, hashlib.sha256).digest()
    if not hmac.compare_digest(supplied, expected):
        raise WebhookSignatureError("the webhook signature does not match its body")


def parse_delivery(body: bytes) -> ChangeDelivery:
    """Parse an already verified body; ValueError with a clear message when it is malformed."""
    try:
        document = json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the webhook body is not JSON: {exc}") from exc
    except RecursionError as exc:
        # json gives up on deep nesting with a RecursionError, not a ValueError.
        raise ValueError("the webhook body is nested too deeply to be a delivery") from exc
    delivery_id = hashlib.sha256(body).hexdigest()
    if isinstance(document, list):
        notices = [_cloud_event(event, n) for n, event in enumerate(document)]
    elif isinstance(document, dict) and "eventNotifications" in document:
        notices = _legacy(document)
    else:
        raise ValueError(
            "the webhook body is neither an eventNotifications object nor a CloudEvents array"
        )
    return ChangeDelivery(delivery_id=delivery_id, notices=tuple(notices))


def verify_and_parse(body: bytes, signature: str | None, verifier_token: str) -> ChangeDelivery:
    """Check the signature, then parse: the only entry point a webhook endpoint should use."""
    verify_signature(body, signature, verifier_token)
    return parse_delivery(body)


def _operation(value: str) -> ChangeOperation:
    return _OPERATIONS.get(value.strip().lower(), ChangeOperation.OTHER)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        # CloudEvents carry nanoseconds; Python reads at most microseconds.
        return datetime.fromisoformat(_FRACTION.sub(r"\1", value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _required(data: JSONObject, key: str, where: str) -> str:
    value = data.get(key)
    if value is None or value == "":
        raise ValueError(f"{where} lacks {key}")
    return str(value)


def _legacy(document: JSONObject) -> list[ChangeNotice]:
    notices: list[ChangeNotice] = []
    notifications = document.get("eventNotifications")
    if not isinstance(notifications, list):
        raise ValueError("eventNotifications must be a list")
    for n, raw in enumerate(notifications):
        notification = as_object(raw)
        if notification is None:
            raise ValueError(f"eventNotifications[{n}] is not an object")
        realm_id = _required(notification, "realmId", f"eventNotifications[{n}]")
        change = as_object(notification.get("dataChangeEvent")) or {}
        for m, raw_entity in enumerate(as_list(change.get("entities"))):
            entity = as_object(raw_entity)
            where = f"eventNotifications[{n}].entities[{m}]"
            if entity is None:
                raise ValueError(f"{where} is not an object")
            name = _required(entity, "name", where)
            remote_id = _required(entity, "id", where)
            operation = _required(entity, "operation", where)
            updated = str(entity.get("lastUpdated") or "")
            key = f"{realm_id}|{name}|{remote_id}|{operation}|{updated}"
            deleted = entity.get("deletedId")
            notices.append(
                ChangeNotice(
                    entity=name,
                    remote_id=remote_id,
                    operation=_operation(operation),
                    remote_company_id=realm_id,
                    event_id=hashlib.sha256(key.encode()).hexdigest()[:32],
                    occurred_at=_time(updated),
                    deleted_id=str(deleted) if deleted else None,
                )
            )
    return notices


def _cloud_event(raw: object, n: int) -> ChangeNotice:
    event = as_object(raw)
    where = f"CloudEvent [{n}]"
    if event is None:
        raise ValueError(f"{where} is not an object")
    event_type = _required(event, "type", where)
    parts = event_type.split(".")
    # qbo.<entity>.<operation>.v<N>
    if len(parts) < 3 or parts[0] != "qbo":
        raise ValueError(f"{where} has an unexpected type {event_type!r}")
    entity = parts[1]
    return ChangeNotice(
        entity=_ENTITY_NAMES.get(entity.lower(), entity[:1].upper() + entity[1:]),
        remote_id=_required(event, "intuitentityid", where),
        operation=_operation(parts[2]),
        remote_company_id=_required(event, "intuitaccountid", where),
        event_id=_required(event, "id", where),
        occurred_at=_time(event.get("time")),
    )
