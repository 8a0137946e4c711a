"""Subscriptions of the sync domain."""

from __future__ import annotations

import strawberry


@strawberry.type
class SyncSubscriptions:
    """Subscription fields, merged into the root Subscription type."""
