"""selectCompany (and its deprecated name selectXeroTenant): a consent that granted several
organisations stays PENDING until one is chosen; the other organisations' Xero connections are
deleted. Every Xero exchange is checked against Xero's official spec."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from starlette.applications import Starlette

from core.models import Activity, Connection
from core.models.enums import ConnectionStatus, Role
from graph.schema import schema
from tests.graph.accounting.conftest import START_CONNECTION, browse_consent
from tests.provider_sims import XeroDriver

SELECT_COMPANY = """
mutation($id: ID!, $company: String!) {
  selectCompany(connectionId: $id, companyId: $company) {
    __typename
    ... on SelectCompanySuccess {
      connection { id status remoteCompanyId remoteCompanyName availableCompanies { id } }
    }
    ... on UserError { code message field }
  }
}"""
SELECT_XERO_TENANT = """
mutation($id: ID!, $company: String!) {
  selectXeroTenant(connectionId: $id, tenantId: $company) {
    __typename
    ... on SelectXeroTenantSuccess {
      connection { id status remoteCompanyId remoteCompanyName availableCompanies { id } }
    }
    ... on UserError { code message field }
  }
}"""


@dataclass(frozen=True)
class Select:
    """One name of the mutation: its document, root field, success type and company argument."""

    document: str
    field: str
    success: str
    company_argument: str


SELECTS = [
    pytest.param(
        Select(SELECT_COMPANY, "selectCompany", "SelectCompanySuccess", "companyId"),
        id="selectCompany",
    ),
    pytest.param(
        Select(SELECT_XERO_TENANT, "selectXeroTenant", "SelectXeroTenantSuccess", "tenantId"),
        id="selectXeroTenant",
    ),
]
CONNECTION = """
query($id: ID!) {
  connection(id: $id) {
    status remoteCompanyId reconnectHint callsRemainingToday availableCompanies { id name }
  }
}"""


@pytest.fixture
def xero(app: Starlette) -> Iterator[XeroDriver]:
    """Xero's mounted simulator with a second organisation that consent also grants."""
    driver = XeroDriver()
    driver.install(app)
    state = driver.state(app)
    state.create_organisation("Globex Pty")
    state.settings.default_organisations = (*state.settings.default_organisations, "Globex Pty")
    yield driver
    driver.finish()


@pytest.fixture(params=SELECTS)
def select(request: pytest.FixtureRequest) -> Select:
    """Each test below runs under both names of the mutation."""
    chosen: Select = request.param
    return chosen


async def _consent(client, gql) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = await gql.data(START_CONNECTION, {"provider": "XERO"})
    return await browse_consent(client, data["startConnection"]["authorizationUrl"])


async def test_select_company_after_two_org_consent_activates_and_deletes_other(
    app, client, gql, xero, select
) -> None:
    outcome = await _consent(client, gql)
    assert outcome["status"] == "choose_company"
    pending = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert pending["status"] == "PENDING"
    assert pending["remoteCompanyId"] is None
    assert pending["callsRemainingToday"] is None
    assert "Choose" in pending["reconnectHint"]
    names = [c["name"] for c in pending["availableCompanies"]]
    assert names == ["Demo Company (Global)", "Globex Pty"]
    globex = pending["availableCompanies"][1]["id"]

    data = await gql.data(select.document, {"id": outcome["connection"], "company": globex})

    result = data[select.field]
    assert result["__typename"] == select.success, result
    assert result["connection"]["status"] == "ACTIVE"
    assert result["connection"]["remoteCompanyId"] == globex
    assert result["connection"]["remoteCompanyName"] == "Globex Pty"
    assert result["connection"]["availableCompanies"] == []
    kept = [c.tenant_id for c in xero.state(app).identity.connections.values()]
    assert kept == [globex]  # the other organisation's Xero connection is deleted
    assert await Activity.filter(action="connection.connected").count() == 1
    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert 0 < shown["callsRemainingToday"] < 5000  # the calls made so far are counted


async def test_select_company_not_granted_is_validation_error_and_stays_pending(
    app, client, gql, xero, select
) -> None:
    outcome = await _consent(client, gql)
    data = await gql.data(select.document, {"id": outcome["connection"], "company": "not-granted"})
    assert data[select.field]["__typename"] == "ValidationError"
    assert data[select.field]["field"] == select.company_argument
    assert (await Connection.get()).status is ConnectionStatus.PENDING
    assert len(xero.state(app).identity.connections) == 2


async def test_select_company_refused_by_xero_is_invalid_state_on_company_argument(
    app, client, gql, xero, select
) -> None:
    outcome = await _consent(client, gql)
    pending = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    globex = pending["availableCompanies"][1]["id"]
    xero.state(app).inject_fault("500", count=10, method="DELETE")

    data = await gql.data(select.document, {"id": outcome["connection"], "company": globex})

    assert data[select.field]["__typename"] == "InvalidStateError"
    assert data[select.field]["field"] == select.company_argument
    assert (await Connection.get()).status is ConnectionStatus.PENDING


async def test_select_company_on_active_connection_is_invalid_state(
    client, gql, app, select
) -> None:
    driver = XeroDriver()
    driver.install(app)
    outcome = await _consent(client, gql)  # one organisation: ACTIVE at once
    assert outcome["status"] == "connected"
    data = await gql.data(select.document, {"id": outcome["connection"], "company": "x"})
    assert data[select.field]["__typename"] == "InvalidStateError"
    driver.finish()


async def test_select_company_as_staff_is_forbidden(client, gql, gql_factory, xero, select) -> None:
    outcome = await _consent(client, gql)
    staff = gql_factory(role=Role.STAFF)
    body = await staff.execute(select.document, {"id": outcome["connection"], "company": "x"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Connection.get()).status is ConnectionStatus.PENDING


async def test_select_company_with_other_firms_connection_is_not_found(
    app, client, gql, gql_factory, xero, select
) -> None:
    outcome = await _consent(client, gql)
    pending = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    tenant = pending["availableCompanies"][0]["id"]
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)

    data = await other.data(select.document, {"id": outcome["connection"], "company": tenant})

    assert data[select.field]["__typename"] == "NotFoundError"
    assert (await Connection.get()).status is ConnectionStatus.PENDING
    assert len(xero.state(app).identity.connections) == 2  # nothing deleted at Xero


async def test_connect_to_another_organisation_leaves_previous_and_new_one_works(
    app, client, gql
) -> None:
    driver = XeroDriver()
    driver.install(app)
    state = driver.state(app)
    first = await _consent(client, gql)
    assert first["status"] == "connected"
    state.create_organisation("Globex Pty")
    state.settings.default_organisations = ("Globex Pty",)  # the next consent grants only it

    second = await _consent(client, gql)

    assert second["status"] == "connected"
    rows = {row.remote_company_name: row for row in await Connection.all()}
    assert rows["Demo Company (Global)"].status is ConnectionStatus.REVOKED
    kept = rows["Globex Pty"]
    assert kept.status is ConnectionStatus.ACTIVE
    # Leaving the previous organisation must not end the new one at Xero.
    assert [c.tenant_id for c in state.identity.connections.values()] == [kept.remote_company_id]
    shown = (await gql.data(CONNECTION, {"id": second["connection"]}))["connection"]
    assert shown["status"] == "ACTIVE"
    driver.finish()


def test_select_xero_tenant_is_deprecated_for_select_company() -> None:
    mutation = schema.get_type_by_name("Mutation")
    assert mutation is not None
    fields = {field.python_name: field for field in mutation.fields}  # type: ignore[union-attr]

    assert fields["select_company"].deprecation_reason is None
    assert fields["select_xero_tenant"].deprecation_reason == "Use selectCompany."
