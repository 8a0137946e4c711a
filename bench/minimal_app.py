"""The smallest Strawberry + Starlette app that answers ``invoices(first:)`` in Ledgersync's shape.

It is the yardstick of ``graphql_load.py``: the same fields, types and JSON answer, served by
uvicorn with the same settings, from rows built once in memory (no database, no sign-in). What
Ledgersync spends above it is its own: the database, authentication and its resolvers.

    uvicorn bench.minimal_app:create_app --factory
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
from decimal import Decimal

import strawberry
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.extensions import ParserCache, ValidationCache

INVOICES = 200
LINES = 3


def _gid(kind: str, number: int) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{kind}:{number}".encode()).decode())


@strawberry.type
class Customer:
    """A customer."""

    id: strawberry.ID
    name: str


@strawberry.type
class InvoiceLine:
    """An invoice line."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@strawberry.type
class SyncInfo:
    """A sync status."""

    status: str
    remote_id: str | None


@strawberry.type
class Invoice:
    """An invoice with its relations, all in memory."""

    id: strawberry.ID
    number: str
    status: str
    total: Decimal
    balance: Decimal
    issue_date: dt.date
    due_date: dt.date | None
    customer: Customer
    lines: list[InvoiceLine]
    sync_status: SyncInfo


@strawberry.type
class Edge:
    """A node and its cursor."""

    node: Invoice
    cursor: str


@strawberry.type
class InvoiceConnection:
    """A page."""

    edges: list[Edge]
    total_count: int


def _rows() -> list[Invoice]:
    rows = []
    for n in range(INVOICES):
        lines = [
            InvoiceLine(
                description=f"Line {p}",
                quantity=Decimal("1.0000"),
                unit_price=Decimal("10.00"),
                amount=Decimal("10.00"),
            )
            for p in range(LINES)
        ]
        rows.append(
            Invoice(
                id=_gid("Invoice", n),
                number=str(1000 + n),
                status="SENT",
                total=Decimal("30.00"),
                balance=Decimal("30.00"),
                issue_date=dt.date(2026, 1, 5),
                due_date=dt.date(2026, 2, 4),
                customer=Customer(id=_gid("Customer", n), name=f"Customer {n}"),
                lines=lines,
                sync_status=SyncInfo(status="SYNCED", remote_id=str(n)),
            )
        )
    return rows


ROWS = _rows()


@strawberry.type
class Query:
    """The root query."""

    @strawberry.field
    def invoices(self, first: int = 50) -> InvoiceConnection:
        """The first ``first`` invoices."""
        page = ROWS[:first]
        return InvoiceConnection(
            edges=[Edge(node=row, cursor=_gid("Cursor", i)) for i, row in enumerate(page)],
            total_count=len(ROWS),
        )


async def healthz(request: Request) -> Response:
    """Liveness."""
    return JSONResponse({"status": "ok"})


async def webhook(request: Request) -> Response:
    """Check an Intuit signature over the body and acknowledge (the webhook yardstick)."""
    body = await request.body()
    key = os.environ.get("LEDGERSYNC_QBO_WEBHOOK_VERIFIER_TOKEN", "").encode()
    expected = base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()
    valid = hmac.compare_digest(expected, request.headers.get("intuit-signature", ""))
    return Response(status_code=200 if valid else 401)


def create_app() -> Starlette:
    """GraphQL at /graphql (Ledgersync's parser and validation caches) and a webhook route."""
    schema = strawberry.Schema(
        query=Query,
        extensions=[lambda: ParserCache(maxsize=256), lambda: ValidationCache(maxsize=256)],
    )
    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/graphql", GraphQL(schema), methods=["GET", "POST"]),
            Route("/webhooks/quickbooks", webhook, methods=["POST"]),
        ]
    )
