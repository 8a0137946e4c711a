"""Mutations of this domain, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry


@strawberry.type
class CustomerMutations:
    """Mutation fields, merged into the root Mutation type."""
