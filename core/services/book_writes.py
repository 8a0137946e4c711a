"""Rules shared by the writes of customers and items: text cleaning, the firm lock, the actor."""

from __future__ import annotations

import re
from uuid import UUID

from core.errors import ValidationFailed
from core.models import Firm, User
from core.services.tenancy import Viewer

# Deliberately loose: one @, no spaces, a dot in the domain. Deliverability is the mail
# server's business; this only catches typing slips before they reach the accounting platform.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
EMAIL_MAX_LENGTH = 255


def required_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    """Trim ``value``; refuse it when missing, blank or longer than ``max_length``."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed(f"{label} is required", field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            f"{label} must be at most {max_length} characters (got {len(text)})", field=field
        )
    return text


def optional_text(value: str | None, *, field: str, label: str, max_length: int) -> str | None:
    """Trim ``value``; blank becomes None; refuse it when longer than ``max_length``."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if len(text) > max_length:
        raise ValidationFailed(
            f"{label} must be at most {max_length} characters (got {len(text)})", field=field
        )
    return text


def optional_email(value: str | None, *, field: str = "email") -> str | None:
    """Trim an email address; blank becomes None; refuse one that is not `name@domain.tld`."""
    email = optional_text(value, field=field, label="Email", max_length=EMAIL_MAX_LENGTH)
    if email is not None and not _EMAIL.match(email):
        raise ValidationFailed(
            f"`{email}` is not a valid email address (expected name@domain.tld)", field=field
        )
    return email


async def lock_firm(firm_id: UUID) -> Firm:
    """Lock the firm's row until the transaction ends and return it.

    Writers of one firm's customers and items take this lock before checking that a name is
    free, so two concurrent creates of "Acme" cannot both pass the check. ``no_key`` keeps
    inserts of other records that reference the firm unblocked. SQLite ignores the lock; it
    serializes write transactions anyway.
    """
    return await Firm.select_for_update(no_key=True).get(id=firm_id)


async def actor_label(viewer: Viewer) -> str:
    """How the audit trail names the caller: their name, else their id in the billing app."""
    user = await User.get_or_none(id=viewer.user_id)
    if user is not None and user.name:
        return user.name
    return viewer.user_external_id
