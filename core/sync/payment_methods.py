"""Matching the payment methods of the settings to the platform's payment-method list.

The ``payment_methods`` setting names the local payment methods whose payments sync. Platforms
that keep a list of payment methods (their sessions have :class:`PaymentMethodCatalog`) are
matched by name, case-insensitively and trimmed: a pushed payment carries the matched method's
remote id, and a configured name without a match is reported — a WARNING item in each push or
pull run that meets it — and its payments are SKIPPED with that reason, never sent under another
method. Platforms without such a list treat methods as free text: only the name filter applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from tortoise.transactions import in_transaction

from core.models import Connection, SyncRunItem
from core.models.enums import Entity
from core.sync.pull_context import PullContext
from core.sync.records import RemotePaymentMethod

UNMATCHED_STATE_KEY = "unmatched_payment_methods"
"""``Connection.sync_state`` key: configured method names the last run found no match for."""
ACTION_UNMATCHED = "UNMATCHED_METHOD"


@runtime_checkable
class PaymentMethodCatalog(Protocol):
    """An optional session member: the platform keeps a list of payment methods."""

    async def list_payment_methods(self) -> list[RemotePaymentMethod]:
        """The company's payment methods."""
        ...


def method_key(name: str) -> str:
    """How names are compared: trimmed and case-insensitive."""
    return name.strip().casefold()


@dataclass(slots=True)
class MethodMatch:
    """The configured methods matched against the platform's list, for one run."""

    remote_ids: dict[str, str] = field(default_factory=dict)
    unmatched: dict[str, str] = field(default_factory=dict)
    warned: set[str] = field(default_factory=set)

    def remote_id(self, method: str | None) -> str | None:
        """The remote id of a local method name, when the platform lists it."""
        return self.remote_ids.get(method_key(method)) if method else None

    def unmatched_name(self, method: str | None) -> str | None:
        """The configured spelling of ``method`` when it is configured but has no match."""
        return self.unmatched.get(method_key(method)) if method else None


def unmatched_message(name: str, platform: str) -> str:
    """What the run says about a configured method the platform does not have."""
    return (
        f"Payment method {name!r} has no match in {platform}: its payments are not synced; "
        f"add it in {platform} or remove it from the settings"
    )


async def match_payment_methods(ctx: PullContext) -> MethodMatch:
    """Read the platform's payment methods once and match the configured names to them."""
    session = ctx.session
    if not isinstance(session, PaymentMethodCatalog):
        return MethodMatch()
    remote = {method_key(m.name): m.id for m in await session.list_payment_methods() if m.active}
    unmatched = {
        method_key(name): name.strip()
        for name in ctx.settings.payment_methods
        if method_key(name) not in remote
    }
    await _remember(ctx.connection, sorted(unmatched.values()))
    return MethodMatch(remote_ids=remote, unmatched=unmatched)


async def warn_unmatched(ctx: PullContext, match: MethodMatch, name: str) -> None:
    """Record the WARNING item for one unmatched configured method, once per run."""
    key = method_key(name)
    label = f"Payment method {name}"
    # A sync-now run pulls and then pushes payments: one warning per name is enough for both.
    if key in match.warned or await SyncRunItem.exists(
        run_id=ctx.reporter.run.id, action=ACTION_UNMATCHED, label=label
    ):
        return
    match.warned.add(key)
    ctx.reporter.run.total += 1
    await ctx.reporter.record_synced(
        entity=Entity.PAYMENT,
        local_id=None,
        label=label,
        action=ACTION_UNMATCHED,
        warning=unmatched_message(name, ctx.platform),
    )


async def report_unmatched_methods(ctx: PullContext) -> MethodMatch:
    """Match the methods and warn about every configured one without a match (pull runs)."""
    match = await match_payment_methods(ctx)
    for name in match.unmatched.values():
        await warn_unmatched(ctx, match, name)
    return match


def remembered_unmatched(connection: Connection) -> list[str]:
    """The configured payment methods the last sync found no match for at the platform."""
    names = (connection.sync_state or {}).get(UNMATCHED_STATE_KEY) or []
    return [str(name) for name in names] if isinstance(names, list) else []


async def _remember(connection: Connection, names: list[str]) -> None:
    """Keep the names in ``sync_state`` so the connection can show them without a remote call."""
    if remembered_unmatched(connection) == names:
        return
    async with in_transaction():
        row = await Connection.filter(id=connection.id).select_for_update().get()
        state = dict(row.sync_state or {})
        state[UNMATCHED_STATE_KEY] = names
        row.sync_state = state
        await row.save(update_fields=["sync_state", "updated_at"])
    connection.sync_state = {**(connection.sync_state or {}), UNMATCHED_STATE_KEY: names}
