"""OAuth 2.0 grants: authorization codes, rotating refresh tokens and access tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from .settings import SimulatorSettings


class TokenError(Exception):
    """An OAuth error answered as `{"error": ..., "error_description": ...}`."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description


class AccessDenied(Exception):
    """The bearer token is unknown, expired or revoked; `detail` goes into the 401 body."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass
class Grant:
    """One consent: a company connected to a client, with its chain of refresh tokens."""

    grant_id: str
    client_id: str
    realm_id: str
    scope: str
    created_at: datetime
    current_refresh: str = ""
    revoked: bool = False


@dataclass
class RefreshToken:
    """One refresh token; `superseded_at` is set once a newer one was issued."""

    token: str
    grant_id: str
    expires_at: datetime
    superseded_at: datetime | None = None


@dataclass
class AccessToken:
    """One access token."""

    token: str
    grant_id: str
    realm_id: str
    expires_at: datetime


@dataclass
class AuthCode:
    """A single-use authorization code."""

    code: str
    client_id: str
    redirect_uri: str
    realm_id: str
    scope: str
    expires_at: datetime
    used: bool = False


@dataclass(frozen=True)
class TokenSet:
    """What the token endpoint answers."""

    access_token: str
    refresh_token: str
    expires_in: int
    refresh_expires_in: int
    hard_expires_in: int


class TokenStore:
    """All OAuth state of the simulator."""

    def __init__(self, settings: SimulatorSettings) -> None:
        self._settings = settings
        self.codes: dict[str, AuthCode] = {}
        self.grants: dict[str, Grant] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.access_tokens: dict[str, AccessToken] = {}

    def _now(self) -> datetime:
        return self._settings.clock.now()

    def issue_code(self, client_id: str, redirect_uri: str, realm_id: str, scope: str) -> str:
        """Create an authorization code for the consent just given."""
        code = "AB" + secrets.token_urlsafe(30)
        expires = self._now() + timedelta(seconds=self._settings.auth_code_ttl_seconds)
        self.codes[code] = AuthCode(code, client_id, redirect_uri, realm_id, scope, expires)
        return code

    def exchange_code(self, client_id: str, code: str, redirect_uri: str) -> TokenSet:
        """authorization_code grant; codes are single-use and short-lived."""
        record = self.codes.get(code)
        if record is None or record.used or record.client_id != client_id:
            raise TokenError(400, "invalid_grant", "Invalid authorization code")
        if self._now() >= record.expires_at:
            raise TokenError(400, "invalid_grant", "Authorization code has expired")
        if record.redirect_uri != redirect_uri:
            raise TokenError(400, "invalid_grant", "redirect_uri does not match")
        record.used = True
        grant = Grant(
            "g" + secrets.token_hex(8), client_id, record.realm_id, record.scope, self._now()
        )
        self.grants[grant.grant_id] = grant
        return self._issue(grant, rotate=True)

    def refresh(self, client_id: str, token: str) -> TokenSet:
        """refresh_token grant; the refresh token rotates on every use."""
        record = self.refresh_tokens.get(token)
        grant = self.grants.get(record.grant_id) if record else None
        if record is None or grant is None or grant.client_id != client_id or grant.revoked:
            raise TokenError(400, "invalid_grant", "Incorrect or invalid refresh token")
        now = self._now()
        if now >= record.expires_at or now >= self._hard_expiry(grant):
            raise TokenError(400, "invalid_grant", "Token has been expired or revoked")
        if token == grant.current_refresh:
            return self._issue(grant, rotate=True)
        if self._settings.rotation == "strict" or record.superseded_at is None:
            raise TokenError(400, "invalid_grant", "Incorrect or invalid refresh token")
        grace_end = record.superseded_at + timedelta(seconds=self._settings.refresh_grace_seconds)
        if now >= grace_end:
            raise TokenError(400, "invalid_grant", "Incorrect or invalid refresh token")
        # A client that lost the previous response gets the newest refresh token back rather
        # than forking the chain.
        return self._issue(grant, rotate=False)

    def _hard_expiry(self, grant: Grant) -> datetime:
        return grant.created_at + timedelta(seconds=self._settings.refresh_token_hard_ttl_seconds)

    def _issue(self, grant: Grant, *, rotate: bool) -> TokenSet:
        now = self._now()
        settings = self._settings
        hard_left = int((self._hard_expiry(grant) - now).total_seconds())
        if rotate:
            previous = self.refresh_tokens.get(grant.current_refresh)
            if previous is not None:
                previous.superseded_at = now
            lifetime = min(settings.refresh_token_ttl_seconds, hard_left)
            new = RefreshToken(
                "AB11" + secrets.token_urlsafe(36),
                grant.grant_id,
                now + timedelta(seconds=lifetime),
            )
            self.refresh_tokens[new.token] = new
            grant.current_refresh = new.token
        current = self.refresh_tokens[grant.current_refresh]
        access = AccessToken(
            "eyJ" + secrets.token_urlsafe(60),
            grant.grant_id,
            grant.realm_id,
            now + timedelta(seconds=settings.access_token_ttl_seconds),
        )
        self.access_tokens[access.token] = access
        return TokenSet(
            access_token=access.token,
            refresh_token=current.token,
            expires_in=settings.access_token_ttl_seconds,
            refresh_expires_in=int((current.expires_at - now).total_seconds()),
            hard_expires_in=hard_left,
        )

    def revoke(self, token: str) -> bool:
        """Revoke the whole grant the token (access or refresh) belongs to."""
        refresh = self.refresh_tokens.get(token)
        access = self.access_tokens.get(token)
        grant_id = refresh.grant_id if refresh else access.grant_id if access else None
        grant = self.grants.get(grant_id) if grant_id else None
        if grant is None:
            return False
        grant.revoked = True
        return True

    def authenticate(self, token: str) -> AccessToken:
        """Return the access token record or raise `AccessDenied`."""
        record = self.access_tokens.get(token)
        grant = self.grants.get(record.grant_id) if record else None
        if record is None or grant is None:
            raise AccessDenied(f"Token invalid: {token[:50]}")
        if grant.revoked:
            raise AccessDenied(f"Token revoked: {token[:50]}")
        if self._now() >= record.expires_at:
            raise AccessDenied(f"Token expired: {token[:50]}")
        return record

    def expire_access_tokens(self, realm_id: str | None = None) -> int:
        """Make access tokens expire now (demo and tests of the refresh path)."""
        count = 0
        for record in self.access_tokens.values():
            if realm_id is None or record.realm_id == realm_id:
                record.expires_at = min(record.expires_at, self._now())
                count += 1
        return count
