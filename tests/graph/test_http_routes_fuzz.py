"""Fuzzing the OAuth callback: random query strings, states and codes on /oauth/<slug>/callback.

Half the examples carry a state that Ledgersync really issued (for the administrator of the
seeded firm), so the code exchange and the company lookup run on random codes and company
ids too. Every answer is the redirect to the app (303), never a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.applications import Starlette

from core.models import Firm, User
from core.models.enums import Provider
from core.oauth_state import OAuthStates, states_for
from tests.graph.fuzzing import TEXT, fuzz_settings

VIEWER = "query { viewer { firm { externalId } } }"
START = """
mutation($provider: Provider!) {
  startConnection(provider: $provider) { ... on StartConnectionSuccess { authorizationUrl } }
}"""
SLUGS = {"quickbooks": Provider.QUICKBOOKS_ONLINE, "xero": Provider.XERO}
KEYS = ["code", "state", "realmId", "error", "error_description", "scope", "tenantId", "x"]


async def consent(client: httpx.AsyncClient, gql, provider: Provider) -> httpx.URL:  # type: ignore[no-untyped-def]
    """Start connecting and approve; return the callback URL the platform sends back."""
    data = await gql.data(START, {"provider": provider.value})
    response = await client.get(data["startConnection"]["authorizationUrl"])
    for _ in range(5):
        location = httpx.URL(response.headers["location"])
        if location.path.startswith("/oauth/"):
            return location
        response = await client.get(location)
    raise AssertionError("the consent did not come back")


@dataclass
class Callback:
    """The client, and a way to issue real states for the seeded administrator."""

    http: httpx.AsyncClient
    states: OAuthStates
    firm: Firm
    user: User

    def state(self, provider: Provider) -> str:
        return self.states.issue(firm_id=self.firm.id, user_id=self.user.id, provider=provider)


@pytest.fixture
async def callback(app: Starlette, client: httpx.AsyncClient, gql) -> Callback:  # type: ignore[no-untyped-def]
    await gql.data(VIEWER)
    runtime = app.state.runtime
    return Callback(
        http=client,
        states=states_for(runtime.settings, runtime.redis),
        firm=await Firm.get(external_id="firm-a"),
        user=await User.get(external_id="user-a"),
    )


def _as_bytes(text: str) -> bytes:
    # Lone surrogates cannot be UTF-8, but a URL can carry their would-be bytes.
    return text.encode("utf-8", "surrogatepass")


VALUES = st.one_of(TEXT.map(_as_bytes), st.binary(max_size=300))
PAIRS = st.lists(
    st.tuples(st.one_of(st.sampled_from(KEYS).map(str.encode), st.binary(max_size=10)), VALUES),
    max_size=6,
)


@fuzz_settings(default_examples=100)
@given(
    slug=st.one_of(st.sampled_from(sorted(SLUGS)), TEXT),
    pairs=PAIRS,
    real_state=st.booleans(),
)
async def test_callback_with_random_query_never_fails_on_the_server(
    callback: Callback, slug: str, pairs: list[tuple[bytes, bytes]], real_state: bool
) -> None:
    if real_state and slug in SLUGS:
        pairs = [(b"state", callback.state(SLUGS[slug]).encode()), *pairs]
    query = "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs)
    path = quote(_as_bytes(slug), safe="")
    url = httpx.URL(f"http://testserver/oauth/{path}/callback", query=query.encode())
    response = await callback.http.get(url)
    assert response.status_code < 500, response.text
    if response.status_code == 303:
        assert response.headers["location"].startswith("http://testserver/?")


@pytest.fixture(params=sorted(SLUGS.values()))
async def consenting(request, client: httpx.AsyncClient, gql):  # type: ignore[no-untyped-def]
    """``await consenting()``: the callback URL of a fresh consent to one provider."""
    return lambda: consent(client, gql, request.param)


@fuzz_settings(default_examples=40)
@given(data=st.data())
async def test_callback_of_a_real_consent_with_hostile_parameters_never_fails(
    client: httpx.AsyncClient, consenting, data
) -> None:
    url = await consenting()
    sent = dict(url.params)
    # One of the values the platform sent (the code, QuickBooks' realmId...) becomes hostile,
    # and more parameters may be added or replaced; the state stays, or nothing is tried.
    replaced = data.draw(st.sampled_from(sorted(set(sent) - {"state"})), label="replaced")
    changes = data.draw(st.dictionaries(st.sampled_from(KEYS), TEXT), label="changes")
    params = {**sent, replaced: data.draw(TEXT, label="value"), **changes, "state": sent["state"]}
    query = "&".join(f"{quote(k)}={quote(_as_bytes(v))}" for k, v in params.items())
    response = await client.get(url.copy_with(query=query.encode()))
    assert response.status_code == 303, response.text
