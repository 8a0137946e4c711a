"""Shared paths and helpers for the QuickBooks Desktop tests: the reference examples and
recorded fixtures beside the project, read directly from ``../shared/reference``."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

REFERENCE = Path(__file__).resolve().parents[3].parent / "shared" / "reference"
EXAMPLES = REFERENCE / "qbwc" / "qbxml-examples"
FIXTURES = REFERENCE / "fixtures" / "qbd"
SOAP_FIXTURES = FIXTURES / "soap"
WSDL = REFERENCE / "qbwc" / "QBWebConnectorSvc.wsdl"


def example_text(name: str) -> str:
    """One of the 13 qbXML examples, by file name."""
    return (EXAMPLES / name).read_text()


def fixture_text(name: str) -> str:
    """A recorded qbXML fixture, by file name."""
    return (FIXTURES / name).read_text()


def example_request(name: str) -> etree._Element:
    """The single ``…Rq`` element of an example request document."""
    root = etree.fromstring(example_text(name).encode())
    msgs = root.find("QBXMLMsgsRq")
    assert msgs is not None
    return msgs[0]
