"""What one Xero write is made of: records ready to send, endpoints, the writes themselves (at
most 50 elements each, keyed by their records' keys) and the per-element answers
(``summarizeErrors=false``) turned into PushOutcome values."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from core.sync.records import PushOutcome
from integrations.base import ProviderUnavailable, RemoteValidation, to_decimal

from . import mapping
from .client import WriteMethod, XeroClient, new_idempotency_key
from .wire import JSONObject, as_object, messages_to_error, objects, validation_messages


@dataclass(frozen=True, slots=True)
class Push:
    """One record ready to write: its idempotency key, body (None when refused locally),
    warnings, the name sent (for error messages) and any local refusal."""

    key: str
    body: JSONObject | None
    warnings: tuple[str, ...] = ()
    name: str | None = None
    error: RemoteValidation | None = None


Identity = Callable[[JSONObject], object]


def _text_of(field: str) -> Identity:
    def identity(element: JSONObject) -> object:
        value = element.get(field)
        return str(value).strip().casefold() if value not in (None, "") else None

    return identity


def _payment_identity(element: JSONObject) -> object:
    invoice = as_object(element.get("Invoice")) or {}
    amount = to_decimal(element.get("Amount"))
    # Normalised: the body says 12.00 where the answer says 12.0.
    return (invoice.get("InvoiceID"), amount.normalize() if amount is not None else None)


def _batch_payment_identity(element: JSONObject) -> object:
    return tuple(sorted(map(str, map(_payment_identity, objects(element.get("Payments"))))))


@dataclass(frozen=True, slots=True)
class Entity:
    """An endpoint's path, collection key and the fields naming a saved record.

    ``identity`` tells which sent element an answered one is, by what Xero echoes back (a
    number, a name, the invoice and amount paid); None when only the order can tell.
    """

    path: str
    key: str
    id_field: str
    number_field: str | None = None
    identity: Identity | None = None


CONTACTS = Entity("Contacts", "Contacts", "ContactID", "ContactNumber", _text_of("Name"))
ITEMS = Entity("Items", "Items", "ItemID", "Code", _text_of("Code"))
INVOICES = Entity("Invoices", "Invoices", "InvoiceID", "InvoiceNumber", _text_of("InvoiceNumber"))
QUOTES = Entity("Quotes", "Quotes", "QuoteID", "QuoteNumber", _text_of("QuoteNumber"))
PAYMENTS = Entity("Payments", "Payments", "PaymentID", identity=_payment_identity)
BATCH_PAYMENTS = Entity(
    "BatchPayments", "BatchPayments", "BatchPaymentID", identity=_batch_payment_identity
)


def batch_idempotency_key(path: str, keys: Sequence[str]) -> str:
    """The ``Idempotency-Key`` of one write: derived from its records' keys (and the endpoint),
    so resending the same records replays Xero's first answer. The key covers the whole write:
    the engine resends an unanswered group with exactly its first records (its membership is
    durable, see core.sync.intents), since any other set would be written a second time."""
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
        # Keyed by every record handed in, those refused here included: a retry of the same
        # records is the same write even if one of them maps differently by then.
        key = batch_idempotency_key(entity.path, [p.key for p in pushes])
        bodies = [p.body for p in ready if p.body is not None]
        try:
            answered = await client.write(
                method, entity.path, entity.key, bodies, idempotency_key=key, exact=False
            )
        except RemoteValidation as exc:
            if exc.code == "XERO-403":
                raise
            failure = exc  # the whole write was refused: nothing in it was saved
        else:
            answers = _matched(entity, ready, answered)
    outcomes = []
    for push in pushes:
        answer = answers.get(id(push))
        if push.error is not None or push.body is None:
            outcomes.append(PushOutcome.failure(push.error or mapping_error(ValueError())))
        elif answer is not None:
            outcomes.append(element_outcome(answer, push, entity))
        elif failure is not None:
            outcomes.append(PushOutcome.failure(failure, push.warnings))
        else:
            outcomes.append(PushOutcome.failure(_not_in_the_answer(), push.warnings))
    return outcomes


def _not_in_the_answer() -> ProviderUnavailable:
    return ProviderUnavailable(
        "Xero's answer under this write's Idempotency-Key does not include the record: it was "
        "not part of the write Xero first answered, so nothing was created for it",
        hint="Sync again: the record is sent in a write of its own.",
    )


def _matched(
    entity: Entity, ready: Sequence[Push], answered: Sequence[JSONObject]
) -> dict[int, JSONObject]:
    """Each sent push's answer. In order when Xero answered as many elements as were sent;
    otherwise Xero replayed the answer of an earlier write under the same key, made of other
    elements, and answers are matched by what identifies them (a push none matches was not
    part of that write)."""
    if len(answered) == len(ready):
        return {id(p): a for p, a in zip(ready, answered, strict=True)}
    if entity.identity is None:
        raise ProviderUnavailable(
            f"Xero answered {len(answered)} {entity.key} for {len(ready)} sent"
        )
    by_identity: dict[object, list[JSONObject]] = {}
    for answer in answered:
        by_identity.setdefault(entity.identity(answer), []).append(answer)
    matched: dict[int, JSONObject] = {}
    for push in ready:
        assert push.body is not None  # only pushes with a body are sent
        candidates = by_identity.get(entity.identity(push.body)) or []
        if candidates:
            matched[id(push)] = candidates.pop(0)
    return matched


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
