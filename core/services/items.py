"""Items (products and services) of the local books: listing, lookup, creates and updates."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TypedDict
from uuid import UUID

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from core.errors import Duplicate, NotFound, ValidationFailed
from core.models import Item
from core.services.activity import record_activity
from core.services.amounts import PRICE
from core.services.book_writes import actor_label, lock_firm, optional_text, required_text
from core.services.tenancy import Viewer

NAME_MAX_LENGTH = 255
SKU_MAX_LENGTH = 100
# QuickBooks Online caps sales descriptions at 4,000 characters; refusing longer text here
# avoids a sync failure later.
DESCRIPTION_MAX_LENGTH = 4000


@dataclass(frozen=True, slots=True)
class NewItem:
    """The fields of an item to create."""

    name: str
    description: str | None = None
    unit_price: Decimal = Decimal("0")
    sku: str | None = None


class ItemChanges(TypedDict, total=False):
    """A partial update: a key that is absent stays as it is; None clears an optional field."""

    name: str | None
    description: str | None
    unit_price: Decimal | None
    sku: str | None
    active: bool | None


ItemValue = str | Decimal | bool | None


def unit_price(value: Decimal | None, *, field: str = "unit_price") -> Decimal:
    """Check a unit price: present and in :data:`~core.services.amounts.PRICE`'s range."""
    if value is None:
        raise ValidationFailed("Unit price cannot be null: use 0 for a free item", field=field)
    return PRICE.check(value, field=field, label="Unit price")


def _text(key: str, value: object) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValidationFailed(f"`{key}` must be text", field=key)
    return value


def _clean_field(key: str, value: object) -> ItemValue:
    if key == "active":
        if not isinstance(value, bool):
            raise ValidationFailed("`active` must be true or false, not null", field="active")
        return value
    if key == "unit_price":
        if value is not None and not isinstance(value, Decimal):
            raise ValidationFailed("Unit price must be a decimal number", field=key)
        return unit_price(value)
    text = _text(key, value)
    if key == "name":
        return required_text(text, field="name", label="Name", max_length=NAME_MAX_LENGTH)
    if key == "sku":
        return optional_text(text, field="sku", label="SKU", max_length=SKU_MAX_LENGTH)
    if key == "description":
        return optional_text(
            text, field="description", label="Description", max_length=DESCRIPTION_MAX_LENGTH
        )
    raise ValidationFailed(f"`{key}` is not an item field", field=key)


def clean_item_changes(changes: ItemChanges) -> dict[str, ItemValue]:
    """Validate and normalize every given field."""
    return {key: _clean_field(key, value) for key, value in changes.items()}


def items_query(firm_id: UUID, *, search: str | None) -> QuerySet[Item]:
    """The firm's items, optionally matching ``search`` in name or SKU (any case)."""
    queryset = Item.filter(firm_id=firm_id)
    term = (search or "").strip()
    if term:
        queryset = queryset.filter(Q(name__icontains=term) | Q(sku__icontains=term))
    return queryset


async def get_item(firm_id: UUID, item_id: UUID) -> Item | None:
    """The firm's item with that id; None when unknown or another firm's."""
    return await Item.get_or_none(id=item_id, firm_id=firm_id)


async def _check_name_free(firm_id: UUID, name: str, *, exclude_id: UUID | None = None) -> None:
    clash = Item.filter(firm_id=firm_id, active=True, name__iexact=name)
    if exclude_id is not None:
        clash = clash.exclude(id=exclude_id)
    existing = await clash.first()
    if existing is not None:
        raise Duplicate(
            f'An active item named "{existing.name}" already exists; accounting platforms need '
            "item names to be unique. Choose another name or deactivate that item.",
            field="name",
        )


async def create_item(viewer: Viewer, data: NewItem, *, ip_address: str | None = None) -> Item:
    """Create an item in the caller's firm and record it in the audit trail.

    Raises ValidationFailed for bad input and Duplicate when an active item already has the
    name (compared without regard to case). Nothing is written unless everything succeeds.
    """
    cleaned = {key: _clean_field(key, value) for key, value in asdict(data).items()}
    name = str(cleaned["name"])
    async with in_transaction():
        await lock_firm(viewer.firm_id)
        await _check_name_free(viewer.firm_id, name)
        item = Item(firm_id=viewer.firm_id, **cleaned)
        await item.save()
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="item.created",
            subject_type="Item",
            subject_id=item.id,
            description=f"Item {name} created by {await actor_label(viewer)}",
            ip_address=ip_address,
        )
    return item


async def update_item(
    viewer: Viewer, item_id: UUID, changes: ItemChanges, *, ip_address: str | None = None
) -> Item:
    """Apply a partial update to one of the caller's items.

    Only the given fields change; None clears an optional field. Raises NotFound for an
    unknown id or another firm's item, ValidationFailed for bad input and Duplicate for a name
    clash with another active item. A call that changes nothing writes nothing.
    """
    cleaned = clean_item_changes(changes)
    async with in_transaction():
        await lock_firm(viewer.firm_id)
        item = await Item.get_or_none(id=item_id, firm_id=viewer.firm_id)
        if item is None:
            raise NotFound("No item with this ID exists in your firm", field="id")
        changed = {k: v for k, v in cleaned.items() if getattr(item, k) != v}
        if not changed:
            return item
        name = str(changed.get("name", item.name))
        if changed.get("active", item.active) and ("name" in changed or "active" in changed):
            await _check_name_free(viewer.firm_id, name, exclude_id=item.id)
        for key, value in changed.items():
            setattr(item, key, value)
        await item.save(update_fields=[*changed, "updated_at"])
        await record_activity(
            firm_id=viewer.firm_id,
            actor_id=viewer.user_id,
            action="item.updated",
            subject_type="Item",
            subject_id=item.id,
            description=f"Item {name} updated by {await actor_label(viewer)} "
            f"({', '.join(sorted(changed))})",
            ip_address=ip_address,
        )
    return item
