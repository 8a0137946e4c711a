"""Property-based fuzzing of both webhook routes: random and hostile bodies and headers, validly
signed or not, never get a 5xx, and the jobs they queue never crash.

Bodies are random bytes, random JSON, deep nesting, or the platform's own delivery shape with
hostile values in every field (huge, empty, non-ASCII, quoted ids, numbers where text belongs),
about the connected company or another one. ``make test`` runs a few examples per route;
``LEDGERSYNC_FUZZ_EXAMPLES=N`` runs N.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from arq import Retry
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import Connection, WebhookDelivery
from core.models.enums import WebhookState
from tests.graph.accounting.push_support import RecordingQueue, run_queued
from tests.graph.accounting.webhook_support import SIGNERS, Signer

EXAMPLES = int(os.environ.get("LEDGERSYNC_FUZZ_EXAMPLES", "20"))
PROVIDERS = {"qbo": "QUICKBOOKS_ONLINE", "xero": "XERO"}

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "'", "' OR 1=1 --", "\u0000", "\ud800x", "é" * 200, "7" * 5000]),
    st.integers().map(str),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def qbo_shaped(draw: st.DrawFn, company: str) -> Any:
    entity = {
        "name": draw(st.sampled_from(["Invoice", "Payment", "Customer", "Item"]) | json_values),
        "id": draw(st.integers(1, 10_000).map(str) | json_values),
        "operation": draw(st.sampled_from(["Create", "Update", "Delete", "Void"]) | json_values),
        "lastUpdated": draw(st.just("2026-03-01T10:00:00Z") | json_values),
    }
    notification = {
        "realmId": draw(st.just(company) | json_values),
        "dataChangeEvent": draw(st.just({"entities": [entity]}) | json_values),
    }
    return draw(st.just({"eventNotifications": [notification]}) | st.just([notification]))


@st.composite
def xero_shaped(draw: st.DrawFn, company: str) -> Any:
    event = {
        "resourceId": draw(st.uuids().map(str) | json_values),
        "eventDateUtc": draw(st.just("2026-03-01T10:00:00.000") | json_values),
        "eventType": draw(st.sampled_from(["CREATE", "UPDATE"]) | json_values),
        "eventCategory": draw(st.sampled_from(["INVOICE", "CONTACT"]) | json_values),
        "tenantId": draw(st.just(company) | json_values),
    }
    return {"events": draw(st.lists(st.just(event) | json_values, max_size=3))}


def bodies(signer: Signer, company: str) -> st.SearchStrategy[bytes]:
    """Bytes a platform, a broken proxy or an attacker could send."""
    shaped = qbo_shaped(company) if signer.name == "qbo" else xero_shaped(company)
    return st.one_of(
        st.binary(max_size=512),
        json_values.map(lambda v: json.dumps(v).encode()),
        shaped.map(lambda v: json.dumps(v).encode()),
        st.integers(1, 200_000).map(lambda n: b"[" * n + b"]" * n),
    )


latin1 = st.text(st.characters(max_codepoint=255, exclude_categories=("Cc",)), max_size=60)


def headers(signer: Signer, body: bytes, how: str, value: str) -> dict[str, str | bytes]:
    """Signed correctly, forged (any Latin-1 bytes, as HTTP allows), or missing."""
    if how == "signed":
        return dict(signer.headers(body))
    if how == "missing":
        return {"content-type": "application/json"}
    raw = value.encode("latin-1")
    return {signer.header: raw, "content-type": raw or b"text/plain"}


async def _fuzz(app: Any, client: Any, signer: Signer, data: st.DataObject) -> None:
    connection = await Connection.get()
    company = data.draw(st.sampled_from([str(connection.remote_company_id), signer.company]))
    body = data.draw(bodies(signer, company), label="body")
    how = data.draw(st.sampled_from(["signed", "signed", "forged", "missing"]), label="how")
    queue = RecordingQueue()
    app.state.runtime.queue = queue

    response = await client.post(
        signer.path, content=body, headers=headers(signer, body, how, data.draw(latin1))
    )

    assert response.status_code < 500, (response.status_code, body[:200])
    try:
        await run_queued(app, queue)  # the jobs a delivery queues must end, never crash
    except Retry:
        return  # deferred (throttled): tried again later, not a crash
    assert not await WebhookDelivery.filter(state=WebhookState.RECEIVED).exists()


@pytest.mark.parametrize("name", list(SIGNERS))
@FUZZ
@given(data=st.data())
async def test_webhook_route_fuzzed_never_answers_5xx_nor_crashes_a_job(
    app, client, connect, name: str, data: st.DataObject
) -> None:
    # The fixtures live for the whole test, across its examples: connect once.
    if not await Connection.exists():
        await connect(provider=PROVIDERS[name])
    await _fuzz(app, client, SIGNERS[name], data)
