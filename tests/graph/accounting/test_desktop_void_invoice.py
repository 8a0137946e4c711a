"""voidInvoice on QuickBooks Desktop, through the simulated Web Connector: the invoice is voided
in the company file (TxnVoid: zero amounts, kept) and then VOID here; an invoice paid in
QuickBooks meanwhile is refused there and stays as it was on both sides; a void whose answer is
lost after QuickBooks applied it still ends with one voided invoice."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from core.models import ExternalMapping, Invoice
from core.models.enums import Entity, InvoiceStatus, SyncRunStatus
from core.settings import Settings
from tests.graph.accounting.desktop_support import SYNC_RUN, Desktop, desktop
from tests.graph.accounting.push_support import gid
from tests.graph.accounting.test_connections_desktop import _run_of

VOID = """
mutation($id: ID!) { voidInvoice(invoiceId: $id) {
  __typename ... on VoidInvoiceSuccess { run { id status } }
  ... on UserError { code message }
} }"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _synced(qbd: Desktop) -> tuple[Invoice, str]:
    run = await qbd.until_finished(await qbd.push("1042"))
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    return await Invoice.get(id=mapping.local_id), mapping.remote_id or ""


async def _void(qbd: Desktop, invoice: Invoice) -> list[dict[str, str]]:
    queued = (await qbd.gql.data(VOID, {"id": gid("Invoice", invoice.id)}))["voidInvoice"]
    assert queued["__typename"] == "VoidInvoiceSuccess", queued
    run_id = await _run_of(queued)
    await qbd.waiting(run_id)
    await qbd.until_finished(run_id)
    view = (await qbd.gql.data(SYNC_RUN, {"id": gid("SyncRun", run_id)}))["syncRun"]
    return [edge["node"] for edge in view["items"]["edges"]]


async def test_desktop_void_invoice_voids_it_in_the_company_file_then_here(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    invoice, txn_id = await _synced(qbd)

    items = await _void(qbd, invoice)

    document = qbd.company.documents[txn_id]
    assert [(i["outcome"], i["remoteId"]) for i in items] == [("SUCCEEDED", txn_id)]
    assert (document.voided, document.subtotal) == (True, Decimal("0"))
    assert [d.kind for d in qbd.company.documents.values()] == ["Invoice"], "kept, not deleted"
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.VOID
    assert len([r for r in qbd.handed if "<TxnVoidRq" in r]) == 1


async def test_desktop_void_invoice_paid_in_quickbooks_is_refused_and_nothing_changes(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    invoice, txn_id = await _synced(qbd)
    qbd.company.receive_payment(txn_id)  # not pulled yet: Ledgersync still thinks it is open

    [item] = await _void(qbd, invoice)

    document = qbd.company.documents[txn_id]
    assert (item["outcome"], item["errorCode"]) == ("FAILED", "QBD-3210"), item
    assert (document.voided, document.subtotal) == (False, Decimal("100"))
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.SENT


async def test_desktop_void_invoice_response_lost_after_commit_ends_voided_once(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    invoice, txn_id = await _synced(qbd)
    qbd.connector.faults.lose_response_to = "TxnVoidRq"

    items = await _void(qbd, invoice)

    assert qbd.connector.faults.lose_response_to is None, "the fault fired"
    assert [i["outcome"] for i in items] == ["SUCCEEDED"], items
    assert qbd.company.documents[txn_id].voided
    assert [d.kind for d in qbd.company.documents.values()] == ["Invoice"]
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.VOID
