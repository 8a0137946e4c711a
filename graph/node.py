"""``node(id:)``: the record behind any global ID the API hands out, scoped to your firm.

Activity subjects, sync-run item and mapping ``localId`` values and every record's ``id`` can
be passed here without knowing their type first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models import Connection, ReconciliationReport, SyncRun
from core.models import Invoice as InvoiceModel
from core.models import Payment as PaymentModel
from core.models import Refund as RefundModel
from core.services import customers as customer_service
from core.services import items as item_service
from graph.accounting.types import CONNECTION_TYPE, AccountingConnection
from graph.context import Info
from graph.customers.types import CUSTOMER_TYPE, ITEM_TYPE, Customer, Item
from graph.ids import Node, decode_any_id
from graph.invoices.types import INVOICE_TYPE, PAYMENT_TYPE, REFUND_TYPE, Invoice, Payment, Refund
from graph.permissions import AUTHENTICATED
from graph.reconcile.types import REPORT_TYPE, ReconciliationReportNode
from graph.sync.types import SYNC_RUN_TYPE, SyncRunNode

Lookup = Callable[[UUID, UUID], Awaitable[Node | None]]


async def _invoice(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await InvoiceModel.get_or_none(id=local_id, firm_id=firm_id)
    return Invoice.from_model(row) if row else None


async def _customer(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await customer_service.get_customer(firm_id, local_id)
    return Customer.from_model(row) if row else None


async def _item(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await item_service.get_item(firm_id, local_id)
    return Item.from_model(row) if row else None


async def _payment(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await PaymentModel.get_or_none(id=local_id, firm_id=firm_id)
    return Payment.from_model(row) if row else None


async def _refund(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await RefundModel.get_or_none(id=local_id, firm_id=firm_id)
    return Refund.from_model(row) if row else None


async def _connection(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await Connection.get_or_none(id=local_id, firm_id=firm_id)
    return AccountingConnection.from_model(row) if row else None


async def _sync_run(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await SyncRun.get_or_none(id=local_id, firm_id=firm_id)
    return SyncRunNode.from_model(row) if row else None


async def _report(firm_id: UUID, local_id: UUID) -> Node | None:
    row = await ReconciliationReport.get_or_none(id=local_id, firm_id=firm_id)
    return ReconciliationReportNode.from_model(row) if row else None


LOOKUPS: dict[str, Lookup] = {
    INVOICE_TYPE: _invoice,
    CUSTOMER_TYPE: _customer,
    ITEM_TYPE: _item,
    PAYMENT_TYPE: _payment,
    REFUND_TYPE: _refund,
    CONNECTION_TYPE: _connection,
    SYNC_RUN_TYPE: _sync_run,
    REPORT_TYPE: _report,
}
"""The ID types ``node`` resolves, each with its firm-scoped look-up."""

_KINDS = (
    "Invoice (invoices and estimates), Customer, Item, Payment, Refund, AccountingConnection "
    "SyncRun (a SyncRunNode) or ReconciliationReport (a ReconciliationReportNode)"
)


@strawberry.type
class NodeQueries:
    """Query fields, merged into the root Query type."""

    @strawberry.field(
        permission_classes=AUTHENTICATED,
        description="The record with this global ID, whatever its type: an "
        f"{_KINDS} ID, as returned in `id`, `Activity.subjectId`, `SyncRunItem.localId` or "
        "`Mapping.localId`. Null when no record of your firm has this ID (another firm's ID "
        "included). A malformed ID, or the ID of a type `node` does not look up (an Activity, a "
        "Mapping…), is a top-level error with `extensions.code = BAD_REQUEST`.",
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="Any record's global ID.")],
    ) -> Node | None:
        """Look up by global ID, scoped to the caller's firm."""
        firm_id = info.context.require_viewer().firm_id
        type_name, local_id = decode_any_id(id)
        lookup = LOOKUPS.get(type_name)
        if lookup is None:
            raise ValidationFailed(
                f"`{id}` is the ID of a {type_name or 'record'}, which `node` does not look up: "
                f"give an {_KINDS} ID",
                field="id",
            )
        return await lookup(firm_id, local_id)
