"""What one Xero write is made of: records ready to send, endpoints, the writes themselves (at
most 50 elements each, keyed by their records' keys) and the per-element answers
(``summarizeErrors=false``) turned into PushOutcome values."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.sync.records import PushOutcome
from integrations.base import RemoteValidation

from . import mapping
from .client import WriteMethod, XeroClient, new_idempotency_key
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
BATCH_PAYMENTS = Entity("BatchPayments", "BatchPayments", "BatchPaymentID")


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


async def write_many(
    client: XeroClient, method: WriteMethod, entity: Entity, pushes: Sequence[Push], size: int
) -> list[PushOutcome]:
    """Write ``pushes`` in writes of at most ``size``; one outcome per push, in order."""
    outcomes: list[PushOutcome] = []
    for start in range(0, len(pushes), size):
        outcomes.extend(await write_batch(client, method, entity, pushes[start : start + size]))
    return outcomes


async def write_batch(
    client: XeroClient, method: WriteMethod, entity: Entity, pushes: Sequence[Push]
) -> list[PushOutcome]:
    """One write of the pushes that have a body; those refused locally keep their error."""
    ready = [p for p in pushes if p.body is not None and p.error is None]
    answers: dict[int, JSONObject] = {}
    failure: RemoteValidation | None = None
    if ready:
        key = batch_idempotency_key(entity.path, [p.key for p in ready])
        bodies = [p.body for p in ready if p.body is not None]
        try:
            answered = await client.write(
                method, entity.path, entity.key, bodies, idempotency_key=key
            )
        except RemoteValidation as exc:
            if exc.code == "XERO-403":
                raise
            failure = exc  # the whole write was refused: nothing in it was saved
        else:
            answers = {id(p): a for p, a in zip(ready, answered, strict=True)}
    outcomes = []
    for push in pushes:
        answer = answers.get(id(push))
        if push.error is not None or push.body is None:
            outcomes.append(PushOutcome.failure(push.error or mapping_error(ValueError())))
        elif answer is None:
            refused = failure or mapping_error(ValueError("Xero did not answer the record"))
            outcomes.append(PushOutcome.failure(refused, push.warnings))
        else:
            outcomes.append(element_outcome(answer, push, entity))
    return outcomes


async def write_one(client: XeroClient, path: str, entity: Entity, push: Push) -> PushOutcome:
    """POST one element to ``path`` (an update or a status change) under a fresh key."""
    if push.error is not None or push.body is None:
        return PushOutcome.failure(push.error or mapping_error(ValueError("empty body")))
    try:
        (answer,) = await client.write(
            "POST", path, entity.key, [push.body], idempotency_key=new_idempotency_key()
        )
    except RemoteValidation as exc:
        if exc.code == "XERO-403":
            raise
        return PushOutcome.failure(exc, push.warnings)
    return element_outcome(answer, push, entity)


def chunks(values: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    """``values`` in slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
