"""Per-provider bad-debt items, credit reads and faults for the provider-parametrized write-off
tests.

The write-off tests push through the push drivers' worlds (tests/core/sync/push_drivers), which
also read the remote invoice and pay it; a :class:`WriteOffDriver` sets up a bad-debt item, reads
the remote credit notes (QuickBooks CreditMemos, Xero CreditNotes) and how often
their credit was applied to the invoice, and drops the answer of one step of a write-off.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, Protocol

from integrations.xero.simulator.contacts import save_item
from tests.core.sync.push_drivers import PushDriver
from tests.core.sync.push_support import World

Step = Literal["create", "apply"]


@dataclass(frozen=True)
class RemoteCredit:
    """A remote credit note: its id, total and the credit not yet applied."""

    id: str
    total: Decimal
    remaining: Decimal


class WriteOffDriver(Protocol):
    """What the write-off tests read from, and do to, one provider's simulated company."""

    def bad_debt_item(self, world: World) -> str:
        """A bad-debt item in the remote company; its id (the ``bad_debt_item_id`` setting)."""
        ...

    def credits(self, world: World) -> list[RemoteCredit]:
        """Credit notes (credit memos) in the remote company."""
        ...

    def applications(self, world: World) -> int:
        """How many times a credit was applied to an invoice."""
        ...

    def drop_answer(self, world: World, step: Step) -> None:
        """Drop the platform's answer to the next credit creation or application (committed)."""
        ...


class QboWriteOffs:
    """QuickBooks Online: a void zeroes the invoice and notes it "Voided"; a credit memo is
    applied with a zero-amount Payment."""

    def bad_debt_item(self, world: World) -> str:
        """A Service item on an income account."""
        realm = world.simulator.realm(world.realm)
        body: dict[str, object] = {
            "Name": "Bad Debts",
            "Type": "Service",
            "IncomeAccountRef": {"value": "1"},
        }
        return str(world.simulator.accounting.create(realm, "Item", body, origin="seed").id)

    def credits(self, world: World) -> list[RemoteCredit]:
        """CreditMemos."""
        return [
            RemoteCredit(
                str(row["Id"]),
                Decimal(str(row["TotalAmt"])),
                Decimal(str(row["RemainingCredit"])),
            )
            for row in world.remote("CreditMemo")
        ]

    def applications(self, world: World) -> int:
        """Zero-amount Payments (each links a credit memo to an invoice)."""
        return sum(1 for row in world.remote("Payment") if Decimal(str(row["TotalAmt"])) == 0)

    def drop_answer(self, world: World, step: Step) -> None:
        """The CreditMemo create, or the Payment that applies it."""
        path = "creditmemo" if step == "create" else "/payment"
        world.simulator.inject_fault("drop_response", method="POST", path=path)


class XeroWriteOffs:
    """Xero: a voided invoice is kept with Status VOIDED; a credit note is allocated to it."""

    def bad_debt_item(self, world: World) -> str:
        """An item with a Code, selling to an expense account."""
        state: Any = world.simulator
        body = {"Code": "BADDEBT", "Name": "Bad debts", "SalesDetails": {"AccountCode": "400"}}
        saved = save_item(state.organisation(world.realm), body, 0.0, upsert=False)
        assert saved.ok, saved.errors
        return str(saved.element["ItemID"])

    def credits(self, world: World) -> list[RemoteCredit]:
        """CreditNotes."""
        state: Any = world.simulator
        return [
            RemoteCredit(
                str(row["CreditNoteID"]),
                Decimal(str(row["Total"])),
                Decimal(str(row["RemainingCredit"])),
            )
            for row in state.entities(world.realm, "credit_notes")
        ]

    def applications(self, world: World) -> int:
        """Allocations of the credit notes."""
        state: Any = world.simulator
        return sum(
            len(row.get("Allocations", [])) for row in state.entities(world.realm, "credit_notes")
        )

    def drop_answer(self, world: World, step: Step) -> None:
        """``PUT /CreditNotes``, or ``PUT /CreditNotes/{id}/Allocations`` (the only PUT below)."""
        state: Any = world.simulator
        path = "/api.xro/2.0/CreditNotes" + ("" if step == "create" else "/")
        state.inject_fault("drop_after_commit", method="PUT", path=path)


WRITE_OFFS: dict[str, WriteOffDriver] = {
    "QuickBooks Online": QboWriteOffs(),
    "Xero": XeroWriteOffs(),
}


def write_offs_for(sim: PushDriver) -> WriteOffDriver:
    """The write-off driver of ``sim``'s platform."""
    return WRITE_OFFS[sim.platform]
