"""The provider's engine-facing operations against the simulator."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import (
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    ItemQuery,
    ItemRecord,
    RemoteDocStatus,
)
from integrations.base import (
    Capability,
    DuplicateName,
    PeriodClosed,
    ProviderUnavailable,
    RateLimited,
    StaleVersion,
)
from integrations.quickbooks_online.provider import QuickBooksOnlineProvider
from integrations.quickbooks_online.simulator import ManualClock, SimulatorState


def _customer(name: str, key: str | None = None, email: str | None = None) -> CustomerRecord:
    return CustomerRecord(
        local_id=f"local-{name}", display_name=name, idempotency_key=key or f"c-{name}", email=email
    )


def _invoice(
    customer_id: str, key: str, *, number: str | None = None, item: str | None = "1"
) -> InvoiceRecord:
    line = InvoiceLineRecord(
        description="Consulting",
        quantity=Decimal("2"),
        unit_price=Decimal("60.25"),
        amount=Decimal("120.50"),
        item_remote_id=item,
    )
    return InvoiceRecord(
        local_id=key,
        doc_type=DocType.INVOICE,
        number=number,
        customer_remote_id=customer_id,
        issue_date=date(2026, 3, 1),
        idempotency_key=key,
        lines=(line,),
    )


def test_provider_declares_oauth_push_pull_webhooks_refunds_receivables(
    provider: QuickBooksOnlineProvider,
) -> None:
    assert provider.capabilities == {
        Capability.OAUTH2,
        Capability.PUSH,
        Capability.PULL,
        Capability.WEBHOOKS,
        Capability.REFUNDS,
        Capability.RECEIVABLES,
    }


async def test_provider_create_customer_truncates_with_warning_and_finds_it_by_name(
    provider: QuickBooksOnlineProvider,
) -> None:
    outcome = await provider.create_customer(_customer("Acme: North\tBranch"))
    assert outcome.ok
    assert outcome.warnings
    found = await provider.find_customer("Acme: North\tBranch")
    assert found is not None
    assert outcome.ref is not None
    assert found.id == outcome.ref.id
    assert found.display_name == "Acme- North Branch"


async def test_provider_find_items_by_name_as_sent(provider: QuickBooksOnlineProvider) -> None:
    (created,) = await provider.create_items([ItemRecord("i1", "Audit: Year End", "key-i1")])
    assert created.ref is not None

    found = await provider.find_items([ItemQuery("Audit: Year End"), ItemQuery("Not There")])

    assert [f.id if f else None for f in found] == [created.ref.id, None]
    assert found[0] is not None
    assert found[0].name == "Audit- Year End"  # the name QuickBooks holds


async def test_provider_find_customer_unknown_name_returns_none(
    provider: QuickBooksOnlineProvider,
) -> None:
    assert await provider.find_customer("Nobody's Here") is None


async def test_provider_create_customer_duplicate_is_a_failed_outcome(
    provider: QuickBooksOnlineProvider,
) -> None:
    await provider.create_customer(_customer("Same", key="k1"))
    outcome = await provider.create_customer(_customer("Same", key="k2"))
    assert not outcome.ok
    assert isinstance(outcome.error, DuplicateName)


async def test_provider_create_customer_same_key_twice_creates_once(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    first = await provider.create_customer(_customer("Once", key="same-key"))
    second = await provider.create_customer(_customer("Once", key="same-key"))
    assert first.ref == second.ref
    assert len(sim_state.entities(provider.remote_company_id, "Customer")) == 1


async def test_provider_create_customers_batch_gives_one_outcome_per_record(
    provider: QuickBooksOnlineProvider,
) -> None:
    await provider.create_customer(_customer("Existing"))
    records = [_customer(f"Batch {n}") for n in range(33)] + [_customer("Existing", key="dup")]
    outcomes = await provider.create_customers(records)
    assert len(outcomes) == 34
    assert all(o.ok for o in outcomes[:33])
    assert isinstance(outcomes[33].error, DuplicateName)


async def test_provider_create_item_uses_first_income_account(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    record = ItemRecord(
        local_id="i1",
        name="Design",
        idempotency_key="item-1",
        unit_price=Decimal("75"),
        sku="DSN-1",
        description="x" * 4100,
    )
    outcome = await provider.create_item(record)
    assert outcome.ok
    assert any("Description" in w for w in outcome.warnings)
    assert outcome.ref is not None
    item = sim_state.realm(provider.remote_company_id).get("Item", outcome.ref.id)
    assert item is not None
    assert item.data["IncomeAccountRef"]["value"] == "1"
    assert len(item.data["Description"]) == 4000


async def test_provider_create_invoice_and_read_it_back(
    provider: QuickBooksOnlineProvider,
) -> None:
    customer = await provider.create_customer(_customer("Invoiced"))
    assert customer.ref is not None
    outcome = await provider.create_invoice(
        _invoice(customer.ref.id, "inv-1", number="INV-2026-000000000000042")
    )
    assert outcome.ok
    assert outcome.ref is not None
    assert outcome.ref.number == "INV-2026-000000000000"
    assert any("DocNumber" in w for w in outcome.warnings)
    (remote,) = await provider.read_invoices([outcome.ref.id])
    assert remote.total == Decimal("120.50")
    assert remote.status is RemoteDocStatus.OPEN
    assert remote.customer_remote_id == customer.ref.id


async def test_provider_create_invoice_line_without_item_uses_default_item(
    provider: QuickBooksOnlineProvider,
) -> None:
    customer = await provider.create_customer(_customer("Unmapped item"))
    assert customer.ref is not None
    outcome = await provider.create_invoice(_invoice(customer.ref.id, "inv-2", item=None))
    assert outcome.ok


async def test_provider_create_estimate_maps_to_estimate(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    customer = await provider.create_customer(_customer("Quoted"))
    assert customer.ref is not None
    estimate = dataclasses.replace(_invoice(customer.ref.id, "est-1"), doc_type=DocType.ESTIMATE)
    outcome = await provider.create_invoice(estimate)
    assert outcome.ok
    assert len(sim_state.entities(provider.remote_company_id, "Estimate")) == 1
    assert sim_state.entities(provider.remote_company_id, "Invoice") == []


async def test_provider_create_invoices_batch_mixed_failures_per_record(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    customer = await provider.create_customer(_customer("Batch payer"))
    assert customer.ref is not None
    sim_state.close_books(provider.remote_company_id, date(2026, 3, 15))
    good = dataclasses.replace(_invoice(customer.ref.id, "ok-1"), issue_date=date(2026, 4, 1))
    closed = _invoice(customer.ref.id, "closed-1")
    unknown_customer = dataclasses.replace(_invoice("99999", "bad-1"), issue_date=date(2026, 4, 2))
    outcomes = await provider.create_invoices([good, closed, unknown_customer])
    assert outcomes[0].ok
    assert isinstance(outcomes[1].error, PeriodClosed)
    assert outcomes[2].error is not None
    assert outcomes[2].error.code == "QBO-2500"
    assert len(sim_state.entities(provider.remote_company_id, "Invoice")) == 1


async def test_provider_update_customer_with_stale_version_rereads_and_retries_once(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    created = await provider.create_customer(_customer("Editable"))
    assert created.ref is not None
    # Someone renames the customer in QuickBooks: our SyncToken "0" is now stale.
    sim_state.rename_customer(provider.remote_company_id, created.ref.id, "Edited There")
    outcome = await provider.update_customer(
        created.ref.id, "0", _customer("Edited Here", email="a@example.com")
    )
    assert outcome.ok
    assert outcome.ref is not None
    assert outcome.ref.version == "2"
    record = sim_state.realm(provider.remote_company_id).get("Customer", created.ref.id)
    assert record is not None
    assert record.data["DisplayName"] == "Edited Here"


async def test_provider_update_twice_stale_gives_failed_outcome(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState, monkeypatch
) -> None:
    created = await provider.create_customer(_customer("Contended"))
    assert created.ref is not None

    async def always_stale(*args: object, **kwargs: object) -> dict[str, object]:
        raise StaleVersion("stale", code="QBO-5010")

    monkeypatch.setattr(provider.client, "update", always_stale)
    outcome = await provider.update_customer(created.ref.id, "0", _customer("Contended"))
    assert isinstance(outcome.error, StaleVersion)


async def test_provider_void_invoice_reports_void_status(
    provider: QuickBooksOnlineProvider,
) -> None:
    customer = await provider.create_customer(_customer("Voided"))
    assert customer.ref is not None
    created = await provider.create_invoice(_invoice(customer.ref.id, "void-1"))
    assert created.ref is not None
    outcome = await provider.void_invoice(created.ref.id, None)
    assert outcome.ok
    (remote,) = await provider.read_invoices([created.ref.id])
    assert remote.status is RemoteDocStatus.VOID


async def test_provider_connection_errors_are_raised_not_returned(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    sim_state.inject_fault("throttle", path="/customer")
    with pytest.raises(RateLimited):
        await provider.create_customer(_customer("Throttled"))
    sim_state.inject_fault("server_error", path="/batch")
    with pytest.raises(ProviderUnavailable):
        await provider.create_customers([_customer("Down")])


async def test_provider_pull_payments_pages_with_checkpoints(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState, sim_clock: ManualClock
) -> None:
    customer = await provider.create_customer(_customer("Payer"))
    assert customer.ref is not None
    invoice = await provider.create_invoice(_invoice(customer.ref.id, "paid-1"))
    assert invoice.ref is not None
    realm_id = provider.remote_company_id
    sim_clock.advance(60)
    since = sim_clock.now()
    sim_clock.advance(60)
    sim_state.record_payment(realm_id, invoice.ref.id, "20.50")
    sim_clock.advance(60)
    sim_state.record_payment(realm_id, invoice.ref.id)
    pages = [page async for page in provider.pull_payments(since)]
    payments = [p for page in pages for p in page.payments]
    assert [p.amount for p in payments] == [Decimal("20.50"), Decimal("100.00")]
    assert payments[0].applications[0].invoice_remote_id == invoice.ref.id
    assert pages[-1].checkpoint == payments[-1].updated_at
    (remote,) = await provider.read_invoices([invoice.ref.id])
    assert remote.status is RemoteDocStatus.PAID


async def test_provider_list_customers_and_open_invoices(
    provider: QuickBooksOnlineProvider, sim_state: SimulatorState
) -> None:
    customer = await provider.create_customer(_customer("Lister"))
    assert customer.ref is not None
    open_one = await provider.create_invoice(_invoice(customer.ref.id, "open-1"))
    paid_one = await provider.create_invoice(_invoice(customer.ref.id, "paid-2"))
    assert open_one.ref is not None
    assert paid_one.ref is not None
    sim_state.record_payment(provider.remote_company_id, paid_one.ref.id)
    names = [c.display_name async for page in provider.list_customers() for c in page]
    assert names == ["Lister"]
    open_ids = [i.id async for page in provider.list_open_invoices() for i in page]
    assert open_ids == [open_one.ref.id]


async def test_provider_find_customer_by_unknown_name_falls_back_to_email(
    provider: QuickBooksOnlineProvider,
) -> None:
    # John first: a look-up that ignored the email would find him.
    await provider.create_customer(_customer("John Roe", email="john@example.com"))
    created = await provider.create_customer(_customer("Jane Doe", email="jane@example.com"))
    assert created.ref is not None

    found = await provider.find_customer("Jane D. (renamed locally)", "Jane@Example.com")

    assert found is not None
    assert found.id == created.ref.id
    assert found.display_name == "Jane Doe"


async def test_provider_find_customer_with_unknown_name_and_email_is_none(
    provider: QuickBooksOnlineProvider,
) -> None:
    await provider.create_customer(_customer("Jane Doe", email="jane@example.com"))

    assert await provider.find_customer("Nobody", "nobody@example.com") is None
    assert await provider.find_customer("Nobody") is None
