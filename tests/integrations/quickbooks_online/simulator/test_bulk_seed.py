"""Accounting.bulk: many creates, then each touched invoice and customer refreshed once."""

from __future__ import annotations

from integrations.quickbooks_online.simulator import ManualClock, SimulatorSettings, create_app
from integrations.quickbooks_online.simulator.jsonutil import JSON
from integrations.quickbooks_online.simulator.state import SimulatorState

REALM = "9130000000000001"


def _company() -> SimulatorState:
    state = create_app(SimulatorSettings(clock=ManualClock())).state.simulator
    assert isinstance(state, SimulatorState)
    state.create_company("Bulk", realm_id=REALM)
    return state


def _seed(state: SimulatorState, bulk: bool) -> None:
    realm = state.realm(REALM)
    accounting = state.accounting
    customer = accounting.create(realm, "Customer", {"DisplayName": "Bench"}, origin="seed")

    def invoice(n: int) -> JSON:
        line = {
            "Amount": "100.00",
            "DetailType": "SalesItemLineDetail",
            "SalesItemLineDetail": {"ItemRef": {"value": "1"}},
        }
        return {"Line": [line], "CustomerRef": {"value": customer.id}, "DocNumber": str(n)}

    def create_all() -> None:
        for n in range(6):
            remote = accounting.create(realm, "Invoice", invoice(n), origin="seed")
            paid = "100.00" if n % 2 else "40.00"  # half paid in full, half in part
            link = [{"TxnId": remote.id, "TxnType": "Invoice"}]
            body = {
                "CustomerRef": {"value": customer.id},
                "TotalAmt": paid,
                "Line": [{"Amount": paid, "LinkedTxn": link}],
            }
            accounting.create(realm, "Payment", body, origin="seed")

    if bulk:
        with accounting.bulk(realm, "seed"):
            create_all()
    else:
        create_all()


def _view(state: SimulatorState) -> list[tuple[str, str, object, object]]:
    realm = state.realm(REALM)
    return [
        (entity, r.id, r.data.get("Balance"), r.data.get("LinkedTxn"))
        for entity in ("Invoice", "Payment", "Customer")
        for r in realm.live(entity)
    ]


def test_bulk_seed_same_balances_and_links_as_one_at_a_time() -> None:
    one, many = _company(), _company()
    _seed(one, bulk=False)
    _seed(many, bulk=True)
    assert _view(many) == _view(one)
    balances = [b for entity, _, b, _ in _view(many) if entity == "Invoice"]
    assert [str(b) for b in balances] == ["60.00", "0.00"] * 3
    customer = next(v for v in _view(many) if v[0] == "Customer")
    assert str(customer[2]) == "180.00"
