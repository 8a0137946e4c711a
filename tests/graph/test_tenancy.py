"""Every query and mutation, tried by another firm with firm A's ids, sees and changes nothing.

The last test fails when a root field is added to the schema without a cross-firm check here,
so tenancy stays proven as the API grows.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

from core.models import Customer, Invoice, Item, Payment
from core.models.enums import Role
from graph.schema import schema

CREATE_CUSTOMER = """
mutation($input: CreateCustomerInput!) {
  createCustomer(input: $input) { ... on CreateCustomerSuccess { customer { id } } }
}"""
CREATE_ITEM = """
mutation($input: CreateItemInput!) {
  createItem(input: $input) { ... on CreateItemSuccess { item { id } } }
}"""
CREATE_INVOICE = """
mutation($input: CreateInvoiceInput!) {
  createInvoice(input: $input) { ... on CreateInvoiceSuccess { invoice { id } } }
}"""
ISSUE_INVOICE = """
mutation($id: ID!) { issueInvoice(id: $id) { __typename } }"""
RECORD_PAYMENT = """
mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) {
    __typename
    ... on RecordPaymentSuccess { payment { id } }
    ... on UserError { code message }
  }
}"""
MARK_OVERDUE = """
mutation { markOverdueInvoices { __typename ... on MarkOverdueInvoicesSuccess { run { id } } } }"""


async def _seed_firm_a(client) -> dict[str, str]:
    customer = await client.data(CREATE_CUSTOMER, {"input": {"name": "Acme Ltd"}})
    customer_id = customer["createCustomer"]["customer"]["id"]
    item = await client.data(CREATE_ITEM, {"input": {"name": "Audit", "unitPrice": "100.00"}})
    item_id = item["createItem"]["item"]["id"]
    invoice = await client.data(
        CREATE_INVOICE,
        {"input": {"customerId": customer_id, "lines": [{"itemId": item_id, "quantity": "2"}]}},
    )
    invoice_id = invoice["createInvoice"]["invoice"]["id"]
    await client.data(ISSUE_INVOICE, {"id": invoice_id})
    payment = await client.data(
        RECORD_PAYMENT,
        {
            "input": {
                "amount": "50.00",
                "applications": [{"invoiceId": invoice_id, "amount": "50.00"}],
            }
        },
    )
    payment_id = payment["recordPayment"]["payment"]["id"]
    run = await client.data(MARK_OVERDUE)
    run_id = run["markOverdueInvoices"]["run"]["id"]
    return {
        "customer": customer_id,
        "item": item_id,
        "invoice": invoice_id,
        "payment": payment_id,
        "run": run_id,
    }


@pytest.fixture
async def firm_a(gql_factory) -> dict[str, str]:
    return await _seed_firm_a(gql_factory(firm="firm-a", role=Role.FIRM_ADMIN))


@pytest.fixture
def firm_b(gql_factory):
    return gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)


SINGLE_READS = {
    "customer": ("query($id: ID!) { customer(id: $id) { id name } }", "customer"),
    "item": ("query($id: ID!) { item(id: $id) { id name } }", "item"),
    "invoice": ("query($id: ID!) { invoice(id: $id) { id total } }", "invoice"),
    "sync_run": ("query($id: ID!) { syncRun(id: $id) { id } }", "run"),
    "node": ("query($id: ID!) { node(id: $id) { id } }", "payment"),
}

LIST_READS = {
    "customers": "{ customers { totalCount edges { node { id } } } }",
    "items": "{ items { totalCount edges { node { id } } } }",
    "invoices": "{ invoices { totalCount edges { node { id } } } }",
    "payments": "{ payments { totalCount edges { node { id } } } }",
    "sync_runs": "{ syncRuns { totalCount edges { node { id } } } }",
    "activities": "{ activities { totalCount edges { node { id } } } }",
}

FILTERED_LISTS = {
    "invoices_by_customer": (
        "query($id: ID) { invoices(customerId: $id) { totalCount } }",
        "customer",
        "invoices",
    ),
    "payments_by_invoice": (
        "query($id: ID) { payments(invoiceId: $id) { totalCount } }",
        "invoice",
        "payments",
    ),
    "activities_by_subject": (
        "query($id: ID) { activities(subjectId: $id) { totalCount } }",
        "invoice",
        "activities",
    ),
}

WRITES: dict[str, tuple[str, Any]] = {
    "update_customer": (
        'mutation($id: ID!) { updateCustomer(id: $id, input: {name: "Stolen"}) '
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["customer"]},
    ),
    "update_item": (
        'mutation($id: ID!) { updateItem(id: $id, input: {name: "Stolen"}) '
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["item"]},
    ),
    "update_invoice": (
        'mutation($id: ID!) { updateInvoice(id: $id, input: {memo: "Stolen"}) '
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "issue_invoice": (
        "mutation($id: ID!) { issueInvoice(id: $id) { __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "record_payment": (
        RECORD_PAYMENT,
        lambda ids: {
            "input": {
                "amount": "1.00",
                "applications": [{"invoiceId": ids["invoice"], "amount": "1.00"}],
            }
        },
    ),
    "create_invoice": (
        "mutation($c: ID!) { createInvoice(input: {customerId: $c, "
        'lines: [{description: "x", unitPrice: "1"}]}) { __typename ... on UserError { code } } }',
        lambda ids: {"c": ids["customer"]},
    ),
    "sync_invoice": (
        "mutation($id: ID!) { syncInvoice(invoiceId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "sync_invoices": (
        "mutation($id: ID!) { syncInvoices(invoiceIds: [$id]) "
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "sync_customer": (
        "mutation($id: ID!) { syncCustomer(customerId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["customer"]},
    ),
    "update_synced_invoice": (
        "mutation($id: ID!) { updateSyncedInvoice(invoiceId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "void_invoice": (
        "mutation($id: ID!) { voidInvoice(invoiceId: $id) "
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "write_off_invoice": (
        'mutation($id: ID!) { writeOffInvoice(invoiceId: $id, reason: "Gone") '
        "{ __typename ... on UserError { code } } }",
        lambda ids: {"id": ids["invoice"]},
    ),
    "create_invoice_with_foreign_item": (
        "mutation($c: ID!, $i: ID!) { createInvoice(input: {customerId: $c, "
        "lines: [{itemId: $i}]}) { __typename ... on UserError { code } } }",
        lambda ids: {"c": ids["customer"], "i": ids["item"]},
    ),
}


async def test_single_reads_of_other_firms_ids_return_null(firm_a, firm_b) -> None:
    for name, (query, key) in SINGLE_READS.items():
        data = await firm_b.data(query, {"id": firm_a[key]})
        assert all(value is None for value in data.values()), (name, data)


async def test_lists_of_other_firm_show_nothing(firm_a, firm_b) -> None:
    for name, query in LIST_READS.items():
        data = await firm_b.data(query)
        (connection,) = data.values()
        assert connection["totalCount"] == 0, (name, connection)
        assert connection["edges"] == [], name


async def test_lists_filtered_by_other_firms_ids_show_nothing(firm_a, firm_b, gql_factory) -> None:
    owner = gql_factory(firm="firm-a", role=Role.STAFF)
    for name, (query, key, field) in FILTERED_LISTS.items():
        mine = await owner.data(query, {"id": firm_a[key]})
        assert mine[field]["totalCount"] > 0, f"{name}: the filter must match for the owner"
        theirs = await firm_b.execute(query, {"id": firm_a[key]})
        if theirs.get("errors"):
            assert theirs["errors"][0]["extensions"]["code"] in {"BAD_REQUEST", "NOT_FOUND"}
        else:
            assert theirs["data"][field]["totalCount"] == 0, name


async def test_writes_with_other_firms_ids_are_not_found_and_change_nothing(firm_a, firm_b) -> None:
    before = await _snapshot()
    for name, (mutation, variables) in WRITES.items():
        body = await firm_b.data(mutation, variables(firm_a))
        (result,) = body.values()
        assert result["__typename"] == "NotFoundError", (name, result)
        assert result["code"] == "NOT_FOUND", name
    assert await _snapshot() == before


async def test_mark_overdue_of_other_firm_touches_only_its_own_invoices(firm_a, firm_b) -> None:
    before = await _snapshot()
    await firm_b.data(MARK_OVERDUE)
    assert await _snapshot() == before


async def _snapshot() -> list[tuple[str, ...]]:
    """Every row firm A owns that a cross-firm write could alter."""
    rows: list[tuple[str, ...]] = []
    for customer in await Customer.all().order_by("id"):
        rows.append(("customer", str(customer.id), customer.name, str(customer.firm_id)))
    for item in await Item.all().order_by("id"):
        rows.append(("item", str(item.id), item.name, str(item.unit_price)))
    for invoice in await Invoice.all().order_by("id"):
        rows.append(
            (
                "invoice",
                str(invoice.id),
                invoice.status.value,
                str(invoice.balance),
                str(invoice.memo),
            )
        )
    for payment in await Payment.all().order_by("id"):
        rows.append(("payment", str(payment.id), str(payment.amount), str(payment.firm_id)))
    return rows


# Root fields proven elsewhere, with the test that proves them.
PROVEN_ELSEWHERE = {
    "viewer": (
        "tests/graph/test_viewer.py",
        "test_viewer_with_valid_token_returns_user_firm_and_role",
    ),
    "invoice_totals": (
        "tests/graph/invoices/test_invoice_totals.py",
        "test_invoice_totals_never_include_another_firms_documents",
    ),
    "create_customer": ("tests/graph/test_tenancy.py", "_seed_firm_a"),
    "create_item": ("tests/graph/test_tenancy.py", "_seed_firm_a"),
    "sync_progress": (
        "tests/e2e/test_sync_progress.py",
        "test_sync_progress_other_firms_run_is_not_found",
    ),
    "sync_payments": (
        "tests/graph/accounting/test_pull_tenancy.py",
        "test_pull_mutations_with_other_firms_connection_are_not_found",
    ),
    "import_customers": (
        "tests/graph/accounting/test_pull_tenancy.py",
        "test_pull_mutations_with_other_firms_connection_are_not_found",
    ),
    "import_invoices": (
        "tests/graph/accounting/test_pull_tenancy.py",
        "test_pull_mutations_with_other_firms_connection_are_not_found",
    ),
    "sync_now": (
        "tests/graph/accounting/test_pull_tenancy.py",
        "test_pull_mutations_with_other_firms_connection_are_not_found",
    ),
    "connection": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_connection_reads_of_other_firm_show_nothing",
    ),
    "connections": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_connection_reads_of_other_firm_show_nothing",
    ),
    "mappings": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_connection_reads_of_other_firm_show_nothing",
    ),
    "disconnect": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_connection_writes_with_other_firms_id_are_not_found",
    ),
    "update_connection_settings": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_connection_writes_with_other_firms_id_are_not_found",
    ),
    "start_connection": (
        "tests/graph/accounting/test_connections_tenancy.py",
        "test_start_connection_of_other_firm_leaves_first_firm_alone",
    ),
    "select_company": (
        "tests/graph/accounting/test_connections_select_company.py",
        "test_select_company_with_other_firms_connection_is_not_found",
    ),
    "reconcile": (
        "tests/graph/accounting/test_reconcile.py",
        "test_reconcile_other_firms_connection_is_not_found",
    ),
    "reconciliation_report": (
        "tests/graph/accounting/test_reconciliation_reports.py",
        "test_reconciliation_report_of_another_firm_is_null",
    ),
    "reconciliation_reports": (
        "tests/graph/accounting/test_reconciliation_reports.py",
        "test_reconciliation_report_of_another_firm_is_null",
    ),
    "plan_sync": (
        "tests/graph/accounting/test_plan_sync.py",
        "test_plan_sync_and_sync_plan_of_another_firm_are_refused",
    ),
    "sync_plan": (
        "tests/graph/accounting/test_plan_sync.py",
        "test_plan_sync_and_sync_plan_of_another_firm_are_refused",
    ),
    "run_sync_plan": (
        "tests/graph/accounting/test_run_sync_plan.py",
        "test_run_sync_plan_of_another_firm_is_not_found",
    ),
    # The deprecated name of select_company; the test runs under both names.
    "select_xero_tenant": (
        "tests/graph/accounting/test_connections_select_company.py",
        "test_select_company_with_other_firms_connection_is_not_found",
    ),
}


def test_every_root_field_has_a_cross_firm_check() -> None:
    covered = (
        set(SINGLE_READS)
        | set(LIST_READS)
        | set(WRITES)
        | {"mark_overdue_invoices"}
        | set(PROVEN_ELSEWHERE)
    )
    root_fields = {
        field.python_name
        for type_name in ("Query", "Mutation", "Subscription")
        if (definition := schema.get_type_by_name(type_name)) is not None
        for field in definition.fields  # type: ignore[union-attr]
    }
    missing = root_fields - covered
    assert not missing, f"add a cross-firm check for: {sorted(missing)}"
    root = Path(__file__).resolve().parents[2]
    for path, function in PROVEN_ELSEWHERE.values():
        tree = ast.parse((root / path).read_text())
        names = {
            n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert function in names, f"{path} no longer has {function}"
