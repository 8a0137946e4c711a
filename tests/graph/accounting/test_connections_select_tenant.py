"""selectXeroTenant: a consent that granted several organisations stays PENDING until one is
chosen; the other organisations' Xero connections are deleted. Every Xero exchange is checked
against Xero's official spec."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette

from core.models import Activity, Connection
from core.models.enums import ConnectionStatus, Role
from tests.graph.accounting.conftest import START_CONNECTION, browse_consent
from tests.provider_sims import XeroDriver

SELECT = """
mutation($id: ID!, $tenant: String!) {
  selectXeroTenant(connectionId: $id, tenantId: $tenant) {
    __typename
    ... on SelectXeroTenantSuccess {
      connection { id status remoteCompanyId remoteCompanyName availableCompanies { id } }
    }
    ... on UserError { code message field }
  }
}"""
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


async def _consent(client, gql) -> dict[str, str]:  # type: ignore[no-untyped-def]
    data = await gql.data(START_CONNECTION, {"provider": "XERO"})
    return await browse_consent(client, data["startConnection"]["authorizationUrl"])


async def test_select_tenant_after_two_org_consent_activates_and_deletes_other(
    app, client, gql, xero
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

    data = await gql.data(SELECT, {"id": outcome["connection"], "tenant": globex})

    result = data["selectXeroTenant"]
    assert result["__typename"] == "SelectXeroTenantSuccess", result
    assert result["connection"]["status"] == "ACTIVE"
    assert result["connection"]["remoteCompanyId"] == globex
    assert result["connection"]["remoteCompanyName"] == "Globex Pty"
    assert result["connection"]["availableCompanies"] == []
    kept = [c.tenant_id for c in xero.state(app).identity.connections.values()]
    assert kept == [globex]  # the other organisation's Xero connection is deleted
    assert await Activity.filter(action="connection.connected").count() == 1
    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert 0 < shown["callsRemainingToday"] < 5000  # the calls made so far are counted


async def test_select_tenant_not_granted_is_validation_error_and_stays_pending(
    app, client, gql, xero
) -> None:
    outcome = await _consent(client, gql)
    data = await gql.data(SELECT, {"id": outcome["connection"], "tenant": "not-granted"})
    assert data["selectXeroTenant"]["__typename"] == "ValidationError"
    assert data["selectXeroTenant"]["field"] == "tenantId"
    assert (await Connection.get()).status is ConnectionStatus.PENDING
    assert len(xero.state(app).identity.connections) == 2


async def test_select_tenant_on_active_connection_is_invalid_state(client, gql, app) -> None:
    driver = XeroDriver()
    driver.install(app)
    outcome = await _consent(client, gql)  # one organisation: ACTIVE at once
    assert outcome["status"] == "connected"
    data = await gql.data(SELECT, {"id": outcome["connection"], "tenant": "x"})
    assert data["selectXeroTenant"]["__typename"] == "InvalidStateError"
    driver.finish()


async def test_select_tenant_as_staff_is_forbidden(client, gql, gql_factory, xero) -> None:
    outcome = await _consent(client, gql)
    staff = gql_factory(role=Role.STAFF)
    body = await staff.execute(SELECT, {"id": outcome["connection"], "tenant": "x"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Connection.get()).status is ConnectionStatus.PENDING


async def test_select_tenant_with_other_firms_connection_is_not_found(
    app, client, gql, gql_factory, xero
) -> None:
    outcome = await _consent(client, gql)
    pending = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    tenant = pending["availableCompanies"][0]["id"]
    other = gql_factory(firm="firm-b", role=Role.MASTER_ADMIN)

    data = await other.data(SELECT, {"id": outcome["connection"], "tenant": tenant})

    assert data["selectXeroTenant"]["__typename"] == "NotFoundError"
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
