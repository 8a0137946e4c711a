"""In the simulator environment each firm connects to a company of its own."""

from __future__ import annotations

import pytest

from core.models.enums import Role

CONNECTIONS = "{ connections { status remoteCompanyId remoteCompanyName } }"
DISCONNECT = """
mutation($id: ID!) { disconnect(connectionId: $id) { __typename } }"""


@pytest.mark.parametrize("provider", ["QUICKBOOKS_ONLINE", "XERO"])
async def test_two_firms_connecting_in_the_simulator_get_different_companies(
    connect, gql_factory, provider
) -> None:
    firms = [gql_factory(firm=name, role=Role.FIRM_ADMIN) for name in ("firm-a", "firm-b")]

    outcomes = [await connect(firm, provider=provider) for firm in firms]

    assert [outcome["status"] for outcome in outcomes] == ["connected", "connected"]
    companies = [(await firm.data(CONNECTIONS))["connections"] for firm in firms]
    [first], [second] = companies
    assert first["status"] == second["status"] == "ACTIVE"
    assert first["remoteCompanyId"] != second["remoteCompanyId"]


@pytest.mark.parametrize("provider", ["QUICKBOOKS_ONLINE", "XERO"])
async def test_a_firm_reconnecting_in_the_simulator_gets_its_own_company_back(
    connect, gql_factory, provider
) -> None:
    firm = gql_factory(firm="firm-a", role=Role.FIRM_ADMIN)
    other = gql_factory(firm="firm-b", role=Role.FIRM_ADMIN)
    first = await connect(firm, provider=provider)
    await connect(other, provider=provider)
    await firm.data(DISCONNECT, {"id": first["connection"]})

    again = await connect(firm, provider=provider)

    rows = (await firm.data(CONNECTIONS))["connections"]
    assert again["connection"] == first["connection"]  # the same company's row, reused
    assert {row["remoteCompanyId"] for row in rows} == {rows[0]["remoteCompanyId"]}
