"""A record QuickBooks refuses does not abort the Web Connector session: of two invoices pushed
in one run, the accepted one is in the company file and the refused one is a FAILED item of the
run (GraphQL ``syncRun.items``) with QuickBooks' code, its message and a hint."""

from __future__ import annotations

import httpx
import pytest

from core.models import Customer
from core.models.enums import SyncRunStatus
from core.settings import Settings
from tests.graph.accounting.desktop_support import SYNC_INVOICES, SYNC_RUN, desktop
from tests.graph.accounting.push_support import gid, seed_invoice
from tests.graph.accounting.test_connections_desktop import _run_of


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def test_a_refused_invoice_is_a_failed_item_with_a_hint_and_the_other_one_completes(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    first = await qbd.push("1041")
    assert (await qbd.until_finished(first)).status is SyncRunStatus.SUCCEEDED
    # In QuickBooks, the customer Ledgersync created is deleted: its ListID now refers to nothing.
    [gone] = [c.stamp.id for c in qbd.company.customers.values() if c.name == "Customer 1041"]
    del qbd.company.customers[gone]
    orphan = await seed_invoice("1042", customer=await Customer.get(name="Customer 1041"))
    fine = await seed_invoice("1043")
    pushed = (
        await gql.data(SYNC_INVOICES, {"ids": [gid("Invoice", orphan.id), gid("Invoice", fine.id)]})
    )["syncInvoices"]
    assert pushed["__typename"] == "SyncInvoicesSuccess", pushed
    run_id = await _run_of(pushed)
    await qbd.waiting(run_id)

    run = await qbd.until_finished(run_id)
    view = (await gql.data(SYNC_RUN, {"id": gid("SyncRun", run_id)}))["syncRun"]
    items = [edge["node"] for edge in view["items"]["edges"]]
    failed = [i for i in items if i["outcome"] == "FAILED"]
    done = [i["label"] for i in items if i["entity"] == "INVOICE" and i["outcome"] == "SUCCEEDED"]

    assert run.status.is_terminal, run.status
    assert qbd.invoices() == ["1041", "1043"]
    assert len(failed) == 1, items
    assert "1042" in failed[0]["label"], failed[0]
    assert failed[0]["errorCode"], failed[0]
    assert "Customer" in (failed[0]["message"] or ""), failed[0]
    assert failed[0]["hint"], failed[0]
    assert ["1043" in label for label in done] == [True], items
    assert (view["succeeded"] >= 1, view["failed"]) == (True, 1), view
