"""The settings app's built files at ``/app``, with a history fallback and a strict policy.

The single-page app (``web/``, built into ``core/static/app`` so it ships in the package) is
served from this origin only: its scripts, styles and API calls are all same-origin, so the
policy allows nothing else. Any ``/app/...`` path that is not a file is answered with
``index.html`` so the app's own routes survive a reload. ``frame-ancestors`` admits this origin
and the browser origins in ``LEDGERSYNC_ALLOWED_ORIGINS``, so a billing app listed there may embed
the app in a frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_DIR = Path(__file__).resolve().parent / "static" / "app"
APP_PATH = "/app"


def content_security_policy(frame_origins: Sequence[str] = ()) -> str:
    """The policy of every /app response: same origin only, no inline script, no plugins."""
    ancestors = " ".join(["'self'", *frame_origins])
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            # 'self' covers the same-origin ws:/wss: subscription socket (CSP Level 3).
            "connect-src 'self'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


class _Headers:
    """Adds the security headers to every response of the wrapped app."""

    def __init__(self, app: ASGIApp, policy: str) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", policy.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _AppFiles(StaticFiles):
    """Static files, with index.html for every path that is not a file (client routes)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file, else the app's page (never cached, so a new build is picked up)."""
        try:
            response = await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or Path(path).suffix:
                raise
            response = FileResponse(Path(str(self.directory)) / "index.html")
        if response.status_code == 404 and not Path(path).suffix:
            response = FileResponse(Path(str(self.directory)) / "index.html")
        if path.startswith("assets/"):
            # Built asset names carry a content hash: they never change.
            response.headers["cache-control"] = "public, max-age=31536000, immutable"
        else:
            response.headers["cache-control"] = "no-cache"
        return response


async def _to_app(request: Request) -> Response:
    return RedirectResponse(f"{APP_PATH}/", status_code=307)


def app_routes(frame_origins: Sequence[str] = (), directory: Path = APP_DIR) -> list[BaseRoute]:
    """``/app`` routes serving the built app, or none when it was never built."""
    if not (directory / "index.html").is_file():
        return []
    files = _AppFiles(directory=directory, html=True)
    return [
        Route(APP_PATH, _to_app, methods=["GET", "HEAD"]),
        # Compressed on the way out: the first load's budget is counted in gzip bytes.
        Mount(
            APP_PATH,
            app=GZipMiddleware(
                _Headers(files, content_security_policy(frame_origins)), minimum_size=1024
            ),
        ),
    ]
