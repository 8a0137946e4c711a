"""Every ID the API returns is accepted by the query of its type and by ``node(id:)``."""

from __future__ import annotations

import base64
import datetime as dt
import re
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from core.models import (
    Connection,
    Customer,
    Firm,
    Invoice,
    Item,
    Payment,
    ReconciliationReport,
    Refund,
    SyncRun,
    SyncRunItem,
)
from core.models.enums import (
    ConnectionStatus,
    DocType,
    Entity,
    ItemOutcome,
    Provider,
    SyncKind,
    SyncTrigger,
)
from core.services.activity import record_activity
from core.sync.runs import create_run

REPO = Path(__file__).resolve().parents[2]

ACTIVITIES = "{ activities(first: 50) { edges { node { subjectType subjectId } } } }"
NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
TYPED = {
    "Invoice": "query($id: ID!) { record: invoice(id: $id) { id docType } }",
    "Customer": "query($id: ID!) { record: customer(id: $id) { id } }",
    "Item": "query($id: ID!) { record: item(id: $id) { id } }",
    "AccountingConnection": "query($id: ID!) { record: connection(id: $id) { id } }",
    "SyncRunNode": "query($id: ID!) { record: syncRun(id: $id) { id } }",
    "ReconciliationReportNode": "query($id: ID!) { record: reconciliationReport(id: $id) { id } }",
}
# The subject types the audit trail records, and the GraphQL type of each one's record.
SUBJECT_TYPES = {
    "Invoice": "Invoice",
    "Estimate": "Invoice",
    "Customer": "Customer",
    "Item": "Item",
    "Payment": "Payment",
    "Refund": "Refund",
    "Connection": "AccountingConnection",
    "SyncRun": "SyncRunNode",
    "ReconciliationReport": "ReconciliationReportNode",
}


def _raw_id(type_name: str, local_id: object) -> str:
    """A global ID built by hand, as an earlier version issued it."""
    return base64.urlsafe_b64encode(f"{type_name}:{local_id}".encode()).decode().rstrip("=")


async def _books(firm: Firm) -> dict[str, Any]:
    """One record of every kind the audit trail or a sync run can name."""
    customer = await Customer.create(firm=firm, name="Acme")
    item = await Item.create(firm=firm, name="Audit", unit_price=Decimal(100))
    common = {"firm": firm, "customer": customer, "issue_date": dt.date(2026, 3, 1)}
    invoice = await Invoice.create(number="INV-1", **common)
    estimate = await Invoice.create(number="EST-1", doc_type=DocType.ESTIMATE, **common)
    payment = await Payment.create(
        firm=firm, customer=customer, date=dt.date(2026, 3, 2), amount=Decimal(10)
    )
    refund = await Refund.create(
        firm=firm, payment=payment, date=dt.date(2026, 3, 3), amount=Decimal(5)
    )
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id="9130",
    )
    run = await create_run(firm_id=firm.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)
    report = await ReconciliationReport.create(
        firm=firm, connection=connection, run_id=run.id, payments_since=dt.date(2026, 1, 1)
    )
    return {
        "Invoice": invoice,
        "Estimate": estimate,
        "Customer": customer,
        "Item": item,
        "Payment": payment,
        "Refund": refund,
        "Connection": connection,
        "SyncRun": run,
        "ReconciliationReport": report,
    }


@pytest.fixture
async def books(gql) -> dict[str, Any]:
    await gql.data("{ viewer { role } }")  # creates firm-a
    return await _books(await Firm.get(external_id="firm-a"))


async def _resolves(gql, global_id: str, graphql_type: str) -> None:
    found = (await gql.data(NODE, {"id": global_id}))["node"]
    assert found == {"__typename": graphql_type, "id": global_id}
    if graphql_type in TYPED:
        typed = (await gql.data(TYPED[graphql_type], {"id": global_id}))["record"]
        assert typed is not None
        assert typed["id"] == global_id


async def test_activity_subject_ids_of_every_subject_type_resolve(gql, books) -> None:
    for subject_type, record in books.items():
        await record_activity(
            firm_id=record.firm_id,
            actor_id=None,
            action="test.recorded",
            subject_type=subject_type,
            subject_id=record.id,
            description=f"a {subject_type}",
        )

    edges = (await gql.data(ACTIVITIES))["activities"]["edges"]

    seen = {edge["node"]["subjectType"]: edge["node"]["subjectId"] for edge in edges}
    assert set(seen) == set(SUBJECT_TYPES)
    for subject_type, global_id in seen.items():
        await _resolves(gql, global_id, SUBJECT_TYPES[subject_type])


def test_every_subject_type_the_code_records_is_covered() -> None:
    literal = re.compile(r'subject_type="(\w+)"')
    recorded = {
        match
        for path in (REPO / "core").rglob("*.py")
        for match in literal.findall(path.read_text())
    }
    # doc_type.value.capitalize() and the payment push's noun add these at run time.
    recorded |= {d.value.capitalize() for d in DocType} | {"Payment", "Refund"}
    assert recorded <= set(SUBJECT_TYPES), recorded - set(SUBJECT_TYPES)


async def test_sync_run_item_local_ids_of_every_entity_resolve(gql, books) -> None:
    run: SyncRun = books["SyncRun"]
    local = {
        Entity.CUSTOMER: (books["Customer"], "Customer"),
        Entity.ITEM: (books["Item"], "Item"),
        Entity.INVOICE: (books["Invoice"], "Invoice"),
        Entity.ESTIMATE: (books["Estimate"], "Invoice"),
        Entity.PAYMENT: (books["Payment"], "Payment"),
        Entity.REFUND: (books["Refund"], "Refund"),
        Entity.CREDIT_MEMO: (books["Invoice"], "Invoice"),
    }
    assert set(local) == set(Entity)
    for entity, (record, _) in local.items():
        await SyncRunItem.create(
            run=run, entity=entity, local_id=record.id, outcome=ItemOutcome.SUCCEEDED
        )
    query = (
        "query($id: ID!) { syncRun(id: $id) "
        "{ items(first: 50) { edges { node { entity localId } } } } }"
    )

    run_id = _raw_id("SyncRun", run.id)
    edges = (await gql.data(query, {"id": run_id}))["syncRun"]["items"]["edges"]

    assert len(edges) == len(local)
    for edge in edges:
        _, graphql_type = local[Entity(edge["node"]["entity"])]
        await _resolves(gql, edge["node"]["localId"], graphql_type)


@pytest.mark.parametrize(
    ("issued_as", "key", "graphql_type"),
    [("Connection", "Connection", "AccountingConnection"), ("Estimate", "Estimate", "Invoice")],
)
async def test_ids_issued_under_an_earlier_type_name_are_still_accepted(
    gql, books, issued_as, key, graphql_type
) -> None:
    legacy = _raw_id(issued_as, books[key].id)

    found = (await gql.data(NODE, {"id": legacy}))["node"]
    typed = (await gql.data(TYPED[graphql_type], {"id": legacy}))["record"]

    assert found["__typename"] == graphql_type
    assert typed is not None


async def test_node_of_another_firms_record_is_null(gql, gql_factory, books) -> None:
    other = gql_factory(firm="firm-b")

    data = await other.data(NODE, {"id": _raw_id("Payment", books["Payment"].id)})

    assert data == {"node": None}


@pytest.mark.parametrize(
    "bad", ["not-an-id", _raw_id("Invoice", "12"), _raw_id("Mapping", uuid.uuid4())]
)
async def test_node_of_a_malformed_or_unresolvable_id_is_bad_request(gql, bad) -> None:
    body = await gql.execute(NODE, {"id": bad})

    assert body["data"] == {"node": None} or body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
