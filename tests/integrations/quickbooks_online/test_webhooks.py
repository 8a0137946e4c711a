"""Webhook verification and parsing, on deliveries signed by the simulator."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.sync.records import ChangeOperation
from integrations.base import WebhookSignatureError
from integrations.quickbooks_online import webhooks
from integrations.quickbooks_online.simulator import SimulatorSettings
from integrations.quickbooks_online.simulator.service import Change
from integrations.quickbooks_online.simulator.webhooks import cloudevents_body, legacy_body, sign

TOKEN = "sim-verifier-token"
AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
CHANGES = [
    Change("111", "Invoice", "5", "Update", AT),
    Change("222", "Payment", "9", "Create", AT),
    Change("111", "Invoice", "6", "Void", AT),
]


@pytest.mark.parametrize("void_verb", ["voided", "void"])
def test_webhooks_cloudevents_from_several_realms_parse_to_notices(void_verb: str) -> None:
    settings = SimulatorSettings(cloudevents_void_verb=void_verb)
    body = cloudevents_body(CHANGES, settings)
    delivery = webhooks.verify_and_parse(body, sign(body, TOKEN), TOKEN)
    assert [
        (n.remote_company_id, n.entity, n.remote_id, n.operation) for n in delivery.notices
    ] == [
        ("111", "Invoice", "5", ChangeOperation.UPDATE),
        ("222", "Payment", "9", ChangeOperation.CREATE),
        ("111", "Invoice", "6", ChangeOperation.VOID),
    ]
    assert len({n.event_id for n in delivery.notices}) == 3
    assert delivery.notices[0].occurred_at == AT


def test_webhooks_legacy_delivery_parses_and_has_stable_ids() -> None:
    body = legacy_body(CHANGES)
    first = webhooks.verify_and_parse(body, sign(body, TOKEN), TOKEN)
    again = webhooks.verify_and_parse(body, sign(body, TOKEN), TOKEN)
    assert first.delivery_id == again.delivery_id
    assert [n.event_id for n in first.notices] == [n.event_id for n in again.notices]
    assert {n.remote_company_id for n in first.notices} == {"111", "222"}


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (None, "missing"),
        ("", "missing"),
        ("not base64!", "not base64"),
        (sign(b"other", TOKEN), "does not match"),
    ],
)
def test_webhooks_bad_signature_is_refused_before_parsing(
    signature: str | None, message: str
) -> None:
    with pytest.raises(WebhookSignatureError, match=message):
        webhooks.verify_and_parse(b"not even json", signature, TOKEN)


def test_webhooks_signature_with_wrong_token_is_refused() -> None:
    body = legacy_body(CHANGES)
    with pytest.raises(WebhookSignatureError):
        webhooks.verify_signature(body, sign(body, "other-token"), TOKEN)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not JSON"),
        (b'{"something": 1}', "neither"),
        (b'{"eventNotifications": [{"dataChangeEvent": {}}]}', "realmId"),
        (b'[{"id": "1", "type": "account.created", "intuitentityid": "1"}]', "unexpected type"),
        (
            b'[{"id": "1", "type": "qbo.invoice.created.v1", "intuitentityid": "1"}]',
            "intuitaccountid",
        ),
    ],
)
def test_webhooks_malformed_signed_body_raises_value_error(body: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        webhooks.verify_and_parse(body, sign(body, TOKEN), TOKEN)
