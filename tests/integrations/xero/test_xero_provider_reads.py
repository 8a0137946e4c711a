"""The Xero provider's voids, reads and payment pulls against the simulator (spec-checked)."""

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
    RefundRecord,
    RemoteDocStatus,
)
from integrations.xero.client import XeroClient
from integrations.xero.config import XeroLimits
from integrations.xero.provider import XeroProvider

INVOICES_PATH = "/api.xro/2.0/Invoices"


def _invoice(n: int, contact_id: str, **extra) -> InvoiceRecord:
    line = InvoiceLineRecord("Work", Decimal("1"), Decimal("100"), Decimal("100"))
    values = {
        "local_id": f"i{n}",
        "doc_type": DocType.INVOICE,
        "number": f"R-{n:04d}",
        "customer_remote_id": contact_id,
        "issue_date": date(2026, 1, 5),
        "idempotency_key": f"rk-{n}",
        "lines": (line,),
    }
    values.update(extra)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


async def _invoices(provider: XeroProvider, count: int) -> tuple[str, list[str]]:
    (contact,) = await provider.create_customers([CustomerRecord("c1", "Payer", "ck-1")])
    assert contact.ref is not None
    outcomes = await provider.create_invoices([_invoice(n, contact.ref.id) for n in range(count)])
    ids = [o.ref.id for o in outcomes if o.ref is not None]
    assert len(ids) == count
    return contact.ref.id, ids


async def test_xero_void_authorised_without_payments_is_voided(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    _, (invoice_id,) = await _invoices(xero_provider, 1)
    outcome = await xero_provider.void_invoice(invoice_id, None)
    assert outcome.ok
    assert sim_state.entity(xero_client.tenant_id, "invoices", invoice_id)["Status"] == "VOIDED"
    assert (await xero_provider.void_invoice(invoice_id, None)).ok  # already void: nothing to do
    (remote,) = await xero_provider.read_invoices([invoice_id])
    assert remote.status is RemoteDocStatus.VOID
    assert remote.balance == 0


async def test_xero_void_draft_is_deleted(
    xero_provider: XeroProvider, xero_client: XeroClient, sim_state
) -> None:
    contact_id, _ = await _invoices(xero_provider, 0)
    body = {"Type": "ACCREC", "Contact": {"ContactID": contact_id}, "Status": "DRAFT"}
    (draft,) = await xero_client.write(
        "PUT", "Invoices", "Invoices", [body], idempotency_key="draft-1"
    )
    outcome = await xero_provider.void_invoice(str(draft["InvoiceID"]), None)
    assert outcome.ok
    stored = sim_state.entity(xero_client.tenant_id, "invoices", str(draft["InvoiceID"]))
    assert stored["Status"] == "DELETED"


async def test_xero_void_with_payment_is_refused_with_a_hint(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    _, (invoice_id,) = await _invoices(xero_provider, 1)
    sim_state.record_payment(xero_client.tenant_id, invoice_id, 40.0)
    outcome = await xero_provider.void_invoice(invoice_id, None)
    assert outcome.error is not None
    assert outcome.error.code == "XERO-VOID-REFUSED"
    assert "Remove the payments" in (outcome.error.hint or "")
    assert sim_state.entity(xero_client.tenant_id, "invoices", invoice_id)["Status"] == "AUTHORISED"


async def test_xero_void_unknown_invoice_is_a_failed_outcome(xero_provider: XeroProvider) -> None:
    outcome = await xero_provider.void_invoice("00000000-0000-0000-0000-000000000001", None)
    assert outcome.error is not None
    assert outcome.error.code == "XERO-404"


async def test_xero_read_invoices_asks_40_ids_per_call(
    xero_provider: XeroProvider, spec_validator, sim_state, xero_client
) -> None:
    _, ids = await _invoices(xero_provider, 45)
    sim_state.record_payment(xero_client.tenant_id, ids[0], 30.0)
    before = len(spec_validator.checked)
    found = await xero_provider.read_invoices([*ids, "00000000-0000-0000-0000-000000000002"])
    reads = [c for c in spec_validator.checked[before:] if c[:2] == ("GET", INVOICES_PATH)]
    assert len(reads) == 2
    assert sorted(i.id for i in found) == sorted(ids)
    partly = next(i for i in found if i.id == ids[0])
    assert partly.status is RemoteDocStatus.PARTIAL
    assert partly.balance == Decimal("70")
    assert partly.issue_date == date(2026, 1, 5)


async def test_xero_pull_payments_pages_since_checkpoint(
    xero_cfg, xero_transport, xero_connected, token_source, sim_state, sim_clock
) -> None:
    config = dataclasses.replace(xero_cfg, limits=XeroLimits(page_size=2))
    tenant = xero_connected.connections[0].tenant_id
    source = token_source(xero_connected.tokens)
    async with XeroClient(config, tenant, source, transport=xero_transport) as client:
        provider = XeroProvider(client)
        _, ids = await _invoices(provider, 5)
        sim_state.record_payment(tenant, ids[0], 10.0)
        sim_clock.advance(60)
        for invoice_id in ids[1:]:
            sim_clock.advance(1)
            sim_state.record_payment(tenant, invoice_id, 25.0)
        pages = [page async for page in provider.pull_payments(None)]
        assert [len(p.payments) for p in pages] == [2, 2, 1]
        checkpoint = pages[0].checkpoint
        assert checkpoint is not None
        everything = [p for page in pages for p in page.payments]
        assert [p.applications[0].invoice_remote_id for p in everything] == ids
        later = [page async for page in provider.pull_payments(pages[0].payments[1].updated_at)]
    recent = [p for page in later for p in page.payments]
    assert [p.applications[0].invoice_remote_id for p in recent] == ids[1:]
    assert later[-1].checkpoint == max(p.updated_at for p in recent if p.updated_at)
    assert recent[0].amount == Decimal("25")
    assert recent[0].customer_remote_id is not None


async def test_xero_read_payments_and_customers_by_id(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id, (invoice_id,) = await _invoices(xero_provider, 1)
    payment = sim_state.record_payment(xero_client.tenant_id, invoice_id, 100.0)
    unknown = "00000000-0000-0000-0000-000000000003"
    (found,) = await xero_provider.read_payments([payment["PaymentID"], unknown])
    assert found.applications == (PaymentApplicationRef(invoice_id, Decimal("100")),)
    (customer,) = await xero_provider.read_customers([contact_id, unknown])
    assert customer.display_name == "Payer"
    (invoice,) = await xero_provider.read_invoices([invoice_id])
    assert invoice.status is RemoteDocStatus.PAID


async def test_xero_create_payments_into_the_bank_account(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id, (invoice_id,) = await _invoices(xero_provider, 1)
    good = PaymentRecord(
        "p1",
        contact_id,
        date(2026, 1, 9),
        Decimal("60"),
        "pk-1",
        (PaymentApplicationRef(invoice_id, Decimal("60")),),
        reference="Cheque 12",
    )
    too_much = dataclasses.replace(
        good,
        local_id="p2",
        idempotency_key="pk-2",
        applications=(PaymentApplicationRef(invoice_id, Decimal("500")),),
    )
    split = dataclasses.replace(good, local_id="p3", idempotency_key="pk-3", applications=())
    ok, over, unsplit = await xero_provider.create_payments([good, too_much, split])
    assert ok.ok
    assert over.error is not None
    assert "exceeds" in over.error.message
    assert unsplit.error is not None
    assert unsplit.error.code == "XERO-MAPPING"
    stored = sim_state.entity(xero_client.tenant_id, "payments", ok.ref.id)
    assert stored["Account"]["Code"] == "090"


async def test_xero_payment_split_over_invoices_is_one_batch_payment_and_pulls_with_its_id(
    xero_provider: XeroProvider, sim_state, xero_client, spec_validator
) -> None:
    contact_id, (first, second, third) = await _invoices(xero_provider, 3)
    single = PaymentRecord(
        "p1",
        contact_id,
        date(2026, 1, 9),
        Decimal("30"),
        "pk-1",
        (PaymentApplicationRef(third, Decimal("30")),),
    )
    split = dataclasses.replace(
        single,
        local_id="p2",
        idempotency_key="pk-2",
        amount=Decimal("140"),
        applications=(
            PaymentApplicationRef(first, Decimal("100")),
            PaymentApplicationRef(second, Decimal("40")),
        ),
        reference="Cheque 1042",
    )
    too_much = dataclasses.replace(
        split,
        local_id="p3",
        idempotency_key="pk-3",
        applications=(
            PaymentApplicationRef(second, Decimal("10")),
            PaymentApplicationRef(third, Decimal("500")),
        ),
    )

    batch, one, over = await xero_provider.create_payments([split, single, too_much])
    again, _, _ = await xero_provider.create_payments([split, single, too_much])

    tenant = xero_client.tenant_id
    (stored,) = sim_state.entities(tenant, "batch_payments")
    assert batch.ref is not None
    assert batch.ref.id == stored["BatchPaymentID"]
    assert again.ref == batch.ref
    assert stored["Reference"] == "Cheque 1042"
    assert one.ref is not None
    assert "BatchPaymentID" not in sim_state.entity(tenant, "payments", one.ref.id)
    assert over.error is not None
    assert "exceeds" in over.error.message
    assert sim_state.entity(tenant, "invoices", first)["Status"] == "PAID"
    assert sim_state.entity(tenant, "invoices", second)["AmountDue"] == 60.0
    assert sim_state.entity(tenant, "invoices", third)["AmountDue"] == 70.0
    pulled = [p async for page in xero_provider.pull_payments(None) for p in page.payments]
    groups = {p.applications[0].invoice_remote_id: p.group_id for p in pulled}
    assert groups == {first: batch.ref.id, second: batch.ref.id, third: None}
    assert ("PUT", "/api.xro/2.0/BatchPayments", 200) in spec_validator.checked


async def test_xero_refund_receipts_are_refused_clearly(xero_provider: XeroProvider) -> None:
    record = RefundRecord("r1", "c", date(2026, 1, 1), Decimal("5"), "090", "rf-1")
    (outcome,) = await xero_provider.create_refund_receipts([record])
    assert outcome.error is not None
    assert outcome.error.message == "Refunds are not supported for Xero yet"


async def test_xero_listings_and_company_facts(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id, ids = await _invoices(xero_provider, 3)
    sim_state.record_payment(xero_client.tenant_id, ids[0], 100.0)
    customers = [c async for page in xero_provider.list_customers() for c in page]
    assert [c.id for c in customers] == [contact_id]
    open_invoices = [i async for page in xero_provider.list_open_invoices() for i in page]
    assert sorted(i.id for i in open_invoices) == sorted(ids[1:])
    assert await xero_provider.company_name() == "Acme Ltd"
    assert await xero_provider.income_account_id() == "200"
    assert await xero_provider.default_item_id() is None
