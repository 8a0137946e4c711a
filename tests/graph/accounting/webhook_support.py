"""Signed webhook bodies for both providers' routes, for the hostile-input and fuzz tests.

A :class:`Signer` knows one provider's route, signature header and simulator key, and builds a
valid body naming one changed record of one company, so a test can sign any body (valid,
hostile or random) exactly as the platform would.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from integrations.quickbooks_online.kit import SIMULATOR_VERIFIER_TOKEN
from integrations.quickbooks_online.webhooks import sign as qbo_sign
from integrations.xero.kit import SIMULATOR_WEBHOOK_KEY
from integrations.xero.webhooks import sign as xero_sign

#: A realm id and a tenant id no test firm is connected to.
QBO_COMPANY = "9341453050298576"
XERO_COMPANY = "5b2f6c1e-0000-4000-8000-00000000a001"


@dataclass(frozen=True)
class Signer:
    """One provider's webhook route and how its platform signs and shapes a delivery."""

    name: str
    path: str
    header: str
    sign: Callable[[bytes], str]
    body: Callable[[str, str], bytes]
    company: str
    #: A record id in the platform's own form.
    record: str

    def headers(self, body: bytes) -> dict[str, str]:
        """The headers of a correctly signed delivery of ``body``."""
        return {self.header: self.sign(body), "content-type": "application/json"}


def _qbo_body(company: str, record_id: str) -> bytes:
    notification = {
        "realmId": company,
        "dataChangeEvent": {
            "entities": [
                {
                    "name": "Invoice",
                    "id": record_id,
                    "operation": "Update",
                    "lastUpdated": "2026-03-01T10:00:00Z",
                }
            ]
        },
    }
    return json.dumps({"eventNotifications": [notification]}).encode()


def _xero_body(company: str, record_id: str) -> bytes:
    event = {
        "resourceUrl": f"https://api.xero.com/api.xro/2.0/Invoices/{record_id}",
        "resourceId": record_id,
        "eventDateUtc": "2026-03-01T10:00:00.000",
        "eventType": "UPDATE",
        "eventCategory": "INVOICE",
        "tenantId": company,
        "tenantType": "ORGANISATION",
    }
    envelope = {"events": [event], "firstEventSequence": 1, "lastEventSequence": 1, "entropy": "X"}
    return json.dumps(envelope).encode()


SIGNERS = {
    "qbo": Signer(
        "qbo",
        "/webhooks/quickbooks",
        "intuit-signature",
        lambda body: qbo_sign(body, SIMULATOR_VERIFIER_TOKEN),
        _qbo_body,
        QBO_COMPANY,
        "42",
    ),
    "xero": Signer(
        "xero",
        "/webhooks/xero",
        "x-xero-signature",
        lambda body: xero_sign(body, SIMULATOR_WEBHOOK_KEY),
        _xero_body,
        XERO_COMPANY,
        "3f1e0b52-0000-4000-8000-000000000042",
    ),
}
