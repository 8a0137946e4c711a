"""The settings app at /app: the built files, the history fallback and the security headers."""

from __future__ import annotations

import re

import httpx
import pytest

from core.app import create_app
from core.settings import Settings
from core.web_app import APP_DIR, content_security_policy


def _asset() -> str:
    names = sorted(p.name for p in (APP_DIR / "assets").glob("*.js"))
    assert names, "the app is not built: run `make web`"
    return names[0]


async def test_app_index_is_served_with_a_strict_policy(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/")
    policy = response.headers["content-security-policy"]
    assert response.status_code == 200
    assert '<div id="app">' in response.text
    assert "script-src 'self'" in policy
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    # Nothing but this origin: no host of any third party appears in the policy.
    assert not re.search(r"https?://", policy)
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_app_client_route_falls_back_to_index(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/invoices/SW52b2ljZTox")
    assert response.status_code == 200
    assert '<div id="app">' in response.text
    assert response.headers["cache-control"] == "no-cache"


async def test_app_missing_asset_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.get("/app/assets/nothing-here.js")
    assert response.status_code == 404


async def test_app_built_asset_is_served_cacheable(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/app/assets/{_asset()}")
    assert response.status_code == 200
    assert "immutable" in response.headers["cache-control"]
    assert "content-security-policy" in response.headers


async def test_index_and_bare_app_path_lead_to_the_app(client: httpx.AsyncClient) -> None:
    root = await client.get("/")
    bare = await client.get("/app")
    assert root.headers["location"] == "/app/"
    assert bare.headers["location"] == "/app/"


def test_policy_frame_ancestors_lists_the_allowed_origins() -> None:
    policy = content_security_policy(["https://billing.example"])
    assert "frame-ancestors 'self' https://billing.example" in policy


@pytest.mark.parametrize("path", ["/app/", "/app/connections"])
async def test_app_is_absent_when_not_built(settings: Settings, monkeypatch, path) -> None:
    monkeypatch.setattr("core.app.app_routes", lambda origins: [])
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get(path)
        root = await http.get("/")
    assert response.status_code == 404
    assert root.headers["location"] == "/graphql"


async def test_app_assets_are_sent_compressed(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/app/assets/{_asset()}", headers={"accept-encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
