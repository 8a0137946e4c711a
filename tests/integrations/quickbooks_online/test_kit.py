"""The QuickBooks Online kit: OAuth through the engine's protocol, and a session on the realm."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.sync.records import Address, CustomerRecord
from core.sync.session import OAuthClient, ProviderEnv, ProviderKit, ProviderSession, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.base import RateLimited
from integrations.quickbooks_online.kit import SIMULATOR_PATH, QuickBooksOnlineKit
from integrations.quickbooks_online.simulator import SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.settings import RegisteredClient
from integrations.quickbooks_online.webhooks import sign
from integrations.ratelimit import InProcessRateLimiter
from integrations.registry import kit_by_slug, kit_for

pytestmark = pytest.mark.usefixtures("app")


@pytest.fixture
def env(settings) -> ProviderEnv:
    kit = QuickBooksOnlineKit()
    probe = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    simulator = create_app(
        SimulatorSettings(
            auto_approve=True,
            clients=(
                RegisteredClient("sim-client-id", "sim-client-secret", (kit.redirect_uri(probe),)),
            ),
        )
    )
    host = Starlette(routes=[Mount(SIMULATOR_PATH, app=simulator)])
    probe.transport = httpx.ASGITransport(app=host)
    return probe


async def _consent(env: ProviderEnv, oauth: OAuthClient) -> dict[str, str]:
    url = oauth.authorization_url("state-123")
    async with httpx.AsyncClient(transport=env.transport) as browser:
        response = await browser.get(url)
    assert response.status_code in (302, 303, 307), response.text
    query = parse_qs(urlparse(response.headers["location"]).query)
    return {key: values[0] for key, values in query.items()}


def test_registry_kit_satisfies_the_engine_protocol() -> None:
    kit = kit_for(Provider.QUICKBOOKS_ONLINE)
    assert isinstance(kit, ProviderKit)
    assert kit_by_slug("quickbooks") is kit


async def _connected(env: ProviderEnv, kit: QuickBooksOnlineKit) -> SessionTarget:
    """Consent, exchange the code and store the connection; the session target of its realm."""
    oauth = kit.oauth(env)
    params = await _consent(env, oauth)
    assert params["state"] == "state-123"
    grant = await oauth.exchange_code(params)
    (company,) = grant.companies
    firm = await Firm.create(external_id="kit-firm")
    connection = await Connection.create(
        firm=firm,
        provider=Provider.QUICKBOOKS_ONLINE,
        status=ConnectionStatus.ACTIVE,
        remote_company_id=company.id,
    )
    await env.credentials.store(connection, grant.tokens)
    return SessionTarget(connection.id, company.id, {})


async def test_kit_oauth_then_session_creates_customer_once(env) -> None:
    kit = QuickBooksOnlineKit()
    target = await _connected(env, kit)
    record = CustomerRecord(
        local_id="c1", display_name="Acme: Ltd", idempotency_key="key-1", address=Address(city="X")
    )
    async with kit.session(env, target) as session:
        assert isinstance(session, ProviderSession)
        assert await session.company_name()
        first = await session.create_customers([record])
        again = await session.create_customers([record])
    assert first[0].ok
    assert again[0].ref == first[0].ref  # same idempotency key: replayed, not duplicated


async def test_kit_session_call_the_budget_cannot_grant_in_time_is_a_throttle(env) -> None:
    kit = QuickBooksOnlineKit()
    target = await _connected(env, kit)
    budget = kit.limiter(env).budget
    env.extras["qbo-limiter"] = InProcessRateLimiter(budget, max_wait=5)
    await kit.limiter(env).penalize(target.remote_company_id, 60)  # a 429 another worker had

    async with kit.session(env, target) as session:
        with pytest.raises(RateLimited) as caught:
            await session.company_name()

    # A throttle, not a failure: the job retries the run once the budget has room.
    assert caught.value.code == "RATE_BUDGET_FULL"
    assert 55 <= caught.value.retry_after <= 60


async def test_kit_webhook_with_forged_signature_is_rejected(env) -> None:
    kit = QuickBooksOnlineKit()
    body = b'{"eventNotifications": []}'
    good = kit.parse_webhook(env, {"intuit-signature": sign(body, "sim-verifier-token")}, body)
    assert good.notices == ()
    with pytest.raises(Exception, match="signature"):
        kit.parse_webhook(env, {"intuit-signature": sign(body, "wrong")}, body)
