"""Per-request DataLoaders of this domain: one query per kind of relation, whatever the page size.

Loaders keyed by record id are scoped to the caller's firm, so a stray id of another firm loads
as None instead of leaking a record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from typing import TypeVar
from uuid import UUID

from strawberry.dataloader import DataLoader

from core.models import (
    Customer,
    Invoice,
    InvoiceLine,
    Item,
    Payment,
    PaymentApplication,
    Refund,
)
from graph.context import Info

RecordT = TypeVar("RecordT", Customer, Item, Invoice, Payment)
ChildT = TypeVar("ChildT", InvoiceLine, PaymentApplication, Refund)


async def _by_id(model: type[RecordT], firm_id: UUID, keys: Sequence[UUID]) -> list[RecordT | None]:
    rows = await model.filter(firm_id=firm_id, id__in=list(keys))
    by_id = {row.id: row for row in rows}
    return [by_id.get(key) for key in keys]


async def _grouped(
    model: type[ChildT], parent_field: str, order: tuple[str, ...], keys: Sequence[UUID]
) -> list[list[ChildT]]:
    rows = await model.filter(**{f"{parent_field}__in": list(keys)}).order_by(*order)
    groups: dict[UUID, list[ChildT]] = defaultdict(list)
    for row in rows:
        groups[getattr(row, parent_field)].append(row)
    return [groups.get(key, []) for key in keys]


def _firm_loader(info: Info, model: type[RecordT]) -> DataLoader[UUID, RecordT | None]:
    firm_id = info.context.require_viewer().firm_id

    def build() -> DataLoader[UUID, RecordT | None]:
        return DataLoader(load_fn=partial(_by_id, model, firm_id))

    return info.context.loaders.get(build, key=("invoices.by_id", model.__name__, firm_id))


def _child_loader(
    info: Info, model: type[ChildT], parent_field: str, order: tuple[str, ...]
) -> DataLoader[UUID, list[ChildT]]:
    build: Callable[[], DataLoader[UUID, list[ChildT]]] = partial(
        DataLoader, load_fn=partial(_grouped, model, parent_field, order)
    )
    return info.context.loaders.get(build, key=("invoices.children", model.__name__, parent_field))


LINE_COLUMNS = (
    "id",
    "invoice_id",
    "position",
    "description",
    "quantity",
    "unit_price",
    "tax_rate",
    "amount",
    "item_id",
)


async def lines_of(invoice_ids: Sequence[UUID]) -> dict[UUID, list[dict[str, object]]]:
    """The lines of many invoices in one query, as plain rows of :data:`LINE_COLUMNS`.

    Rows instead of models: a page of 100 invoices has hundreds of lines, and building a
    Tortoise model for each costs more than the query itself.
    """
    rows = (
        await InvoiceLine.filter(invoice_id__in=list(invoice_ids))
        .order_by("position", "created_at")
        .values(*LINE_COLUMNS)
    )
    groups: dict[UUID, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        groups[row["invoice_id"]].append(row)
    return groups


def customer_loader(info: Info) -> DataLoader[UUID, Customer | None]:
    """Customers of the caller's firm by id."""
    return _firm_loader(info, Customer)


def item_loader(info: Info) -> DataLoader[UUID, Item | None]:
    """Items of the caller's firm by id."""
    return _firm_loader(info, Item)


def invoice_loader(info: Info) -> DataLoader[UUID, Invoice | None]:
    """Invoices and estimates of the caller's firm by id."""
    return _firm_loader(info, Invoice)


def payment_loader(info: Info) -> DataLoader[UUID, Payment | None]:
    """Payments of the caller's firm by id."""
    return _firm_loader(info, Payment)


def lines_loader(info: Info) -> DataLoader[UUID, list[InvoiceLine]]:
    """An invoice's lines, in position order, by invoice id."""
    return _child_loader(info, InvoiceLine, "invoice_id", ("position", "created_at"))


def invoice_applications_loader(info: Info) -> DataLoader[UUID, list[PaymentApplication]]:
    """The payment applications of an invoice, oldest first, by invoice id."""
    return _child_loader(info, PaymentApplication, "invoice_id", ("created_at", "id"))


def payment_applications_loader(info: Info) -> DataLoader[UUID, list[PaymentApplication]]:
    """The applications of a payment, oldest first, by payment id."""
    return _child_loader(info, PaymentApplication, "payment_id", ("created_at", "id"))


def refunds_loader(info: Info) -> DataLoader[UUID, list[Refund]]:
    """The refunds of a payment, oldest first, by payment id."""
    return _child_loader(info, Refund, "payment_id", ("date", "created_at"))
