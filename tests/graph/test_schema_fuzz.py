"""Fuzzing the whole schema: random queries and mutations built from it, run by an
administrator and by a STAFF member over seeded books and a live (simulated) connection, with
hostile scalars. No answer may be a 5xx or a masked "Unexpected error".

See tests/graph/fuzzing.py for the example count (LEDGERSYNC_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries
from starlette.applications import Starlette

from core.models import Connection, Customer, Firm, Invoice, Item, Payment, SyncRun
from core.models.enums import DocType, InvoiceStatus, Role
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id
from graph.schema import schema
from graph.sync.types import SYNC_RUN_TYPE
from tests.graph.accounting.conftest import START_CONNECTION, browse_consent
from tests.graph.accounting.push_support import RecordingQueue, seed_invoice
from tests.graph.fuzzing import (
    DATE_TEXT,
    DATETIME_TEXT,
    NUMBER_TEXT,
    TEXT,
    IdPool,
    Operation,
    fuzz_settings,
    operations_with_variables,
)

VIEWER = "query { viewer { firm { externalId } } }"
SYNC_INVOICE = "mutation($id: ID!) { syncInvoice(invoiceId: $id) { __typename } }"
MASKED = "Unexpected error"


@dataclass
class Target:
    """Who sends the generated operations, and the strategy that builds them."""

    http: httpx.AsyncClient
    token: str
    operations: st.SearchStrategy[str]
    with_variables: st.SearchStrategy[Operation]

    async def send(self, body: dict[str, object]) -> httpx.Response:
        """POST one operation, escaped like most JSON encoders do (so unpaired surrogates
        reach the server too; httpx's own encoder refuses them)."""
        return await self.http.post(
            "/graphql",
            content=json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )


async def _seed_ids(gql: Any, client: httpx.AsyncClient) -> IdPool:
    """Books and a live connection for firm-a, a record of firm-b; their global IDs."""
    await gql.data(VIEWER)
    started = await gql.data(START_CONNECTION, {"provider": "QUICKBOOKS_ONLINE"})
    await browse_consent(client, started["startConnection"]["authorizationUrl"])
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name="Acme")
    item = await Item.create(firm=firm, name="Audit", unit_price="100.00")
    sent = await seed_invoice("1001", customer=customer)
    draft = await seed_invoice("1002", status=InvoiceStatus.DRAFT, customer=customer)
    estimate = await seed_invoice("E-1", customer=customer)
    await Invoice.filter(id=estimate.id).update(doc_type=DocType.ESTIMATE)
    payment = await Payment.create(firm=firm, customer=customer, date="2026-03-02", amount="10")
    await gql.data(SYNC_INVOICE, {"id": str(encode_id("Invoice", sent.id))})
    other_firm = await Firm.create(external_id="firm-b", name="Other")
    foreign = await Customer.create(firm=other_firm, name="Foreign")
    records: list[tuple[str, object]] = [
        ("Customer", customer.id),
        ("Item", item.id),
        ("Invoice", sent.id),
        ("Invoice", draft.id),
        ("Invoice", estimate.id),
        ("Payment", payment.id),
        ("Customer", foreign.id),
        ("Invoice", customer.id),  # the right shape, the wrong type
        ("Customer", uuid.uuid4()),
    ]
    records += [(CONNECTION_TYPE, c.id) for c in await Connection.all()]
    records += [(SYNC_RUN_TYPE, r.id) for r in await SyncRun.all()]
    by_type: dict[str, list[str]] = {}
    for kind, local_id in records:
        by_type.setdefault(kind, []).append(str(encode_id(kind, local_id)))
    return IdPool(by_type)


def _operations(ids: IdPool) -> st.SearchStrategy[str]:
    """Queries and mutations of the whole schema with hostile and plausible scalars, each root
    field as likely as any other (one strategy per field)."""
    as_string = nodes.String
    scalars = {
        "String": TEXT.map(as_string),
        "ID": st.one_of(st.sampled_from(ids.every), TEXT).map(as_string),
        "Decimal": st.one_of(
            NUMBER_TEXT.map(as_string), st.integers().map(nodes.Int), TEXT.map(as_string)
        ),
        "Date": st.one_of(DATE_TEXT, TEXT).map(as_string),
        "DateTime": DATETIME_TEXT.map(as_string),
    }
    graphql_schema = schema._schema
    per_field = [
        build(graphql_schema, fields=[name], custom_scalars=scalars)
        for build, root in (
            (queries, graphql_schema.query_type),
            (mutations, graphql_schema.mutation_type),
        )
        for name in root.fields
    ]
    return st.one_of(per_field)


@pytest.fixture(params=[Role.FIRM_ADMIN, Role.STAFF], ids=["admin", "staff"])
async def target(request, app: Starlette, client, gql, make_token) -> Target:  # type: ignore[no-untyped-def]
    ids = await _seed_ids(gql, client)
    # Operations queue jobs but none runs: this fuzzes the API, not the sync engine.
    app.state.runtime.queue = RecordingQueue()
    token = make_token(role=request.param)
    return Target(
        http=client,
        token=token,
        operations=_operations(ids),
        with_variables=operations_with_variables(schema._schema, ids),
    )


def _assert_served(response: httpx.Response) -> None:
    """No 5xx, and no error masked as unexpected (an exception the code did not handle)."""
    assert response.status_code < 500, response.text
    errors = response.json().get("errors") or []
    assert not [e for e in errors if str(e.get("message", "")).startswith(MASKED)], errors


@fuzz_settings(default_examples=200)
@given(data=st.data())
async def test_generated_operations_never_fail_on_the_server(target: Target, data) -> None:
    operation = data.draw(target.operations, label="operation")
    _assert_served(await target.send({"query": operation}))


@fuzz_settings(default_examples=200)
@given(data=st.data())
async def test_generated_variables_never_fail_on_the_server(target: Target, data) -> None:
    document, variables = data.draw(target.with_variables, label="operation")
    _assert_served(await target.send({"query": document, "variables": variables}))
