"""Fixtures for the sync-run tests: a firm with invoices in every state."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.models import Customer, Firm, Invoice
from core.models.enums import DocType, InvoiceStatus

TODAY = date(2026, 3, 10)


async def make_invoice(
    firm: Firm,
    customer: Customer,
    number: str,
    *,
    status: InvoiceStatus = InvoiceStatus.SENT,
    due: date | None = None,
    doc_type: DocType = DocType.INVOICE,
) -> Invoice:
    """An invoice of ``firm`` due on ``due`` (yesterday when omitted)."""
    return await Invoice.create(
        firm=firm,
        customer=customer,
        number=number,
        doc_type=doc_type,
        status=status,
        issue_date=TODAY - timedelta(days=30),
        due_date=due if due is not None else TODAY - timedelta(days=1),
    )


@pytest.fixture
async def firm(app) -> Firm:
    return await Firm.create(external_id="firm-a", name="Firm A")


@pytest.fixture
async def customer(firm) -> Customer:
    return await Customer.create(firm=firm, name="Ada")
