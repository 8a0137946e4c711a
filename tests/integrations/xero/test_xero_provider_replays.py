"""Resending a write whose records map differently by then (spec-checked simulator).

A write's Idempotency-Key covers every record handed in, those refused before sending included,
so resending the same records is the same write even when one of them now maps: Xero replays its
first answer, each sent record gets its own answer by what identifies it (the invoice number,
the invoice and amount paid), and a record that was not part of that write is reported as not
created instead of the others being written a second time.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from core.sync.records import (
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    PaymentApplicationRef,
    PaymentRecord,
)
from integrations.base import ProviderUnavailable
from integrations.xero.provider import XeroProvider


def _invoice(n: int, contact_id: str, **extra: object) -> InvoiceRecord:
    line = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"))
    values: dict[str, object] = {
        "local_id": f"i{n}",
        "doc_type": DocType.INVOICE,
        "number": f"RP-{n}",
        "customer_remote_id": contact_id,
        "issue_date": date(2026, 1, 5),
        "idempotency_key": f"grp-{n}",
        "lines": (line,),
        "due_date": date(2026, 2, 4),
    }
    values.update(extra)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


async def _contact(provider: XeroProvider) -> str:
    (contact,) = await provider.create_customers([CustomerRecord("c1", "Payer", "ck-1")])
    assert contact.ref is not None
    return contact.ref.id


async def test_xero_resent_invoices_with_one_mapping_now_replay_the_first_answer(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    records = [_invoice(1, contact_id), _invoice(2, contact_id, lines=()), _invoice(3, contact_id)]
    first = await xero_provider.create_invoices(records)
    assert [o.ok for o in first] == [True, False, True]  # an invoice needs a line

    fixed = [records[0], _invoice(2, contact_id), records[2]]
    again = await xero_provider.create_invoices(fixed)

    assert [o.ref for o in (again[0], again[2])] == [first[0].ref, first[2].ref]
    assert isinstance(again[1].error, ProviderUnavailable)  # not created: sent again later
    numbers = [r["InvoiceNumber"] for r in sim_state.entities(xero_client.tenant_id, "invoices")]
    assert sorted(numbers) == ["RP-1", "RP-3"]


async def test_xero_resent_payments_with_one_mapping_now_replay_the_first_answer(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    invoices = await xero_provider.create_invoices([_invoice(n, contact_id) for n in range(3)])
    ids = [o.ref.id for o in invoices if o.ref is not None]
    payments = [
        PaymentRecord(
            f"p{n}",
            contact_id,
            date(2026, 1, 9),
            Decimal("25.50"),
            f"pk-{n}",
            (PaymentApplicationRef(ids[n], Decimal("25.50")),),
        )
        for n in range(3)
    ]
    unapplied = dataclasses.replace(payments[1], applications=())
    first = await xero_provider.create_payments([payments[0], unapplied, payments[2]])
    assert [o.ok for o in first] == [True, False, True]  # a Xero payment pays one invoice

    again = await xero_provider.create_payments(payments)

    assert [o.ref for o in (again[0], again[2])] == [first[0].ref, first[2].ref]
    assert isinstance(again[1].error, ProviderUnavailable)
    stored = sim_state.entities(xero_client.tenant_id, "payments")
    assert sorted(p["Invoice"]["InvoiceID"] for p in stored) == sorted([ids[0], ids[2]])
