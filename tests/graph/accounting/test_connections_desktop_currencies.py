"""QuickBooks Desktop and currencies, through GraphQL with the simulated Web Connector polling
the app: the home currency and multicurrency switch its first session reported shown on the
connection; with multicurrency off a foreign invoice fails and nothing reaches the company file;
with it on the invoice is booked in its customer's currency at its own rate, a foreign payment
(pushed by syncNow) pays it, and the rates and home totals QuickBooks used are on the mappings;
an invoice in another currency than its customer's fails."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from uuid import UUID

import httpx
import pytest

from core.models import AgentLogin, Connection, Customer, ExternalMapping, Invoice, SyncRunItem
from core.models.enums import Entity, InvoiceStatus, ItemOutcome, SyncRunStatus
from core.models.sync import SyncRun
from core.settings import Settings
from graph.ids import decode_id
from graph.sync.types import SYNC_RUN_TYPE
from integrations.quickbooks_desktop.simulator import CompanyFile, WebConnector
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.graph.accounting.push_support import gid, seed_invoice

START = """
mutation { startConnection(provider: QUICKBOOKS_DESKTOP) {
  __typename ... on WebConnectorSetup { connectionId userName password }
} }"""
CURRENCIES = "{ connections { homeCurrency multicurrency currencies } }"
UPDATE_SETTINGS = """
mutation($id: ID!, $input: ConnectionSettingsInput!) {
  updateConnectionSettings(connectionId: $id, input: $input) { __typename }
}"""
SYNC_INVOICE = """
mutation($id: ID!) { syncInvoice(invoiceId: $id) {
  __typename ... on SyncInvoiceSuccess { run { id } } ... on UserError { code message }
} }"""
SYNC_NOW = """
mutation($id: ID!) { syncNow(connectionId: $id) {
  __typename ... on SyncNowSuccess { run { id } } ... on UserError { code message }
} }"""
RECORD_PAYMENT = """
mutation($input: RecordPaymentInput!) { recordPayment(input: $input) {
  __typename ... on RecordPaymentSuccess { payment { id currency exchangeRate } }
  ... on UserError { code message }
} }"""
MAPPINGS = """
query($id: ID!, $entity: Entity) { mappings(connectionId: $id, entity: $entity) {
  edges { node { currency exchangeRate homeTotal } } } }"""
#: Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
MAX_SESSIONS = 20


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The runs need a worker: without REDIS_URL the app runs one in-process."""
    return settings.model_copy(update={"redis_url": None, "run_embedded_worker": True})


async def _company_file(
    gql, client: httpx.AsyncClient, *, multicurrency: bool
) -> tuple[str, CompanyFile, WebConnector]:  # type: ignore[no-untyped-def]
    """A Desktop connection whose first Web Connector session has reported the company file."""
    setup = (await gql.data(START))["startConnection"]
    assert setup["__typename"] == "WebConnectorSetup"
    login = await AgentLogin.get(connection_id=(await Connection.get()).id)
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    company.file_id = login.company_key
    company.multicurrency = multicurrency
    company.rates["Euro"] = Decimal("1.1")
    connector = WebConnector(
        client,
        "http://testserver/qbwc",
        company,
        user_name=setup["userName"],
        password=setup["password"],
        noop_pause_seconds=0,
        max_noops=3,
    )
    await connector.run_session()
    item = company.add_item("Consulting")
    updated = await gql.data(
        UPDATE_SETTINGS, {"id": setup["connectionId"], "input": {"defaultItemId": item.stamp.id}}
    )
    assert updated["updateConnectionSettings"]["__typename"] == "UpdateConnectionSettingsSuccess"
    return setup["connectionId"], company, connector


async def _settled(run_id: UUID) -> SyncRun:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while True:
            run = await SyncRun.get(id=run_id)
            if run.status is SyncRunStatus.WAITING or run.status.is_terminal:
                return run
            await asyncio.sleep(0.02)


async def _finished(connector: WebConnector, result: dict[str, object]) -> SyncRun:
    """Run Web Connector sessions until the run of a sync mutation has finished."""
    node = result["run"]
    assert isinstance(node, dict)
    run = await _settled(decode_id(str(node["id"]), SYNC_RUN_TYPE))
    for _ in range(MAX_SESSIONS):
        if run.status.is_terminal:
            break
        await connector.run_session()
        run = await _settled(run.id)
    return run


async def _foreign_invoice(number: str, customer_currency: str, rate: str | None) -> Invoice:
    customer = await Customer.create(
        firm_id=(await Connection.get()).firm_id,  # type: ignore[attr-defined]
        name=f"Customer {number}",
        currency=customer_currency,
    )
    invoice = await seed_invoice(number, customer=customer)
    invoice.currency = "EUR"
    invoice.exchange_rate = Decimal(rate) if rate else None
    await invoice.save()
    return invoice


async def _sync(gql, connector: WebConnector, invoice: Invoice) -> SyncRun:  # type: ignore[no-untyped-def]
    result = (await gql.data(SYNC_INVOICE, {"id": gid("Invoice", invoice.id)}))["syncInvoice"]
    assert result["__typename"] == "SyncInvoiceSuccess", result
    return await _finished(connector, result)


async def test_desktop_foreign_invoice_multicurrency_off_fails_and_writes_nothing(
    gql, client: httpx.AsyncClient
) -> None:
    _, company, connector = await _company_file(gql, client, multicurrency=False)
    invoice = await _foreign_invoice("2001", "EUR", None)

    run = await _sync(gql, connector, invoice)

    assert run.status is SyncRunStatus.FAILED
    (item,) = await SyncRunItem.filter(run_id=run.id)
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CURRENCY_NOT_ENABLED")
    assert company.documents == {}
    assert company.customers == {}
    (shown,) = (await gql.data(CURRENCIES))["connections"]
    assert shown == {"homeCurrency": "USD", "multicurrency": False, "currencies": []}


async def test_desktop_invoice_currency_unlike_customer_fails_and_writes_nothing(
    gql, client: httpx.AsyncClient
) -> None:
    _, company, connector = await _company_file(gql, client, multicurrency=True)
    invoice = await _foreign_invoice("2002", "USD", None)

    run = await _sync(gql, connector, invoice)

    (item,) = await SyncRunItem.filter(run_id=run.id)
    assert (item.outcome, item.error_code) == (ItemOutcome.FAILED, "CUSTOMER_CURRENCY_MISMATCH")
    assert company.documents == {}
    assert company.customers == {}


async def test_desktop_foreign_invoice_and_payment_booked_at_their_rates_and_paid(
    gql, client: httpx.AsyncClient
) -> None:
    connection_id, company, connector = await _company_file(gql, client, multicurrency=True)
    invoice = await _foreign_invoice("2003", "EUR", "1.25")

    run = await _sync(gql, connector, invoice)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    (customer,) = company.customers.values()
    assert customer.currency == "Euro"
    (document,) = company.documents.values()
    assert (document.currency, document.exchange_rate) == ("Euro", Decimal("1.25"))
    (shown,) = (await gql.data(CURRENCIES))["connections"]
    assert shown == {"homeCurrency": "USD", "multicurrency": True, "currencies": []}
    mappings = await gql.data(MAPPINGS, {"id": connection_id, "entity": "INVOICE"})
    (edge,) = mappings["mappings"]["edges"]
    assert edge["node"] == {
        "currency": "EUR",
        "exchangeRate": "1.2500000000",
        "homeTotal": "125.00",
    }

    paid = await gql.data(
        RECORD_PAYMENT,
        {
            "input": {
                "amount": "100.00",
                "exchangeRate": "1.3",
                "applications": [{"invoiceId": gid("Invoice", invoice.id), "amount": "100.00"}],
            }
        },
    )
    payment = paid["recordPayment"]
    assert payment["__typename"] == "RecordPaymentSuccess", payment
    assert payment["payment"]["currency"] == "EUR"
    result = (await gql.data(SYNC_NOW, {"id": connection_id}))["syncNow"]
    assert result["__typename"] == "SyncNowSuccess", result
    run = await _finished(connector, result)

    assert run.status is SyncRunStatus.SUCCEEDED, run.error
    assert document.balance == 0
    (received,) = company.payments.values()
    assert (received.currency, received.exchange_rate) == ("Euro", Decimal("1.3"))
    assert (await Invoice.get(id=invoice.id)).status is InvoiceStatus.PAID
    link = await ExternalMapping.get(entity=Entity.PAYMENT)
    assert (link.currency, link.home_total) == ("EUR", Decimal("130.00"))
