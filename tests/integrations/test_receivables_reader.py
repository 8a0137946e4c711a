"""Every provider declares the receivables-reader role and estimates a reconciliation's calls
from how it reads (pages, ids a call, or requests queued for the Web Connector)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from core.models.enums import Provider
from core.sync.ports import Capability
from integrations.quickbooks_desktop.reads import LedgerSession
from integrations.quickbooks_online.provider import QuickBooksOnlineProvider
from integrations.registry import kit_for
from integrations.xero.config import XeroLimits
from integrations.xero.reads import XeroReads


@pytest.mark.parametrize("provider", list(Provider))
def test_every_kit_declares_the_receivables_reader(provider: Provider) -> None:
    assert Capability.RECEIVABLES in kit_for(provider).capabilities


def test_quickbooks_online_estimate_counts_1000_row_pages_and_500_id_reads() -> None:
    calls = QuickBooksOnlineProvider.reconcile_calls
    assert calls(None, 10_000, 20, 0) == 10 + 20 + 1 + 2  # type: ignore[arg-type]


def test_xero_estimate_counts_100_row_pages_and_40_id_reads() -> None:
    reads = SimpleNamespace(client=SimpleNamespace(config=SimpleNamespace(limits=XeroLimits())))
    assert XeroReads.reconcile_calls(reads, 10_000, 20, 150) == 100 + 250 + 1 + 2 + 2  # type: ignore[arg-type]


def test_desktop_estimate_counts_queued_requests() -> None:
    assert LedgerSession.reconcile_calls(None, 500, 20, 7) == 503  # type: ignore[arg-type]
