"""updateSyncedInvoice on QuickBooks Desktop, through the simulated Web Connector polling the
app's ``/qbwc``: the edit reaches the company file as an InvoiceMod with the stored
EditSequence; an invoice changed in QuickBooks meanwhile (3200) is re-read and sent again once;
changed again before the retry, it is a FAILED item of the run with a clear code and hint."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from core.models import ExternalMapping, InvoiceLine
from core.models.enums import Entity, SyncRunStatus
from core.settings import Settings
from tests.graph.accounting.desktop_support import SYNC_RUN, Desktop, desktop
from tests.graph.accounting.push_support import gid
from tests.graph.accounting.test_connections_desktop import _run_of

UPDATE = """
mutation($id: ID!) { updateSyncedInvoice(invoiceId: $id) {
  __typename ... on UpdateSyncedInvoiceSuccess { run { id status } }
  ... on UserError { code message }
} }"""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _synced(qbd: Desktop, number: str = "1042") -> str:
    """Push a new invoice; its TxnID in the company file."""
    run = await qbd.until_finished(await qbd.push(number))
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    assert mapping.remote_id in qbd.company.documents
    return mapping.remote_id or ""


async def _edit_and_update(qbd: Desktop, amount: str) -> dict[str, object]:
    """Change the invoice's line here, run updateSyncedInvoice through the Web Connector; the
    run as GraphQL shows it."""
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    await InvoiceLine.filter(invoice_id=mapping.local_id).update(
        amount=Decimal(amount), unit_price=Decimal(amount)
    )
    queued = (await qbd.gql.data(UPDATE, {"id": gid("Invoice", mapping.local_id)}))[
        "updateSyncedInvoice"
    ]
    assert queued["__typename"] == "UpdateSyncedInvoiceSuccess", queued
    run_id = await _run_of(queued)
    await qbd.waiting(run_id)
    await qbd.until_finished(run_id)
    view = (await qbd.gql.data(SYNC_RUN, {"id": gid("SyncRun", run_id)}))["syncRun"]
    assert isinstance(view, dict)
    return view


def _items(view: dict[str, object]) -> list[dict[str, str]]:
    items = view["items"]
    assert isinstance(items, dict)
    return [edge["node"] for edge in items["edges"]]


async def test_desktop_update_synced_invoice_edit_reaches_the_company_file_with_its_sequence(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    txn_id = await _synced(qbd)
    before = qbd.company.documents[txn_id].stamp.edit_sequence
    qbd.company.clock.advance(60)

    view = await _edit_and_update(qbd, "250")

    document = qbd.company.documents[txn_id]
    assert view["status"] == "SUCCEEDED", view
    assert [(i["entity"], i["outcome"]) for i in _items(view)] == [("INVOICE", "SUCCEEDED")]
    assert document.subtotal == Decimal("250")
    assert document.stamp.edit_sequence != before
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    assert mapping.remote_version == document.stamp.edit_sequence
    mods = [r for r in qbd.handed if "<InvoiceModRq" in r]
    assert len(mods) == 1
    assert f"<EditSequence>{before}</EditSequence>" in mods[0]


async def test_desktop_update_synced_invoice_stale_sequence_is_reread_and_sent_once_more(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    txn_id = await _synced(qbd)
    stored = (await ExternalMapping.get(entity=Entity.INVOICE)).remote_version
    qbd.company.clock.advance(60)
    qbd.connector.faults.edit_before_mods = 1  # someone edits it in QuickBooks meanwhile

    view = await _edit_and_update(qbd, "250")

    document = qbd.company.documents[txn_id]
    assert view["status"] == "SUCCEEDED", view
    assert [(i["entity"], i["outcome"]) for i in _items(view)] == [("INVOICE", "SUCCEEDED")]
    assert document.subtotal == Decimal("250")
    mods = [r for r in qbd.handed if "<InvoiceModRq" in r]
    rereads = [r for r in qbd.handed if "<InvoiceQueryRq" in r and f"<TxnID>{txn_id}" in r]
    assert len(mods) == 2, "the Mod is sent again once, with the sequence read back"
    assert f"<EditSequence>{stored}</EditSequence>" in mods[0]
    assert f"<EditSequence>{stored}</EditSequence>" not in mods[1]
    assert len(rereads) == 1
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    assert mapping.remote_version == document.stamp.edit_sequence


async def test_desktop_update_synced_invoice_stale_twice_is_a_failed_item_and_keeps_the_link(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    txn_id = await _synced(qbd)
    stored = (await ExternalMapping.get(entity=Entity.INVOICE)).remote_version
    qbd.company.clock.advance(60)
    qbd.connector.faults.edit_before_mods = 2  # edited again before the retry reaches it

    view = await _edit_and_update(qbd, "250")

    [item] = _items(view)
    assert view["status"] == "FAILED", view
    assert (item["entity"], item["outcome"], item["errorCode"]) == ("INVOICE", "FAILED", "QBD-3200")
    assert "changed in QuickBooks" in (item["hint"] or ""), item
    assert len([r for r in qbd.handed if "<InvoiceModRq" in r]) == 2, "retried once, not more"
    assert qbd.company.documents[txn_id].subtotal == Decimal("100")
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    assert (mapping.state.value, mapping.remote_version) == ("SYNCED", stored)
    assert mapping.last_error_code == "QBD-3200"


async def test_desktop_update_synced_invoice_response_lost_after_commit_ends_as_sent_once(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    txn_id = await _synced(qbd)
    qbd.company.clock.advance(60)
    # QuickBooks applies the Mod, and its answer never reaches Ledgersync.
    qbd.connector.faults.lose_response_to = "InvoiceModRq"

    view = await _edit_and_update(qbd, "250")

    document = qbd.company.documents[txn_id]
    assert qbd.connector.faults.lose_response_to is None, "the fault fired"
    assert view["status"] == "SUCCEEDED", view
    assert [d.kind for d in qbd.company.documents.values()] == ["Invoice"]
    assert (document.subtotal, len(document.lines)) == (Decimal("250"), 1)
    mapping = await ExternalMapping.get(entity=Entity.INVOICE)
    assert mapping.remote_version == document.stamp.edit_sequence
