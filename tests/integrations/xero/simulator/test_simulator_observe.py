"""The exchange observer: sees each request (path relative to the mount) and its response."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount

from integrations.xero.simulator import SimulatorSettings, create_app
from integrations.xero.simulator.testing import BASE_URL, connect

Seen = list[tuple[httpx.Request, httpx.Response]]


def _mounted(settings: SimulatorSettings) -> tuple[Starlette, list[str]]:
    """The simulator mounted as the app mounts it, and its organisations' tenant ids."""
    simulator = create_app(settings)
    tenants = list(simulator.state.simulator.organisations)
    return Starlette(routes=[Mount("/_sim/xero", app=simulator)]), tenants


async def test_observer_sees_mount_relative_requests_with_bodies_and_responses() -> None:
    seen: Seen = []
    settings = SimulatorSettings(exchange_observer=lambda q, r: seen.append((q, r)))
    outer, tenants = _mounted(settings)
    transport = httpx.ASGITransport(app=outer)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL + "/_sim/xero") as http:
        connected = await connect(http, settings, tenants)
        created = await http.put(
            "/api.xro/2.0/Contacts?summarizeErrors=false",
            json={"Contacts": [{"Name": "Observed Ltd"}]},
            headers=connected.headers(),
        )

    assert created.status_code == 200
    request, response = seen[-1]
    assert (request.method, request.url.path) == ("PUT", "/api.xro/2.0/Contacts")
    assert request.url.params["summarizeErrors"] == "false"
    assert b"Observed Ltd" in request.content
    assert request.headers["xero-tenant-id"] == connected.tenant_ids[0]
    assert response.status_code == 200
    assert response.json() == created.json()  # the client got exactly what was observed
    assert [r.url.path for r, _ in seen[:1]] == ["/identity/connect/authorize"]


async def test_without_observer_requests_pass_straight_through() -> None:
    settings = SimulatorSettings()
    outer, tenants = _mounted(settings)
    transport = httpx.ASGITransport(app=outer)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL + "/_sim/xero") as http:
        connected = await connect(http, settings, tenants)
        listed = await http.get("/api.xro/2.0/Contacts", headers=connected.headers())

    assert listed.status_code == 200
    assert listed.json()["Contacts"] == []
