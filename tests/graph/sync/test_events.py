"""The progress events' schema says what their data holds."""

from __future__ import annotations

from core.models import Firm
from core.models.enums import SyncKind, SyncRunStatus, SyncTrigger
from core.sync.runs import create_run
from graph.schema import schema
from graph.sync.events import SyncSnapshotEvent


def _field_description(type_name: str, field: str) -> str:
    graphql_type = schema._schema.get_type(type_name)  # the graphql-core schema
    assert graphql_type is not None
    description = graphql_type.fields[field].description  # type: ignore[union-attr]
    assert description is not None
    return description


async def test_sync_snapshot_of_a_queued_run_has_seq_0_as_its_schema_says(app) -> None:
    firm = await Firm.create(external_id="firm-seq")
    run = await create_run(firm_id=firm.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)

    snapshot = SyncSnapshotEvent.from_run(run)

    assert snapshot.seq == 0
    assert "0 when the run has had no event yet" in _field_description("SyncSnapshot", "seq")


async def test_sync_snapshot_of_a_waiting_run_says_what_it_waits_for(app) -> None:
    firm = await Firm.create(external_id="firm-waiting")
    run = await create_run(firm_id=firm.id, kind=SyncKind.PUSH_INVOICES, trigger=SyncTrigger.USER)
    run.status = SyncRunStatus.WAITING
    run.waiting_reason = "waiting for the QuickBooks Web Connector's next poll"

    waiting = SyncSnapshotEvent.from_run(run)
    run.status = SyncRunStatus.RUNNING  # resumed: the reason is kept on the row, not shown
    running = SyncSnapshotEvent.from_run(run)

    assert waiting.waiting_reason == "waiting for the QuickBooks Web Connector's next poll"
    assert running.waiting_reason is None


def test_sync_run_event_seq_description_does_not_promise_every_event_starts_at_1() -> None:
    description = _field_description("SyncRunEvent", "seq")

    assert "from 1" not in description
    assert "SyncSnapshot" in description
