"""The markOverdueInvoices mutation: creates a QUEUED run and queues its job under its id."""

from __future__ import annotations

import pytest

from core.models import Activity, SyncRun
from core.models.enums import Role, SyncKind, SyncRunStatus, SyncTrigger
from graph.ids import encode_id

MARK = """
mutation {
  markOverdueInvoices {
    __typename
    ... on MarkOverdueInvoicesSuccess {
      run { id kind trigger status startedBy { externalId } }
    }
    ... on UserError { message code }
  }
}
"""


class RecordingQueue:
    """Stands in for the job queue so the test sees exactly what was queued."""

    def __init__(self, *, accept: bool = True, error: Exception | None = None) -> None:
        self.jobs: list[tuple[str, tuple[object, ...], str | None]] = []
        self.accept = accept
        self.error = error

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        if self.error is not None:
            raise self.error
        self.jobs.append((function, args, job_id))
        return self.accept


@pytest.fixture
def queue(app) -> RecordingQueue:
    recording = RecordingQueue()
    app.state.runtime.queue = recording
    return recording


async def test_mark_overdue_invoices_queues_run_with_its_id(gql_factory, queue) -> None:
    client = gql_factory(role=Role.STAFF, user="staff-1")
    data = await client.data(MARK)
    result = data["markOverdueInvoices"]
    assert result["__typename"] == "MarkOverdueInvoicesSuccess"
    run = await SyncRun.get()
    assert result["run"] == {
        "id": encode_id("SyncRun", run.id),
        "kind": "OVERDUE_SWEEP",
        "trigger": "USER",
        "status": "QUEUED",
        "startedBy": {"externalId": "staff-1"},
    }
    assert (run.kind, run.trigger) == (SyncKind.OVERDUE_SWEEP, SyncTrigger.USER)
    assert queue.jobs == [("mark_overdue_invoices", (str(run.id),), str(run.id))]
    activity = await Activity.get(subject_id=run.id)
    assert activity.action == "sync_run.queued"
    assert activity.ip_address is not None


async def test_mark_overdue_invoices_job_already_queued_is_invalid_state(gql, queue) -> None:
    queue.accept = False
    data = await gql.data(MARK)
    assert data["markOverdueInvoices"]["__typename"] == "InvalidStateError"
    assert data["markOverdueInvoices"]["code"] == "INVALID_STATE"


async def test_mark_overdue_invoices_queue_down_marks_run_failed(gql, queue) -> None:
    queue.error = ConnectionError("redis is down")
    body = await gql.execute(MARK)
    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    run = await SyncRun.get()
    assert run.status == SyncRunStatus.FAILED
    assert "unavailable" in (run.error or "")
    assert run.snapshot["status"] == "FAILED"


async def test_mark_overdue_invoices_without_token_is_unauthenticated(client, queue) -> None:
    response = await client.post("/graphql", json={"query": MARK})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert queue.jobs == []
    assert await SyncRun.all().count() == 0
