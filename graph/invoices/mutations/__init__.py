"""Mutations of this domain, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry

from graph.invoices.mutations.create_invoice import CreateInvoiceMutation
from graph.invoices.mutations.issue_invoice import IssueInvoiceMutation
from graph.invoices.mutations.record_payment import RecordPaymentMutation
from graph.invoices.mutations.update_invoice import UpdateInvoiceMutation


@strawberry.type
class InvoiceMutations(
    CreateInvoiceMutation, UpdateInvoiceMutation, IssueInvoiceMutation, RecordPaymentMutation
):
    """Mutation fields, merged into the root Mutation type."""
