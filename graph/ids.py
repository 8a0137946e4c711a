"""Opaque global IDs: base64url of ``Type:uuid``, so ids say nothing about storage."""

from __future__ import annotations

import base64
import binascii
from uuid import UUID

import strawberry

from core.errors import ValidationFailed

# Our IDs are under 100 characters: base64 of the type name and a UUID.
MAX_ID_LENGTH = 200


def encode_id(type_name: str, local_id: UUID | str) -> strawberry.ID:
    """Build the global ID of a record."""
    raw = f"{type_name}:{local_id}".encode()
    return strawberry.ID(base64.urlsafe_b64encode(raw).decode().rstrip("="))


def decode_id(global_id: str, expected_type: str, *, field: str = "id") -> UUID:
    """Return the record id inside a global ID, checking it names the expected type.

    Raises :class:`ValidationFailed` naming ``field`` for anything malformed.
    """
    if len(global_id) > MAX_ID_LENGTH:
        # Not repeated in the message: it may be megabytes long.
        raise ValidationFailed(f"This is not a valid {expected_type} ID", field=field)
    padded = global_id + "=" * (-len(global_id) % 4)
    try:
        type_name, _, raw_id = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        local_id = UUID(raw_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationFailed(
            f"`{global_id}` is not a valid {expected_type} ID", field=field
        ) from None
    if type_name != expected_type:
        raise ValidationFailed(
            f"`{global_id}` is the ID of {_article(type_name)}, not of {_article(expected_type)}",
            field=field,
        )
    return local_id


def _article(noun: str) -> str:
    return f"an {noun}" if noun[:1].upper() in "AEIOU" else f"a {noun}"
