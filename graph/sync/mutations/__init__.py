"""Mutations of this domain, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry


@strawberry.type
class SyncMutations:
    """Mutation fields, merged into the root Mutation type."""
