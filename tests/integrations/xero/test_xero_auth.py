"""Xero OAuth: consent URL and scopes, code exchange with several organisations, authEventId
filtering, refresh rotation (with and without a grace period), revocation and disconnect."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from integrations.base import InvalidGrant, ProviderError
from integrations.xero.auth import ClientCredentials, XeroAuth, connections_of, jwt_claims
from integrations.xero.config import GRANULAR_SCOPES, LEGACY_SCOPES, xero_config

SIM_URL = "https://xero.simulator"


def test_xero_auth_authorization_url_asks_granular_scopes(xero_auth: XeroAuth) -> None:
    url, state = xero_auth.authorization_url("st-1")
    query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert url.startswith(f"{SIM_URL}/identity/connect/authorize?")
    assert query["scope"].split() == list(GRANULAR_SCOPES)
    assert "accounting.transactions" not in query["scope"]
    assert {"offline_access", "accounting.invoices", "accounting.payments"} <= set(
        query["scope"].split()
    )
    assert query["state"] == state == "st-1"
    assert query["response_type"] == "code"


def test_xero_config_legacy_setting_keeps_transactions_scope() -> None:
    config = xero_config("production", legacy_scopes=True)
    assert config.scopes == LEGACY_SCOPES
    assert "accounting.transactions" in config.scopes
    assert config.authorize_url == "https://login.xero.com/identity/connect/authorize"
    assert config.token_url == "https://identity.xero.com/connect/token"
    assert config.revoke_url == "https://identity.xero.com/connect/revocation"
    assert config.connections_url == "https://api.xero.com/connections"
    assert config.api_url("Invoices") == "https://api.xero.com/api.xro/2.0/Invoices"


def test_xero_config_simulator_needs_a_base_url() -> None:
    with pytest.raises(ValueError, match="simulator_base_url"):
        xero_config("simulator")


async def test_xero_auth_exchange_lists_every_organisation_granted(
    authorize, tenant_ids, spec_validator
) -> None:
    authorization = await authorize(tenant_ids[:2])
    checked = {(method, path) for method, path, _ in spec_validator.checked}
    assert {("POST", "/connect/token"), ("GET", "/connections")} <= checked
    granted = [c.tenant_id for c in authorization.connections]
    assert granted == tenant_ids[:2]
    assert [c.tenant_name for c in authorization.connections] == ["Acme Ltd", "Globex Pty"]
    assert authorization.tokens.refresh_token
    assert connections_of(authorization.tokens) == {
        c.tenant_id: c.id for c in authorization.connections
    }
    assert authorization.tokens.extra["auth_event_id"] == authorization.auth_event_id


async def test_xero_auth_exchange_filters_by_auth_event(authorize, tenant_ids) -> None:
    await authorize(tenant_ids[:1])
    second = await authorize(tenant_ids[2:])
    # The user has connected two organisations; only the second consent's one is listed.
    assert [c.tenant_id for c in second.connections] == tenant_ids[2:]


async def test_xero_auth_exchange_without_auth_event_claim_lists_all(
    xero_auth: XeroAuth, authorize, tenant_ids, monkeypatch
) -> None:
    await authorize(tenant_ids[:1])
    monkeypatch.setattr("integrations.xero.auth.jwt_claims", lambda token: {})
    later = await authorize(tenant_ids[1:2])
    assert [c.tenant_id for c in later.connections] == tenant_ids[:2]
    assert later.auth_event_id is None


def test_xero_jwt_claims_tolerate_garbage() -> None:
    assert jwt_claims("not-a-jwt") == {}
    assert jwt_claims("a.!!!.c") == {}


async def test_xero_auth_exchange_refuses_a_foreign_state(xero_auth: XeroAuth) -> None:
    with pytest.raises(ValueError, match="state"):
        await xero_auth.exchange_code({"code": "c", "state": "evil"}, expected_state="mine")


async def test_xero_auth_denied_consent_is_invalid_grant(xero_auth: XeroAuth) -> None:
    with pytest.raises(InvalidGrant, match="access_denied"):
        await xero_auth.exchange_code({"error": "access_denied", "state": "s"}, expected_state="s")


async def test_xero_auth_reused_code_is_invalid_grant(xero_auth: XeroAuth, consent_code) -> None:
    code = consent_code([])
    await xero_auth.exchange_code({"code": code, "state": "s"}, expected_state="s")
    with pytest.raises(InvalidGrant):
        await xero_auth.exchange_code({"code": code, "state": "s"}, expected_state="s")


async def test_xero_auth_refresh_rotates_and_grace_allows_one_retry(
    xero_auth: XeroAuth, xero_connected, sim_clock
) -> None:
    first = xero_connected.tokens
    second = await xero_auth.refresh(first)
    assert second.refresh_token
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert second.extra == first.extra  # the granted connections survive rotation
    assert second.refresh_expires_at is not None
    # A lost answer: the old token still works inside Xero's 30-minute grace period.
    again = await xero_auth.refresh(first)
    assert again.refresh_token == second.refresh_token
    sim_clock.advance(31 * 60)
    with pytest.raises(InvalidGrant):
        await xero_auth.refresh(first)
    assert (await xero_auth.refresh(second)).refresh_token


async def test_xero_auth_refresh_strict_rotation_refuses_old_token(
    xero_auth: XeroAuth, xero_connected, sim_settings
) -> None:
    sim_settings.refresh_token_grace = 0
    first = xero_connected.tokens
    second = await xero_auth.refresh(first)
    with pytest.raises(InvalidGrant):
        await xero_auth.refresh(first)
    assert (await xero_auth.refresh(second)).access_token


async def test_xero_auth_delete_connection_then_revoke_ends_access(
    xero_auth: XeroAuth, authorize, tenant_ids
) -> None:
    authorization = await authorize(tenant_ids[:2])
    token = authorization.tokens.access_token
    first, second = authorization.connections
    assert await xero_auth.delete_connection(token, first.id) is True
    assert await xero_auth.delete_connection(token, first.id) is False
    left = await xero_auth.list_connections(token)
    assert [c.tenant_id for c in left] == [second.tenant_id]
    assert authorization.tokens.refresh_token
    await xero_auth.revoke(authorization.tokens.refresh_token)
    with pytest.raises(InvalidGrant):
        await xero_auth.refresh(authorization.tokens)


async def test_xero_auth_bad_client_secret_is_a_configuration_error(
    xero_cfg, xero_transport, xero_connected
) -> None:
    credentials = ClientCredentials("SIMULATORCLIENTID", "wrong", "https://x")
    auth = XeroAuth(xero_cfg, credentials, transport=xero_transport)
    with pytest.raises(ProviderError) as caught:
        await auth.refresh(xero_connected.tokens)
    assert not isinstance(caught.value, InvalidGrant)
    assert caught.value.code == "XERO-OAUTH-INVALID_CLIENT"


def test_xero_auth_connections_extra_is_json(xero_connected) -> None:
    assert json.loads(xero_connected.tokens.extra["connections"])
