"""The audit trail: one Activity row per user, system or provider action."""

from __future__ import annotations

from uuid import UUID

from core.models import Activity
from core.models.enums import ActivitySource


async def record_activity(
    *,
    firm_id: UUID,
    action: str,
    subject_type: str,
    subject_id: UUID | None,
    description: str,
    actor_id: UUID | None = None,
    source: ActivitySource = ActivitySource.USER,
    ip_address: str | None = None,
) -> Activity:
    """Write an audit entry, e.g. action ``invoice.issued``, "Invoice 1042 issued by Ada"."""
    return await Activity.create(
        firm_id=firm_id,
        actor_id=actor_id,
        source=source,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        description=description,
        ip_address=ip_address,
    )
