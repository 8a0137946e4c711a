"""Relay-style cursor connections over Tortoise querysets (keyset pagination)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from typing import Generic, TypeVar
from uuid import UUID

import strawberry
from strawberry.types.arguments import StrawberryArgumentAnnotation
from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from core.errors import ValidationFailed
from graph.validation import text_argument

NodeT = TypeVar("NodeT")
ModelT = TypeVar("ModelT", bound=Model)

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Our cursors are about 100 characters long.
CURSOR_MAX_LENGTH = 200


def after_argument(description: str) -> StrawberryArgumentAnnotation:
    """The `after` argument of a list: a cursor this API returned (its length is limited)."""
    return text_argument(description, max_length=CURSOR_MAX_LENGTH)


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    """Relay page information."""

    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A node and the cursor that points at it.")
class Edge(Generic[NodeT]):
    """One edge of a connection."""

    node: NodeT
    cursor: str


@strawberry.type(description="A page of a list. Ask for the next page with `after: endCursor`.")
class Connection(Generic[NodeT]):
    """A Relay connection."""

    edges: list[Edge[NodeT]]
    page_info: PageInfo
    count_all: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many records the whole list holds.")
    async def total_count(self) -> int:
        """Counted only when the query asks for it: one statement less for every other page."""
        return await self.count_all()


def _encode_cursor(created_at: datetime, record_id: object) -> str:
    raw = json.dumps([created_at.isoformat(), str(record_id)]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, model: type[Model]) -> tuple[datetime, UUID | int]:
    """The (created_at, primary key) a cursor of ``model``'s list points at."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        stamp, record_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        when = datetime.fromisoformat(stamp)
        key = _record_key(model, str(record_id))
    except (binascii.Error, ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise ValidationFailed("`after` is not a cursor from this list", field="after") from exc
    # Our cursors carry an offset; one without is read as UTC, as the database stores times.
    return (when if when.tzinfo else when.replace(tzinfo=UTC)), key


def _record_key(model: type[Model], raw: str) -> UUID | int:
    """Most records have UUID keys; the append-only logs have 64-bit integer ones."""
    if isinstance(model._meta.pk, fields.UUIDField):
        return UUID(raw)
    key = int(raw)
    if not -(2**63) <= key < 2**63:
        raise OverflowError("not a 64-bit key")
    return key


def page_size(first: int | None) -> int:
    """Validate ``first``: 1..200, 50 when omitted."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 1 or first > MAX_PAGE_SIZE:
        raise ValidationFailed(f"`first` must be between 1 and {MAX_PAGE_SIZE}", field="first")
    return first


async def paginate(
    queryset: QuerySet[ModelT],
    *,
    first: int | None,
    after: str | None,
    to_node: Callable[[Sequence[ModelT]], Awaitable[list[NodeT]]],
    related: Sequence[str] = (),
) -> Connection[NodeT]:
    """Return one page of ``queryset``, newest first, as a connection of nodes.

    The cursor is the (created_at, id) of the last row, so pages stay stable while records are
    added. ``to_node`` converts the whole page at once, so it can batch any related lookups;
    the ``related`` foreign keys are joined into the page's query (``select_related``).
    """
    size = page_size(first)
    page_qs = queryset
    if after:
        stamp, after_id = _decode_cursor(after, queryset.model)
        page_qs = page_qs.filter(
            Q(created_at__lt=stamp) | (Q(created_at=stamp) & Q(id__lt=after_id))
        )
    if related:
        page_qs = page_qs.select_related(*related)
    rows = await page_qs.order_by("-created_at", "-id").limit(size + 1)
    has_next = len(rows) > size
    rows = rows[:size]
    nodes = await to_node(rows)
    edges = [
        Edge(node=node, cursor=_encode_cursor(getattr(row, "created_at"), row.pk))  # noqa: B009
        for row, node in zip(rows, nodes, strict=True)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count_all=queryset.count,
    )
