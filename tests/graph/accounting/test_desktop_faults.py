"""Each fault of the simulated Web Connector, through GraphQL: a push waits for the Web
Connector, the fault happens in a session, and after the next sessions the company file holds
each record once, nothing is lost and the run or the connection says what happened."""

from __future__ import annotations

import httpx
import pytest

from core.models import AgentLogin, ProviderRequest, SyncRun
from core.models.enums import SyncRunStatus
from core.settings import Settings
from tests.graph.accounting.desktop_support import SYNC_RUN, Desktop, desktop, walked_away
from tests.graph.accounting.push_support import gid


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs these tests queue need a worker: the in-process one, on every path."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _run_view(qbd: Desktop, run: SyncRun) -> dict[str, object]:
    data = await qbd.gql.data(SYNC_RUN, {"id": gid("SyncRun", run.id)})
    return data["syncRun"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("lost", ["CustomerAddRq", "InvoiceAddRq"])
async def test_a_response_lost_after_commit_leaves_one_customer_and_one_invoice(
    gql, client: httpx.AsyncClient, lost: str
) -> None:
    qbd = await desktop(gql, client)
    run_id = await qbd.push("1042")
    await qbd.waiting(run_id)
    qbd.connector.faults.lose_response_to = lost

    first = await qbd.until_fault_fires(lambda: qbd.connector.faults.lose_response_to is None)
    assert first.outcome == "response lost"
    assert qbd.customers() == ["Customer 1042"], "QuickBooks committed the customer"
    if lost == "InvoiceAddRq":
        assert qbd.invoices() == ["1042"], "QuickBooks committed the invoice"
    await walked_away(qbd.connection)
    run = await qbd.until_finished(run_id)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert qbd.customers() == ["Customer 1042"]
    assert qbd.invoices() == ["1042"]


async def test_an_hresult_ends_the_session_and_the_run_waits_then_completes_once(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    run_id = await qbd.push("1042")
    await qbd.waiting(run_id)
    qbd.connector.faults.hresult = "0x80040400"

    failed = await qbd.until_fault_fires(lambda: qbd.connector.faults.hresult is None)
    after = await qbd.waiting(run_id)
    view = await _run_view(qbd, after)
    run = await qbd.until_finished(run_id)

    assert failed.outcome == "error"
    assert failed.percents[-1] < 0
    assert failed.calls[-1] == "closeConnection"
    assert "parse error" in (failed.last_error or "")
    assert view["status"] == "WAITING"
    assert "Web Connector" in str(view["waitingReason"]), view
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert qbd.customers() == ["Customer 1042"]
    assert qbd.invoices() == ["1042"]


async def test_quickbooks_not_running_keeps_the_run_waiting_and_says_to_allow_automatic_login(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    run_id = await qbd.push("1042")
    await qbd.waiting(run_id)
    qbd.company.running = False

    failed = await qbd.connector.run_session()
    after = await qbd.waiting(run_id)
    login = await AgentLogin.get(connection_id=qbd.connection.id)
    listed = (await gql.data("{ connections { status lastError } }"))["connections"]
    handed = await ProviderRequest.filter(connection_id=qbd.connection.id).count()
    qbd.company.running = True
    run = await qbd.until_finished(run_id)
    cleared = (await gql.data("{ connections { status lastError } }"))["connections"]

    assert "connectionError" in failed.calls
    assert "sendRequestXML" not in failed.calls
    assert after.status is SyncRunStatus.WAITING
    assert "Allow this application to login automatically" in (login.last_error or "")
    assert "Allow this application to login automatically" in str(listed[0]["lastError"]), listed
    assert handed >= 1
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert qbd.invoices() == ["1042"]
    assert cleared == [{"status": "ACTIVE", "lastError": None}]


async def test_a_session_abandoned_midway_loses_nothing_and_makes_no_duplicate(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    run_id = await qbd.push("1042")
    await qbd.waiting(run_id)
    # The Web Connector waits out the worker's NoOps (as the real one does), so one session
    # hands out the customer and then the invoice; it walks away after the customer.
    qbd.connector.max_noops, qbd.connector.noop_pause_seconds = 500, 0.01
    qbd.connector.faults.abandon_after = 2

    walked = await qbd.until_fault_fires(lambda: qbd.connector.faults.abandon_after is None)
    assert walked.outcome == "abandoned"
    assert "closeConnection" not in walked.calls
    assert (qbd.customers(), qbd.invoices()) == (["Customer 1042"], []), "walked away midway"
    await walked_away(qbd.connection)
    run = await qbd.until_finished(run_id)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert qbd.customers() == ["Customer 1042"]
    assert qbd.invoices() == ["1042"]


async def test_a_wrong_password_is_refused_with_nvu_and_nothing_is_handed_out(
    gql, client: httpx.AsyncClient
) -> None:
    qbd = await desktop(gql, client)
    run_id = await qbd.push("1042")
    await qbd.waiting(run_id)
    qbd.connector.faults.wrong_password = True

    refused = await qbd.connector.run_session()
    still = await qbd.waiting(run_id)

    assert refused.outcome == "nvu"
    assert refused.authenticate[1] == "nvu"
    assert "sendRequestXML" not in refused.calls
    assert refused.exchanges == 0
    assert (qbd.customers(), qbd.invoices()) == ([], [])
    assert still.status is SyncRunStatus.WAITING
    qbd.connector.faults.wrong_password = False
    run = await qbd.until_finished(run_id)
    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert qbd.invoices() == ["1042"]
