"""RunReporter: counters, sequence numbers, the stored snapshot and the items it writes."""

from __future__ import annotations

import uuid

import pytest

from core.errors import InvalidState, NotFound
from core.events import Progress, RecordFailed, RecordSynced, SyncEvent, SyncFinished, SyncStarted
from core.models import Firm, SyncRun, SyncRunItem
from core.models.enums import Entity, ItemOutcome, SyncKind, SyncRunStatus, SyncTrigger
from core.sync.runs import RunReporter, create_run, final_status


class RecordingSink:
    """An EventSink that keeps what it is given, checking the row was stored first."""

    def __init__(self) -> None:
        self.events: list[SyncEvent] = []
        self.stored_seq_at_publish: list[int] = []

    async def publish(self, event: SyncEvent) -> None:
        run = await SyncRun.get(id=event.run_id)
        self.stored_seq_at_publish.append(run.last_event_seq)
        self.events.append(event)


@pytest.fixture
async def run(app) -> SyncRun:
    firm = await Firm.create(external_id="firm-runs", name="Runs")
    return await create_run(firm_id=firm.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)


async def test_create_run_is_queued_with_seq_zero_snapshot(run) -> None:
    stored = await SyncRun.get(id=run.id)
    assert stored.status == SyncRunStatus.QUEUED
    assert stored.snapshot["seq"] == 0
    assert stored.snapshot["status"] == "QUEUED"


async def test_reporter_full_run_counts_sequences_and_stores_snapshot(run) -> None:
    sink = RecordingSink()
    reporter = await RunReporter.open(run.id, sink)
    local = uuid.uuid4()
    await reporter.start(total=3)
    await reporter.record_synced(
        entity=Entity.INVOICE, local_id=local, label="Invoice 1", action="X"
    )
    await reporter.record_failed(
        entity=Entity.INVOICE, local_id=None, label="Invoice 2", error_code="E", message="bad"
    )
    await reporter.record_skipped(
        entity=Entity.INVOICE, local_id=None, label="Invoice 3", message="s"
    )
    await reporter.progress()
    status = await reporter.finish()

    assert [type(e) for e in sink.events] == [
        SyncStarted,
        RecordSynced,
        RecordFailed,
        Progress,
        SyncFinished,
    ]
    assert [e.seq for e in sink.events] == [1, 2, 3, 4, 5]
    # Each event was stored on the row before it was published.
    assert sink.stored_seq_at_publish == [1, 2, 3, 4, 5]
    assert status == SyncRunStatus.PARTIAL
    stored = await SyncRun.get(id=run.id)
    assert (stored.total, stored.processed, stored.succeeded, stored.failed, stored.skipped) == (
        3,
        3,
        1,
        1,
        1,
    )
    assert stored.last_event_seq == 5
    assert stored.snapshot["seq"] == 5
    assert stored.snapshot["status"] == "PARTIAL"
    assert stored.started_at is not None
    assert stored.finished_at is not None
    items = await SyncRunItem.filter(run_id=run.id).order_by("id")
    assert [i.outcome for i in items] == [
        ItemOutcome.SUCCEEDED,
        ItemOutcome.FAILED,
        ItemOutcome.SKIPPED,
    ]
    assert items[0].local_id == local
    assert items[1].error_code == "E"


async def test_reporter_finish_with_error_is_failed(run) -> None:
    sink = RecordingSink()
    reporter = await RunReporter.open(run.id, sink)
    await reporter.start(total=0)
    status = await reporter.finish(error="boom")
    stored = await SyncRun.get(id=run.id)
    assert status == SyncRunStatus.FAILED
    assert stored.error == "boom"
    assert isinstance(sink.events[-1], SyncFinished)
    assert sink.events[-1].error == "boom"


async def test_reporter_open_finished_run_is_invalid_state(run) -> None:
    reporter = await RunReporter.open(run.id, RecordingSink())
    await reporter.start(total=0)
    await reporter.finish()
    with pytest.raises(InvalidState):
        await RunReporter.open(run.id, RecordingSink())


async def test_reporter_open_unknown_run_is_not_found(app) -> None:
    with pytest.raises(NotFound):
        await RunReporter.open(uuid.uuid4(), RecordingSink())


@pytest.mark.parametrize(
    ("succeeded", "failed", "error", "expected"),
    [
        (0, 0, None, SyncRunStatus.SUCCEEDED),
        (2, 0, None, SyncRunStatus.SUCCEEDED),
        (2, 1, None, SyncRunStatus.PARTIAL),
        (0, 1, None, SyncRunStatus.FAILED),
        (5, 0, "x", SyncRunStatus.FAILED),
    ],
)
def test_final_status_by_counts_and_error(succeeded, failed, error, expected) -> None:
    assert final_status(succeeded=succeeded, failed=failed, error=error) == expected
