"""Live progress end to end: mutation → queue → worker → events → websocket subscription.

Embedded path: the app's in-process worker runs the job. Redis path: a separate
``ledgersync worker`` process runs it, against the same database and Redis server.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import websockets
from gql import GraphQLRequest
from gql import gql as document
from gql.transport.exceptions import TransportQueryError

from core.models import Customer, Firm, Invoice, SyncRun
from core.models.enums import InvoiceStatus, Role, SyncKind, SyncRunStatus, SyncTrigger
from core.settings import Settings
from core.sync.runs import create_run
from graph.ids import encode_id

# Safety nets so a broken pipeline fails instead of hanging; not timing goals.
HANG_GUARD_SECONDS = 60
WORKER_EXIT_SECONDS = 20
REPO = Path(__file__).resolve().parents[2]

MARK = document(
    """
    mutation {
      markOverdueInvoices {
        __typename
        ... on MarkOverdueInvoicesSuccess { run { id status } }
      }
    }
    """
)

PROGRESS = document(
    """
    subscription($runId: ID!) {
      syncProgress(runId: $runId) {
        __typename
        ... on SyncSnapshot { seq status total }
        ... on SyncStarted { seq total }
        ... on RecordSynced { seq label action localId }
        ... on RecordFailed { seq label errorCode }
        ... on SyncProgress { seq processed }
        ... on SyncFinished { seq status succeeded failed }
      }
    }
    """
)

VIEWER = document("query { viewer { firm { id } } }")


class GatedQueue:
    """Holds the app's enqueue until the test has subscribed, then forwards it unchanged.

    Without it the embedded worker could finish the run before the subscription starts, and
    the test would see only the final snapshot.
    """

    def __init__(self, real: Any) -> None:
        self.real = real
        self.pending: list[tuple[str, tuple[object, ...], str | None]] = []

    async def enqueue(self, function: str, *args: object, job_id: str | None = None) -> bool:
        self.pending.append((function, args, job_id))
        return True

    async def release(self) -> None:
        for function, args, job_id in self.pending:
            assert await self.real.enqueue(function, *args, job_id=job_id)
        self.pending.clear()


async def _seed_past_due(count: int) -> None:
    """`count` past-due SENT invoices in firm `firm-a` (which the first request created)."""
    firm = await Firm.get(external_id="firm-a")
    customer = await Customer.create(firm=firm, name="Ada")
    due = datetime.now(UTC).date() - timedelta(days=3)
    for number in range(1, count + 1):
        await Invoice.create(
            firm=firm,
            customer=customer,
            number=str(1000 + number),
            status=InvoiceStatus.SENT,
            issue_date=due,
            due_date=due,
        )


async def _follow(
    session: Any, run_id: str, on_snapshot: Callable[[], Awaitable[None]] | None = None
) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        request = GraphQLRequest(PROGRESS, variable_values={"runId": run_id})
        async for result in session.subscribe(request):
            seen.append(result["syncProgress"])
            if len(seen) == 1 and on_snapshot is not None:
                await on_snapshot()
    return seen


def _assert_full_stream(seen: list[dict[str, Any]], invoices: int) -> None:
    types = [event["__typename"] for event in seen]
    assert types[0] == "SyncSnapshot"
    assert seen[0]["status"] == "QUEUED"
    assert types[1] == "SyncStarted"
    assert seen[1]["total"] == invoices
    assert types.count("RecordSynced") == invoices
    assert types[-1] == "SyncFinished"
    assert seen[-1]["status"] == "SUCCEEDED"
    assert seen[-1]["succeeded"] == invoices
    seqs = [event["seq"] for event in seen[1:]]
    # Once each and in order; SyncProgress events may be coalesced away, nothing else.
    assert seqs == sorted(set(seqs)), "live events arrive once each, in order"
    assert seqs[0] == 1
    kept = {e["seq"] for e in seen[1:]}
    missing = set(range(1, seqs[-1] + 1)) - kept
    assert len(missing) <= invoices, "only SyncProgress events (one per invoice) may be left out"
    labels = [e["label"] for e in seen if e["__typename"] == "RecordSynced"]
    assert labels == [f"Invoice {1000 + n}" for n in range(1, invoices + 1)]


async def _start_run(session: Any) -> str:
    result = await session.execute(MARK)
    payload = result["markOverdueInvoices"]
    assert payload["__typename"] == "MarkOverdueInvoicesSuccess"
    assert payload["run"]["status"] == "QUEUED"
    run_id: str = payload["run"]["id"]
    return run_id


async def test_sync_progress_embedded_streams_snapshot_then_events(
    app, ws_client, make_token
) -> None:
    gate = GatedQueue(app.state.runtime.queue)
    app.state.runtime.queue = gate
    async with ws_client(make_token()) as session:
        await session.execute(VIEWER)
        await _seed_past_due(3)
        run_id = await _start_run(session)
        seen = await _follow(session, run_id, on_snapshot=gate.release)
    _assert_full_stream(seen, invoices=3)
    assert await Invoice.filter(status=InvoiceStatus.OVERDUE).count() == 3


async def test_sync_progress_after_run_finished_yields_final_snapshot_and_completes(
    app, ws_client, make_token
) -> None:
    async with ws_client(make_token()) as session:
        await session.execute(VIEWER)
        await _seed_past_due(2)
        run_id = await _start_run(session)
        first = await _follow(session, run_id)
        assert first[-1]["__typename"] == "SyncFinished"
        late = await _follow(session, run_id)
    assert late == [
        {"__typename": "SyncSnapshot", "seq": first[-1]["seq"], "status": "SUCCEEDED", "total": 2}
    ]


async def test_sync_progress_other_firms_run_is_not_found(app, ws_client, make_token) -> None:
    other = await Firm.create(external_id="firm-b")
    run = await create_run(firm_id=other.id, kind=SyncKind.OVERDUE_SWEEP, trigger=SyncTrigger.USER)
    async with ws_client(make_token()) as session:
        with pytest.raises(TransportQueryError) as caught:
            await _follow(session, encode_id("SyncRun", run.id))
    assert caught.value.errors[0]["extensions"]["code"] == "NOT_FOUND"


async def _init_close_code(server: str, payload: dict[str, str]) -> int | None:
    """Open a graphql-transport-ws socket, send connection_init, return the close code."""
    url = f"ws://{server}/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            async with asyncio.timeout(HANG_GUARD_SECONDS):
                await ws.recv()
    return closed.value.rcvd.code if closed.value.rcvd else None


async def test_sync_progress_websocket_without_token_is_rejected(server) -> None:
    assert await _init_close_code(server, {}) == 4403


async def test_sync_progress_websocket_with_forged_token_is_rejected(server, make_token) -> None:
    token = make_token()
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert await _init_close_code(server, {"Authorization": f"Bearer {forged}"}) == 4403


async def test_sync_progress_websocket_with_valid_token_is_acknowledged(server, make_token) -> None:
    url = f"ws://{server}/graphql"
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        init = {"Authorization": f"Bearer {make_token()}"}
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            reply = json.loads(await ws.recv())
    assert reply["type"] == "connection_ack"


# --- the Redis path: a separate worker process ----------------------------------------------


def _worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGERSYNC_")}
    env.update(
        DATABASE_URL=settings.database_url,
        REDIS_URL=settings.redis_url or "",
        LEDGERSYNC_DEV_MODE="true",
        LEDGERSYNC_STATE_DIR=str(settings.state_dir),
        LEDGERSYNC_LOG_LEVEL="INFO",
        LEDGERSYNC_ENCRYPTION_KEYS=",".join(key.decode() for key in settings.fernet_keys),
    )
    return env


@pytest.fixture
async def worker_process(settings: Settings) -> AsyncIterator[Callable[[], None]]:
    """start() launches `ledgersync worker`; it is stopped with SIGTERM and must exit cleanly."""
    processes: list[subprocess.Popen[bytes]] = []

    def start() -> None:
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "core.cli", "worker"],
                cwd=REPO,
                env=_worker_env(settings),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        )

    yield start
    for process in processes:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = await asyncio.to_thread(process.communicate, timeout=WORKER_EXIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
            pytest.fail("the worker did not exit after SIGTERM:\n" + output.decode())
        assert process.returncode == 0, output.decode()


@pytest.mark.redis
async def test_sync_progress_redis_job_runs_in_separate_worker_process(
    app, ws_client, make_token, worker_process
) -> None:
    async with ws_client(make_token(role=Role.STAFF, user="staff-e2e")) as session:
        await session.execute(VIEWER)
        await _seed_past_due(3)
        run_id = await _start_run(session)

        async def start_worker() -> None:
            worker_process()

        seen = await _follow(session, run_id, on_snapshot=start_worker)
    _assert_full_stream(seen, invoices=3)
    run = await SyncRun.get()
    assert run.status == SyncRunStatus.SUCCEEDED
    assert await Invoice.filter(status=InvoiceStatus.OVERDUE).count() == 3
