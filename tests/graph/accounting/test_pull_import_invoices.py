"""The importInvoices mutation: queue a IMPORT_INVOICES run for any member; typed refusals."""

from __future__ import annotations

import pytest

from core.models.enums import SyncKind
from tests.graph.accounting import pull_support as pull

SPEC = pull.QueueRunMutation(
    field="importInvoices",
    success="ImportInvoicesSuccess",
    kind=SyncKind.IMPORT_INVOICES,
    kind_name="IMPORT_INVOICES",
    setting="sync_invoices",
    turned_off="invoice sync",
)


async def test_import_invoices_by_staff_queues_one_run_and_its_job(
    app, connect, gql_factory
) -> None:
    await pull.check_staff_queues_one_run_and_its_job(SPEC, app, connect, gql_factory)


async def test_import_invoices_turned_off_in_settings_is_invalid_state(app, connect, gql) -> None:
    await pull.check_turned_off_in_settings_is_invalid_state(SPEC, app, connect, gql)


async def test_import_invoices_expired_connection_is_invalid_state(app, connect, gql) -> None:
    await pull.check_expired_connection_is_invalid_state(SPEC, app, connect, gql)


@pytest.mark.parametrize(("connection_id", "typename"), pull.BAD_OR_UNKNOWN_IDS)
async def test_import_invoices_bad_or_unknown_id_is_refused(
    app, gql, connection_id, typename
) -> None:
    await pull.check_bad_or_unknown_id_is_refused(SPEC, app, gql, connection_id, typename)


async def test_import_invoices_queue_down_fails_the_run_and_says_unavailable(
    app, connect, gql
) -> None:
    await pull.check_queue_down_fails_the_run_and_says_unavailable(SPEC, app, connect, gql)
