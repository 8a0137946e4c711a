"""Root query fields of this domain."""

from __future__ import annotations

import strawberry


@strawberry.type
class SyncQueries:
    """Query fields, merged into the root Query type."""
