"""Playwright driving Debian's Chromium (never a downloaded browser) at the served settings app.

Chromium runs headless with the flags this machine needs (no background network, no sandbox as
root). Each test saves screenshots under ``screenshots/`` (git-ignored) to look at.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, async_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE = Path(__file__).resolve().parents[3] / "web" / "node_modules" / "axe-core" / "axe.min.js"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_chromium() -> None:
    """Skip without Chromium (or axe-core) on a developer machine; fail under CI."""
    missing = [str(p) for p in (Path(CHROMIUM), AXE) if not p.exists()]
    if missing:
        message = f"browser tests need {', '.join(missing)} (apt-get install chromium; make web)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


async def launch() -> AsyncIterator[Browser]:
    """A headless Chromium, closed afterwards."""
    require_chromium()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            await browser.close()


@dataclass
class Tab:
    """A page of the app with what it logged: console errors and CSP violations fail tests."""

    page: Page
    base: str
    name: str
    errors: list[str] = field(default_factory=list)
    graphql_posts: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    async def open(self, path: str, token: str | None = None) -> None:
        """Open an app path; with a token, signed in (the token rides in the fragment)."""
        fragment = f"#token={token}" if token else ""
        await self.page.goto(f"{self.base}/app{path}{fragment}")

    async def shot(self, label: str) -> Path:
        """Save a full-page screenshot as screenshots/<test>-<label>.png."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{self.name}-{label}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        return path

    async def axe(self) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations of the page as it is now."""
        # Injected through the DevTools protocol, which the page's CSP does not govern.
        await self.page.evaluate(AXE.read_text() + "\n;0")
        result: dict[str, Any] = await self.page.evaluate(
            "async () => await axe.run(document, { resultTypes: ['violations'] })"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


async def new_tab(browser: Browser, base: str, name: str) -> Tab:
    """A fresh browser context (its own sessionStorage) with one page."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    page = await context.new_page()
    tab = Tab(page=page, base=base, name=name)

    def on_console(message: ConsoleMessage) -> None:
        # Failed loads are checked by URL below (a simulator page's favicon is not the app's).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            tab.errors.append(message.text)

    def on_response(response: Any) -> None:
        path = response.url.split("://", 1)[-1].partition("/")[2]
        if response.status >= 400 and path.startswith(("app", "graphql")):
            tab.errors.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))
    page.on("response", on_response)

    def on_request(request: Any) -> None:
        tab.urls.append(request.url)
        if request.method == "POST" and request.url.endswith("/graphql"):
            tab.graphql_posts.append(request.post_data or "")

    page.on("request", on_request)
    return tab


def gzip_size(body: bytes) -> int:
    """Bytes after gzip, as the server sends them."""
    return len(gzip.compress(body))


def clear_screenshots() -> None:
    """Start a run with no stale pictures."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
