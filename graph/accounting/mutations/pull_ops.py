"""Pull mutations of the accounting domain, one module each, composed here."""

from __future__ import annotations

import strawberry

from graph.accounting.mutations.import_customers import ImportCustomersMutation
from graph.accounting.mutations.import_invoices import ImportInvoicesMutation
from graph.accounting.mutations.sync_now import SyncNowMutation
from graph.accounting.mutations.sync_payments import SyncPaymentsMutation


@strawberry.type
class PullMutations(
    SyncPaymentsMutation, ImportCustomersMutation, ImportInvoicesMutation, SyncNowMutation
):
    """Mutation fields, merged into the root Mutation type."""
