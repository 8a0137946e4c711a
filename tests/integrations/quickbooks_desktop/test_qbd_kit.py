"""The QuickBooks Desktop kit: its capabilities, ledger sessions, SOAP route and simulator."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from core.crypto import SecretBox
from core.models import Connection, ProviderRequest
from core.models.enums import ConnectionStatus, Provider
from core.settings import Settings
from core.sync.ports import AwaitingProvider, Capability, ProviderError, WebhookSignatureError
from core.sync.records import CustomerRecord
from core.sync.session import ProviderEnv, SessionTarget
from core.sync.tokens import CredentialStore
from integrations.quickbooks_desktop.config import SIMULATOR_PATH, QbdSettings
from integrations.quickbooks_desktop.kit import SETTINGS_KEY, QuickBooksDesktopKit
from integrations.registry import REGISTRY
from tests.integrations.quickbooks_desktop.qbd_rig import BASE_URL, rig


@pytest.fixture
def env(settings: Settings) -> ProviderEnv:
    built = ProviderEnv(
        settings=settings, credentials=CredentialStore(SecretBox(settings.fernet_keys))
    )
    built.extras[SETTINGS_KEY] = QbdSettings(environment="simulator")
    return built


@pytest.fixture
async def mounted(app, env: ProviderEnv) -> AsyncIterator[tuple[Starlette, httpx.AsyncClient]]:  # type: ignore[no-untyped-def]
    kit = QuickBooksDesktopKit()
    holder: list[Starlette] = []

    def client() -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=holder[0]), base_url=BASE_URL)

    mount = kit.simulator_mount(env, client)
    assert mount is not None
    served = Starlette(routes=[*kit.routes(env), Mount(mount[0], app=mount[1])])
    holder.append(served)
    async with client() as http:
        yield served, http


def test_kit_declares_a_request_queue_and_no_oauth_or_webhooks(env: ProviderEnv) -> None:
    kit = QuickBooksDesktopKit()

    assert kit.provider is Provider.QUICKBOOKS_DESKTOP
    assert Capability.REQUEST_QUEUE in kit.capabilities
    assert Capability.OAUTH2 not in kit.capabilities
    assert Capability.WEBHOOKS not in kit.capabilities
    with pytest.raises(ProviderError):
        kit.oauth(env)
    with pytest.raises(WebhookSignatureError):
        kit.parse_webhook(env, {}, b"")
    assert isinstance(REGISTRY[Provider.QUICKBOOKS_DESKTOP], QuickBooksDesktopKit)


def test_simulator_is_not_mounted_in_production(env: ProviderEnv) -> None:
    env.extras[SETTINGS_KEY] = QbdSettings(environment="production")

    assert QuickBooksDesktopKit().simulator_mount(env, httpx.AsyncClient) is None


async def test_control_api_runs_a_web_connector_session_against_the_endpoint(
    mounted: tuple[Starlette, httpx.AsyncClient], env: ProviderEnv
) -> None:
    _, http = mounted
    async with rig() as helper:
        book = await helper.book(company_name="Control Books")
    base = f"{SIMULATOR_PATH}/_control/companies"

    created = await http.post(base, json={"name": "Control Books", "file_id": book.company.file_id})
    file_id = created.json()["file_id"]
    await http.post(
        f"{base}/{file_id}/connector", json={"user_name": book.user_name, "password": book.password}
    )
    wrong = await http.post(f"{base}/{file_id}/sessions", json={"faults": {"wrong_password": True}})
    right = await http.post(f"{base}/{file_id}/sessions", json={})
    connection = await Connection.get(id=book.connection.id)

    assert created.status_code == 201
    assert wrong.json()["outcome"] == "nvu"
    assert right.json()["outcome"] == "done"
    assert right.json()["calls"][-1] == "closeConnection"
    assert connection.status is ConnectionStatus.ACTIVE
    assert connection.remote_company_name == "Control Books"


async def test_kit_session_queues_currency_for_a_multicurrency_company_file(
    mounted: tuple[Starlette, httpx.AsyncClient], env: ProviderEnv
) -> None:
    _, http = mounted
    async with rig() as helper:
        book = await helper.book()
    base = f"{SIMULATOR_PATH}/_control/companies"
    await http.post(
        base, json={"name": "MC", "file_id": book.company.file_id, "multicurrency": True}
    )
    await http.post(
        f"{base}/{book.company.file_id}/connector",
        json={"user_name": book.user_name, "password": book.password},
    )
    await http.post(f"{base}/{book.company.file_id}/sessions", json={})
    kit = QuickBooksDesktopKit()
    target = SessionTarget(book.connection.id, book.company.file_id, {})

    async with kit.session(env, target, run_id=uuid.uuid4()) as session:
        with pytest.raises(AwaitingProvider) as waiting:
            await session.create_customers(
                [CustomerRecord("c1", "Maple Ltd", "k-1", currency="CAD")]
            )
    entry = await ProviderRequest.get(connection_id=book.connection.id)

    assert "Web Connector" in waiting.value.message
    assert "<CurrencyRef><FullName>Canadian Dollar</FullName></CurrencyRef>" in entry.request_body
