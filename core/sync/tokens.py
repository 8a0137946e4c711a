"""Fenced token refresh: one refresh per connection at a time, across every process.

Refresh tokens rotate: whoever refreshes must store the newest one, and a second refresher using
the previous token may be refused (``invalid_grant``) or, worse, fork the chain. So:

1. an in-process lock per connection lets one task refresh while the others wait (single flight);
2. across processes, the refresh runs inside a transaction holding the connection's row lock
   (``SELECT … FOR UPDATE`` on PostgreSQL), and the row is re-read after the lock is acquired —
   if another process refreshed meanwhile, its tokens are used and no refresh is sent;
3. the write is a compare-and-swap on ``credentials_version`` (the fence that also protects
   SQLite, which has no row locks);
4. on ``invalid_grant`` the row is re-read before the connection is declared EXPIRED: a newer
   version means another process won the race, and its tokens are returned instead.

An access token the platform refuses (HTTP 401) although it has not expired by our clock — it
may have been revoked, or have expired while the call waited in the rate budget — is replaced by
one forced refresh through the same fence (:meth:`CredentialStore.replace_refused`); the call is
then sent once more. A 401 alone never ends the connection: only a refused refresh token does.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import UUID

from tortoise.transactions import in_transaction

from core.crypto import SecretBox
from core.models import Connection
from core.models.enums import ConnectionStatus
from core.sync.ports import AuthExpired, InvalidGrant, TokenRefresher, TokenSet

logger = logging.getLogger("ledgersync.tokens")

REFRESH_MARGIN = timedelta(minutes=5)
RECONNECT_HINT = "Reconnect the accounting platform from the connection settings."


class CredentialStore:
    """Reads and stores a connection's encrypted tokens and refreshes them, fenced."""

    def __init__(
        self,
        box: SecretBox,
        *,
        margin: timedelta = REFRESH_MARGIN,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._box = box
        self._margin = margin
        self._clock = clock or _utcnow
        self._locks: dict[UUID, asyncio.Lock] = {}

    def encrypt(self, tokens: TokenSet) -> str:
        """Encrypt a token set for storage."""
        return self._box.encrypt(tokens.to_document())

    def decrypt(self, connection: Connection) -> TokenSet:
        """The connection's token set; AuthExpired if it has none."""
        if not connection.credentials:
            raise AuthExpired("the connection holds no credentials", hint=RECONNECT_HINT)
        return TokenSet.from_document(self._box.decrypt(connection.credentials))

    async def store(self, connection: Connection, tokens: TokenSet) -> None:
        """Store a fresh token set (after a new authorization), bumping the version."""
        connection.credentials = self.encrypt(tokens)
        connection.credentials_version += 1
        _copy_expiries(connection, tokens)
        await connection.save()

    async def access_token(self, connection_id: UUID, refresher: TokenRefresher) -> TokenSet:
        """A token set whose access token is valid for at least the margin, refreshing if needed."""
        connection = await Connection.get(id=connection_id)
        tokens = self._usable(connection)
        if tokens.access_valid_for(self._margin, self._clock()):
            return tokens
        return await self.refresh(
            connection_id, refresher, seen_version=connection.credentials_version
        )

    async def replace_refused(
        self, connection_id: UUID, refresher: TokenRefresher, refused_access_token: str
    ) -> TokenSet:
        """The platform refused this access token (HTTP 401) before it looked expired to us.

        Refresh once, through the same fence, unless the stored access token is already another
        one (another task or process refreshed meanwhile): its tokens are returned instead. Only
        a refused refresh token ends the connection (see :meth:`refresh`).
        """
        connection = await Connection.get(id=connection_id)
        tokens = self._usable(connection)
        if tokens.access_token != refused_access_token:
            return tokens
        logger.info("access token of connection %s refused; refreshing once", connection_id)
        return await self.refresh(
            connection_id, refresher, seen_version=connection.credentials_version, force=True
        )

    async def refresh(
        self,
        connection_id: UUID,
        refresher: TokenRefresher,
        *,
        seen_version: int,
        force: bool = False,
    ) -> TokenSet:
        """Refresh unless someone already did since ``seen_version``; return the newest tokens.

        ``force`` refreshes even while the access token still looks valid (it was refused).
        """
        lock = self._locks.setdefault(connection_id, asyncio.Lock())
        async with lock:
            try:
                return await self._refresh_locked(connection_id, refresher, seen_version, force)
            except InvalidGrant as exc:
                return await self._after_invalid_grant(connection_id, seen_version, exc)

    async def _refresh_locked(
        self, connection_id: UUID, refresher: TokenRefresher, seen_version: int, force: bool
    ) -> TokenSet:
        async with in_transaction() as tx:
            connection = (
                await Connection.filter(id=connection_id).select_for_update().using_db(tx).get()
            )
            tokens = self._usable(connection)
            still_valid = not force and tokens.access_valid_for(self._margin, self._clock())
            if connection.credentials_version != seen_version or still_valid:
                return tokens
            fresh = await refresher.refresh(tokens)
            new_version = connection.credentials_version + 1
            updated = (
                await Connection.filter(id=connection_id, credentials_version=seen_version)
                .using_db(tx)
                .update(
                    credentials=self.encrypt(fresh),
                    credentials_version=new_version,
                    access_expires_at=fresh.access_expires_at,
                    refresh_expires_at=fresh.refresh_expires_at,
                    refresh_hard_expires_at=fresh.refresh_hard_expires_at,
                )
            )
        if updated:
            logger.info(
                "refreshed tokens of connection %s (version %s)", connection_id, new_version
            )
            return fresh
        # Lost the compare-and-swap (possible only without row locks): the winner's tokens stand.
        return self._usable(await Connection.get(id=connection_id))

    async def _after_invalid_grant(
        self, connection_id: UUID, seen_version: int, exc: InvalidGrant
    ) -> TokenSet:
        connection = await Connection.get(id=connection_id)
        if connection.credentials_version != seen_version:
            return self._usable(connection)
        connection.status = ConnectionStatus.EXPIRED
        connection.last_error = f"The platform refused the refresh token: {exc.message}"
        await connection.save(update_fields=["status", "last_error", "updated_at"])
        logger.warning("connection %s expired: refresh token refused", connection_id)
        raise InvalidGrant(exc.message, hint=RECONNECT_HINT) from exc

    def _usable(self, connection: Connection) -> TokenSet:
        if connection.status in (ConnectionStatus.EXPIRED, ConnectionStatus.REVOKED):
            raise AuthExpired(
                f"the connection is {connection.status.value.lower()}", hint=RECONNECT_HINT
            )
        return self.decrypt(connection)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _copy_expiries(connection: Connection, tokens: TokenSet) -> None:
    connection.access_expires_at = tokens.access_expires_at
    connection.refresh_expires_at = tokens.refresh_expires_at
    connection.refresh_hard_expires_at = tokens.refresh_hard_expires_at
