"""Xero identity state: consents (auth events), codes, rotating refresh tokens and connections."""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass, field

from .settings import SimulatorSettings

ISSUER = "https://identity.xero.com"


class OAuthError(Exception):
    """An OAuth failure answered as ``400 {"error": code}``, the form Xero's token endpoint uses."""

    def __init__(self, error: str, status_code: int = 400) -> None:
        super().__init__(error)
        self.error = error
        self.status_code = status_code


@dataclass
class Grant:
    """One consent: a user allowed this app into some organisations at once (an auth event)."""

    auth_event_id: str
    user_id: str
    client_id: str
    scope: str
    tenant_ids: list[str]


@dataclass
class AuthCode:
    """A single-use authorization code, valid for five minutes."""

    grant: Grant
    redirect_uri: str
    expires_at: float
    used: bool = False


@dataclass
class AccessToken:
    """A bearer token and whom it speaks for."""

    token: str
    grant: Grant
    expires_at: float
    revoked: bool = False


@dataclass
class RefreshToken:
    """A refresh token; after rotation it lives on for the grace period only."""

    token: str
    grant: Grant
    last_used: float
    rotated_at: float | None = None
    successor: str | None = None
    revoked: bool = False


@dataclass
class Connection:
    """A tenant the user connected to this app (the rows of ``GET /connections``)."""

    id: str
    user_id: str
    client_id: str
    tenant_id: str
    auth_event_id: str
    created: float
    updated: float


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _jwt_like(claims: dict[str, object]) -> str:
    # Opaque to clients, but shaped like Xero's RS256 JWTs so code that peeks at claims works.
    header = {"alg": "RS256", "kid": "simulator", "typ": "JWT"}
    parts = [json.dumps(header).encode(), json.dumps(claims).encode(), secrets.token_bytes(32)]
    return ".".join(_b64(part) for part in parts)


@dataclass
class IdentityStore:
    """All identity state of one simulator; time comes from the settings' clock."""

    settings: SimulatorSettings
    user_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    session_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    access_tokens: dict[str, AccessToken] = field(default_factory=dict)
    refresh_tokens: dict[str, RefreshToken] = field(default_factory=dict)
    connections: dict[str, Connection] = field(default_factory=dict)

    def grant(self, client_id: str, scope: str, tenant_ids: list[str]) -> Grant:
        """Record a consent and connect (or reconnect) each chosen tenant under one auth event."""
        now = self.settings.clock()
        grant = Grant(str(uuid.uuid4()), self.user_id, client_id, scope, list(tenant_ids))
        for tenant_id in tenant_ids:
            existing = self._connection_for(client_id, tenant_id)
            if existing is None:
                conn = Connection(
                    str(uuid.uuid4()), self.user_id, client_id, tenant_id, "", now, now
                )
                self.connections[conn.id] = conn
                existing = conn
            existing.auth_event_id = grant.auth_event_id
            existing.updated = now
        return grant

    def _connection_for(self, client_id: str, tenant_id: str) -> Connection | None:
        for conn in self.connections.values():
            if conn.client_id == client_id and conn.tenant_id == tenant_id:
                return conn
        return None

    def issue_code(self, grant: Grant, redirect_uri: str) -> str:
        """Mint an authorization code for the redirect back to the app."""
        code = secrets.token_urlsafe(24)
        expires = self.settings.clock() + self.settings.auth_code_ttl
        self.codes[code] = AuthCode(grant, redirect_uri, expires)
        return code

    def exchange_code(self, code: str, client_id: str, redirect_uri: str) -> dict[str, object]:
        """``grant_type=authorization_code``: a used, expired or foreign code is invalid_grant."""
        entry = self.codes.get(code)
        now = self.settings.clock()
        if entry is None or entry.used or entry.expires_at <= now:
            raise OAuthError("invalid_grant")
        if entry.grant.client_id != client_id or entry.redirect_uri != redirect_uri:
            raise OAuthError("invalid_grant")
        entry.used = True
        return self._token_response(entry.grant, refresh=None)

    def refresh(self, token: str, client_id: str) -> dict[str, object]:
        """``grant_type=refresh_token``: rotate, honouring the grace window for the old token."""
        entry = self.refresh_tokens.get(token)
        now = self.settings.clock()
        if entry is None or entry.revoked or entry.grant.client_id != client_id:
            raise OAuthError("invalid_grant")
        if now - entry.last_used > self.settings.refresh_token_idle_ttl:
            raise OAuthError("invalid_grant")
        if entry.rotated_at is not None:
            if now - entry.rotated_at >= self.settings.refresh_token_grace:
                raise OAuthError("invalid_grant")
            successor = self.refresh_tokens.get(entry.successor or "")
            if self.settings.grace_reuse_returns_same_token and successor is not None:
                return self._token_response(entry.grant, refresh=successor)
        if entry.rotated_at is None:
            entry.rotated_at = now
        response = self._token_response(entry.grant, refresh=None)
        entry.successor = str(response.get("refresh_token", "")) or None
        return response

    def _token_response(self, grant: Grant, refresh: RefreshToken | None) -> dict[str, object]:
        now = self.settings.clock()
        ttl = self.settings.access_token_ttl
        claims: dict[str, object] = {
            "nbf": int(now),
            "exp": int(now) + ttl,
            "iss": ISSUER,
            "aud": f"{ISSUER}/resources",
            "client_id": grant.client_id,
            "sub": self.user_id.replace("-", ""),
            "auth_time": int(now),
            "xero_userid": self.user_id,
            "global_session_id": self.session_id,
            "jti": uuid.uuid4().hex,
            "authentication_event_id": grant.auth_event_id,
            "scope": grant.scope.split(),
        }
        access = _jwt_like(claims)
        self.access_tokens[access] = AccessToken(access, grant, now + ttl)
        body: dict[str, object] = {
            "access_token": access,
            "expires_in": ttl,
            "token_type": "Bearer",
            "scope": grant.scope,
        }
        scopes = grant.scope.split()
        if "openid" in scopes:
            body["id_token"] = self._id_token(grant, now)
        if "offline_access" in scopes:
            if refresh is None:
                refresh = RefreshToken(secrets.token_hex(32), grant, last_used=now)
                self.refresh_tokens[refresh.token] = refresh
            body["refresh_token"] = refresh.token
        return body

    def _id_token(self, grant: Grant, now: float) -> str:
        claims: dict[str, object] = {
            "nbf": int(now),
            "exp": int(now) + 300,
            "iss": ISSUER,
            "aud": grant.client_id,
            "sub": self.user_id.replace("-", ""),
            "email": self.settings.user_email,
            "xero_userid": self.user_id,
            "global_session_id": self.session_id,
        }
        return _jwt_like(claims)

    def revoke(self, token: str, client_id: str) -> None:
        """Revoking a refresh token ends the app's access for that user: tokens and connections."""
        entry = self.refresh_tokens.get(token)
        if entry is None or entry.grant.client_id != client_id:
            return  # RFC 7009: unknown tokens are answered 200 like known ones.
        for refresh in self.refresh_tokens.values():
            if (
                refresh.grant.client_id == client_id
                and refresh.grant.user_id == entry.grant.user_id
            ):
                refresh.revoked = True
        for access in self.access_tokens.values():
            if access.grant.client_id == client_id and access.grant.user_id == entry.grant.user_id:
                access.revoked = True
        for conn in list(self.connections.values()):
            if conn.client_id == client_id and conn.user_id == entry.grant.user_id:
                del self.connections[conn.id]

    def authenticate(self, token: str) -> AccessToken | None:
        """The live access token behind a bearer string, or None if unknown, revoked or expired."""
        entry = self.access_tokens.get(token)
        if entry is None or entry.revoked or entry.expires_at <= self.settings.clock():
            return None
        return entry

    def list_connections(self, access: AccessToken, auth_event_id: str | None) -> list[Connection]:
        """This user's connections for the token's app, optionally those of one auth event."""
        rows = [
            conn
            for conn in self.connections.values()
            if conn.client_id == access.grant.client_id and conn.user_id == access.grant.user_id
        ]
        if auth_event_id is not None:
            rows = [conn for conn in rows if conn.auth_event_id == auth_event_id]
        return sorted(rows, key=lambda conn: conn.created)

    def delete_connection(self, access: AccessToken, connection_id: str) -> bool:
        """Disconnect one tenant; False when the id is not one of this user's connections."""
        conn = self.connections.get(connection_id)
        if conn is None or conn not in self.list_connections(access, None):
            return False
        del self.connections[connection_id]
        return True

    def can_access(self, access: AccessToken, tenant_id: str) -> bool:
        """Whether the token's user has this tenant connected to the token's app."""
        return any(conn.tenant_id == tenant_id for conn in self.list_connections(access, None))
