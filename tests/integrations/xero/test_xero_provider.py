"""The Xero provider's writes against the simulator, every exchange checked against the spec:
contact matching, batches of 50 with per-element outcomes, idempotent replays, updates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from core.sync.records import (
    CustomerQuery,
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    ItemQuery,
    ItemRecord,
)
from core.sync.session import ProviderSession
from integrations.base import DuplicateName, ProviderUnavailable
from integrations.xero import payment_mapping
from integrations.xero.batches import batch_idempotency_key
from integrations.xero.provider import XeroProvider

INVOICES_PATH = "/api.xro/2.0/Invoices"
CONTACTS_PATH = "/api.xro/2.0/Contacts"
ITEMS_PATH = "/api.xro/2.0/Items"
QUOTES_PATH = "/api.xro/2.0/Quotes"


def _customer(n: int, name: str | None = None, **extra) -> CustomerRecord:
    return CustomerRecord(
        local_id=f"c{n}", display_name=name or f"Customer {n}", idempotency_key=f"ck-{n}", **extra
    )


def _invoice(n: int, contact_id: str, **extra) -> InvoiceRecord:
    line = InvoiceLineRecord("Consulting", Decimal("2"), Decimal("50.25"), Decimal("100.50"))
    values = {
        "local_id": f"i{n}",
        "doc_type": DocType.INVOICE,
        "number": f"LS-{n:04d}",
        "customer_remote_id": contact_id,
        "issue_date": date(2026, 1, 5),
        "idempotency_key": f"grp-{n}",
        "lines": (line,),
        "due_date": date(2026, 2, 4),
        "memo": "January work",
    }
    values.update(extra)
    return InvoiceRecord(**values)  # type: ignore[arg-type]


def _puts(validator, path: str) -> int:
    return sum(1 for method, p, _ in validator.checked if method == "PUT" and p == path)


async def _contact(provider: XeroProvider, n: int = 1) -> str:
    (outcome,) = await provider.create_customers([_customer(n)])
    assert outcome.ref is not None
    return outcome.ref.id


def test_xero_provider_satisfies_the_session_protocol(xero_provider: XeroProvider) -> None:
    assert isinstance(xero_provider, ProviderSession)
    assert xero_provider.max_batch == 50


async def test_xero_find_customer_by_name_then_email(xero_provider: XeroProvider) -> None:
    (created,) = await xero_provider.create_customers(
        [_customer(1, "Acme Trading", email="billing@acme.test")]
    )
    assert created.ok
    by_name = await xero_provider.find_customer("  acme trading ")
    assert by_name is not None
    assert by_name.id == created.ref.id
    by_email = await xero_provider.find_customer("Acme (renamed)", "billing@acme.test")
    assert by_email is not None
    assert by_email.id == created.ref.id
    assert await xero_provider.find_customer("Nobody", "nobody@x.test") is None


def _gets(validator, path: str) -> int:
    return sum(1 for method, p, _ in validator.checked if method == "GET" and p == path)


async def _acme_and_globex(provider: XeroProvider) -> tuple[str, str]:
    outcomes = await provider.create_customers(
        [_customer(1, "Acme Trading", email="billing@acme.test"), _customer(2, "Globex")]
    )
    assert all(o.ref is not None for o in outcomes)
    return outcomes[0].ref.id, outcomes[1].ref.id  # type: ignore[union-attr]


QUERIES = [
    CustomerQuery("  acme TRADING "),
    CustomerQuery("Acme (renamed)", "BILLING@acme.test"),
    CustomerQuery("Nobody", "nobody@x.test"),
    CustomerQuery("Globex", "someone@else.test"),
]


async def test_xero_find_customers_reads_the_contact_list_once(
    xero_provider: XeroProvider, spec_validator
) -> None:
    acme, globex = await _acme_and_globex(xero_provider)
    before = _gets(spec_validator, CONTACTS_PATH)

    found = await xero_provider.find_customers(QUERIES)

    assert [f.id if f else None for f in found] == [acme, acme, None, globex]
    assert _gets(spec_validator, CONTACTS_PATH) - before == 1  # not one or two per customer


async def test_xero_find_customers_looks_up_one_by_one_when_the_list_is_longer(
    xero_provider: XeroProvider, spec_validator
) -> None:
    acme, globex = await _acme_and_globex(xero_provider)
    await xero_provider.create_customers([_customer(n) for n in range(3, 12)])  # 11 contacts
    config = xero_provider.client.config
    # One contact a page: eleven pages are more than the four look-ups would cost.
    xero_provider.client.config = replace(config, limits=replace(config.limits, max_page_size=1))
    before = _gets(spec_validator, CONTACTS_PATH)

    found = await xero_provider.find_customers(QUERIES)

    assert [f.id if f else None for f in found] == [acme, acme, None, globex]
    # The first page (which tells the page count), then name (+ email) look-ups: 1+2+2+1.
    assert _gets(spec_validator, CONTACTS_PATH) - before == 1 + 6


async def test_xero_create_customers_duplicate_name_is_a_per_record_error(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    await xero_provider.create_customers([_customer(1, "Same Name")])
    outcomes = await xero_provider.create_customers(
        [_customer(2, "Same Name"), _customer(3, "Other Name")]
    )
    assert isinstance(outcomes[0].error, DuplicateName)
    assert outcomes[0].error.code == "XERO-DUPLICATE-NAME"
    assert "Same Name" in outcomes[0].error.message
    assert outcomes[1].ok
    names = [c["Name"] for c in sim_state.entities(xero_client.tenant_id, "contacts")]
    assert sorted(names) == ["Other Name", "Same Name"]


async def test_xero_create_customers_resend_replays_the_same_contacts(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    records = [_customer(1, "Replay One", phone="555"), _customer(2, "Replay Two")]
    first = await xero_provider.create_customers(records)
    again = await xero_provider.create_customers(records)
    assert [o.ref for o in again] == [o.ref for o in first]
    assert len(sim_state.entities(xero_client.tenant_id, "contacts")) == 2
    contact = sim_state.entity(xero_client.tenant_id, "contacts", first[0].ref.id)
    assert contact["ContactNumber"] == "c1"


async def test_xero_update_customer_renames_the_contact(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    outcome = await xero_provider.update_customer(contact_id, None, _customer(1, "New Name"))
    assert outcome.ok
    assert sim_state.entity(xero_client.tenant_id, "contacts", contact_id)["Name"] == "New Name"


async def test_xero_create_items_then_invoice_lines_carry_item_code(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    item = ItemRecord("it1", "Design hour", "ik-1", unit_price=Decimal("80"), sku="DESIGN")
    long_item = ItemRecord("it2", "A very long product name beyond thirty chars", "ik-2")
    created, long_created = await xero_provider.create_items([item, long_item])
    assert created.ref is not None
    assert created.ref.number == "DESIGN"
    assert long_created.ok
    assert len(long_created.ref.number or "") == 30
    assert long_created.warnings
    contact_id = await _contact(xero_provider)
    line = InvoiceLineRecord("Design", Decimal("1"), Decimal("80"), Decimal("80"), created.ref.id)
    (outcome,) = await xero_provider.create_invoices([_invoice(1, contact_id, lines=(line,))])
    assert outcome.ok
    stored = sim_state.entity(xero_client.tenant_id, "invoices", outcome.ref.id)
    assert stored["LineItems"][0]["ItemCode"] == "DESIGN"
    assert stored["Status"] == "AUTHORISED"
    assert stored["Total"] == 80.0  # NoTax: Xero's total equals the local one
    assert stored["InvoiceNumber"] == "LS-0001"
    assert stored["Reference"] == "January work"


async def test_xero_batch_of_120_invoices_uses_3_calls_with_per_record_outcomes(
    xero_provider: XeroProvider, spec_validator, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    (taken,) = await xero_provider.create_invoices([_invoice(999, contact_id)])
    assert taken.ok
    records = [_invoice(n, contact_id) for n in range(120)]
    records[7] = _invoice(7, contact_id, number="LS-0999")  # number already used
    records[60] = _invoice(60, "00000000-0000-0000-0000-00000000beef")  # unknown contact
    records[61] = _invoice(61, contact_id, doc_type=DocType.ESTIMATE)  # a quote, written apart
    before = _puts(spec_validator, INVOICES_PATH)
    outcomes = await xero_provider.create_invoices(records)
    assert _puts(spec_validator, INVOICES_PATH) - before == 3
    assert _puts(spec_validator, QUOTES_PATH) == 1
    assert len(outcomes) == 120
    failed = {n: o.error for n, o in enumerate(outcomes) if o.error is not None}
    assert sorted(failed) == [7, 60]
    assert failed[7].code == "XERO-DUPLICATE-NUMBER"
    assert "could not be found" in failed[60].message
    assert outcomes[0].ref.number == "LS-0000"
    assert outcomes[61].ref.number == "LS-0061"
    assert len(sim_state.entities(xero_client.tenant_id, "invoices")) == 1 + 117
    (quote,) = sim_state.entities(xero_client.tenant_id, "quotes")
    assert quote["QuoteID"] == outcomes[61].ref.id


async def test_xero_invoice_resend_after_dropped_response_creates_exactly_one(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    records = [_invoice(1, contact_id), _invoice(2, contact_id)]
    sim_state.inject_fault("drop_after_commit", method="PUT", path=INVOICES_PATH)
    with pytest.raises(ProviderUnavailable):
        await xero_provider.create_invoices(records)
    assert len(sim_state.entities(xero_client.tenant_id, "invoices")) == 2  # committed anyway
    outcomes = await xero_provider.create_invoices(records)
    assert all(o.ok for o in outcomes)
    stored = sim_state.entities(xero_client.tenant_id, "invoices")
    assert len(stored) == 2
    assert {o.ref.id for o in outcomes} == {row["InvoiceID"] for row in stored}


def test_xero_batch_idempotency_key_depends_on_records_and_endpoint() -> None:
    key = batch_idempotency_key("Invoices", ["g-1", "g-2"])
    assert key == batch_idempotency_key("Invoices", ["g-1", "g-2"])
    assert key != batch_idempotency_key("Invoices", ["g-1"])
    assert key != batch_idempotency_key("Contacts", ["g-1", "g-2"])
    assert len(key) <= 128


async def test_xero_update_invoice_changes_lines(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    (created,) = await xero_provider.create_invoices([_invoice(1, contact_id)])
    line = InvoiceLineRecord("More work", Decimal("3"), Decimal("10"), Decimal("30"))
    outcome = await xero_provider.update_invoice(
        created.ref.id, None, _invoice(1, contact_id, lines=(line,))
    )
    assert outcome.ok
    stored = sim_state.entity(xero_client.tenant_id, "invoices", created.ref.id)
    assert stored["Total"] == 30.0


async def test_xero_update_paid_invoice_is_refused_per_record(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    (created,) = await xero_provider.create_invoices([_invoice(1, contact_id)])
    sim_state.record_payment(xero_client.tenant_id, created.ref.id, 10.0)
    outcome = await xero_provider.update_invoice(created.ref.id, None, _invoice(1, contact_id))
    assert outcome.error is not None
    assert "payment" in outcome.error.message


def test_xero_account_ref_takes_an_account_id_or_a_code() -> None:
    guid = "5040915e-8ce7-4177-8d08-fde416232f18"
    assert payment_mapping.account_ref(f" {guid.upper()} ") == {"AccountID": guid}
    assert payment_mapping.account_ref(" 090 ") == {"Code": "090"}


async def test_xero_find_items_by_code_then_name_from_one_read(
    xero_provider: XeroProvider, spec_validator
) -> None:
    by_sku, by_name = await xero_provider.create_items(
        [
            ItemRecord("i1", "Audit", "k-1", sku="AUD-01"),
            ItemRecord("i2", "Payroll run", "k-2"),
        ]
    )
    assert by_sku.ref is not None
    assert by_name.ref is not None
    before = _gets(spec_validator, ITEMS_PATH)

    found = await xero_provider.find_items(
        [ItemQuery("Audit (renamed here)", "aud-01"), ItemQuery(" PAYROLL RUN"), ItemQuery("New")]
    )

    assert [f.id if f else None for f in found] == [by_sku.ref.id, by_name.ref.id, None]
    assert _gets(spec_validator, ITEMS_PATH) - before == 1
