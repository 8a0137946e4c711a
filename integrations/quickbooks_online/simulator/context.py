"""What an entity builder needs to know about the write in progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .jsonutil import JSON
from .settings import SimulatorSettings
from .store import Realm, Record

USD: JSON = {"value": "USD", "name": "United States Dollar"}

READ_ONLY = frozenset(
    {
        "Id",
        "SyncToken",
        "MetaData",
        "domain",
        "sparse",
        "status",
        "time",
        "Balance",
        "BalanceWithJobs",
        "FullyQualifiedName",
        "TotalAmt",
        "HomeBalance",
        "HomeTotalAmt",
        "UnappliedAmt",
        "LinkedTxn",
        "TxnTaxDetail",
        "CurrentBalance",
        "CurrentBalanceWithSubAccounts",
    }
)
"""Fields the server computes; values sent by clients are ignored."""


@dataclass
class BuildContext:
    """One write: the company, the record's Id, what it looked like before, and options."""

    realm: Realm
    settings: SimulatorSettings
    now: datetime
    entity_id: str
    existing: Record | None
    allow_duplicate_doc_number: bool = False

    @property
    def today(self) -> date:
        """Today in the company's zone."""
        return self.now.astimezone(self.settings.company_timezone).date()


def writable(source: JSON) -> JSON:
    """The client-supplied fields that are not computed by the server."""
    return {k: v for k, v in source.items() if k not in READ_ONLY}
