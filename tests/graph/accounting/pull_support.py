"""Shared set-up of the pull mutation tests: a connected firm A and a queue that records jobs.

The four "queue a run" mutations (syncPayments, importCustomers, importInvoices, syncNow)
behave alike, so their test modules keep their own test functions and expectations (a
``QueueRunMutation``) and call the shared bodies below.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette

from core.models import Activity, Connection, SyncRun
from core.models.enums import ConnectionStatus, Role, SyncKind, SyncRunStatus
from graph.accounting.types import CONNECTION_TYPE
from graph.ids import encode_id


class RecordingQueue:
    """A JobQueue that keeps what was enqueued instead of running it."""

    def __init__(self) -> None:
        self.jobs: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.jobs.append((function, args, job_id))
        return True


def record_jobs(app: Starlette) -> RecordingQueue:
    """Swap the app's job queue for a recording one (the jobs are tested in the engine)."""
    queue = RecordingQueue()
    app.state.runtime.queue = queue
    return queue


async def connected(connect: Any, **settings: object) -> tuple[str, Connection]:
    """Connect firm A through the OAuth flow; return the connection's global ID and row."""
    outcome = await connect()
    connection = await Connection.get()
    if settings:
        connection.settings = {**connection.settings, **settings}
        await connection.save(update_fields=["settings"])
    return outcome["connection"], connection


@dataclass(frozen=True)
class QueueRunMutation:
    """What one "queue a run" mutation's tests expect of it."""

    field: str
    success: str
    kind: SyncKind
    kind_name: str
    setting: str
    turned_off: str

    @property
    def query(self) -> str:
        """The mutation document, taking the connection's global ID as ``$id``."""
        return f"""
mutation($id: ID!) {{
  {self.field}(connectionId: $id) {{
    __typename
    ... on {self.success} {{ run {{ id kind status }} }}
    ... on UserError {{ code message field }}
  }}
}}"""


# A malformed ID is a ValidationError; a well-formed unknown one is a NotFoundError.
BAD_OR_UNKNOWN_IDS = [
    ("not-an-id", "ValidationError"),
    (encode_id(CONNECTION_TYPE, "00000000-0000-0000-0000-000000000000"), "NotFoundError"),
]


async def check_staff_queues_one_run_and_its_job(
    spec: QueueRunMutation, app: Starlette, connect: Any, gql_factory: Any
) -> None:
    """A staff member's call records one QUEUED run, queues its job and records the activity."""
    connection_id, connection = await connected(connect)
    queue = record_jobs(app)
    staff = gql_factory(firm="firm-a", role=Role.STAFF)

    result = (await staff.data(spec.query, {"id": connection_id}))[spec.field]

    assert result["__typename"] == spec.success
    assert result["run"]["kind"] == spec.kind_name
    assert result["run"]["status"] == "QUEUED"
    run = await SyncRun.get(kind=spec.kind)
    assert run.connection_id == connection.id
    assert queue.jobs == [("run_pull_sync", (str(run.id),), str(run.id))]
    assert await Activity.filter(action="sync.queued", subject_id=run.id).exists()


async def check_turned_off_in_settings_is_invalid_state(
    spec: QueueRunMutation, app: Starlette, connect: Any, gql: Any
) -> None:
    """With the mutation's setting off, nothing is recorded or queued."""
    connection_id, _ = await connected(connect, **{spec.setting: False})
    queue = record_jobs(app)

    result = (await gql.data(spec.query, {"id": connection_id}))[spec.field]

    assert result["__typename"] == "InvalidStateError"
    assert spec.turned_off in result["message"]
    assert queue.jobs == []
    assert await SyncRun.all().count() == 0


async def check_expired_connection_is_invalid_state(
    spec: QueueRunMutation, app: Starlette, connect: Any, gql: Any
) -> None:
    """An expired connection is refused on the connectionId argument."""
    connection_id, connection = await connected(connect)
    connection.status = ConnectionStatus.EXPIRED
    await connection.save()
    record_jobs(app)

    result = (await gql.data(spec.query, {"id": connection_id}))[spec.field]

    assert result["__typename"] == "InvalidStateError"
    assert result["field"] == "connectionId"


async def check_bad_or_unknown_id_is_refused(
    spec: QueueRunMutation, app: Starlette, gql: Any, connection_id: str, typename: str
) -> None:
    """A bad or unknown connection ID gets the typed error and queues nothing."""
    queue = record_jobs(app)

    result = (await gql.data(spec.query, {"id": connection_id}))[spec.field]

    assert result["__typename"] == typename
    assert queue.jobs == []


async def check_queue_down_fails_the_run_and_says_unavailable(
    spec: QueueRunMutation, app: Starlette, connect: Any, gql: Any
) -> None:
    """A queue that cannot be reached fails the recorded run and answers UNAVAILABLE."""
    connection_id, _ = await connected(connect)

    class DownQueue:
        async def enqueue(self, *args: object, job_id: str | None = None) -> bool:
            raise ConnectionError("redis is down")

    app.state.runtime.queue = DownQueue()

    body = await gql.execute(spec.query, {"id": connection_id})

    assert body["errors"][0]["extensions"]["code"] == "UNAVAILABLE"
    run = await SyncRun.get()
    assert run.status is SyncRunStatus.FAILED
