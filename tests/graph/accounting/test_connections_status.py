"""Status tells the truth: EXPIRED on a refused refresh token, ERROR with the last error."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from core.models import Connection
from core.models.enums import ConnectionStatus
from core.services.connections import (
    ConnectionNotActive,
    open_session,
    record_connection_failure,
    record_connection_success,
)
from core.sync.ports import AuthExpired, InvalidGrant, ProviderUnavailable, RemoteValidation
from integrations.registry import kit_for

CONNECTION = """
query($id: ID!) { connection(id: $id) { status lastError reconnectHint refreshHardExpiresAt } }"""


async def _age_local_access_token(app, connection: Connection) -> None:
    """Make the stored access token look expired, so the next call must refresh."""
    store = app.state.runtime.providers.credentials
    tokens = store.decrypt(connection)
    aged = dataclasses.replace(tokens, access_expires_at=datetime.now(UTC) - timedelta(minutes=1))
    await Connection.filter(id=connection.id).update(credentials=store.encrypt(aged))


async def test_refresh_token_stolen_under_strict_rotation_marks_connection_expired(
    app, gql, connect, sim
) -> None:
    outcome = await connect(provider=sim.provider)
    connection = await Connection.get()
    providers = app.state.runtime.providers
    stolen = providers.credentials.decrypt(connection).refresh_token
    assert stolen is not None
    sim.steal_refresh_token(app, stolen)  # someone else rotates the chain first
    await _age_local_access_token(app, connection)

    kit = kit_for(connection.provider)
    with pytest.raises(InvalidGrant):
        async with open_session(kit, providers, await Connection.get()) as session:
            await session.company_name()

    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert shown["status"] == "EXPIRED"
    assert "refused the refresh token" in shown["lastError"]
    assert "Reconnect" in shown["reconnectHint"]
    # Intuit's refresh tokens have a hard expiry; Xero's only expire unused (60 days).
    assert (shown["refreshHardExpiresAt"] is not None) is (sim.provider == "QUICKBOOKS_ONLINE")


async def test_open_session_on_expired_connection_is_refused_with_hint(app, connect) -> None:
    await connect()
    await Connection.all().update(status=ConnectionStatus.EXPIRED)
    connection = await Connection.get()
    with pytest.raises(ConnectionNotActive) as caught:
        async with open_session(
            kit_for(connection.provider), app.state.runtime.providers, connection
        ):
            pass
    assert caught.value.status is ConnectionStatus.EXPIRED
    assert caught.value.hint
    assert "expired" in caught.value.message


async def test_open_session_on_revoked_connection_is_refused(app, gql, connect) -> None:
    await connect()
    await Connection.all().update(status=ConnectionStatus.REVOKED)
    connection = await Connection.get()
    with pytest.raises(ConnectionNotActive):
        async with open_session(
            kit_for(connection.provider), app.state.runtime.providers, connection
        ):
            pass


async def test_record_failure_maps_errors_to_status(gql, connect) -> None:
    outcome = await connect()
    connection = await Connection.get()

    await record_connection_failure(connection.id, ProviderUnavailable("Intuit answered 503"))
    assert (await Connection.get()).status is ConnectionStatus.ACTIVE

    await record_connection_failure(connection.id, RemoteValidation("company is read-only"))
    shown = (await gql.data(CONNECTION, {"id": outcome["connection"]}))["connection"]
    assert shown["status"] == "ERROR"
    assert shown["lastError"] == "company is read-only"
    assert shown["reconnectHint"]

    await record_connection_success(connection.id)
    assert (await Connection.get()).status is ConnectionStatus.ACTIVE

    await record_connection_failure(connection.id, AuthExpired("access token refused"))
    assert (await Connection.get()).status is ConnectionStatus.EXPIRED
