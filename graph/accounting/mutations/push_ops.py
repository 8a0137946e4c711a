"""Push mutations of the accounting domain, one module each, composed here."""

from __future__ import annotations

import strawberry

from graph.accounting.mutations.plan_sync import PlanSyncMutation
from graph.accounting.mutations.run_sync_plan import RunSyncPlanMutation
from graph.accounting.mutations.sync_customer import SyncCustomerMutation
from graph.accounting.mutations.sync_invoice import SyncInvoiceMutation
from graph.accounting.mutations.sync_invoices import SyncInvoicesMutation
from graph.accounting.mutations.update_synced_invoice import UpdateSyncedInvoiceMutation
from graph.accounting.mutations.void_invoice import VoidInvoiceMutation
from graph.accounting.mutations.write_off_invoice import WriteOffInvoiceMutation


@strawberry.type
class PushMutations(
    SyncInvoiceMutation,
    SyncInvoicesMutation,
    SyncCustomerMutation,
    UpdateSyncedInvoiceMutation,
    VoidInvoiceMutation,
    WriteOffInvoiceMutation,
    PlanSyncMutation,
    RunSyncPlanMutation,
):
    """Mutation fields, merged into the root Mutation type."""
