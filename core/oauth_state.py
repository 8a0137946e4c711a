"""The OAuth ``state`` parameter: signed, short-lived, single-use and bound to who started it.

The state travels through the user's browser and the provider's consent page, so it must be
unforgeable (HS256 over a key derived from the first encryption key, never the key itself),
expire quickly (10 minutes), and be accepted once: its nonce is consumed with an atomic
``SET NX EX`` in Redis, so a replayed callback URL cannot connect a second time. It names the
firm and user that asked, so the callback connects that firm, on behalf of that user.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
from redis.asyncio import Redis

from core.errors import ValidationFailed
from core.models.enums import Provider
from core.settings import Settings

STATE_TTL = timedelta(minutes=10)
AUDIENCE = "ledgersync:oauth-state"
_KEY_LABEL = b"ledgersync oauth state v1"
_NONCE_PREFIX = "oauth-state:"


class OAuthStateInvalid(ValidationFailed):
    """The callback's state is malformed, forged, expired, already used or for someone else.

    ``reason`` is one of ``malformed``, ``tampered``, ``expired``, ``reused``, ``mismatch``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message, field="state")
        self.reason = reason


@dataclass(frozen=True, slots=True)
class OAuthState:
    """What a verified state says: who started the connection, to which provider."""

    firm_id: UUID
    user_id: UUID
    provider: Provider
    nonce: str
    expires_at: datetime


def derive_state_key(encryption_key: bytes) -> bytes:
    """A signing key of its own, derived from the token-encryption key (HMAC-SHA256 as a KDF)."""
    return hmac.new(encryption_key, _KEY_LABEL, hashlib.sha256).digest()


class OAuthStates:
    """Issues and consumes OAuth states; ``redis`` remembers consumed nonces until they expire."""

    def __init__(self, encryption_key: bytes, redis: Redis, *, ttl: timedelta = STATE_TTL) -> None:
        self._key = derive_state_key(encryption_key)
        self._redis = redis
        self._ttl = ttl

    def issue(
        self, *, firm_id: UUID, user_id: UUID, provider: Provider, now: datetime | None = None
    ) -> str:
        """A signed state for this firm, user and provider."""
        issued = now or datetime.now(UTC)
        claims = {
            "aud": AUDIENCE,
            "fid": str(firm_id),
            "uid": str(user_id),
            "prv": provider.value,
            "jti": secrets.token_urlsafe(16),
            "iat": int(issued.timestamp()),
            "exp": int((issued + self._ttl).timestamp()),
        }
        return jwt.encode(claims, self._key, algorithm="HS256")

    def verify(
        self,
        token: str,
        *,
        provider: Provider,
        firm_id: UUID | None = None,
        user_id: UUID | None = None,
    ) -> OAuthState:
        """Check signature, expiry, provider and (when given) firm and user; no side effect."""
        try:
            claims = jwt.decode(
                token,
                self._key,
                algorithms=["HS256"],
                audience=AUDIENCE,
                options={"require": ["exp", "iat", "jti", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise OAuthStateInvalid(
                "expired", "The connection request expired: start connecting again."
            ) from None
        except jwt.InvalidSignatureError:
            raise OAuthStateInvalid(
                "tampered", "The connection request's state was altered: start again."
            ) from None
        except jwt.PyJWTError:
            raise OAuthStateInvalid(
                "malformed", "The connection request's state is not one Ledgersync issued."
            ) from None
        state = _parse(claims)
        expected = (provider, firm_id or state.firm_id, user_id or state.user_id)
        if (state.provider, state.firm_id, state.user_id) != expected:
            raise OAuthStateInvalid(
                "mismatch", "The connection request was started by another user, firm or provider."
            )
        return state

    async def consume(
        self,
        token: str,
        *,
        provider: Provider,
        firm_id: UUID | None = None,
        user_id: UUID | None = None,
    ) -> OAuthState:
        """Verify, then mark the nonce used; a second call with the same state fails."""
        state = self.verify(token, provider=provider, firm_id=firm_id, user_id=user_id)
        remaining = max(1, int((state.expires_at - datetime.now(UTC)).total_seconds()) + 1)
        first = await self._redis.set(_NONCE_PREFIX + state.nonce, "1", nx=True, ex=remaining)
        if not first:
            raise OAuthStateInvalid(
                "reused", "This connection request was already used: start connecting again."
            )
        return state


def _parse(claims: dict[str, object]) -> OAuthState:
    try:
        return OAuthState(
            firm_id=UUID(str(claims["fid"])),
            user_id=UUID(str(claims["uid"])),
            provider=Provider(str(claims["prv"])),
            nonce=str(claims["jti"]),
            expires_at=datetime.fromtimestamp(int(str(claims["exp"])), UTC),
        )
    except (KeyError, ValueError):
        raise OAuthStateInvalid(
            "malformed", "The connection request's state is not one Ledgersync issued."
        ) from None


def states_for(settings: Settings, redis: Redis) -> OAuthStates:
    """The process's OAuth states: signed with a key derived from the first encryption key."""
    return OAuthStates(settings.fernet_keys[0], redis)
