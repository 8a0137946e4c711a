"""GraphQL types of reconciliation reports and their discrepancies."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

import strawberry

from core.errors import ValidationFailed
from core.models import Discrepancy, ReconciliationReport
from core.models.enums import DiscrepancyKind, Entity, FixAction, ReportStatus
from core.services.reconciliation import discrepancies_of, report_csv
from graph.accounting.types import CONNECTION_TYPE
from graph.errors import PublicError
from graph.ids import Node, encode_id, entity_id
from graph.pagination import Connection, after_argument, paginate
from graph.sync.types import SYNC_RUN_TYPE

REPORT_TYPE = "ReconciliationReport"

strawberry.enum(
    DiscrepancyKind,
    description="What differs between the local books and the accounting platform. Per "
    "invoice: TOTAL_MISMATCH, BALANCE_MISMATCH (not explained by payments on one side), "
    "STATUS_MISMATCH (amounts agree), CURRENCY_MISMATCH (amounts are then not compared); "
    "documents on one side only: VOIDED_REMOTELY, DELETED_REMOTELY (linked here, voided or gone "
    "there), NOT_IMPORTED (open there for a linked customer, never imported), REMOTE_MISSING (a "
    "linked customer that no longer exists there); payments: PAYMENT_MISSING_LOCALLY (applied "
    "there to a linked invoice, not here), PAYMENT_MISSING_REMOTELY (applied here, not there).",
)
strawberry.enum(
    FixAction,
    description="What fixes a discrepancy: PULL_PAYMENTS (the `syncPayments` mutation), "
    "PUSH_PAYMENTS (`syncNow`, which pushes local payments), PUSH_UPDATE (`updateSyncedInvoice` "
    "with the local invoice's ID), IMPORT (`importInvoices`), or HINT (nothing Ledgersync can "
    "do: `hint` says what the accountant should check).",
)
strawberry.enum(
    ReportStatus,
    description="A report's state: RUNNING until its run has read and compared both sides, "
    "then COMPLETED, or FAILED (see `error`).",
)

#: The kind of local record each discrepancy kind names.
LOCAL_ENTITY: dict[DiscrepancyKind, Entity] = {
    DiscrepancyKind.PAYMENT_MISSING_LOCALLY: Entity.PAYMENT,
    DiscrepancyKind.PAYMENT_MISSING_REMOTELY: Entity.PAYMENT,
    DiscrepancyKind.REMOTE_MISSING: Entity.CUSTOMER,
}


@strawberry.type(description="One difference a reconciliation report found, and its fix.")
class DiscrepancyNode:
    """A discrepancy with both sides' values."""

    id: strawberry.ID
    kind: DiscrepancyKind
    action: FixAction = strawberry.field(description="What fixes it (see FixAction).")
    label: str = strawberry.field(description="A human label, e.g. `Invoice 1042`.")
    local_id: strawberry.ID | None = strawberry.field(
        description="The local record's ID (an Invoice, a Payment or a Customer, by kind), "
        "accepted by `node(id:)`; null for records that exist only in the accounting platform."
    )
    remote_id: str | None = strawberry.field(
        description="The record's id in the accounting platform; null for records it lacks."
    )
    local_value: str | None = strawberry.field(
        description="The value here (an amount, a status or a currency code), when there is one."
    )
    remote_value: str | None = strawberry.field(
        description="The value in the accounting platform, when there is one."
    )
    currency: str | None = strawberry.field(
        description="The currency of the amounts (the document's own; never converted)."
    )
    amount: Decimal = strawberry.field(
        description="The amount at stake, in `currency` (0 when the difference is not one of "
        "amounts)."
    )
    hint: str | None = strawberry.field(description="What to check, for HINT actions.")

    @classmethod
    def from_model(cls, row: Discrepancy) -> DiscrepancyNode:
        """Build from the model."""
        entity = LOCAL_ENTITY.get(row.kind, Entity.INVOICE)
        return cls(
            id=encode_id("Discrepancy", str(row.id)),
            kind=row.kind,
            action=row.action,
            label=row.label,
            local_id=entity_id(entity, row.local_id) if row.local_id else None,
            remote_id=row.remote_id,
            local_value=row.local_value,
            remote_value=row.remote_value,
            currency=row.currency,
            amount=row.amount,
            hint=row.hint,
        )


async def discrepancy_nodes(rows: Sequence[Discrepancy]) -> list[DiscrepancyNode]:
    """Convert a page of discrepancies."""
    return [DiscrepancyNode.from_model(row) for row in rows]


@strawberry.type(
    description="How many discrepancies of one kind a report found in one currency, and for how "
    "much. A kind found in several currencies has one entry per currency: amounts of different "
    "currencies are never added together."
)
class KindSummary:
    """One kind's count and amount in one currency."""

    kind: DiscrepancyKind
    currency: str | None = strawberry.field(
        description="The ISO 4217 code of the amounts; null for discrepancies without an amount "
        "in a currency (e.g. a link whose remote record no longer exists)."
    )
    count: int
    amount: Decimal = strawberry.field(
        description="The sum of the amounts at stake, in `currency`."
    )


@strawberry.type(
    description="A linked customer whose open balance in one currency differs here and there "
    "(a customer billed in several currencies has one entry per currency that differs)."
)
class CustomerBalanceNode:
    """A customer's open balances in one currency."""

    customer_id: strawberry.ID = strawberry.field(description="The local Customer's ID.")
    remote_id: str = strawberry.field(description="The customer's id in the accounting platform.")
    name: str
    currency: str | None = strawberry.field(
        description="The ISO 4217 code of both balances; null in reports made before balances "
        "were kept per currency."
    )
    here: Decimal = strawberry.field(description="The open balance of its invoices here.")
    there: Decimal = strawberry.field(
        description="The open balance of its invoices in the accounting platform."
    )


def _kinds(summary: dict[str, object]) -> list[KindSummary]:
    kinds = summary.get("kinds")
    if not isinstance(kinds, list):
        return []
    return [
        KindSummary(
            kind=DiscrepancyKind(row["kind"]),
            currency=row.get("currency") or None,
            count=int(row["count"]),
            amount=Decimal(row["amount"]),
        )
        for row in kinds
        if isinstance(row, dict)
    ]


def _customers(summary: dict[str, object]) -> list[CustomerBalanceNode]:
    rows = summary.get("customers_differing")
    if not isinstance(rows, list):
        return []
    return [
        CustomerBalanceNode(
            customer_id=entity_id(Entity.CUSTOMER, str(row["local_id"])),
            remote_id=str(row["remote_id"]),
            name=str(row["name"]),
            currency=str(row["currency"]) if row.get("currency") else None,
            here=Decimal(str(row["here"])),
            there=Decimal(str(row["there"])),
        )
        for row in rows
    ]


@strawberry.type(
    description="A comparison of a connection's receivables with the accounting platform's: "
    "open invoices, payments since `paymentsSince`, and linked customers."
)
class ReconciliationReportNode(Node):
    """A report; its discrepancies are under `discrepancies`."""

    id: strawberry.ID
    connection_id: strawberry.ID = strawberry.field(
        description="The AccountingConnection the report compares."
    )
    run_id: strawberry.ID = strawberry.field(
        description="The RECONCILE SyncRun that fills the report: follow it with "
        "`syncProgress(runId)`."
    )
    status: ReportStatus
    payments_since: date = strawberry.field(
        description="Payments dated before this day are not compared."
    )
    error: str | None = strawberry.field(
        description="Why the report failed, or why it is waiting (e.g. the platform's daily "
        "call limit leaves no room today)."
    )
    created_at: datetime = strawberry.field(description="When the report was queued (UTC).")
    started_at: datetime | None = strawberry.field(description="When its run started (UTC).")
    finished_at: datetime | None = strawberry.field(description="When it was completed (UTC).")
    total_discrepancies: int = strawberry.field(description="How many discrepancies it found.")
    by_kind: list[KindSummary] = strawberry.field(
        description="The count and amount of discrepancies of each kind found."
    )
    customers: list[CustomerBalanceNode] = strawberry.field(
        description="The linked customers whose open balance differs here and there."
    )
    report_pk: strawberry.Private[UUID]

    @strawberry.field(description="The report's discrepancies, one page at a time.")
    async def discrepancies(
        self,
        kind: Annotated[
            DiscrepancyKind | None, strawberry.argument(description="Only this kind.")
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many: 1 to 200, 50 when omitted."),
        ] = None,
        after: Annotated[
            str | None, after_argument("The `endCursor` of the previous page.")
        ] = None,
    ) -> Connection[DiscrepancyNode]:
        """One page of the report's discrepancies."""
        try:
            return await paginate(
                discrepancies_of(self.report_pk, kind),
                first=first,
                after=after,
                to_node=discrepancy_nodes,
            )
        except ValidationFailed as exc:
            raise PublicError(exc.message) from None

    @strawberry.field(
        description="Every discrepancy as CSV (a header row, then one row per discrepancy: kind, "
        "action, label, localId, remoteId, localValue, remoteValue, currency, amount, hint), for "
        "a spreadsheet. Ask for it on `reconciliationReport(id)`, one report at a time."
    )
    async def csv(self) -> str:
        """The CSV text."""
        return await report_csv(self.report_pk)

    @classmethod
    def from_model(cls, report: ReconciliationReport) -> ReconciliationReportNode:
        """Build from the model."""
        summary = report.summary or {}
        total = summary.get("total")
        return cls(
            id=encode_id(REPORT_TYPE, report.id),
            connection_id=encode_id(CONNECTION_TYPE, report.connection_id),  # type: ignore[attr-defined]
            run_id=encode_id(SYNC_RUN_TYPE, report.run_id),
            status=report.status,
            payments_since=report.payments_since,
            error=report.error,
            created_at=report.created_at,
            started_at=report.started_at,
            finished_at=report.finished_at,
            total_discrepancies=total if isinstance(total, int) else 0,
            by_kind=_kinds(summary),
            customers=_customers(summary),
            report_pk=report.id,
        )


async def report_nodes(rows: Sequence[ReconciliationReport]) -> list[ReconciliationReportNode]:
    """Convert a page of reports."""
    return [ReconciliationReportNode.from_model(row) for row in rows]
