"""Per-provider change notices for the provider-parametrized webhook and syncNow tests.

A test states what happened in the remote books (an invoice voided, a customer renamed) through
a :class:`NoticeDriver`: the driver makes that change in the provider's simulator mounted in the
app, as a user of the platform would, and returns the :class:`Notice` the platform then sends.
:func:`deliver` renders the notices in the provider's own webhook format (QuickBooks' legacy
``eventNotifications``; Xero's ``events`` envelope, checked against Xero's webhooks spec), signs
them with the simulator's key, and runs what the receiver and the job do: ``parse_webhook``,
``record_delivery`` and ``process_delivery`` with the registry's kits, through the same
provider-blind engine for every provider.

The drivers also read back the payments held remotely, for the syncNow tests.
"""

from __future__ import annotations

import functools
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal, Protocol

from jsonschema_path.readers import PathReader
from openapi_schema_validator import OAS31Validator

from core.models import WebhookDelivery
from core.models.enums import Provider
from core.services.accounting_pull import record_delivery
from core.sync.webhook_runs import process_delivery
from integrations.quickbooks_online.simulator.service import Change
from integrations.quickbooks_online.simulator.webhooks import legacy_body
from integrations.quickbooks_online.simulator.webhooks import sign as qbo_sign
from integrations.registry import kit_for
from integrations.xero.simulator import sign as xero_sign
from integrations.xero.simulator.openapi_check import SPEC_DIR
from tests.core.sync.pull_drivers import Books
from tests.core.sync.sim_support import ListSink
from tests.provider_sims import SimDriver

Record = Literal["Invoice", "Customer"]


@dataclass(frozen=True)
class Notice:
    """One change as the platform reports it: which record of which company, and whether the
    change voided it (QuickBooks names a void; Xero reports it as a plain update)."""

    company: str
    record: Record
    remote_id: str
    voided: bool = False


class NoticeDriver(Protocol):
    """Remote changes and signed webhook bodies for one provider's mounted simulator."""

    def void_invoice(self, books: Books, remote_id: str) -> Notice:
        """Void the remote invoice; the notice the platform sends for it."""
        ...

    def rename_customer(self, books: Books, remote_id: str, name: str) -> Notice:
        """Rename the remote customer; the notice the platform sends for it."""
        ...

    def signed(self, books: Books, notices: list[Notice]) -> tuple[dict[str, str], bytes]:
        """One webhook body carrying ``notices`` and the headers that sign it."""
        ...

    def payments(self, books: Books) -> list[tuple[str, Decimal]]:
        """Every payment in the remote company: (invoice id it pays, amount)."""
        ...

    def unknown_company(self) -> str:
        """A company id in the provider's own form that no firm is connected to."""
        ...

    def customer_update(self, company: str) -> Notice:
        """A customer update reported for ``company`` (a record id in the provider's form),
        with no change made anywhere."""
        ...


class QboNotices:
    """QuickBooks Online: legacy ``eventNotifications`` signed with the verifier token."""

    def void_invoice(self, books: Books, remote_id: str) -> Notice:
        """Void in QuickBooks; Intuit reports the operation ``Void``."""
        books.sim.state(books.app).void_invoice(books.company, remote_id)
        return Notice(books.company, "Invoice", remote_id, voided=True)

    def rename_customer(self, books: Books, remote_id: str, name: str) -> Notice:
        """A new DisplayName; Intuit reports a Customer ``Update``."""
        books.sim.state(books.app).rename_customer(books.company, remote_id, name)
        return Notice(books.company, "Customer", remote_id)

    def signed(self, books: Books, notices: list[Notice]) -> tuple[dict[str, str], bytes]:
        """``intuit-signature`` over a legacy body."""
        at = datetime.now(UTC)
        changes = [
            Change(n.company, n.record, n.remote_id, "Void" if n.voided else "Update", at)
            for n in notices
        ]
        body = legacy_body(changes)
        token = books.sim.state(books.app).settings.webhook_verifier_token
        return {"intuit-signature": qbo_sign(body, token)}, body

    def payments(self, books: Books) -> list[tuple[str, Decimal]]:
        """Payments with the invoice of their first line."""
        rows = books.sim.state(books.app).entities(books.company, "Payment")
        return [
            (str(r["Line"][0]["LinkedTxn"][0]["TxnId"]), Decimal(str(r["TotalAmt"]))) for r in rows
        ]

    def unknown_company(self) -> str:
        """Realm ids are numbers."""
        return "123456"

    def customer_update(self, company: str) -> Notice:
        """Customer ids are numbers."""
        return Notice(company, "Customer", "1")


_XERO_CATEGORY: dict[Record, tuple[str, str]] = {
    "Invoice": ("INVOICE", "Invoices"),
    "Customer": ("CONTACT", "Contacts"),
}


class XeroNotices:
    """Xero: INVOICE and CONTACT ``UPDATE`` events signed with the webhook key."""

    def void_invoice(self, books: Books, remote_id: str) -> Notice:
        """Status VOIDED in Xero; Xero reports an INVOICE ``UPDATE``."""
        books.sim.state(books.app).void_invoice(books.company, remote_id)
        return Notice(books.company, "Invoice", remote_id, voided=True)

    def rename_customer(self, books: Books, remote_id: str, name: str) -> Notice:
        """A new contact Name; Xero reports a CONTACT ``UPDATE``."""
        books.sim.state(books.app).rename_contact(books.company, remote_id, name)
        return Notice(books.company, "Customer", remote_id)

    def signed(self, books: Books, notices: list[Notice]) -> tuple[dict[str, str], bytes]:
        """``x-xero-signature`` over an ``events`` envelope that Xero's webhooks spec allows."""
        stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="milliseconds")
        events = []
        for notice in notices:
            category, resource = _XERO_CATEGORY[notice.record]
            events.append(
                {
                    "resourceUrl": f"https://api.xero.com/api.xro/2.0/{resource}/{notice.remote_id}",
                    "resourceId": notice.remote_id,
                    "eventDateUtc": stamp,
                    "eventType": "UPDATE",
                    "eventCategory": category,
                    "tenantId": notice.company,
                    "tenantType": "ORGANISATION",
                }
            )
        envelope = {
            "events": events,
            "firstEventSequence": 1,
            "lastEventSequence": max(len(events), 1),
            "entropy": secrets.token_hex(10).upper(),
        }
        errors = [e.message for e in _xero_webhook_schema().iter_errors(envelope)]
        assert not errors, f"not a body Xero sends: {errors}"
        body = json.dumps(envelope).encode()
        key = books.sim.state(books.app).settings.webhook_key
        return {"x-xero-signature": xero_sign(key, body)}, body

    def payments(self, books: Books) -> list[tuple[str, Decimal]]:
        """Payments with the invoice each one pays (a Xero payment pays one invoice)."""
        rows = books.sim.state(books.app).entities(books.company, "payments")
        return [(str(r["Invoice"]["InvoiceID"]), Decimal(str(r["Amount"]))) for r in rows]

    def unknown_company(self) -> str:
        """Tenant ids are UUIDs."""
        return "00000000-0000-4000-8000-00000000dead"

    def customer_update(self, company: str) -> Notice:
        """ContactIDs are UUIDs."""
        return Notice(company, "Customer", "3f0c2f55-1f8e-4c38-9d59-5b0e3c1d2a41")


NOTICES: dict[str, NoticeDriver] = {"QUICKBOOKS_ONLINE": QboNotices(), "XERO": XeroNotices()}


def notices_for(sim: SimDriver) -> NoticeDriver:
    """The notice driver of ``sim``'s provider."""
    return NOTICES[sim.provider]


async def deliver(books: Books, notices: list[Notice]) -> WebhookDelivery:
    """What the receiver does (verify, parse, record), then what the job does (process)."""
    headers, body = notices_for(books.sim).signed(books, notices)
    delivery = books.kit.parse_webhook(books.env, headers, body)
    recorded = await record_delivery(Provider(books.sim.provider), delivery)
    assert recorded.new, "the delivery was already recorded"
    for row in recorded.rows:
        await process_delivery(row.id, kits=kit_for, env=books.env, sink=ListSink())
    row = recorded.rows[0]
    await row.refresh_from_db()
    return row


@functools.cache
def _xero_webhook_schema() -> OAS31Validator:
    """The ``WebhookEvent`` schema of Xero's webhooks spec (its ``oneOf``/``const`` enums need
    the 3.1 validator; the 3.0 one ignores ``const``)."""
    document, _ = PathReader(SPEC_DIR / "xero-webhooks.yaml").read()
    return OAS31Validator(document["components"]["schemas"]["WebhookEvent"])
