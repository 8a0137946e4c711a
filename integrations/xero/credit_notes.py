"""Bad-debt write-offs on Xero: an AUTHORISED ACCRECCREDIT credit note for the open balance
(``PUT /CreditNotes``), then an allocation of its credit to the invoice
(``PUT /CreditNotes/{CreditNoteID}/Allocations``), which leaves nothing due on the invoice.

The setting ``bad_debt_item_id`` names either an item by its ItemID (a GUID: the line carries
the item's Code and books to the item's sales account) or an account by its Code (the line books
there, e.g. a "Bad debts" expense account). Both writes carry an ``Idempotency-Key`` derived
from the write intent's key and the endpoint (the allocation's path holds the credit note's id),
so a retry after a lost answer replays Xero's first answer and each happens once.
"""

from __future__ import annotations

from datetime import UTC, datetime

from core.sync.records import CreditMemoRecord, PushOutcome, RemoteRef
from integrations.base import RemoteValidation

from . import document_mapping, mapping
from .batches import Entity, Push, batch_idempotency_key, write_many
from .item_codes import XeroItemCodes
from .wire import JSONObject, messages_to_error, parse_date, text, validation_messages

CREDIT_NOTES = Entity("CreditNotes", "CreditNotes", "CreditNoteID", "CreditNoteNumber")
BAD_DEBT_SETTING_HINT = (
    "Set badDebtItemId in the connection settings to an item's ItemID or to an account Code "
    "(such as a Bad debts expense account) that exists in Xero, then sync again."
)


class XeroCreditNotes(XeroItemCodes):
    """The bad-debt half of :class:`~integrations.xero.provider.XeroProvider`."""

    async def _bad_debt_line(self, setting: str) -> tuple[str | None, str | None]:
        """(ItemCode, AccountCode) of the bad-debt line; ValueError when the item is unknown."""
        value = setting.strip()
        if not value:
            raise ValueError("no bad-debt item or account is set")
        if not mapping.is_guid(value):
            return None, value
        code = (await self._codes_for([value])).get(value)
        if code is None:
            raise ValueError(
                f"the bad-debt item {value} was not found in Xero (or has no Code); "
                "choose another item or an account code"
            )
        return code, None

    async def create_credit_memo(self, record: CreditMemoRecord) -> PushOutcome:
        """Create the bad-debt credit note for an invoice's open balance (once per key)."""
        try:
            item_code, account_code = await self._bad_debt_line(record.item_remote_id)
            out = document_mapping.credit_note_to_xero(
                record, item_code=item_code, account_code=account_code
            )
        except ValueError as exc:
            return PushOutcome.failure(
                RemoteValidation(str(exc), code="XERO-BAD-DEBT", hint=BAD_DEBT_SETTING_HINT)
            )
        push = Push(record.idempotency_key, out.body, out.warnings, "the bad-debt credit note")
        (outcome,) = await write_many(self.client, "PUT", CREDIT_NOTES, [push], 1)
        return outcome

    async def apply_credit_memo(
        self, invoice_remote_id: str, credit_memo_remote_id: str, idempotency_key: str
    ) -> PushOutcome:
        """Allocate the credit note's whole Total to the invoice (once per key)."""
        try:
            (note,) = await self.client.rows(f"CreditNotes/{credit_memo_remote_id}", "CreditNotes")
        except RemoteValidation as exc:
            if exc.code == "XERO-403":
                raise
            return PushOutcome.failure(exc)
        path = f"CreditNotes/{credit_memo_remote_id}/Allocations"
        # Total and the note's own date, not RemainingCredit and today: a replay must send the
        # same body as the first attempt.
        day = parse_date(note.get("DateString"), note.get("Date")) or datetime.now(UTC).date()
        body = document_mapping.allocation_to_xero(
            invoice_remote_id, note.get("Total"), day.isoformat()
        )
        try:
            (answer,) = await self.client.write(
                "PUT",
                path,
                "Allocations",
                [body],
                idempotency_key=batch_idempotency_key(path, [idempotency_key]),
            )
        except RemoteValidation as exc:
            if exc.code == "XERO-403":
                raise
            return PushOutcome.failure(exc)
        return _allocation_outcome(answer, credit_memo_remote_id)


def _allocation_outcome(answer: JSONObject, credit_memo_remote_id: str) -> PushOutcome:
    messages = validation_messages(answer)
    if answer.get("StatusAttributeString") == "ERROR" or messages:
        return PushOutcome.failure(messages_to_error(messages, name="the bad-debt allocation"))
    # The spec's example answer carries no AllocationID: the credit note then names it.
    allocation_id = text(answer.get("AllocationID")) or credit_memo_remote_id
    return PushOutcome.success(RemoteRef(id=allocation_id, number=None, version=None))
