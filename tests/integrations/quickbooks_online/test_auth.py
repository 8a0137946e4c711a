"""OAuth against the simulator: consent, code exchange, rotation, hard expiry, revoke, store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from core.crypto import SecretBox
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.sync.tokens import CredentialStore
from integrations.base import AuthExpired, InvalidGrant, TokenRefresher
from integrations.quickbooks_online.auth import QboAuth, stored_token_source
from integrations.quickbooks_online.client import QboClient
from integrations.quickbooks_online.config import ACCOUNTING_SCOPE, QboConfig, qbo_config
from integrations.quickbooks_online.simulator import ManualClock, SimulatorSettings, create_app

from .conftest import consent


def test_auth_authorization_url_carries_client_scope_redirect_and_state(auth: QboAuth) -> None:
    url, state = auth.authorization_url(state="st-42")
    params = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert url.startswith("https://sim.test/connect/oauth2?")
    assert params["scope"] == ACCOUNTING_SCOPE
    assert params["state"] == state == "st-42"
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == "http://localhost:8000/oauth/quickbooks/callback"


def test_config_environment_changes_base_urls_only() -> None:
    production, sandbox = qbo_config("production"), qbo_config("sandbox")
    simulator = qbo_config("simulator", simulator_base_url="http://sim:9/")
    assert production.limits == sandbox.limits == simulator.limits
    assert production.minor_version == simulator.minor_version == 75
    assert production.token_url == sandbox.token_url
    assert sandbox.api_base_url == "https://sandbox-quickbooks.api.intuit.com"
    assert simulator.company_url("1", "/invoice") == "http://sim:9/v3/company/1/invoice"
    with pytest.raises(ValueError, match="simulator_base_url"):
        qbo_config("simulator")


async def test_auth_exchange_code_reads_realm_and_hard_expiry(
    auth: QboAuth, transport: httpx.ASGITransport, sim_settings: SimulatorSettings
) -> None:
    callback, state = await consent(auth, transport)
    before = datetime.now(UTC)
    result = await auth.exchange_code(callback, expected_state=state)
    assert result.realm_id == "9341453050298576"
    tokens = result.tokens
    assert tokens.refresh_token
    assert tokens.access_token
    assert tokens.access_expires_at >= before + timedelta(seconds=3599)
    assert tokens.refresh_expires_at is not None
    assert tokens.refresh_hard_expires_at is not None
    hard_ttl = timedelta(seconds=sim_settings.refresh_token_hard_ttl_seconds)
    assert tokens.refresh_hard_expires_at >= before + hard_ttl - timedelta(seconds=5)


async def test_auth_exchange_code_with_wrong_state_is_refused(
    auth: QboAuth, transport: httpx.ASGITransport
) -> None:
    callback, _ = await consent(auth, transport)
    with pytest.raises(ValueError, match="state"):
        await auth.exchange_code(callback, expected_state="forged")


async def test_auth_exchange_code_used_twice_raises_invalid_grant(
    auth: QboAuth, transport: httpx.ASGITransport
) -> None:
    callback, state = await consent(auth, transport)
    await auth.exchange_code(callback, expected_state=state)
    with pytest.raises(InvalidGrant):
        await auth.exchange_code(callback, expected_state=state)


async def test_auth_refresh_rotates_refresh_token_and_keeps_hard_expiry(
    auth: QboAuth, tokens: dict[str, Any]
) -> None:
    first = tokens["tokens"]
    second = await auth.refresh(first)
    assert isinstance(auth, TokenRefresher)
    assert second.refresh_token != first.refresh_token
    assert second.access_token != first.access_token
    assert second.refresh_hard_expires_at is not None


@pytest.fixture
def strict_settings(sim_clock: ManualClock) -> SimulatorSettings:
    return SimulatorSettings(clock=sim_clock, auto_approve=True, rotation="strict")


async def test_auth_refresh_with_superseded_token_in_strict_mode_raises_invalid_grant(
    config: QboConfig, credentials, strict_settings: SimulatorSettings
) -> None:
    transport = httpx.ASGITransport(app=create_app(strict_settings))
    auth = QboAuth(config, credentials, transport=transport)
    callback, state = await consent(auth, transport)
    first = (await auth.exchange_code(callback, expected_state=state)).tokens
    second = await auth.refresh(first)
    with pytest.raises(InvalidGrant) as caught:
        await auth.refresh(first)
    assert caught.value.hint
    assert "Reconnect" in caught.value.hint
    third = await auth.refresh(second)
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)


async def test_auth_revoke_kills_refresh_and_access(
    auth: QboAuth, tokens: dict[str, Any], config: QboConfig, transport: httpx.ASGITransport
) -> None:
    await auth.revoke(tokens["tokens"].refresh_token)
    with pytest.raises(InvalidGrant):
        await auth.refresh(tokens["tokens"])

    async def access() -> str:
        return str(tokens["tokens"].access_token)

    async with QboClient(config, tokens["realm_id"], access, transport=transport) as qbo:
        with pytest.raises(AuthExpired):
            await qbo.read("Customer", "1")


@pytest.mark.usefixtures("app")
async def test_credential_store_refreshes_expired_token_through_auth_fenced(
    settings,
    auth: QboAuth,
    tokens: dict[str, Any],
    config: QboConfig,
    transport: httpx.ASGITransport,
    sim_state,
    sim_clock: ManualClock,
) -> None:
    store = CredentialStore(SecretBox(settings.fernet_keys))
    firm = await Firm.create(external_id="firm-qbo")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=tokens["realm_id"],
    )
    stale = tokens["tokens"]
    await store.store(
        connection,
        type(stale)(
            access_token=stale.access_token,
            refresh_token=stale.refresh_token,
            access_expires_at=datetime.now(UTC) - timedelta(seconds=1),
            refresh_expires_at=stale.refresh_expires_at,
            refresh_hard_expires_at=stale.refresh_hard_expires_at,
        ),
    )
    sim_state.expire_access_tokens()
    source = stored_token_source(store, connection.id, auth)
    async with QboClient(config, tokens["realm_id"], source, transport=transport) as qbo:
        info = await qbo.read("CompanyInfo", tokens["realm_id"])
    assert info["CompanyName"] == "Simulated Company"
    stored = await Connection.get(id=connection.id)
    fresh = store.decrypt(stored)
    assert stored.credentials_version == 2
    assert fresh.refresh_token != stale.refresh_token
    assert stored.refresh_hard_expires_at is not None
