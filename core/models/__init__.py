"""Tortoise models, one module per aggregate. Tortoise loads them from this package."""

from __future__ import annotations

from core.models.books import (
    Customer,
    Invoice,
    InvoiceLine,
    Item,
    Payment,
    PaymentApplication,
    Refund,
)
from core.models.connections import Connection, ExternalMapping
from core.models.sync import Activity, SyncRun, SyncRunItem, WebhookDelivery
from core.models.tenancy import Firm, Membership, User

__models__ = [
    Firm,
    User,
    Membership,
    Customer,
    Item,
    Invoice,
    InvoiceLine,
    Payment,
    PaymentApplication,
    Refund,
    Connection,
    ExternalMapping,
    SyncRun,
    SyncRunItem,
    Activity,
    WebhookDelivery,
]

__all__ = [
    "Activity",
    "Connection",
    "Customer",
    "ExternalMapping",
    "Firm",
    "Invoice",
    "InvoiceLine",
    "Item",
    "Membership",
    "Payment",
    "PaymentApplication",
    "Refund",
    "SyncRun",
    "SyncRunItem",
    "User",
    "WebhookDelivery",
]
