"""The OAuth state: signed, short-lived, single-use, bound to its firm, user and provider."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fakeredis.aioredis import FakeRedis

from core.models.enums import Provider
from core.oauth_state import OAuthStateInvalid, OAuthStates, derive_state_key

KEY = b"cw_0x689RpI-jtRR7oE8h_eqsKlZVO1SaoTsvnh5AdM="
FIRM = uuid.uuid4()
USER = uuid.uuid4()


@pytest.fixture
def states() -> OAuthStates:
    return OAuthStates(KEY, FakeRedis())


def _issue(states: OAuthStates, **kwargs: object) -> str:
    return states.issue(firm_id=FIRM, user_id=USER, provider=Provider.QUICKBOOKS_ONLINE, **kwargs)  # type: ignore[arg-type]


async def test_state_consumed_once_names_firm_user_and_provider(states) -> None:
    token = _issue(states)
    state = await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert (state.firm_id, state.user_id, state.provider) == (
        FIRM,
        USER,
        Provider.QUICKBOOKS_ONLINE,
    )


async def test_state_reused_is_refused(states) -> None:
    token = _issue(states)
    await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    with pytest.raises(OAuthStateInvalid) as caught:
        await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert caught.value.reason == "reused"


async def test_state_with_tampered_firm_is_refused(states) -> None:
    header, payload, signature = _issue(states).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["fid"] = str(uuid.uuid4())
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(OAuthStateInvalid) as caught:
        await states.consume(f"{header}.{forged}.{signature}", provider=Provider.QUICKBOOKS_ONLINE)
    assert caught.value.reason == "tampered"


async def test_state_signed_with_another_key_is_refused() -> None:
    other = OAuthStates(b"another-key", FakeRedis())
    token = _issue(other)
    with pytest.raises(OAuthStateInvalid) as caught:
        await OAuthStates(KEY, FakeRedis()).consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert caught.value.reason == "tampered"


async def test_state_older_than_ten_minutes_is_expired(states) -> None:
    token = _issue(states, now=datetime.now(UTC) - timedelta(minutes=11))
    with pytest.raises(OAuthStateInvalid) as caught:
        await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert caught.value.reason == "expired"


async def test_state_nine_minutes_old_is_still_valid(states) -> None:
    token = _issue(states, now=datetime.now(UTC) - timedelta(minutes=9))
    state = await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert state.firm_id == FIRM


@pytest.mark.parametrize(
    ("kwargs", "provider"),
    [
        ({"firm_id": uuid.uuid4()}, Provider.QUICKBOOKS_ONLINE),
        ({"user_id": uuid.uuid4()}, Provider.QUICKBOOKS_ONLINE),
        ({}, Provider.XERO),
    ],
)
async def test_state_for_other_firm_user_or_provider_is_refused(states, kwargs, provider) -> None:
    token = _issue(states)
    with pytest.raises(OAuthStateInvalid) as caught:
        await states.consume(token, provider=provider, **kwargs)
    assert caught.value.reason == "mismatch"


async def test_state_refused_for_mismatch_is_not_consumed(states) -> None:
    token = _issue(states)
    with pytest.raises(OAuthStateInvalid):
        await states.consume(token, provider=Provider.XERO)
    state = await states.consume(token, provider=Provider.QUICKBOOKS_ONLINE)
    assert state.user_id == USER


async def test_state_garbage_is_malformed(states) -> None:
    with pytest.raises(OAuthStateInvalid) as caught:
        await states.consume("not-a-state", provider=Provider.QUICKBOOKS_ONLINE)
    assert caught.value.reason == "malformed"


def test_state_key_is_derived_not_the_encryption_key() -> None:
    derived = derive_state_key(KEY)
    assert derived != KEY
    assert len(derived) == 32
