"""The Xero kit end to end in-process: OAuth through the engine's protocol (several
organisations), a session through the fenced credential store and the shared rate budget, the
daily-limit headers fed back into it, disconnect, and webhooks. Every Xero exchange is checked
against Xero's OpenAPI documents."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.applications import Starlette

from core.crypto import SecretBox
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.settings import ProviderEnvironment
from core.sync.records import CustomerRecord
from core.sync.session import (
    Grant,
    OAuthClient,
    ProviderEnv,
    ProviderKit,
    ProviderSession,
    SessionTarget,
)
from core.sync.tokens import CredentialStore
from integrations.base import InvalidGrant, RateLimited, WebhookSignatureError
from integrations.provider_settings import use_settings
from integrations.ratelimit import InProcessRateLimiter, RateBudgetExhausted
from integrations.registry import kit_by_slug, kit_for
from integrations.xero.config import XeroSettings
from integrations.xero.kit import (
    SETTINGS_KEY,
    SIMULATOR_PATH,
    SIMULATOR_WEBHOOK_KEY,
    XeroKit,
    XeroOAuth,
)
from integrations.xero.simulator import SimulatorSettings, SimulatorState, create_app
from integrations.xero.simulator.openapi_check import ValidatingTransport
from integrations.xero.webhooks import sign
from integrations.xero.wire import XeroRateLimited

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def kit_app(sim_clock) -> Starlette:
    """A simulator that approves consent at once, granting both organisations."""
    settings = SimulatorSettings(
        default_organisations=("Acme Ltd", "Globex Pty"), auto_approve=True, clock=sim_clock
    )
    return create_app(settings)


@pytest.fixture
def kit_sim(kit_app: Starlette) -> SimulatorState:
    state: SimulatorState = kit_app.state.simulator
    return state


@pytest.fixture
def env(settings, kit_app, spec_validator, strip_prefix) -> ProviderEnv:
    inner = ValidatingTransport(httpx.ASGITransport(app=kit_app), spec_validator)
    return ProviderEnv(
        settings=settings,
        credentials=CredentialStore(SecretBox(settings.fernet_keys)),
        transport=strip_prefix(inner, SIMULATOR_PATH),
    )


async def _grant(env: ProviderEnv, oauth: OAuthClient) -> Grant:
    url = oauth.authorization_url("state-xyz")
    async with httpx.AsyncClient(transport=env.transport) as browser:
        response = await browser.get(url)
    assert response.status_code == 302, response.text
    query = {k: v[0] for k, v in parse_qs(urlparse(response.headers["location"]).query).items()}
    assert query["state"] == "state-xyz"
    return await oauth.exchange_code(query)


async def _connection(env: ProviderEnv, grant: Grant, index: int = 0) -> Connection:
    firm = await Firm.create(external_id=f"xero-kit-{index}")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.XERO,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=grant.companies[index].id,
    )
    await env.credentials.store(connection, grant.tokens)
    return connection


def test_xero_registry_kit_satisfies_the_engine_protocol() -> None:
    kit = kit_for(Provider.XERO)
    assert isinstance(kit, ProviderKit)
    assert isinstance(kit, XeroKit)
    assert kit_by_slug("xero") is kit


async def test_xero_kit_oauth_grants_several_organisations(env, kit_sim) -> None:
    oauth = XeroKit().oauth(env)
    assert isinstance(oauth, OAuthClient)
    grant = await _grant(env, oauth)
    assert [c.name for c in grant.companies] == ["Acme Ltd", "Globex Pty"]
    assert [c.id for c in grant.companies] == list(kit_sim.organisations)
    assert all(c.connection_ref for c in grant.companies)


async def test_xero_kit_session_creates_once_and_observes_daily_headers(
    env, kit_sim, spec_validator, sim_clock
) -> None:
    kit = XeroKit()
    grant = await _grant(env, kit.oauth(env))
    connection = await _connection(env, grant)
    tenant = grant.companies[0].id
    for _ in range(300):  # calls another app made today: Xero counts them, we did not
        kit_sim.limiter.acquire(tenant)
        kit_sim.limiter.release(tenant)
    sim_clock.advance(61)  # out of Xero's minute window, still inside its day
    record = CustomerRecord("c1", "Kit Customer", "kit-key-1")
    async with kit.session(env, SessionTarget(connection.id, tenant, {})) as session:
        assert isinstance(session, ProviderSession)
        assert await session.company_name() == "Acme Ltd"
        first = await session.create_customers([record])
        again = await session.create_customers([record])
    assert first[0].ok
    assert again[0].ref == first[0].ref
    left = await kit.limiter(env).remaining_today(tenant)
    assert left is not None
    # Our own count alone would say 4997; Xero's header says 300 + 2 tenant calls were made.
    assert left == 5000 - 302
    assert any(path.endswith("/Contacts") for _, path, _ in spec_validator.checked)


async def test_xero_kit_session_429_pauses_the_tenant_budget(env, kit_sim) -> None:
    kit = XeroKit()
    grant = await _grant(env, kit.oauth(env))
    connection = await _connection(env, grant)
    tenant = grant.companies[0].id
    kit_sim.inject_fault("429", retry_after=30, problem="minute")
    async with kit.session(env, SessionTarget(connection.id, tenant, {})) as session:
        with pytest.raises(XeroRateLimited) as caught:
            await session.income_account_id()
    assert caught.value.retry_after == 30
    with pytest.raises(RateBudgetExhausted):
        async with kit.limiter(env).slot(tenant, max_wait=0):
            pass


async def test_xero_kit_session_call_the_budget_cannot_grant_in_time_is_a_throttle(
    env, kit_sim
) -> None:
    kit = XeroKit()
    grant = await _grant(env, kit.oauth(env))
    connection = await _connection(env, grant)
    tenant = grant.companies[0].id
    env.extras["xero-limiter"] = InProcessRateLimiter(kit.limiter(env).budget, max_wait=5)
    await kit.limiter(env).penalize(tenant, 60)  # a 429 another worker had

    async with kit.session(env, SessionTarget(connection.id, tenant, {})) as session:
        with pytest.raises(RateLimited) as caught:
            await session.income_account_id()

    # A throttle, not a failure: the job retries the run once the budget has room.
    assert caught.value.code == "RATE_BUDGET_FULL"
    assert 55 <= caught.value.retry_after <= 60


async def test_xero_kit_refresh_through_store_with_strict_rotation(env, kit_sim) -> None:
    kit_sim.settings.refresh_token_grace = 0
    kit = XeroKit()
    grant = await _grant(env, kit.oauth(env))
    stale = dataclasses.replace(
        grant.tokens, access_expires_at=datetime.now(UTC) - timedelta(minutes=1)
    )
    connection = await _connection(env, dataclasses.replace(grant, tokens=stale))
    tenant = grant.companies[0].id
    async with kit.session(env, SessionTarget(connection.id, tenant, {})) as session:
        assert await session.income_account_id() == "200"
    await connection.refresh_from_db()
    stored = env.credentials.decrypt(connection)
    assert stored.refresh_token != grant.tokens.refresh_token
    assert stored.extra == grant.tokens.extra
    with pytest.raises(InvalidGrant):  # strict: the rotated-out token is dead at once
        await kit.oauth(env).refresh(grant.tokens)
    assert (await kit.oauth(env).refresh(stored)).access_token


async def test_xero_kit_select_then_revoke_disconnects(env, kit_sim) -> None:
    kit = XeroKit()
    oauth = kit.oauth(env)
    assert isinstance(oauth, XeroOAuth)
    grant = await _grant(env, oauth)
    kept, dropped = grant.companies
    tokens = await oauth.select_company(grant.tokens, kept.id)
    assert dropped.connection_ref not in kit_sim.identity.connections
    assert kept.connection_ref in kit_sim.identity.connections
    await oauth.revoke(tokens)
    assert kit_sim.identity.connections == {}
    with pytest.raises(InvalidGrant):
        await oauth.refresh(tokens)


def test_xero_kit_webhooks_verify_before_parsing(env) -> None:
    kit = XeroKit()
    body = b'{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"ABC"}'
    delivery = kit.parse_webhook(env, {"X-Xero-Signature": sign(body, SIMULATOR_WEBHOOK_KEY)}, body)
    assert delivery.notices == ()
    with pytest.raises(WebhookSignatureError):
        kit.parse_webhook(env, {"x-xero-signature": sign(body, "wrong")}, body)
    with pytest.raises(WebhookSignatureError):
        kit.parse_webhook(env, {}, body)


def test_xero_kit_production_needs_a_webhook_key(env) -> None:
    production = dataclasses.replace(env, extras={})
    use_settings(production, SETTINGS_KEY, XeroSettings(environment=ProviderEnvironment.PRODUCTION))
    with pytest.raises(WebhookSignatureError, match="WEBHOOK_KEY"):
        XeroKit().parse_webhook(production, {"x-xero-signature": "x"}, b"{}")
    assert XeroKit().config(production).token_url == "https://identity.xero.com/connect/token"
