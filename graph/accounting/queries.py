"""Root query fields of the accounting domain."""

from __future__ import annotations

import strawberry


@strawberry.type
class AccountingQueries:
    """Query fields, merged into the root Query type."""
