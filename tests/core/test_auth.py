"""Bearer-token verification: each refusal says what is wrong with the token."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from core.auth import AuthError, TokenVerifier, mint_dev_token
from core.models.enums import Role
from core.settings import Settings, load_settings


@pytest.fixture
def dev_settings(tmp_path: Path) -> Settings:
    """Development mode with no other key source: only the local development key verifies."""
    return load_settings(dev_mode=True, state_dir=tmp_path / "state")


@pytest.mark.parametrize("bearer", ["not-a-jwt", "abc.def", "a.b.c", "Zm9v.YmFy.YmF6"])
def test_verify_value_that_is_not_a_jwt_in_dev_mode_says_so(dev_settings, bearer) -> None:
    verifier = TokenVerifier(dev_settings)

    with pytest.raises(AuthError) as caught:
        verifier.verify(bearer)

    assert "not a JWT" in str(caught.value)
    assert "no key is configured" not in str(caught.value)


def test_verify_jwt_from_another_issuer_in_dev_mode_names_the_development_issuer(
    dev_settings,
) -> None:
    token = jwt.encode({"iss": "billing", "sub": "u", "exp": 4102444800}, "k" * 32)

    with pytest.raises(AuthError) as caught:
        TokenVerifier(dev_settings).verify(token)

    assert "ledgersync-dev" in str(caught.value)
    assert "no key is configured" not in str(caught.value)


def test_verify_development_token_in_dev_mode_returns_its_claims(dev_settings) -> None:
    token = mint_dev_token(dev_settings, firm="firm-a", role=Role.STAFF, user="u-1")

    claims = TokenVerifier(dev_settings).verify(token)

    assert (claims.subject, claims.firm, claims.role) == ("u-1", "firm-a", Role.STAFF)


def test_verify_value_that_is_not_a_jwt_with_a_shared_secret_says_so(tmp_path) -> None:
    settings = load_settings(jwt_secret="s" * 32, state_dir=tmp_path)

    with pytest.raises(AuthError, match="not a JWT"):
        TokenVerifier(settings).verify("opaque-session-id")
