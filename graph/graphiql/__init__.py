"""GraphiQL served from the package's own copies of its browser assets.

No third-party origin is involved, so GraphiQL works offline, and its page carries a
Content-Security-Policy that lets it load only from this app. ``NOTICE.md`` gives the assets'
versions, sources and licences; ``fetch-assets.sh`` fetches them again from the npm registry.
"""

from __future__ import annotations

from pathlib import Path

from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

HERE = Path(__file__).resolve().parent
ASSETS_DIR = HERE / "static"
ASSETS_PATH = "/graphiql"
"""Where the assets are served; the page names them relative to ``/graphql``."""

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        # GraphiQL's dialogs and tooltips set inline styles; its fonts are data: URLs.
        "style-src 'self' 'unsafe-inline'",
        "font-src 'self' data:",
        "img-src 'self' data:",
        # Queries over HTTP and subscriptions over a websocket, to this app only.
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)

_PAGE = (HERE / "graphiql.html").read_text(encoding="utf-8")


def graphiql_page() -> HTMLResponse:
    """The GraphiQL page, under its Content-Security-Policy."""
    return HTMLResponse(
        _PAGE,
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


def asset_routes() -> list[BaseRoute]:
    """The route serving the assets (React, GraphiQL, its explorer plugin, the start script)."""
    return [Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS_DIR), name="graphiql")]
