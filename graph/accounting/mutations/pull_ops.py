"""Pull mutations of the accounting domain, one module each, composed here."""

from __future__ import annotations

import strawberry


@strawberry.type
class PullMutations:
    """Mutation fields, merged into the root Mutation type."""
