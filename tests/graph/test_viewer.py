"""The viewer query and authentication of every operation."""

from __future__ import annotations

import time

import jwt
import pytest

from core.auth import DEV_ISSUER, mint_dev_token
from core.models.enums import Role

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
    # resolve_viewer (firm, user, membership) + the viewer resolver (user, firm)
    assert counter.count <= 5, counter.statements


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
