"""The .qwc file follows the recorded example and says when the address is not HTTPS."""

from __future__ import annotations

from lxml import etree

from integrations.quickbooks_desktop.config import OWNER_ID, QbdSettings
from integrations.quickbooks_desktop.qbxml import tags
from integrations.quickbooks_desktop.qwc import https_problem, qwc_file
from tests.integrations.quickbooks_desktop.conftest import SOAP_FIXTURES


def test_qwc_file_has_the_example_elements_in_order_with_our_values() -> None:
    example = etree.fromstring((SOAP_FIXTURES / "example.qwc").read_bytes())

    text = qwc_file(
        QbdSettings(run_every_n_minutes=30),
        "https://sync.example.com/",
        user_name="ledgersync-abc",
        file_id="{57F3B9B6-86F1-4FCC-B1FF-967DE1813D20}",
        description="Acme firm",
    )
    ours = etree.fromstring(text.encode())

    assert tags(ours) == tags(example)
    assert ours.findtext("AppURL") == "https://sync.example.com/qbwc"
    assert ours.findtext("AppSupport") == "https://sync.example.com/qbwc/support"
    assert ours.findtext("OwnerID") == OWNER_ID
    assert ours.findtext("QBType") == "QBFS"
    assert ours.findtext("Scheduler/RunEveryNMinutes") == "30"
    assert "password" not in text.lower()


def test_https_is_required_except_for_localhost() -> None:
    assert https_problem("https://sync.example.com") is None
    assert https_problem("http://localhost:8000") is None
    assert https_problem("http://127.0.0.1:8000") is None
    problem = https_problem("http://sync.example.com")
    assert problem is not None
    assert "QBWC1051" in problem
