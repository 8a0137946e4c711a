"""Mutations of the sync domain, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry

from graph.sync.mutations.mark_overdue_invoices import MarkOverdueInvoicesMutation


@strawberry.type
class SyncMutations(MarkOverdueInvoicesMutation):
    """Mutation fields, merged into the root Mutation type."""
