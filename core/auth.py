"""Bearer-token verification and development tokens.

The billing application signs a JWT for each user; Ledgersync verifies it (JWKS, a static public
key, a shared secret, or the local development key) and reads the user, the firm and the role.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

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
    return Claims(
        subject=subject,
        firm=firm,
        role=role,
        email=text("email"),
        name=text("name"),
        firm_name=text("firm_name"),
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
