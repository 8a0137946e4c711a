"""Per-provider reads and payments for the provider-parametrized write-off tests.

The write-off tests push through the push drivers' worlds (tests/core/sync/push_drivers); a
:class:`WriteOffDriver` reads back the one invoice the remote company holds (its open balance and
whether it is voided), pays part of it as a user of the platform would, and counts the remote
credit notes (QuickBooks CreditMemos, Xero CreditNotes). ``writes_off`` says whether Ledgersync
can write an invoice off there as bad debt (a credit for the open balance applied to it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from tests.core.sync.push_drivers import PushDriver
from tests.core.sync.push_support import World


@dataclass(frozen=True)
class RemoteInvoice:
    """The remote company's invoice: its id, what is still owed, and whether it is voided."""

    id: str
    balance: Decimal
    voided: bool


class WriteOffDriver(Protocol):
    """What the write-off tests read from, and do to, one provider's simulated company."""

    #: Whether the platform takes a bad-debt write-off (credit memo applied to the invoice).
    writes_off: bool

    def invoice(self, world: World) -> RemoteInvoice:
        """The one invoice in the remote company."""
        ...

    def pay(self, world: World, remote_id: str, amount: str) -> None:
        """A payment entered in the platform against the remote invoice."""
        ...

    def credit_notes(self, world: World) -> int:
        """Credit notes (credit memos) in the remote company."""
        ...


class QboWriteOffs:
    """QuickBooks Online: a void zeroes the invoice and notes it "Voided"."""

    writes_off = True

    def invoice(self, world: World) -> RemoteInvoice:
        """The realm's only Invoice."""
        (row,) = world.remote("Invoice")
        voided = row.get("PrivateNote") == "Voided"
        return RemoteInvoice(str(row["Id"]), Decimal(str(row["Balance"])), voided)

    def pay(self, world: World, remote_id: str, amount: str) -> None:
        """A Payment entered in QuickBooks."""
        world.simulator.record_payment(world.realm, remote_id, amount)

    def credit_notes(self, world: World) -> int:
        """CreditMemos."""
        return len(world.remote("CreditMemo"))


class XeroWriteOffs:
    """Xero: a voided invoice is kept with Status VOIDED."""

    writes_off = False

    def invoice(self, world: World) -> RemoteInvoice:
        """The organisation's only invoice."""
        state: Any = world.simulator
        (row,) = state.entities(world.realm, "invoices")
        voided = row["Status"] == "VOIDED"
        return RemoteInvoice(str(row["InvoiceID"]), Decimal(str(row["AmountDue"])), voided)

    def pay(self, world: World, remote_id: str, amount: str) -> None:
        """A payment entered in Xero."""
        state: Any = world.simulator
        state.record_payment(world.realm, remote_id, float(amount))

    def credit_notes(self, world: World) -> int:
        """CreditNotes."""
        state: Any = world.simulator
        return len(state.entities(world.realm, "credit_notes"))


WRITE_OFFS: dict[str, WriteOffDriver] = {
    "QuickBooks Online": QboWriteOffs(),
    "Xero": XeroWriteOffs(),
}


def write_offs_for(sim: PushDriver) -> WriteOffDriver:
    """The write-off driver of ``sim``'s platform."""
    return WRITE_OFFS[sim.platform]
