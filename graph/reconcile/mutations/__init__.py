"""Mutations of the reconciliation domain, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry

from graph.reconcile.mutations.reconcile import ReconcileMutation


@strawberry.type
class ReconcileMutations(ReconcileMutation):
    """Mutation fields, merged into the root Mutation type."""
