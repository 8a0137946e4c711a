"""OAuth 2.0 endpoints at Intuit's paths: consent, token (code and refresh), revoke, discovery."""

from __future__ import annotations

import base64
import binascii
import html
from urllib.parse import parse_qs, urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from .api import simulator
from .jsonutil import loads, obj, text
from .settings import RegisteredClient
from .state import SimulatorState
from .store import Realm
from .tokens import TokenError, TokenSet

ACCOUNTING_SCOPE = "com.intuit.quickbooks.accounting"

_CONSENT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Connect to QuickBooks (simulator)</title></head>
<body>
<h1>{client} wants to connect to your QuickBooks company</h1>
<p>Scope: {scope}</p>
<form method="post">
{hidden}
<label>Company <select name="realm_id">{options}</select></label>
<button type="submit" name="decision" value="approve">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</body></html>
"""


def _redirect(redirect_uri: str, params: dict[str, str]) -> RedirectResponse:
    separator = "&" if "?" in redirect_uri else "?"
    return RedirectResponse(f"{redirect_uri}{separator}{urlencode(params)}", status_code=302)


def _check_client(
    state: SimulatorState, client_id: str, redirect_uri: str
) -> RegisteredClient | HTMLResponse:
    client = state.settings.client(client_id)
    if client is None:
        return HTMLResponse("<h1>invalid_client</h1>", status_code=400)
    if redirect_uri not in client.redirect_uris:
        # Never redirect to an unregistered URI: show the error instead.
        return HTMLResponse("<h1>invalid redirect_uri</h1>", status_code=400)
    return client


def _offered(state: SimulatorState, login_hint: str | None) -> list[Realm]:
    """The companies the consent offers: the signed-in account's (``login_hint``, the
    simulator's stand-in for an Intuit sign-in), or every company without one."""
    return state.companies_of(login_hint) if login_hint else list(state.realms.values())


async def authorize_page(request: Request) -> Response:
    """`GET /connect/oauth2`: the consent page, or an immediate redirect with `auto_approve`."""
    state = simulator(request)
    params = request.query_params
    redirect_uri = params.get("redirect_uri", "")
    checked = _check_client(state, params.get("client_id", ""), redirect_uri)
    if isinstance(checked, Response):
        return checked
    state_param = params.get("state", "")
    if params.get("response_type") != "code":
        return _redirect(redirect_uri, {"error": "unsupported_response_type", "state": state_param})
    scope = params.get("scope", "")
    if ACCOUNTING_SCOPE not in scope.split():
        return _redirect(redirect_uri, {"error": "invalid_scope", "state": state_param})
    offered = _offered(state, params.get("login_hint"))
    if state.settings.auto_approve:
        realm_id = params.get("realmId") or (offered[0].realm_id if offered else "")
        hint = params.get("login_hint")
        return _approve(state, checked, redirect_uri, realm_id, scope, state_param, hint)
    hidden = "\n".join(
        f'<input type="hidden" name="{name}" value="{html.escape(params.get(name, ""))}">'
        for name in ("client_id", "redirect_uri", "scope", "state", "login_hint")
    )
    options = "".join(
        f'<option value="{html.escape(r.realm_id)}">{html.escape(r.name)}</option>' for r in offered
    )
    page = _CONSENT_PAGE.format(
        client=html.escape(checked.client_id),
        scope=html.escape(scope),
        hidden=hidden,
        options=options,
    )
    return HTMLResponse(page)


def _approve(
    state: SimulatorState,
    client: RegisteredClient,
    redirect_uri: str,
    realm_id: str,
    scope: str,
    state_param: str,
    account: str | None = None,
) -> Response:
    if realm_id not in state.realms:
        return _redirect(redirect_uri, {"error": "access_denied", "state": state_param})
    if account:
        state.realms[realm_id].account = account
    code = state.tokens.issue_code(client.client_id, redirect_uri, realm_id, scope)
    return _redirect(redirect_uri, {"code": code, "state": state_param, "realmId": realm_id})


async def authorize_submit(request: Request) -> Response:
    """`POST /connect/oauth2`: the consent form's Authorize / Cancel buttons."""
    state = simulator(request)
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
    redirect_uri = form.get("redirect_uri", "")
    checked = _check_client(state, form.get("client_id", ""), redirect_uri)
    if isinstance(checked, Response):
        return checked
    if form.get("decision") != "approve":
        return _redirect(redirect_uri, {"error": "access_denied", "state": form.get("state", "")})
    offered = {realm.realm_id for realm in _offered(state, form.get("login_hint"))}
    if form.get("realm_id", "") not in offered:
        return _redirect(redirect_uri, {"error": "access_denied", "state": form.get("state", "")})
    return _approve(
        state,
        checked,
        redirect_uri,
        form.get("realm_id", ""),
        form.get("scope", ""),
        form.get("state", ""),
        form.get("login_hint"),
    )


def _oauth_error(error: TokenError) -> JSONResponse:
    return JSONResponse(
        {"error": error.error, "error_description": error.description},
        status_code=error.status,
        headers={"cache-control": "no-store"},
    )


def _client_auth(request: Request, form: dict[str, str], state: SimulatorState) -> RegisteredClient:
    """HTTP Basic client authentication, or client_secret_post as the discovery document allows."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if scheme.lower() == "basic":
        try:
            client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            client_id = ""
    client = state.settings.client(client_id)
    if client is None or client.client_secret != secret:
        raise TokenError(401, "invalid_client", "Client authentication failed")
    return client


def _token_body(tokens: TokenSet, include_hard: bool) -> dict[str, object]:
    body: dict[str, object] = {
        "x_refresh_token_expires_in": tokens.refresh_expires_in,
        "refresh_token": tokens.refresh_token,
        "access_token": tokens.access_token,
        "token_type": "bearer",
        "expires_in": tokens.expires_in,
    }
    if include_hard:
        body["x_refresh_token_hard_expires_in"] = tokens.hard_expires_in
    return body


async def token(request: Request) -> Response:
    """`POST /oauth2/v1/tokens/bearer`: authorization_code and refresh_token grants."""
    state = simulator(request)
    form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
    try:
        client = _client_auth(request, form, state)
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            tokens = state.tokens.exchange_code(
                client.client_id, form.get("code", ""), form.get("redirect_uri", "")
            )
        elif grant_type == "refresh_token":
            tokens = state.tokens.refresh(client.client_id, form.get("refresh_token", ""))
        else:
            raise TokenError(400, "unsupported_grant_type", f"grant_type {grant_type!r}")
    except TokenError as error:
        return _oauth_error(error)
    include_hard = request.headers.get("x-include-refresh-token-hard-expires-in", "").lower()
    return JSONResponse(
        _token_body(tokens, include_hard == "true"), headers={"cache-control": "no-store"}
    )


async def revoke(request: Request) -> Response:
    """`POST /v2/oauth2/tokens/revoke` with `{"token": ...}`: disconnects the whole grant."""
    state = simulator(request)
    try:
        _client_auth(request, {}, state)
        payload = obj(loads(await request.body() or b"{}")) or {}
    except TokenError as error:
        return _oauth_error(error)
    except ValueError:
        payload = {}
    value = text(payload.get("token"))
    if not value:
        return _oauth_error(TokenError(400, "invalid_request", "token is required"))
    state.tokens.revoke(value)
    return Response(status_code=200)


async def discovery(request: Request) -> Response:
    """The OpenID discovery document, pointing at this simulator under its mount path."""
    # root_path holds the path the simulator is mounted at; base_url is the whole app's root.
    base = f"{request.url.scheme}://{request.url.netloc}{request.scope.get('root_path', '')}"
    base = base.rstrip("/")
    return JSONResponse(
        {
            "issuer": f"{base}/op/v1",
            "authorization_endpoint": f"{base}/connect/oauth2",
            "token_endpoint": f"{base}/oauth2/v1/tokens/bearer",
            "revocation_endpoint": f"{base}/v2/oauth2/tokens/revoke",
            "response_types_supported": ["code"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        }
    )


routes = [
    Route("/connect/oauth2", authorize_page, methods=["GET"]),
    Route("/connect/oauth2", authorize_submit, methods=["POST"]),
    Route("/oauth2/v1/tokens/bearer", token, methods=["POST"]),
    Route("/v2/oauth2/tokens/revoke", revoke, methods=["POST"]),
    Route("/.well-known/openid_configuration", discovery, methods=["GET"]),
]
