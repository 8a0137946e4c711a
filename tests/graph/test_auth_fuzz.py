"""Fuzzing authentication: random Authorization headers, and development tokens (signed with
the right key) carrying random and hostile claims. Every answer is a GraphQL response, never a
5xx or a masked "Unexpected error".

See tests/graph/fuzzing.py for the example count (LEDGERSYNC_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import httpx
from hypothesis import given
from hypothesis import strategies as st

from core.auth import DEV_ISSUER, mint_dev_token
from core.models.enums import Role
from core.settings import Settings
from tests.graph.fuzzing import TEXT, WRONG_JSON, fuzz_settings, mostly

VIEWER = json.dumps({"query": "{ viewer { role user { externalId } firm { name } } }"}).encode()
MASKED = "Unexpected error"
# Each token carries these (plausible four times in five) and some of the optional ones.
REQUIRED = ["iss", "exp", "sub", "firm_id"]
OPTIONAL = ["firm", "role", "email", "name", "firm_name", "aud"]


def _claim_values(name: str) -> st.SearchStrategy[object]:
    plausible: dict[str, st.SearchStrategy[object]] = {
        "role": st.sampled_from([r.value for r in Role]),
        "exp": st.integers(min_value=int(time.time()) + 600, max_value=2**40),
        "iss": st.just(DEV_ISSUER),
        # Mostly new users and firms: their claims are stored when they are first seen.
        "sub": st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=24),
        "firm_id": st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=24),
    }
    return mostly(plausible.get(name, TEXT), st.one_of(TEXT, WRONG_JSON))


PAYLOADS = st.fixed_dictionaries(
    {name: _claim_values(name) for name in REQUIRED},
    optional={name: _claim_values(name) for name in OPTIONAL if name != "aud"},
).flatmap(
    # An audience is refused when none is configured: rarely sent, so most tokens get through.
    lambda payload: mostly(
        st.just(payload), _claim_values("aud").map(lambda aud: {**payload, "aud": aud})
    )
)


def _b64(data: bytes) -> bytes:
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def sign_hs256(payload: object, key: str) -> str:
    """An HS256 JWT around any JSON payload (PyJWT's encoder refuses some claim types)."""
    head = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = _b64(json.dumps(payload).encode())
    signature = hmac.new(key.encode(), head + b"." + body, hashlib.sha256).digest()
    return (head + b"." + body + b"." + _b64(signature)).decode()


async def _assert_served(client: httpx.AsyncClient, authorization: bytes) -> None:
    response = await client.post(
        "/graphql",
        content=VIEWER,
        headers=[(b"Content-Type", b"application/json"), (b"Authorization", authorization)],
    )
    assert response.status_code < 500, response.text
    errors = response.json().get("errors") or []
    assert not [e for e in errors if str(e.get("message", "")).startswith(MASKED)], errors


@fuzz_settings(default_examples=100)
@given(payload=PAYLOADS)
async def test_signed_token_with_random_claims_never_fails_on_the_server(
    client: httpx.AsyncClient, settings: Settings, payload: dict[str, object]
) -> None:
    mint_dev_token(settings, firm="firm-a", role=Role.STAFF)  # creates the development key
    key = settings.dev_jwt_key_file.read_text().strip()
    token = sign_hs256(payload, key)
    await _assert_served(client, f"Bearer {token}".encode())


HEADER_BYTES = st.binary(max_size=200).filter(lambda b: b"\r" not in b and b"\n" not in b)


@fuzz_settings(default_examples=100)
@given(
    header=st.one_of(
        HEADER_BYTES,
        HEADER_BYTES.map(lambda b: b"Bearer " + b),
        st.sampled_from([b"Bearer", b"Bearer ", b"bearer a.b.c", b"Bearer ..", b"Basic eDp5"]),
    )
)
async def test_random_authorization_header_never_fails_on_the_server(
    client: httpx.AsyncClient, header: bytes
) -> None:
    await _assert_served(client, header)


async def test_hand_signed_token_with_plausible_claims_is_accepted(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # The fuzz above is only worth something if its tokens get past the signature check.
    mint_dev_token(settings, firm="firm-a", role=Role.STAFF)
    key = settings.dev_jwt_key_file.read_text().strip()
    payload = {"iss": DEV_ISSUER, "exp": int(time.time()) + 600, "sub": "u", "firm_id": "f"}
    response = await client.post(
        "/graphql",
        content=VIEWER,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {sign_hs256(payload, key)}",
        },
    )
    assert response.json()["data"]["viewer"]["user"] == {"externalId": "u"}
