"""The viewer query and authentication of every operation."""

from __future__ import annotations

import time

import jwt
import pytest

from core.auth import DEV_ISSUER, PrincipalCache, mint_dev_token
from core.models import Membership
from core.models.enums import Role
from core.settings import Settings, ensure_private_file
from tests.conftest import GraphQLClient

VIEWER = "query { viewer { role user { externalId } firm { externalId name } } }"


async def test_viewer_with_valid_token_returns_user_firm_and_role(gql_factory) -> None:
    client = gql_factory(firm="acme", role=Role.STAFF, user="u-1")
    data = await client.data(VIEWER)
    assert data["viewer"] == {
        "role": "STAFF",
        "user": {"externalId": "u-1"},
        "firm": {"externalId": "acme", "name": "acme"},
    }


async def test_viewer_without_token_is_unauthenticated(client) -> None:
    response = await client.post("/graphql", json={"query": VIEWER})
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_viewer_with_forged_token_is_unauthenticated(client, make_token) -> None:
    token = make_token()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {forged}"}
    )
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "not valid" in body["errors"][0]["message"]


async def test_viewer_role_claim_change_updates_membership(gql_factory) -> None:
    await gql_factory(firm="acme", role=Role.STAFF, user="u-2").data(VIEWER)
    data = await gql_factory(firm="acme", role=Role.FIRM_ADMIN, user="u-2").data(VIEWER)
    assert data["viewer"]["role"] == "FIRM_ADMIN"


async def test_introspection_without_token_is_allowed(client) -> None:
    response = await client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_viewer_query_count_is_bounded(gql, count_queries) -> None:
    await gql.data(VIEWER)
    with count_queries() as counter:
        await gql.data(VIEWER)
    # The token's caller is remembered; the viewer resolver reads the user and the firm.
    assert counter.count <= 2, counter.statements


async def test_viewer_new_token_of_known_member_signs_in_with_one_query(
    client, gql_factory, settings, count_queries
) -> None:
    await gql_factory(firm="acme", role=Role.STAFF, user="u-5").data(VIEWER)
    # Another token of the same member: not remembered yet, and it changes nothing.
    other_token = GraphQLClient(client, _token_without_role(settings, firm="acme", user="u-5"))
    with count_queries() as counter:
        await other_token.data(VIEWER)
    sign_in = [s for s in counter.statements if '"membership"' in s]
    assert len(sign_in) == 1, counter.statements
    assert counter.count <= 3, counter.statements


def _token_without_role(settings: Settings, *, firm: str, user: str) -> str:
    """A development token with no `role` claim: the stored role applies."""
    key = ensure_private_file(settings.dev_jwt_key_file, "unused")
    now = int(time.time())
    payload = {"iss": DEV_ISSUER, "sub": user, "firm_id": firm, "iat": now, "exp": now + 600}
    return jwt.encode(payload, key, algorithm="HS256")


async def test_viewer_role_changed_by_another_token_applies_at_once_to_a_remembered_token(
    client, gql_factory, settings
) -> None:
    await gql_factory(firm="acme", role=Role.STAFF, user="u-3").data(VIEWER)
    no_role = GraphQLClient(client, _token_without_role(settings, firm="acme", user="u-3"))
    assert (await no_role.data(VIEWER))["viewer"]["role"] == "STAFF"
    await gql_factory(firm="acme", role=Role.FIRM_ADMIN, user="u-3").data(VIEWER)
    assert (await no_role.data(VIEWER))["viewer"]["role"] == "FIRM_ADMIN"


async def test_viewer_role_changed_by_another_process_applies_after_the_cache_ttl(
    app, client, settings
) -> None:
    now = [time.time()]
    app.state.runtime.principals = PrincipalCache(10.0, clock=lambda: now[0])
    no_role = GraphQLClient(client, _token_without_role(settings, firm="acme", user="u-4"))
    assert (await no_role.data(VIEWER))["viewer"]["role"] == "STAFF"
    # Another API process signed the member in with a new role claim.
    await Membership.filter(user__external_id="u-4").update(role=Role.FIRM_ADMIN)
    now[0] += 9
    assert (await no_role.data(VIEWER))["viewer"]["role"] == "STAFF"
    now[0] += 1
    assert (await no_role.data(VIEWER))["viewer"]["role"] == "FIRM_ADMIN"


async def test_list_with_bad_cursor_is_a_bad_request_not_masked(gql) -> None:
    body = await gql.execute('query { customers(after: "not-a-cursor") { totalCount } }')
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "cursor" in error["message"]


def _signed(settings, **claims: object) -> str:  # type: ignore[no-untyped-def]
    """A development token carrying exactly ``claims`` (with a role and an expiry)."""
    mint_dev_token(settings, firm="x", role=Role.STAFF)  # creates the development key
    key = settings.dev_jwt_key_file.read_text().strip()
    payload = {"iss": DEV_ISSUER, "role": "STAFF", "exp": int(time.time()) + 600, **claims}
    return jwt.encode(payload, key, algorithm="HS256")


@pytest.mark.parametrize(
    ("claims", "named"),
    [
        ({"sub": "u", "firm_id": "f" * 129}, "firm_id"),
        ({"sub": "u" * 129, "firm_id": "f"}, "sub"),
        ({"sub": "u", "firm_id": "a\x00b"}, "firm_id"),
        ({"sub": "u\ud800", "firm_id": "f"}, "sub"),
        ({"sub": "u", "firm_id": "f", "email": "e" * 256}, "email"),
        ({"sub": "u", "firm_id": "f", "name": "n\x00"}, "name"),
        ({"sub": "u", "firm_id": "f", "firm_name": "n" * 256}, "firm_name"),
    ],
)
async def test_viewer_with_claim_the_books_cannot_hold_is_unauthenticated(
    client, settings, claims: dict[str, object], named: str
) -> None:
    token = _signed(settings, **claims)
    response = await client.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert f"`{named}`" in error["message"]
