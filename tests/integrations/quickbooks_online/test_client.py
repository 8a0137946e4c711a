"""The v3 API client against the simulator: writes, faults, idempotency, paging, CDC, batch."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import httpx
import pytest

from integrations.base import (
    AuthExpired,
    DuplicateName,
    PeriodClosed,
    ProviderUnavailable,
    RateLimited,
    RemoteValidation,
    StaleVersion,
)
from integrations.quickbooks_online.client import BatchItem, QboClient, encode_json
from integrations.quickbooks_online.simulator import ManualClock, SimulatorState

LINE = {
    "Amount": Decimal("120.50"),
    "DetailType": "SalesItemLineDetail",
    "SalesItemLineDetail": {"ItemRef": {"value": "1"}, "Qty": 1, "UnitPrice": Decimal("120.50")},
}


async def _invoice(client: QboClient, customer_id: str, request_id: str | None = None):
    body = {"CustomerRef": {"value": customer_id}, "Line": [LINE]}
    return await client.create("Invoice", body, request_id=request_id)


def test_encode_json_writes_decimal_money_as_exact_numbers() -> None:
    assert encode_json({"a": Decimal("120.50"), "b": Decimal("3")}) == b'{"a":120.5,"b":3}'


async def test_client_create_read_update_void_round_trip(client: QboClient) -> None:
    customer = await client.create("Customer", {"DisplayName": "Round Trip"})
    invoice = await _invoice(client, customer["Id"])
    assert Decimal(str(invoice["TotalAmt"])) == Decimal("120.50")

    read = await client.read("Invoice", invoice["Id"])
    assert read["SyncToken"] == "0"
    updated = await client.update(
        "Invoice", {"Id": read["Id"], "SyncToken": "0", "PrivateNote": "hello"}
    )
    assert updated["SyncToken"] == "1"
    assert updated["PrivateNote"] == "hello"
    assert updated["CustomerRef"]["value"] == customer["Id"]  # sparse: nothing else cleared

    voided = await client.void("Invoice", updated["Id"], "1")
    assert voided["PrivateNote"] == "Voided"
    assert Decimal(str(voided["TotalAmt"])) == 0


async def test_client_update_with_stale_sync_token_raises_stale_version(client: QboClient) -> None:
    customer = await client.create("Customer", {"DisplayName": "Stale"})
    await client.update("Customer", {"Id": customer["Id"], "SyncToken": "0", "Notes": "a"})
    with pytest.raises(StaleVersion) as caught:
        await client.update("Customer", {"Id": customer["Id"], "SyncToken": "0", "Notes": "b"})
    assert caught.value.code == "QBO-5010"
    assert caught.value.retryable


async def test_client_duplicate_name_names_the_collision(client: QboClient) -> None:
    await client.create("Customer", {"DisplayName": "Twin"})
    with pytest.raises(DuplicateName) as caught:
        await client.create("Customer", {"DisplayName": "Twin"}, name="Twin")
    assert "'Twin'" in caught.value.message
    assert caught.value.hint


async def test_client_closed_period_raises_period_closed_with_hint(
    client: QboClient, sim_state: SimulatorState
) -> None:
    customer = await client.create("Customer", {"DisplayName": "Closed"})
    sim_state.close_books(client.realm_id, date(2030, 1, 1))
    with pytest.raises(PeriodClosed) as caught:
        await _invoice(client, customer["Id"])
    assert caught.value.hint
    assert "sync start date" in caught.value.hint


async def test_client_duplicate_doc_number_is_remote_validation_6140(client: QboClient) -> None:
    customer = await client.create("Customer", {"DisplayName": "Numbers"})
    body = {"CustomerRef": {"value": customer["Id"]}, "Line": [LINE], "DocNumber": "A-1"}
    await client.create("Invoice", body)
    with pytest.raises(RemoteValidation) as caught:
        await client.create("Invoice", body)
    assert caught.value.code == "QBO-6140"
    assert caught.value.hint


async def test_client_expired_access_token_raises_auth_expired(
    client: QboClient, sim_state: SimulatorState
) -> None:
    sim_state.expire_access_tokens()
    with pytest.raises(AuthExpired):
        await client.read("Customer", "1")


async def test_client_throttle_raises_rate_limited_with_default_backoff(
    client: QboClient, sim_state: SimulatorState
) -> None:
    sim_state.inject_fault("throttle", path="/query")
    with pytest.raises(RateLimited) as caught:
        await client.query("SELECT * FROM Customer")
    assert caught.value.retry_after == 60


@pytest.mark.parametrize("kind", ["server_error", "unavailable", "timeout"])
async def test_client_server_failures_raise_provider_unavailable(
    client: QboClient, sim_state: SimulatorState, kind: str
) -> None:
    sim_state.inject_fault(kind, path="/customer")  # type: ignore[arg-type]
    with pytest.raises(ProviderUnavailable):
        await client.create("Customer", {"DisplayName": "Later"})
    assert sim_state.entities(client.realm_id, "Customer") == []


async def test_client_requestid_replay_after_dropped_response_creates_one_invoice(
    client: QboClient, sim_state: SimulatorState
) -> None:
    customer = await client.create("Customer", {"DisplayName": "Dropped"})
    sim_state.inject_fault("drop_response", method="POST", path="/invoice$")
    with pytest.raises(ProviderUnavailable):
        await _invoice(client, customer["Id"], request_id="key-1")
    replayed = await _invoice(client, customer["Id"], request_id="key-1")
    invoices = sim_state.entities(client.realm_id, "Invoice")
    assert len(invoices) == 1
    assert invoices[0]["Id"] == replayed["Id"]


async def test_client_every_write_sends_requestid_and_minorversion(
    client: QboClient, sim_app
) -> None:
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request)

    client._http.event_hooks["request"].append(record)
    await client.create("Customer", {"DisplayName": "Keyed"})
    assert seen[0].url.params["requestid"]
    assert seen[0].url.params["minorversion"] == "75"
    assert seen[0].headers["accept"] == "application/json"


async def test_client_batch_mixed_items_give_per_item_outcomes(client: QboClient) -> None:
    customer = await client.create("Customer", {"DisplayName": "Taken"})
    items = [
        BatchItem("1", "Customer", "create", {"DisplayName": "Fresh"}),
        BatchItem("2", "Customer", "create", {"DisplayName": "Taken"}),
        BatchItem(
            "3", "Customer", "update", {"Id": customer["Id"], "SyncToken": "9", "sparse": True}
        ),
        BatchItem("4", query="SELECT * FROM Customer"),
    ]
    results = await client.batch(items, request_id="batch-1")
    assert results["1"].body is not None
    assert results["1"].body["DisplayName"] == "Fresh"
    assert isinstance(results["2"].error, DuplicateName)
    assert isinstance(results["3"].error, StaleVersion)
    assert results["4"].entity == "QueryResponse"


async def test_client_batch_over_thirty_items_is_refused_before_sending(client: QboClient) -> None:
    items = [BatchItem(str(n), query="SELECT * FROM Item") for n in range(31)]
    with pytest.raises(ValueError, match="at most 30"):
        await client.batch(items)


async def test_client_query_pages_over_many_payments_keep_one_page_in_memory(
    client: QboClient, sim_state: SimulatorState
) -> None:
    realm = sim_state.realm(client.realm_id)
    customer = await client.create("Customer", {"DisplayName": "Payer"})
    total = 1203
    for n in range(total):
        sim_state.accounting.create(
            realm,
            "Payment",
            {"CustomerRef": {"value": customer["Id"]}, "TotalAmt": n + 1},
            origin="seed",
        )
    requests: list[str] = []

    async def record(request: httpx.Request) -> None:
        requests.append(request.url.params["query"])

    client._http.event_hooks["request"].append(record)
    sizes: list[int] = []
    ids: set[str] = set()
    async for page in client.query_pages("Payment"):
        # Pages are fetched lazily: the next request goes out only after this page is used.
        assert len(requests) == len(sizes) + 1
        sizes.append(len(page))
        ids.update(str(row["Id"]) for row in page)
    assert sizes == [1000, 203]
    assert len(ids) == total
    assert "STARTPOSITION 1001 MAXRESULTS 1000" in requests[1]
    assert await client.count("Payment") == total


async def test_client_query_with_no_rows_yields_nothing(client: QboClient) -> None:
    pages = [page async for page in client.query_pages("Invoice")]
    assert pages == []
    assert await client.count("Invoice") == 0


async def test_client_cdc_returns_changes_since_a_moment(
    client: QboClient, sim_clock: ManualClock
) -> None:
    since = sim_clock.now()
    sim_clock.advance(10)
    customer = await client.create("Customer", {"DisplayName": "Changed"})
    await _invoice(client, customer["Id"])
    changes = await client.cdc(["Customer", "Invoice", "Payment"], since - timedelta(seconds=1))
    assert [c["DisplayName"] for c in changes["Customer"]] == ["Changed"]
    assert len(changes["Invoice"]) == 1
    assert "Payment" not in changes


def _mock_client(config, handler) -> QboClient:
    async def token() -> str:
        return "access"

    return QboClient(config, "123", token, transport=httpx.MockTransport(handler))


async def test_client_read_timeout_raises_provider_unavailable(config) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with _mock_client(config, handler) as qbo:
        with pytest.raises(ProviderUnavailable, match="timed out"):
            await qbo.read("Customer", "1")


async def test_client_throttle_honours_retry_after_header(config) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": "12"}, text="Too Many Requests")

    async with _mock_client(config, handler) as qbo:
        with pytest.raises(RateLimited) as caught:
            await qbo.query("SELECT * FROM Customer")
    assert caught.value.retry_after == 12


async def test_client_never_logs_the_access_token(
    client: QboClient, caplog: pytest.LogCaptureFixture, sim_state: SimulatorState
) -> None:
    caplog.set_level("DEBUG", logger="ledgersync.qbo")
    await client.create("Customer", {"DisplayName": "Logged"})
    sim_state.expire_access_tokens()
    with pytest.raises(AuthExpired):
        await client.read("Customer", "1")
    token = await client._access_token()
    assert "intuit_tid" in caplog.text
    assert token not in caplog.text
