"""GraphiQL's page loads everything from the app itself, under a strict Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import httpx

BROWSER = {"Accept": "text/html,application/xhtml+xml"}


class _References(HTMLParser):
    """Every URL the page makes the browser fetch, with its integrity, and inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str | None]] = []  # (tag, url, integrity)
        self.inline_scripts = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        url = a.get("src") or a.get("href")
        if url:
            self.urls.append((tag, url, a.get("integrity")))
        self._in_script_without_src = tag == "script" and not a.get("src")

    def handle_data(self, data: str) -> None:
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script_without_src = False


async def _page(client: httpx.AsyncClient) -> tuple[httpx.Response, _References]:
    response = await client.get("/graphql", headers=BROWSER)
    parsed = _References()
    parsed.feed(response.text)
    return response, parsed


async def test_graphiql_page_references_no_other_origin_and_no_inline_script(client) -> None:
    response, page = await _page(client)

    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assert page.urls, "the page loads no asset"
    origin = urlparse(str(response.url)).netloc
    for _, url, _ in page.urls:
        absolute = urlparse(urljoin(str(response.url), url))
        assert absolute.scheme == "data" or absolute.netloc == origin, url
    assert page.inline_scripts == 0
    assert "unpkg.com" not in response.text


async def test_graphiql_page_content_security_policy_allows_only_this_app(client) -> None:
    response, _ = await _page(client)

    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response.headers["content-security-policy"].split("; ")
    }
    assert policy["default-src"] == ["'none'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for sources in policy.values():
        assert all(s.startswith("'") or s == "data:" for s in sources), sources


async def test_graphiql_assets_are_served_and_match_their_integrity(client) -> None:
    response, page = await _page(client)

    for tag, url, integrity in page.urls:
        if url.startswith("data:"):
            continue
        asset = await client.get(urljoin(str(response.url), url))
        assert asset.status_code == 200, url
        expected = "text/css" if tag == "link" else "javascript"
        assert expected in asset.headers["content-type"], url
        if integrity is not None:
            digest = base64.b64encode(hashlib.sha384(asset.content).digest()).decode()
            assert integrity == f"sha384-{digest}", url


async def test_graphiql_asset_route_serves_nothing_outside_its_folder(client) -> None:
    response = await client.get("/graphiql/../__init__.py")
    escaped = await client.get("/graphiql/%2e%2e/__init__.py")

    assert response.status_code == 404
    assert escaped.status_code == 404


async def test_graphql_post_still_answers_json_without_the_page_policy(gql, client) -> None:
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {gql.token}"},
    )

    assert response.json()["data"]["viewer"]["role"] == "FIRM_ADMIN"
    assert "content-security-policy" not in response.headers
