"""Resending a /batch whose records map differently by then, against the simulator.

The batch's requestid covers every record handed in, and each record's bId is its place among
them, so resending the same records replays Intuit's first answer and every record still finds
its own result: one that now fails to map keeps what the first batch created for it, and one
that was not in the first batch is reported as not created, never the others created twice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import CustomerRecord, DocType, InvoiceLineRecord, InvoiceRecord
from integrations.base import ProviderUnavailable
from integrations.quickbooks_online import provider as provider_module
from integrations.quickbooks_online.provider import QuickBooksOnlineProvider
from integrations.quickbooks_online.simulator import SimulatorState


def _invoice(customer_id: str, n: int) -> InvoiceRecord:
    line = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"), "1")
    return InvoiceRecord(
        local_id=f"rp-{n}",
        doc_type=DocType.INVOICE,
        number=f"RP-{n}",
        customer_remote_id=customer_id,
        issue_date=date(2026, 3, 1),
        idempotency_key=f"grp-{n}",
        lines=(line,),
    )


def _refusing(local_id: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the record ``local_id`` cannot be mapped (its content changed)."""
    real = provider_module.mapping.invoice_to_qbo

    def invoice_to_qbo(record: InvoiceRecord):  # type: ignore[no-untyped-def]
        if record.local_id == local_id:
            raise ValueError("the invoice changed and no longer maps")
        return real(record)

    monkeypatch.setattr(provider_module.mapping, "invoice_to_qbo", invoice_to_qbo)


async def test_provider_resent_batch_keeps_the_first_results_whatever_maps_now(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState, monkeypatch
) -> None:
    customer = await provider.create_customer(CustomerRecord("c", "Replayed", "c-1"))
    assert customer.ref is not None
    records = [_invoice(customer.ref.id, n) for n in range(3)]
    first = await provider.create_invoices(records)
    assert all(o.ok for o in first)
    _refusing("rp-1", monkeypatch)

    again = await provider.create_invoices(records)

    assert [o.ref for o in again] == [o.ref for o in first]
    assert len(sim_state.entities(provider.remote_company_id, "Invoice")) == 3


async def test_provider_resent_batch_with_a_record_that_maps_only_now_creates_nothing_twice(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState, monkeypatch
) -> None:
    customer = await provider.create_customer(CustomerRecord("c", "Replayed", "c-1"))
    assert customer.ref is not None
    records = [_invoice(customer.ref.id, n) for n in range(3)]
    with monkeypatch.context() as patched:
        _refusing("rp-1", patched)
        first = await provider.create_invoices(records)
    assert [o.ok for o in first] == [True, False, True]

    again = await provider.create_invoices(records)

    assert [o.ref for o in (again[0], again[2])] == [first[0].ref, first[2].ref]
    assert isinstance(again[1].error, ProviderUnavailable)  # not in the first batch
    numbers = [r["DocNumber"] for r in sim_state.entities(provider.remote_company_id, "Invoice")]
    assert sorted(numbers) == ["RP-0", "RP-2"]
