"""Identity routes: consent (several organisations at once), token, revocation, connections."""

from __future__ import annotations

import base64
import binascii
import html
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .dates import connection_date
from .gateway import bearer_token, identity_call, simulator, unauthorized
from .org import Organisation
from .tokens import OAuthError

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Xero simulator: allow access</title></head>
<body>
<h1>Allow access to your Xero organisations</h1>
<p>The app <strong>{client_id}</strong> wants: <code>{scope}</code></p>
{error}
<form method="post" action="{action}">
{hidden}
<fieldset><legend>Organisations</legend>
{choices}
</fieldset>
<button type="submit" name="action" value="allow">Allow access</button>
<button type="submit" name="action" value="deny">Cancel</button>
</form>
</body></html>
"""

_PASSED_ON = ("client_id", "redirect_uri", "scope", "state", "response_type", "login_hint")


async def _form(request: Request) -> dict[str, list[str]]:
    # Parsed by hand so the simulator needs no multipart library for urlencoded forms.
    fields: dict[str, list[str]] = {}
    for key, value in parse_qsl((await request.body()).decode(), keep_blank_values=True):
        fields.setdefault(key, []).append(value)
    return fields


def _first(fields: dict[str, list[str]], name: str) -> str:
    return fields.get(name, [""])[0]


def _client_problem(request: Request, params: dict[str, str]) -> str | None:
    settings = simulator(request).settings
    if params.get("client_id") != settings.client_id:
        return "unauthorized_client: unknown client_id"
    if params.get("response_type") != "code":
        return "unsupported_response_type"
    redirect = params.get("redirect_uri", "")
    if not redirect or (settings.redirect_uris and redirect not in settings.redirect_uris):
        return "invalid_request: redirect_uri is not registered for this app"
    return None


def _offered(request: Request, params: dict[str, str]) -> list[Organisation]:
    """The organisations the consent offers: the signed-in account's (``login_hint``, the
    simulator's stand-in for a Xero sign-in), or every organisation without one."""
    state = simulator(request)
    hint = params.get("login_hint")
    return state.organisations_of(hint) if hint else list(state.organisations.values())


def _consent_page(request: Request, params: dict[str, str], error: str = "") -> HTMLResponse:
    hidden = "\n".join(
        f'<input type="hidden" name="{name}" value="{html.escape(params.get(name, ""))}">'
        for name in _PASSED_ON
    )
    choices = "\n".join(
        f'<label><input type="checkbox" name="tenant" value="{org.tenant_id}"> '
        f"{html.escape(org.name)}</label><br>"
        for org in _offered(request, params)
    )
    body = _PAGE.format(
        # The page's own path, under whatever path the simulator is mounted at.
        action=html.escape(request.url.path),
        client_id=html.escape(params.get("client_id", "")),
        scope=html.escape(params.get("scope", "")),
        error=f"<p role='alert'>{html.escape(error)}</p>" if error else "",
        hidden=hidden,
        choices=choices,
    )
    return HTMLResponse(body)


def _redirect(params: dict[str, str], extra: dict[str, str]) -> RedirectResponse:
    query = {**extra, "state": params.get("state", "")}
    separator = "&" if "?" in params["redirect_uri"] else "?"
    return RedirectResponse(params["redirect_uri"] + separator + urlencode(query), status_code=302)


def _approve(request: Request, params: dict[str, str], tenant_ids: list[str]) -> RedirectResponse:
    state = simulator(request)
    if params.get("login_hint"):
        for tenant in tenant_ids:
            state.organisation(tenant).account = params["login_hint"]
    identity = state.identity
    grant = identity.grant(params["client_id"], params.get("scope", ""), tenant_ids)
    code = identity.issue_code(grant, params["redirect_uri"])
    extra = {"code": code, "scope": grant.scope, "session_state": identity.session_id}
    return _redirect(params, extra)


async def authorize(request: Request) -> Response:
    """GET shows the consent page (or auto-approves); POST is the Allow/Cancel submission."""
    if request.method == "GET":
        params = dict(request.query_params)
        chosen: list[str] = []
    else:
        fields = await _form(request)
        params = {name: _first(fields, name) for name in _PASSED_ON}
        chosen = fields.get("tenant", [])
    problem = _client_problem(request, params)
    if problem is not None:
        return HTMLResponse(f"<p>{html.escape(problem)}</p>", status_code=400)
    state = simulator(request)
    offered = {org.tenant_id: org for org in _offered(request, params)}
    if request.method == "GET" and state.settings.auto_approve:
        defaults = state.settings.default_organisations
        chosen = [tenant for tenant, org in offered.items() if org.name in defaults]
        return _approve(request, params, chosen)
    if request.method == "GET":
        return _consent_page(request, params)
    if fields.get("action", ["allow"])[0] == "deny":
        return _redirect(params, {"error": "access_denied"})
    chosen = [tenant for tenant in chosen if tenant in offered]
    if not chosen:
        return _consent_page(request, params, "Choose at least one organisation.")
    return _approve(request, params, chosen)


def _client_credentials(request: Request, fields: dict[str, list[str]]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            decoded = base64.b64decode(header[6:].strip()).decode()
        except (binascii.Error, UnicodeDecodeError):
            return "", ""
        client_id, _, secret = decoded.partition(":")
        return client_id, secret
    return _first(fields, "client_id"), _first(fields, "client_secret")


async def _authenticated_client(request: Request) -> tuple[str, dict[str, list[str]]]:
    fields = await _form(request)
    client_id, secret = _client_credentials(request, fields)
    settings = simulator(request).settings
    if client_id != settings.client_id or secret != settings.client_secret:
        raise OAuthError("invalid_client")
    return client_id, fields


def _oauth_error(exc: OAuthError) -> JSONResponse:
    return JSONResponse({"error": exc.error}, status_code=exc.status_code)


async def token(request: Request) -> Response:
    """POST /connect/token: authorization_code and refresh_token grants (refresh rotates)."""

    async def handle() -> Response:
        identity = simulator(request).identity
        try:
            client_id, fields = await _authenticated_client(request)
            grant_type = _first(fields, "grant_type")
            if grant_type == "authorization_code":
                code, redirect = _first(fields, "code"), _first(fields, "redirect_uri")
                body = identity.exchange_code(code, client_id, redirect)
            elif grant_type == "refresh_token":
                body = identity.refresh(_first(fields, "refresh_token"), client_id)
            else:
                raise OAuthError("unsupported_grant_type")
        except OAuthError as exc:
            return _oauth_error(exc)
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    return await identity_call(request, handle)


async def revocation(request: Request) -> Response:
    """POST /connect/revocation: revoking a refresh token removes the app's connections."""

    async def handle() -> Response:
        try:
            client_id, fields = await _authenticated_client(request)
        except OAuthError as exc:
            return _oauth_error(exc)
        simulator(request).identity.revoke(_first(fields, "token"), client_id)
        return Response(status_code=200)

    return await identity_call(request, handle)


async def connections(request: Request) -> Response:
    """GET /connections (optionally ``?authEventId=``): the tenants this token may call."""

    async def handle() -> Response:
        access = bearer_token(request)
        if access is None:
            return unauthorized()
        auth_event_id = request.query_params.get("authEventId")
        state = simulator(request)
        rows = []
        for conn in state.identity.list_connections(access, auth_event_id):
            org = state.organisations.get(conn.tenant_id)
            rows.append(
                {
                    "id": conn.id,
                    "authEventId": conn.auth_event_id,
                    "tenantId": conn.tenant_id,
                    "tenantType": "ORGANISATION",
                    "tenantName": org.name if org else "",
                    "createdDateUtc": connection_date(conn.created),
                    "updatedDateUtc": connection_date(conn.updated),
                }
            )
        return JSONResponse(rows)

    return await identity_call(request, handle)


async def connection(request: Request) -> Response:
    """DELETE /connections/{id}: disconnect one tenant (the connection id, not the tenant id)."""

    async def handle() -> Response:
        access = bearer_token(request)
        if access is None:
            return unauthorized()
        deleted = simulator(request).identity.delete_connection(access, request.path_params["id"])
        return Response(status_code=204 if deleted else 404)

    return await identity_call(request, handle)


routes = [
    Route("/identity/connect/authorize", authorize, methods=["GET", "POST"]),
    Route("/connect/token", token, methods=["POST"]),
    Route("/connect/revocation", revocation, methods=["POST"]),
    Route("/connections", connections, methods=["GET"]),
    Route("/connections/{id}", connection, methods=["DELETE"]),
]
