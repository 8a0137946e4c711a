"""Estimates as Xero Quotes: the body, mixed batches split into Invoices and Quotes writes with
per-record outcomes, idempotent replays, updates that keep Xero's status, the refused void, and
reads; every exchange with the simulator checked against Xero's spec."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core.sync.records import (
    CustomerRecord,
    DocType,
    InvoiceLineRecord,
    InvoiceRecord,
    RemoteDocStatus,
)
from integrations.base import ProviderUnavailable
from integrations.xero import document_mapping
from integrations.xero.provider import XeroProvider
from integrations.xero.simulator.openapi_check import XeroSpecs

INVOICES_PATH = "/api.xro/2.0/Invoices"
QUOTES_PATH = "/api.xro/2.0/Quotes"


def _doc(n: int, contact_id: str, doc_type: DocType = DocType.ESTIMATE, **extra) -> InvoiceRecord:
    line = InvoiceLineRecord("Survey", Decimal("2"), Decimal("60.25"), Decimal("120.50"))
    values: dict[str, Any] = {
        "local_id": f"e{n}",
        "doc_type": doc_type,
        "number": f"E-{n:03d}" if doc_type is DocType.ESTIMATE else f"I-{n:03d}",
        "customer_remote_id": contact_id,
        "issue_date": date(2026, 1, 5),
        "idempotency_key": f"qk-{n}",
        "lines": (line,),
        "memo": "Roof survey",
    }
    values.update(extra)
    return InvoiceRecord(**values)


def _calls(validator, method: str, path: str) -> int:
    return sum(1 for m, p, _ in validator.checked if (m, p) == (method, path))


async def _contact(provider: XeroProvider) -> str:
    (outcome,) = await provider.create_customers([CustomerRecord("c1", "Quoted Co", "ck-1")])
    assert outcome.ref is not None
    return outcome.ref.id


async def _quote(provider: XeroProvider, contact_id: str, n: int = 1, **extra) -> str:
    (outcome,) = await provider.create_invoices([_doc(n, contact_id, **extra)])
    assert outcome.ref is not None, outcome.error
    return outcome.ref.id


async def test_xero_estimate_is_created_as_a_sent_quote(
    xero_provider: XeroProvider, sim_state, xero_client, spec_validator
) -> None:
    contact_id = await _contact(xero_provider)
    record = _doc(1, contact_id, due_date=date(2026, 2, 4))

    (outcome,) = await xero_provider.create_invoices([record])

    assert outcome.ref is not None
    stored = sim_state.entity(xero_client.tenant_id, "quotes", outcome.ref.id)
    assert (outcome.ref.number, outcome.ref.version) == ("E-001", stored["UpdatedDateUTC"])
    assert (stored["QuoteNumber"], stored["Status"]) == ("E-001", "SENT")
    assert stored["Contact"]["ContactID"] == contact_id
    assert stored["DateString"] == "2026-01-05T00:00:00"
    assert stored["ExpiryDateString"] == "2026-02-04T00:00:00"
    assert stored["LineAmountTypes"] == "NOTAX"
    assert stored["Total"] == 120.5  # no tax: Xero's total equals the local one
    assert stored["LineItems"][0]["AccountCode"] == "200"
    assert stored["Reference"] == "Roof survey"
    assert sim_state.entities(xero_client.tenant_id, "invoices") == []
    assert _calls(spec_validator, "PUT", INVOICES_PATH) == 0


async def test_xero_estimate_with_a_tax_code_is_a_tax_exclusive_quote(
    xero_provider: XeroProvider, xero_client, sim_state
) -> None:
    taxed = XeroProvider(xero_client, tax_type="OUTPUT")
    contact_id = await _contact(taxed)

    quote_id = await _quote(taxed, contact_id)

    stored = sim_state.entity(xero_client.tenant_id, "quotes", quote_id)
    assert stored["LineAmountTypes"] == "EXCLUSIVE"
    assert stored["LineItems"][0]["TaxType"] == "OUTPUT"
    assert (stored["SubTotal"], stored["TotalTax"], stored["Total"]) == (120.5, 18.08, 138.58)


async def test_xero_mixed_batch_writes_invoices_and_quotes_apart_in_order(
    xero_provider: XeroProvider, spec_validator, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    await _quote(xero_provider, contact_id, 9)  # E-009 is taken
    records = [
        _doc(1, contact_id, DocType.INVOICE),
        _doc(2, contact_id),
        _doc(3, contact_id, DocType.INVOICE),
        _doc(4, contact_id, number="E-009"),
        _doc(5, contact_id, lines=()),  # refused before sending
        _doc(6, contact_id),
    ]
    invoice_puts = _calls(spec_validator, "PUT", INVOICES_PATH)
    quote_puts = _calls(spec_validator, "PUT", QUOTES_PATH)

    outcomes = await xero_provider.create_invoices(records)

    assert _calls(spec_validator, "PUT", INVOICES_PATH) - invoice_puts == 1
    assert _calls(spec_validator, "PUT", QUOTES_PATH) - quote_puts == 1
    assert [o.ref.number if o.ref else None for o in outcomes] == [
        "I-001",
        "E-002",
        "I-003",
        None,
        None,
        "E-006",
    ]
    duplicate, empty = outcomes[3].error, outcomes[4].error
    assert duplicate is not None
    assert duplicate.code == "XERO-DUPLICATE-NUMBER"
    assert "quote" in (duplicate.hint or "")
    assert empty is not None
    assert (empty.code, empty.message) == ("XERO-MAPPING", "an estimate needs at least one line")
    tenant = xero_client.tenant_id
    assert sorted(q["QuoteNumber"] for q in sim_state.entities(tenant, "quotes")) == [
        "E-002",
        "E-006",
        "E-009",
    ]
    assert sorted(i["InvoiceNumber"] for i in sim_state.entities(tenant, "invoices")) == [
        "I-001",
        "I-003",
    ]


async def test_xero_quote_resend_after_dropped_response_creates_exactly_one(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    records = [_doc(1, contact_id, DocType.INVOICE), _doc(2, contact_id), _doc(3, contact_id)]
    sim_state.inject_fault("drop_after_commit", method="PUT", path=QUOTES_PATH)
    with pytest.raises(ProviderUnavailable):
        await xero_provider.create_invoices(records)
    tenant = xero_client.tenant_id
    assert len(sim_state.entities(tenant, "quotes")) == 2  # committed, the answer lost

    outcomes = await xero_provider.create_invoices(records)

    assert all(o.ok for o in outcomes)
    quotes = sim_state.entities(tenant, "quotes")
    assert len(quotes) == 2
    assert len(sim_state.entities(tenant, "invoices")) == 1
    assert {o.ref.id for o in outcomes[1:]} == {q["QuoteID"] for q in quotes}  # type: ignore[union-attr]


async def test_xero_update_estimate_replaces_the_quote_and_keeps_its_status(
    xero_provider: XeroProvider, sim_state, xero_client, spec_validator
) -> None:
    contact_id = await _contact(xero_provider)
    quote_id = await _quote(xero_provider, contact_id)
    sim_state.update_quote(xero_client.tenant_id, quote_id, {"Status": "ACCEPTED"})
    line = InvoiceLineRecord("Full survey", Decimal("3"), Decimal("10"), Decimal("30"))

    outcome = await xero_provider.update_invoice(
        quote_id, None, _doc(1, contact_id, lines=(line,), memo="Revised")
    )

    assert outcome.ref is not None
    assert outcome.ref.id == quote_id
    stored = sim_state.entity(xero_client.tenant_id, "quotes", quote_id)
    assert (stored["Total"], stored["Reference"]) == (30.0, "Revised")
    assert stored["Status"] == "ACCEPTED"  # the customer's answer is not undone
    assert outcome.ref.version == stored["UpdatedDateUTC"]
    assert _calls(spec_validator, "POST", f"{QUOTES_PATH}/{quote_id}") == 1


async def test_xero_update_deleted_quote_is_refused_per_record(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    quote_id = await _quote(xero_provider, contact_id)
    sim_state.update_quote(xero_client.tenant_id, quote_id, {"Status": "DELETED"})

    outcome = await xero_provider.update_invoice(quote_id, None, _doc(1, contact_id))

    assert outcome.error is not None
    assert outcome.error.code == "XERO-VALIDATION"
    assert "not of valid status" in outcome.error.message


async def test_xero_void_of_a_quote_is_refused_and_the_quote_kept(
    xero_provider: XeroProvider, sim_state, xero_client
) -> None:
    contact_id = await _contact(xero_provider)
    quote_id = await _quote(xero_provider, contact_id)

    outcome = await xero_provider.void_invoice(quote_id, None)

    assert outcome.error is not None
    assert outcome.error.code == "XERO-QUOTE-NOT-VOIDABLE"
    assert "this one is SENT" in outcome.error.message
    assert "DECLINED" in (outcome.error.hint or "")
    assert sim_state.entity(xero_client.tenant_id, "quotes", quote_id)["Status"] == "SENT"


async def test_xero_read_estimates_reads_quotes_by_id(
    xero_provider: XeroProvider, sim_state, xero_client, spec_validator
) -> None:
    contact_id = await _contact(xero_provider)
    open_id = await _quote(xero_provider, contact_id, 1, due_date=date(2026, 2, 1))
    accepted_id = await _quote(xero_provider, contact_id, 2)
    deleted_id = await _quote(xero_provider, contact_id, 3)
    sim_state.update_quote(xero_client.tenant_id, accepted_id, {"Status": "ACCEPTED"})
    sim_state.update_quote(xero_client.tenant_id, deleted_id, {"Status": "DELETED"})
    unknown = "00000000-0000-0000-0000-000000000003"

    found = await xero_provider.read_invoices(
        [open_id, accepted_id, deleted_id, unknown], DocType.ESTIMATE
    )

    assert [(q.id, q.status) for q in found] == [
        (open_id, RemoteDocStatus.OPEN),
        (accepted_id, RemoteDocStatus.ACCEPTED),
        (deleted_id, RemoteDocStatus.VOID),
    ]
    first = found[0]
    assert (first.doc_type, first.number, first.total) == (DocType.ESTIMATE, "E-001", 120.5)
    assert (first.balance, first.due_date, first.memo) == (0, date(2026, 2, 1), "Roof survey")
    assert first.customer_remote_id == contact_id
    assert _calls(spec_validator, "GET", INVOICES_PATH) == 0


def _spec_quotes(specs: XeroSpecs, path: str, method: str) -> list[dict[str, Any]]:
    node = specs.accounting.spec / "paths" / path / method / "responses" / "200" / "content"
    quotes: list[dict[str, Any]] = (node / "application/json" / "example").read_value()["Quotes"]
    return quotes


def test_xero_quote_from_xero_reads_the_spec_examples(xero_spec_set: XeroSpecs) -> None:
    (listed,) = _spec_quotes(xero_spec_set, "/Quotes", "get")
    (one,) = _spec_quotes(xero_spec_set, "/Quotes/{QuoteID}", "get")

    accepted, draft = (
        document_mapping.quote_from_xero(listed),
        document_mapping.quote_from_xero(one),
    )

    assert (accepted.id, accepted.number) == ("be59294f-2a9c-4cee-8c64-0f0ddbc1883a", "QU-0001")
    assert (accepted.status, accepted.doc_type) == (RemoteDocStatus.ACCEPTED, DocType.ESTIMATE)
    assert (accepted.total, accepted.balance) == (Decimal("20.65"), 0)
    assert (accepted.issue_date, accepted.due_date) == (date(2019, 10, 24), date(2019, 10, 25))
    assert (accepted.currency, accepted.memo) == ("AUD", "REF-123")
    assert accepted.customer_remote_id == "060816db-0ed7-44de-ab58-8fee9316fcd5"
    assert accepted.lines[0].amount == Decimal("17.96")
    assert accepted.updated_at is not None
    assert draft.status is RemoteDocStatus.OPEN
    assert draft.due_date == date(2020, 2, 15)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("DRAFT", RemoteDocStatus.OPEN),
        ("SENT", RemoteDocStatus.OPEN),
        ("ACCEPTED", RemoteDocStatus.ACCEPTED),
        ("DECLINED", RemoteDocStatus.REJECTED),
        ("INVOICED", RemoteDocStatus.CLOSED),
        ("DELETED", RemoteDocStatus.VOID),
    ],
)
def test_xero_quote_status_maps_each_xero_status(status: str, expected: RemoteDocStatus) -> None:
    assert document_mapping.quote_status({"Status": status}) is expected


def test_xero_document_mapping_refuses_the_wrong_document_type() -> None:
    estimate = _doc(1, "c")
    invoice = _doc(2, "c", DocType.INVOICE)
    with pytest.raises(ValueError, match="as a Quote"):
        document_mapping.invoice_to_xero(estimate, "200", {})
    with pytest.raises(ValueError, match="as an Invoice"):
        document_mapping.quote_to_xero(invoice, "200", {})
    assert "QuoteNumber" in document_mapping.document_to_xero(estimate, "200", {}).body
    assert "InvoiceNumber" in document_mapping.document_to_xero(invoice, "200", {}).body
