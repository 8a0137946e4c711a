"""What one Xero write is made of: records ready to send, endpoints, and the per-element answers
(``summarizeErrors=false``) turned into PushOutcome values."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.sync.records import PushOutcome
from integrations.base import RemoteValidation

from . import mapping
from .wire import JSONObject, messages_to_error, objects, validation_messages


@dataclass(frozen=True, slots=True)
class Push:
    """One record ready to write: its idempotency key, body (None when refused locally),
    warnings, the name sent (for error messages) and any local refusal."""

    key: str
    body: JSONObject | None
    warnings: tuple[str, ...] = ()
    name: str | None = None
    error: RemoteValidation | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """An endpoint's path, collection key and the fields naming a saved record."""

    path: str
    key: str
    id_field: str
    number_field: str | None = None


CONTACTS = Entity("Contacts", "Contacts", "ContactID", "ContactNumber")
ITEMS = Entity("Items", "Items", "ItemID", "Code")
INVOICES = Entity("Invoices", "Invoices", "InvoiceID", "InvoiceNumber")
QUOTES = Entity("Quotes", "Quotes", "QuoteID", "QuoteNumber")
PAYMENTS = Entity("Payments", "Payments", "PaymentID")


def batch_idempotency_key(path: str, keys: Sequence[str]) -> str:
    """The ``Idempotency-Key`` of one write: derived from its records' keys (and the endpoint),
    so resending the same records replays Xero's first answer."""
    return hashlib.sha256("\n".join([path, *keys]).encode()).hexdigest()


def unsupported(message: str, code: str) -> RemoteValidation:
    """A refusal for something Ledgersync does not sync to Xero yet."""
    return RemoteValidation(message, code=code, hint="Sync this record to Xero by hand for now.")


def mapping_error(exc: ValueError) -> RemoteValidation:
    """A record that cannot be turned into a Xero body."""
    return RemoteValidation(
        str(exc), code="XERO-MAPPING", hint="Correct the record and sync again."
    )


def element_outcome(element: JSONObject, push: Push, entity: Entity) -> PushOutcome:
    """One answered element (``summarizeErrors=false``) as the record's outcome."""
    messages = validation_messages(element)
    if element.get("StatusAttributeString") == "ERROR" or messages:
        return PushOutcome.failure(messages_to_error(messages, name=push.name), push.warnings)
    warnings = list(push.warnings)
    warnings += [str(w["Message"]) for w in objects(element.get("Warnings")) if w.get("Message")]
    return PushOutcome.success(
        mapping.ref_of(element, entity.id_field, entity.number_field), warnings
    )


def chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    """``values`` in slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
