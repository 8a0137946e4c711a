"""Tortoise models, one module per aggregate. Tortoise loads them from this package."""

from __future__ import annotations

from core.models.agents import AgentGreeting, AgentLogin, AgentSession
from core.models.books import (
    Customer,
    Invoice,
    InvoiceLine,
    Item,
    Payment,
    PaymentApplication,
    Refund,
)
from core.models.connections import BookSnapshot, Connection, ExternalMapping, PushClaim
from core.models.ledger import ProviderExchange, ProviderRequest
from core.models.plans import PlanItem, SyncPlan
from core.models.reconciliation import Discrepancy, ReconciliationReport
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
    PushClaim,
    BookSnapshot,
    SyncRun,
    SyncRunItem,
    Activity,
    WebhookDelivery,
    AgentLogin,
    AgentSession,
    AgentGreeting,
    ProviderRequest,
    ProviderExchange,
    ReconciliationReport,
    Discrepancy,
    SyncPlan,
    PlanItem,
]

__all__ = [
    "Activity",
    "AgentGreeting",
    "AgentLogin",
    "AgentSession",
    "BookSnapshot",
    "Connection",
    "Customer",
    "Discrepancy",
    "ExternalMapping",
    "Firm",
    "Invoice",
    "InvoiceLine",
    "Item",
    "Membership",
    "Payment",
    "PaymentApplication",
    "PlanItem",
    "ProviderExchange",
    "ProviderRequest",
    "PushClaim",
    "ReconciliationReport",
    "Refund",
    "SyncPlan",
    "SyncRun",
    "SyncRunItem",
    "User",
    "WebhookDelivery",
]
