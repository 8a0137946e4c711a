"""The principal cache: how long a verified token's caller is remembered, and when it is not."""

from __future__ import annotations

from dataclasses import dataclass

from core.auth import PrincipalCache
from core.models.enums import Role

TTL = 10.0


@dataclass(frozen=True)
class Member:
    user_id: str
    firm_id: str
    role: Role


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _cache(clock: Clock, **kwargs) -> PrincipalCache[Member]:
    return PrincipalCache(TTL, clock=clock, **kwargs)


def test_principal_cache_within_ttl_returns_the_caller() -> None:
    clock = Clock()
    cache = _cache(clock)
    staff = Member("u1", "f1", Role.STAFF)
    cache.put("token-1", staff, token_expires_at=None)
    clock.now += TTL - 0.1
    assert cache.get("token-1") is staff
    assert cache.get("token-2") is None


def test_principal_cache_after_ttl_forgets_the_caller() -> None:
    clock = Clock()
    cache = _cache(clock)
    cache.put("token-1", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    clock.now += TTL
    assert cache.get("token-1") is None
    assert len(cache) == 0


def test_principal_cache_never_outlives_the_token_expiry() -> None:
    clock = Clock()
    cache = _cache(clock)
    cache.put("token-1", Member("u1", "f1", Role.STAFF), token_expires_at=clock.now + 2)
    clock.now += 1
    assert cache.get("token-1") is not None
    clock.now += 1
    assert cache.get("token-1") is None


def test_principal_cache_role_change_drops_the_members_other_tokens() -> None:
    clock = Clock()
    cache = _cache(clock)
    cache.put("old-a", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    cache.put("old-b", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    cache.put("other-firm", Member("u1", "f2", Role.STAFF), token_expires_at=None)
    admin = Member("u1", "f1", Role.FIRM_ADMIN)
    cache.put("new", admin, token_expires_at=None)
    assert cache.get("old-a") is None
    assert cache.get("old-b") is None
    assert cache.get("other-firm") is not None
    assert cache.get("new") is admin


def test_principal_cache_same_role_keeps_the_members_other_tokens() -> None:
    cache = _cache(Clock())
    cache.put("a", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    cache.put("b", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    assert cache.get("a") is not None


def test_principal_cache_with_zero_ttl_remembers_nothing_but_still_drops_stale_roles() -> None:
    clock = Clock()
    cache = PrincipalCache[Member](0, clock=clock)
    cache.put("a", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    assert cache.get("a") is None
    assert len(cache) == 0


def test_principal_cache_when_full_drops_the_oldest_entry() -> None:
    cache = _cache(Clock(), max_entries=2)
    for token in ("a", "b", "c"):
        cache.put(token, Member(token, "f1", Role.STAFF), token_expires_at=None)
    assert len(cache) == 2
    assert cache.get("a") is None
    assert cache.get("c") is not None


def test_principal_cache_holds_token_digests_not_tokens() -> None:
    cache = _cache(Clock())
    cache.put("secret-token", Member("u1", "f1", Role.STAFF), token_expires_at=None)
    assert "secret-token" not in repr(vars(cache))
    assert b"secret-token" not in b"".join(cache._entries)
