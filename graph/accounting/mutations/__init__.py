"""Accounting mutations: connection management, pushes and pulls (one module per mutation)."""

from __future__ import annotations

import strawberry

from graph.accounting.mutations.connection_ops import ConnectionMutations
from graph.accounting.mutations.pull_ops import PullMutations
from graph.accounting.mutations.push_ops import PushMutations


@strawberry.type
class AccountingMutations(ConnectionMutations, PushMutations, PullMutations):
    """Mutation fields, merged into the root Mutation type."""
