"""Opaque global IDs: base64url of ``Type:uuid``, so ids say nothing about storage.

The type inside an ID is the GraphQL type whose query accepts it (``invoice(id:)`` takes
``Invoice`` IDs, ``connection(id:)`` ``AccountingConnection`` IDs), and ``node(id:)`` takes the
ID of any type implementing :class:`Node`. Records named in the audit trail and in sync results
(``Estimate``, ``Connection``, a bad-debt ``CREDIT_MEMO``) get the ID of the type that holds
them, and the other names those IDs were once issued under are still accepted.
"""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models.enums import Entity

ENTITY_ID_TYPES: dict[Entity, str] = {
    Entity.CUSTOMER: "Customer",
    Entity.ITEM: "Item",
    Entity.INVOICE: "Invoice",
    # An estimate is an Invoice record with docType ESTIMATE.
    Entity.ESTIMATE: "Invoice",
    Entity.PAYMENT: "Payment",
    Entity.REFUND: "Refund",
    # A bad-debt credit memo is the write-off of one invoice: its local record is the invoice.
    Entity.CREDIT_MEMO: "Invoice",
}
"""The ID type of the local record behind each kind of mapped record."""

ISSUED_AS: dict[str, str] = {
    "Connection": "AccountingConnection",
    "Estimate": "Invoice",
    "Credit_memo": "Invoice",
}
"""Type names IDs were issued under (audit-trail subjects, sync results) → the ID's real type."""


@strawberry.interface(
    description="A record with a global ID. `node(id:)` returns the record of any such ID."
)
class Node:
    """The Relay object-identification interface."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")


def id_type(type_name: str) -> str:
    """The type whose query accepts IDs issued under ``type_name``."""
    return ISSUED_AS.get(type_name, type_name)


# Our IDs are under 100 characters: base64 of the type name and a UUID.
MAX_ID_LENGTH = 200


def encode_id(type_name: str, local_id: UUID | str) -> strawberry.ID:
    """Build the global ID of a record (of the type that holds it, see :data:`ISSUED_AS`)."""
    raw = f"{id_type(type_name)}:{local_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def entity_id(entity: Entity, local_id: UUID | str) -> strawberry.ID:
    """The global ID of the local record of a mapped kind (an estimate's is an Invoice ID)."""
    return encode_id(ENTITY_ID_TYPES[entity], local_id)


def decode_any_id(global_id: str, *, field: str = "id", kind: str = "record") -> tuple[str, UUID]:
    """``(type, record id)`` inside a global ID of any type.

    Raises :class:`ValidationFailed` naming ``field`` for anything malformed.
    """
    if len(global_id) > MAX_ID_LENGTH:
        # Not repeated in the message: it may be megabytes long.
        raise ValidationFailed(f"This is not a valid {kind} ID", field=field)
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        type_name, _, raw_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        local_id = UUID(raw_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationFailed(f"`{global_id}` is not a valid {kind} ID", field=field) from None
    return id_type(type_name), local_id


def decode_id(global_id: str, expected_type: str, *, field: str = "id") -> UUID:
    """Return the record id inside a global ID, checking it names the expected type.

    Raises :class:`ValidationFailed` naming ``field`` for anything malformed.
    """
    type_name, local_id = decode_any_id(global_id, field=field, kind=expected_type)
    if type_name != expected_type:
        raise ValidationFailed(
            f"`{global_id}` is the ID of {_article(type_name)}, not of {_article(expected_type)}",
            field=field,
        )
    return local_id


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].upper() in "AEIOU" else f"a {noun}"
