"""The syncNow mutation: queue a FULL_SYNC run for any member; typed refusals."""

from __future__ import annotations

import pytest

from core.models import SyncRun
from core.models.enums import SyncKind
from tests.graph.accounting import pull_support as pull
from tests.graph.accounting.pull_support import connected, record_jobs

SPEC = pull.QueueRunMutation(
    field="syncNow",
    success="SyncNowSuccess",
    kind=SyncKind.FULL_SYNC,
    kind_name="FULL_SYNC",
    setting="sync_enabled",
    turned_off="sync is turned off",
)


async def test_sync_now_by_staff_queues_one_run_and_its_job(app, connect, gql_factory) -> None:
    await pull.check_staff_queues_one_run_and_its_job(SPEC, app, connect, gql_factory)


async def test_sync_now_turned_off_in_settings_is_invalid_state(app, connect, gql) -> None:
    await pull.check_turned_off_in_settings_is_invalid_state(SPEC, app, connect, gql)


async def test_sync_now_expired_connection_is_invalid_state(app, connect, gql) -> None:
    await pull.check_expired_connection_is_invalid_state(SPEC, app, connect, gql)


@pytest.mark.parametrize(("connection_id", "typename"), pull.BAD_OR_UNKNOWN_IDS)
async def test_sync_now_bad_or_unknown_id_is_refused(app, gql, connection_id, typename) -> None:
    await pull.check_bad_or_unknown_id_is_refused(SPEC, app, gql, connection_id, typename)


async def test_sync_now_queue_down_fails_the_run_and_says_unavailable(app, connect, gql) -> None:
    await pull.check_queue_down_fails_the_run_and_says_unavailable(SPEC, app, connect, gql)


CREATE_CUSTOMER = """
mutation { createCustomer(input: {name: "Auto Co"}) {
  ... on CreateCustomerSuccess { customer { id } } } }"""
CREATE_INVOICE = """
mutation($c: ID!) { createInvoice(input: {customerId: $c,
  lines: [{description: "Work", unitPrice: "10"}]}) {
  ... on CreateInvoiceSuccess { invoice { id } } } }"""
ISSUE = "mutation($id: ID!) { issueInvoice(id: $id) { __typename } }"


async def test_issue_invoice_with_on_change_auto_sync_queues_sync_now(app, connect, gql) -> None:
    await connected(connect, auto_sync="ON_CHANGE")
    queue = record_jobs(app)
    customer = (await gql.data(CREATE_CUSTOMER))["createCustomer"]["customer"]["id"]
    invoice = (await gql.data(CREATE_INVOICE, {"c": customer}))["createInvoice"]["invoice"]["id"]

    await gql.data(ISSUE, {"id": invoice})

    run = await SyncRun.get(kind=SyncKind.FULL_SYNC)
    assert run.trigger.value == "AUTO"
    assert queue.jobs == [("run_pull_sync", (str(run.id),), str(run.id))]
