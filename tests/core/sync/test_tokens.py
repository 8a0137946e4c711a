"""Fenced token refresh: single flight, re-read after lock, CAS, invalid_grant handling."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from core.crypto import SecretBox
from core.models import Connection, Firm
from core.models.enums import ConnectionStatus, Provider
from core.sync.ports import AuthExpired, InvalidGrant, TokenSet
from core.sync.tokens import CredentialStore

pytestmark = pytest.mark.usefixtures("app")


class StrictRotatingProvider:
    """A token endpoint whose previous refresh token dies the moment a new one is issued."""

    def __init__(self, first_refresh: str) -> None:
        self.valid_refresh = first_refresh
        self.calls = 0
        self.refused = 0
        self._ids = itertools.count(1)

    async def refresh(self, tokens: TokenSet) -> TokenSet:
        self.calls += 1
        await asyncio.sleep(0.005)  # a network round trip, so racing tasks overlap
        if tokens.refresh_token != self.valid_refresh:
            self.refused += 1
            raise InvalidGrant("Incorrect or invalid refresh token")
        n = next(self._ids)
        self.valid_refresh = f"refresh-{n}"
        return TokenSet(
            access_token=f"access-{n}",
            refresh_token=self.valid_refresh,
            access_expires_at=datetime.now(UTC) + timedelta(hours=1),
        )


@pytest.fixture
def store(settings) -> CredentialStore:
    return CredentialStore(SecretBox(settings.fernet_keys))


async def _connection(store: CredentialStore, *, expires_in: timedelta) -> Connection:
    firm = await Firm.create(external_id="f-tokens")
    connection = await Connection.create(
        firm=firm, provider=Provider.QUICKBOOKS_ONLINE, status=ConnectionStatus.ACTIVE
    )
    await store.store(
        connection,
        TokenSet(
            access_token="access-0",
            refresh_token="refresh-0",
            access_expires_at=datetime.now(UTC) + expires_in,
        ),
    )
    return connection


async def test_access_token_still_valid_is_returned_without_refresh(store) -> None:
    connection = await _connection(store, expires_in=timedelta(hours=1))
    provider = StrictRotatingProvider("refresh-0")
    tokens = await store.access_token(connection.id, provider)
    assert tokens.access_token == "access-0"
    assert provider.calls == 0


async def test_access_token_expired_with_many_concurrent_callers_refreshes_once(store) -> None:
    connection = await _connection(store, expires_in=timedelta(seconds=-1))
    provider = StrictRotatingProvider("refresh-0")
    results = await asyncio.gather(
        *(store.access_token(connection.id, provider) for _ in range(25))
    )
    assert provider.calls == 1
    assert provider.refused == 0
    assert {t.access_token for t in results} == {"access-1"}
    stored = await Connection.get(id=connection.id)
    assert stored.credentials_version == 2
    assert store.decrypt(stored).refresh_token == provider.valid_refresh


async def test_refresh_with_stale_seen_version_uses_stored_tokens(store, settings) -> None:
    connection = await _connection(store, expires_in=timedelta(seconds=-1))
    provider = StrictRotatingProvider("refresh-0")
    await store.access_token(connection.id, provider)
    # Another process's store, which read the row (version 1) before the refresh above.
    other = CredentialStore(SecretBox(settings.fernet_keys))
    tokens = await other.refresh(connection.id, provider, seen_version=1)
    assert tokens.access_token == "access-1"
    assert provider.calls == 1


async def test_refresh_invalid_grant_marks_connection_expired_with_hint(store) -> None:
    connection = await _connection(store, expires_in=timedelta(seconds=-1))
    provider = StrictRotatingProvider("someone-else-rotated-it")
    with pytest.raises(InvalidGrant) as caught:
        await store.access_token(connection.id, provider)
    assert caught.value.hint
    assert "Reconnect" in caught.value.hint
    stored = await Connection.get(id=connection.id)
    assert stored.status == ConnectionStatus.EXPIRED
    assert "refresh token" in (stored.last_error or "")
    with pytest.raises(AuthExpired):
        await store.access_token(connection.id, provider)


async def test_refresh_invalid_grant_after_another_process_won_returns_winner_tokens(store) -> None:
    connection = await _connection(store, expires_in=timedelta(seconds=-1))
    provider = StrictRotatingProvider("refresh-0")
    await store.access_token(connection.id, provider)  # version 1 -> 2, refresh-0 now dead
    # Without row locks (SQLite) another process that read version 1 may still send refresh-0
    # and be refused: it must pick up the winner's tokens, not expire the connection.
    tokens = await store._after_invalid_grant(connection.id, 1, InvalidGrant("refused"))
    assert tokens.access_token == "access-1"
    stored = await Connection.get(id=connection.id)
    assert stored.status == ConnectionStatus.ACTIVE


async def test_stored_credentials_are_encrypted_at_rest(store) -> None:
    connection = await _connection(store, expires_in=timedelta(hours=1))
    stored = await Connection.get(id=connection.id)
    assert stored.credentials is not None
    assert "access-0" not in stored.credentials
    assert "refresh-0" not in stored.credentials


async def test_replace_refused_with_many_concurrent_callers_refreshes_once(store) -> None:
    """The platform refused a token that is valid by our clock: one fenced refresh for all."""
    connection = await _connection(store, expires_in=timedelta(hours=1))
    provider = StrictRotatingProvider("refresh-0")

    results = await asyncio.gather(
        *(store.replace_refused(connection.id, provider, "access-0") for _ in range(10))
    )

    assert provider.calls == 1
    assert provider.refused == 0
    assert {t.access_token for t in results} == {"access-1"}
    stored = await Connection.get(id=connection.id)
    assert (stored.status, stored.credentials_version) == (ConnectionStatus.ACTIVE, 2)


async def test_replace_refused_token_already_replaced_sends_no_refresh(store) -> None:
    connection = await _connection(store, expires_in=timedelta(seconds=-1))
    provider = StrictRotatingProvider("refresh-0")
    await store.access_token(connection.id, provider)  # access-0 replaced by access-1

    tokens = await store.replace_refused(connection.id, provider, "access-0")

    assert tokens.access_token == "access-1"
    assert provider.calls == 1


async def test_replace_refused_with_a_dead_refresh_token_expires_the_connection(store) -> None:
    connection = await _connection(store, expires_in=timedelta(hours=1))
    provider = StrictRotatingProvider("someone-else-rotated-it")

    with pytest.raises(InvalidGrant):
        await store.replace_refused(connection.id, provider, "access-0")

    stored = await Connection.get(id=connection.id)
    assert stored.status == ConnectionStatus.EXPIRED
