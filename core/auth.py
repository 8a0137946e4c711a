"""Bearer-token verification and development tokens.

The billing application signs a JWT for each user; Ledgersync verifies it (JWKS, a static public
key, a shared secret, or the local development key) and reads the user, the firm and the role.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import jwt

from core.models.enums import Role
from core.settings import Settings, SettingsError, ensure_private_file
from core.text import text_problem

DEV_ISSUER = "ledgersync-dev"
CLOCK_LEEWAY_SECONDS = 30
# The sizes of the columns the claims are stored in (Firm and User external_id, name, email).
ID_CLAIM_MAX_LENGTH = 128
TEXT_CLAIM_MAX_LENGTH = 255


class AuthError(Exception):
    """The bearer token is missing, malformed, expired or not signed by a trusted key."""


@dataclass(frozen=True, slots=True)
class Claims:
    """What a verified token says about its bearer."""

    subject: str
    firm: str
    role: Role | None
    email: str | None = None
    name: str | None = None
    firm_name: str | None = None
    expires_at: float | None = None


class TokenVerifier:
    """Verifies bearer JWTs with the key source the settings name."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        self._dev_key: str | None = None
        if settings.dev_mode:
            self._dev_key = ensure_private_file(settings.dev_jwt_key_file, _new_dev_key())

    def verify(self, token: str) -> Claims:
        """Return the token's claims, or raise :class:`AuthError` saying why it was refused."""
        try:
            jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(
                "the bearer token is not a JWT (three base64url parts separated by dots)"
            ) from exc
        try:
            key, algorithms = self._key_for(token)
            options = {"require": ["exp", "sub"]}
            payload = jwt.decode(
                token,
                key=key,
                algorithms=algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._expected_issuer(token),
                leeway=CLOCK_LEEWAY_SECONDS,
                options=options,  # type: ignore[arg-type]
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("the bearer token has expired") from exc
        except jwt.PyJWTError as exc:
            raise AuthError(f"the bearer token is not valid: {exc}") from exc
        return _claims_from(payload)

    def _expected_issuer(self, token: str) -> str | None:
        if self._dev_key is not None and _unverified_issuer(token) == DEV_ISSUER:
            return DEV_ISSUER
        return self._settings.jwt_issuer

    def _key_for(self, token: str) -> tuple[Any, list[str]]:
        if self._dev_key is not None and _unverified_issuer(token) == DEV_ISSUER:
            return self._dev_key, ["HS256"]
        if self._jwks is not None:
            signing_key = self._jwks.get_signing_key_from_jwt(token)
            return signing_key.key, ["RS256", "ES256", "PS256", "EdDSA"]
        if self._settings.jwt_public_key is not None:
            return self._settings.jwt_public_key.get_secret_value(), ["RS256", "ES256", "PS256"]
        if self._settings.jwt_secret is not None:
            return self._settings.jwt_secret.get_secret_value(), ["HS256"]
        if self._dev_key is not None:
            raise AuthError(
                f"the bearer token is not a development token (its `iss` is not {DEV_ISSUER}), "
                "and development mode has no other key to verify it with"
            )
        raise AuthError("no key is configured to verify bearer tokens")


def _new_dev_key() -> str:
    import secrets

    return secrets.token_urlsafe(48)


def _unverified_issuer(token: str) -> str | None:
    try:
        payload = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    issuer = payload.get("iss")
    return issuer if isinstance(issuer, str) else None


def _check_claim(key: str, value: str | None, max_length: int) -> None:
    """Refuse a claim the books cannot store (the token is the billing application's, but a
    claim it should not have written must not fail the request on storing it)."""
    problem = text_problem(value, max_length) if value is not None else None
    if problem is not None:
        raise AuthError(f"the bearer token's `{key}` claim {problem}")


def _claims_from(payload: dict[str, object]) -> Claims:
    subject = payload.get("sub")
    firm = payload.get("firm_id") or payload.get("firm")
    if not isinstance(subject, str) or not subject:
        raise AuthError("the bearer token has no `sub` claim naming the user")
    if not isinstance(firm, str) or not firm:
        raise AuthError("the bearer token has no `firm_id` claim naming the firm")
    raw_role = payload.get("role")
    role: Role | None = None
    if raw_role is not None:
        try:
            role = Role(str(raw_role))
        except ValueError as exc:
            allowed = ", ".join(r.value for r in Role)
            raise AuthError(f"the `role` claim must be one of {allowed}") from exc

    def text(key: str) -> str | None:
        value = payload.get(key)
        return value if isinstance(value, str) else None

    _check_claim("sub", subject, ID_CLAIM_MAX_LENGTH)
    _check_claim("firm_id" if payload.get("firm_id") else "firm", firm, ID_CLAIM_MAX_LENGTH)
    for key in ("email", "name", "firm_name"):
        _check_claim(key, text(key), TEXT_CLAIM_MAX_LENGTH)
    expiry = payload.get("exp")
    return Claims(
        subject=subject,
        firm=firm,
        role=role,
        email=text("email"),
        name=text("name"),
        firm_name=text("firm_name"),
        expires_at=float(expiry) if isinstance(expiry, int | float) else None,
    )


def mint_dev_token(
    settings: Settings,
    *,
    firm: str,
    role: Role,
    user: str = "dev-user",
    email: str | None = None,
    name: str | None = None,
    ttl_seconds: int = 12 * 3600,
) -> str:
    """Sign a development token with the local development key (development mode only)."""
    if not settings.dev_mode:
        raise SettingsError(
            "development tokens can only be minted when LEDGERSYNC_DEV_MODE=true: "
            "in production your billing application signs the tokens"
        )
    key = ensure_private_file(settings.dev_jwt_key_file, _new_dev_key())
    now = int(time.time())
    payload: dict[str, object] = {
        "iss": DEV_ISSUER,
        "sub": user,
        "firm_id": firm,
        "role": role.value,
        "iat": now,
        "exp": now + ttl_seconds,
    }
    if settings.jwt_audience:
        payload["aud"] = settings.jwt_audience
    if email:
        payload["email"] = email
    if name:
        payload["name"] = name
    return jwt.encode(payload, key, algorithm="HS256")


class Principal(Protocol):
    """What the principal cache needs to know of a signed-in caller."""

    @property
    def user_id(self) -> Hashable:
        """The user's local id."""

    @property
    def firm_id(self) -> Hashable:
        """The firm's local id."""

    @property
    def role(self) -> Role:
        """The member's role in the firm."""


PrincipalT = TypeVar("PrincipalT", bound=Principal)

PRINCIPAL_CACHE_MAX_ENTRIES = 10_000


@dataclass(slots=True)
class _Entry(Generic[PrincipalT]):
    principal: PrincipalT
    expires_at: float


class PrincipalCache(Generic[PrincipalT]):
    """Whom each verified bearer token signed in as, remembered for a few seconds.

    A request whose token is remembered skips the signature check and the sign-in query. How a
    remembered caller stops being used:

    - an entry lives at most ``ttl_seconds`` and never past its token's ``exp``;
    - when this process signs a member in with a role other than the one an entry holds for the
      same user and firm (a token with a new ``role`` claim has just updated the stored role),
      every entry of that member is dropped at once;
    - other processes hold their entries until they expire, so they apply a role change within
      ``ttl_seconds``. With ``ttl_seconds=0`` nothing is remembered.

    At most ``max_entries`` tokens are kept; the oldest entry gives way to a new one.
    """

    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = PRINCIPAL_CACHE_MAX_ENTRIES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._clock = clock
        self._entries: dict[bytes, _Entry[PrincipalT]] = {}
        self._by_member: dict[tuple[Hashable, Hashable], set[bytes]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    @staticmethod
    def _key(token: str) -> bytes:
        # A digest, so the cache never holds the bearer tokens themselves.
        return hashlib.sha256(token.encode()).digest()

    def get(self, token: str) -> PrincipalT | None:
        """The caller ``token`` signed in as, if remembered and not expired."""
        key = self._key(token)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if self._clock() >= entry.expires_at:
            self._drop(key)
            return None
        return entry.principal

    def put(self, token: str, principal: PrincipalT, *, token_expires_at: float | None) -> None:
        """Remember a caller just signed in with a verified ``token``.

        Entries of the same member holding another role are dropped: the role has changed.
        """
        member = (principal.user_id, principal.firm_id)
        for stale in list(self._by_member.get(member, ())):
            if self._entries[stale].principal.role != principal.role:
                self._drop(stale)
        if self._ttl <= 0:
            return
        expires_at = self._clock() + self._ttl
        if token_expires_at is not None:
            expires_at = min(expires_at, token_expires_at)
        key = self._key(token)
        self._drop(key)
        while len(self._entries) >= self._max:
            self._drop(next(iter(self._entries)))
        self._entries[key] = _Entry(principal, expires_at)
        self._by_member.setdefault(member, set()).add(key)

    def _drop(self, key: bytes) -> None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return
        member = (entry.principal.user_id, entry.principal.firm_id)
        keys = self._by_member.get(member)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del self._by_member[member]
