"""A syncProgress subscriber over graphql-transport-ws that joins a QuickBooks Desktop push
while it is already WAITING for the Web Connector: its snapshot says WAITING, and through a
session that QuickBooks fails (an hresult) and the sessions after it, it sees the run wait
again (SyncWaiting) and then its later events up to SUCCEEDED, each once and in order."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from gql import GraphQLRequest

from integrations.quickbooks_desktop.simulator import CompanyFile
from integrations.quickbooks_desktop.simulator.company import Clock
from tests.e2e.served import listening, server, settings
from tests.e2e.test_desktop_end_to_end import (
    HANG_GUARD_SECONDS,
    MAX_SESSIONS,
    POLL_SECONDS,
    PROGRESS,
    SETTINGS,
    SYNC_INVOICE,
    TERMINAL,
    _connect,
    _issued_invoice,
    _state,
)
from tests.e2e.test_end_to_end import _call, http_client

__all__ = ["http_client", "listening", "server", "settings"]  # fixtures used by this module's tests


async def _follow(ws: Any, run_id: str, seen: list[dict[str, Any]]) -> None:
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        request = GraphQLRequest(PROGRESS, variable_values={"runId": run_id})
        async for result in ws.subscribe(request):
            seen.append(result["syncProgress"])


async def test_a_subscriber_joining_a_waiting_desktop_run_sees_it_wait_again_and_finish(
    server, make_token, http_client, ws_client
) -> None:
    base = f"http://{server}"
    company = CompanyFile(name="Ridgeline Books", clock=Clock(manual=True))
    consulting = company.add_item("Consulting")
    token = make_token()
    async with (
        httpx.AsyncClient(timeout=30) as web,
        http_client(token) as http,
        ws_client(token) as ws,
    ):
        connection_id, connector = await _connect(http, base, company, web)
        chosen = {"defaultItemId": consulting.stamp.id}
        await _call(http, SETTINGS, id=connection_id, input=chosen)
        invoice_id = await _issued_invoice(http)
        queued = (await _call(http, SYNC_INVOICE, id=invoice_id))["syncInvoice"]
        run_id = queued["run"]["id"]
        assert (await _state(http, run_id))["status"] == "WAITING"

        seen: list[dict[str, Any]] = []
        follower = asyncio.create_task(_follow(ws, run_id, seen))
        async with asyncio.timeout(HANG_GUARD_SECONDS):
            while not seen:  # noqa: ASYNC110 - the snapshot arrives over the websocket
                await asyncio.sleep(POLL_SECONDS)
        connector.faults.hresult = "0x80040400"
        failed = None
        run = await _state(http, run_id)
        for _ in range(MAX_SESSIONS):
            if run["status"] in TERMINAL:
                break
            report = await connector.run_session()
            failed = failed or (report if report.outcome == "error" else None)
            run = await _state(http, run_id)
        await follower

    assert failed is not None, "QuickBooks failed a session"
    assert run["status"] == "SUCCEEDED", run
    types = [event["__typename"] for event in seen]
    assert seen[0] == {"__typename": "SyncSnapshot", "seq": seen[0]["seq"], "status": "WAITING"}
    assert "SyncWaiting" in types[1:], types
    assert "Web Connector" in next(e["reason"] for e in seen[1:] if "reason" in e)
    assert [e["label"] for e in seen if e["__typename"] == "RecordSynced"].count(
        "Invoice 1042"
    ) == 1
    assert "RecordFailed" not in types
    assert types[-1] == "SyncFinished"
    assert seen[-1]["status"] == "SUCCEEDED"
    seqs = [event["seq"] for event in seen]
    assert seqs == sorted(set(seqs)), "after the snapshot, each event once and in order"
    assert [d.ref_number for d in company.documents.values() if d.kind == "Invoice"] == ["1042"]
