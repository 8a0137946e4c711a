"""Importing remote customers: merge into local ones without duplicates; the newer side wins.

A remote customer is matched to a local one by its mapping, then by name (case-insensitive),
then by email. When the two differ, the side edited last wins (remote ``updated_at`` against the
local ``updated_at``) and the conflict is recorded as a WARNING item naming the fields. A remote
customer without a local match is created locally, with a SYNCED mapping.
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from core.models import Customer, ExternalMapping
from core.models.enums import Entity, MappingState
from core.sync.intents import mappings_for
from core.sync.pull_context import PullContext, remote_key
from core.sync.records import Address, RemoteCustomer

_ADDRESS_FIELDS = {
    "address_line1": "line1",
    "address_line2": "line2",
    "city": "city",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
}


async def import_customers_in(ctx: PullContext) -> None:
    """Merge every active remote customer into the local books, a page at a time."""
    async for page in ctx.session.list_customers():
        ctx.reporter.run.total += len(page)
        for remote in page:
            await merge_customer(ctx, remote)
        await ctx.reporter.progress()


def _remote_values(remote: RemoteCustomer) -> dict[str, str | None]:
    values: dict[str, str | None] = {
        "name": remote.display_name[:500],
        "email": remote.email,
        "phone": remote.phone,
    }
    address = remote.address or Address()
    for field, part in _ADDRESS_FIELDS.items():
        values[field] = getattr(address, part)
    return values


def _differences(local: Customer, remote: RemoteCustomer) -> dict[str, str | None]:
    """The remote values that differ from the local ones (absent remote values don't count)."""
    return {
        field: value
        for field, value in _remote_values(remote).items()
        if value is not None and (getattr(local, field) or "") != value
    }


async def _match(ctx: PullContext, remote: RemoteCustomer) -> Customer | None:
    by_name = (
        await Customer.filter(firm_id=ctx.firm_id, name__iexact=remote.display_name)
        .order_by("-active", "created_at")
        .first()
    )
    if by_name is not None or not remote.email:
        return by_name
    return (
        await Customer.filter(firm_id=ctx.firm_id, email__iexact=remote.email)
        .order_by("-active", "created_at")
        .first()
    )


async def merge_customer(ctx: PullContext, remote: RemoteCustomer) -> None:
    """Merge one remote customer and record the outcome on the run."""
    mapping = await ctx.mapping_of_remote(Entity.CUSTOMER, remote.id)
    local = None
    if mapping is not None:
        local = await Customer.get_or_none(id=mapping.local_id, firm_id=ctx.firm_id)
    if local is None:
        local = await _match(ctx, remote)
        if local is None:
            await _create_local(ctx, remote)
            return
    own = (await mappings_for(ctx.scope, [Entity.CUSTOMER], [local.id])).get(local.id)
    refusal = _link_refusal(ctx, own, remote)
    if refusal is not None:
        await ctx.reporter.record_skipped(
            entity=Entity.CUSTOMER,
            local_id=local.id,
            remote_id=remote.id,
            label=f"Customer {remote.display_name}",
            message=refusal,
        )
        return
    await _reconcile(ctx, local, remote, own)


def _link_refusal(
    ctx: PullContext, own: ExternalMapping | None, remote: RemoteCustomer
) -> str | None:
    if own is None or own.remote_id == remote.id:
        return None
    if own.state is MappingState.PENDING:
        return "a push of the matching local customer is in flight; import again after it"
    if own.state is MappingState.SYNCED:
        return (
            f"the matching local customer is already linked to {ctx.platform} customer "
            f"{own.remote_id}; rename one of them to keep them apart"
        )
    return None


async def _link(
    ctx: PullContext, local_id: UUID, remote: RemoteCustomer, own: ExternalMapping | None
) -> None:
    row = own or ExternalMapping(
        firm_id=ctx.firm_id,
        provider=ctx.scope.provider,
        remote_company_id=ctx.scope.remote_company_id,
        entity=Entity.CUSTOMER,
        local_id=local_id,
        idempotency_key=remote_key(ctx, Entity.CUSTOMER, remote.id),
    )
    row.state = MappingState.SYNCED
    row.remote_id = remote.id
    row.remote_version = remote.version
    row.last_error = None  # type: ignore[assignment]
    row.last_error_code = None
    row.last_synced_at = datetime.now(UTC)
    await row.save()


async def _create_local(ctx: PullContext, remote: RemoteCustomer) -> None:
    values = _remote_values(remote)
    label = f"Customer {remote.display_name}"
    try:
        async with in_transaction():
            customer = Customer(firm_id=ctx.firm_id, **values)
            await customer.save()
            await _link(ctx, customer.id, remote, None)
            await ctx.audit(
                action="customer.imported",
                subject_type="Customer",
                subject_id=customer.id,
                description=f"Customer {customer.name} imported from {ctx.platform}",
            )
    except IntegrityError:
        await ctx.reporter.record_skipped(
            entity=Entity.CUSTOMER,
            local_id=None,
            remote_id=remote.id,
            label=label,
            message="already imported by a concurrent sync",
        )
        return
    await ctx.reporter.record_synced(
        entity=Entity.CUSTOMER,
        local_id=customer.id,
        remote_id=remote.id,
        label=label,
        action="CREATED",
    )


def _remote_is_newer(local: Customer, remote: RemoteCustomer) -> bool:
    if remote.updated_at is None:
        return False
    return remote.updated_at > local.updated_at


async def _name_taken(ctx: PullContext, local: Customer, name: str) -> bool:
    return (
        await Customer.filter(firm_id=ctx.firm_id, active=True, name__iexact=name)
        .exclude(id=local.id)
        .exists()
    )


async def _reconcile(
    ctx: PullContext, local: Customer, remote: RemoteCustomer, own: ExternalMapping | None
) -> None:
    differences = _differences(local, remote)
    label = f"Customer {local.name}"
    warning: str | None = None
    action = "MATCHED"
    async with in_transaction():
        if differences and _remote_is_newer(local, remote):
            name = differences.get("name")
            if name is not None and await _name_taken(ctx, local, name):
                differences.pop("name")
            for field, value in differences.items():
                setattr(local, field, value)
            await local.save()
            await ctx.audit(
                action="customer.updated",
                subject_type="Customer",
                subject_id=local.id,
                description=f"Customer {local.name} updated from {ctx.platform} "
                f"({', '.join(sorted(differences))})",
            )
            action = "UPDATED"
            warning = (
                f"changed on both sides ({', '.join(sorted(differences))}); the {ctx.platform} "
                "version was newer and was kept"
            )
        elif differences:
            action = "KEPT_LOCAL"
            warning = (
                f"changed on both sides ({', '.join(sorted(differences))}); the Ledgersync "
                f"version was newer and was kept (it goes to {ctx.platform} with the next "
                "customer sync)"
            )
        await _link(ctx, local.id, remote, own)
    await ctx.reporter.record_synced(
        entity=Entity.CUSTOMER,
        local_id=local.id,
        remote_id=remote.id,
        label=label,
        action=action,
        warning=warning,
    )
