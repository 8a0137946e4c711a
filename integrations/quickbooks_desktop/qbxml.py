"""qbXML on the wire: building elements in schema order, value formats, safe parsing.

qbXML is strict in ways that are easy to break (qbxml120.xsd): child elements must come in the
order the schema gives (a wrong order is a parse error, hresult 0x80040400, for the whole message
set); DATETIMETYPE takes no ``Z`` and no fractional seconds; AMTTYPE has exactly two decimals;
PRICETYPE and QUANTYPE at most five; ``ExternalGUID`` is a braced GUID. Everything that writes
qbXML goes through the helpers here so those rules live in one place.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

from lxml import etree

Element = etree._Element
"""An lxml element (qbXML nodes are built and read as these)."""

XML_HEADER = '<?xml version="1.0" encoding="utf-8"?>'
GUID_NAMESPACE = uuid.UUID("2f1c6f0e-8f43-4c2b-9a51-6b0d3c7e9a24")
"""Namespace of the name-based GUIDs derived from our idempotency keys."""
MAX_DOCUMENT_BYTES = 32 * 1024 * 1024

_TWO_PLACES = Decimal("0.01")
_FIVE_PLACES = Decimal("0.00001")


class QbxmlSyntaxError(ValueError):
    """A qbXML document that cannot be read at all."""


# --- values -----------------------------------------------------------------------------------


def amount_text(value: Decimal) -> str:
    """AMTTYPE: exactly two decimals (``150.50``, never ``150.5``)."""
    return str(value.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP))


def price_text(value: Decimal) -> str:
    """PRICETYPE / QUANTYPE: at most five decimals, no exponent, no trailing zeros."""
    rounded = value.quantize(_FIVE_PLACES, rounding=ROUND_HALF_UP).normalize()
    text = format(rounded, "f")
    return text if text not in ("-0", "") else "0"


def datetime_text(value: datetime) -> str:
    """DATETIMETYPE: seconds precision with a ``±hh:mm`` offset, no ``Z``."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.replace(microsecond=0).isoformat()


def date_text(value: date) -> str:
    """DATETYPE: ``YYYY-MM-DD``."""
    return value.isoformat()


def guid_for(key: str) -> str:
    """The braced GUID that carries an idempotency key as ``ExternalGUID`` (stable per key)."""
    return "{" + str(uuid.uuid5(GUID_NAMESPACE, key)).upper() + "}"


def same_guid(left: str | None, right: str | None) -> bool:
    """Whether two braced GUIDs are the same (QuickBooks may change their case)."""
    return bool(left and right) and str(left).strip().upper() == str(right).strip().upper()


# --- building ---------------------------------------------------------------------------------


def element(tag: str, text: str | None = None, **attributes: str) -> Element:
    """A new element with optional text and attributes (attributes with empty values dropped)."""
    node = etree.Element(tag, {k: v for k, v in attributes.items() if v})
    if text is not None:
        node.text = text
    return node


def add(parent: Element, tag: str, text: str | None) -> Element | None:
    """Append ``<tag>text</tag>`` when there is text; return the new child (or None)."""
    if text is None or text == "":
        return None
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def add_ref(
    parent: Element, tag: str, list_id: str | None = None, full_name: str | None = None
) -> Element | None:
    """Append a reference (``CustomerRef``, ``ItemRef``…): ListID, else FullName."""
    if not list_id and not full_name:
        return None
    ref = etree.SubElement(parent, tag)
    if list_id:
        add(ref, "ListID", list_id)
    else:
        add(ref, "FullName", full_name)
    return ref


def message_set(
    requests: Sequence[Element], version: tuple[int, int], *, on_error: str = "continueOnError"
) -> str:
    """A whole request document: header, qbXML version, one ``QBXMLMsgsRq``.

    ``continueOnError`` makes QuickBooks answer every request with its own status, so one bad
    record never costs the others their answer.
    """
    root = etree.Element("QBXML")
    msgs = etree.SubElement(root, "QBXMLMsgsRq", onError=on_error)
    for request in requests:
        msgs.append(request)
    body = etree.tostring(root, encoding="unicode")
    return f'{XML_HEADER}<?qbxml version="{version[0]}.{version[1]}"?>{body}'


def to_text(node: Element) -> str:
    """One element as text (stored in the request ledger)."""
    return etree.tostring(node, encoding="unicode")


def copy(node: Element) -> Element:
    """A deep copy, so a stored request can be adjusted without touching the original."""
    return etree.fromstring(etree.tostring(node))


# --- reading ----------------------------------------------------------------------------------


def _parser(recover: bool) -> etree.XMLParser:
    # No DTDs, entities or network: the text comes from outside.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=True,
        recover=recover,
    )


def parse(text: str | bytes, *, recover: bool = False) -> Element:
    """Parse a qbXML document or fragment; :class:`QbxmlSyntaxError` when it is not XML.

    ``recover`` keeps reading past damaged markup (a response QuickBooks produced is still worth
    what can be read of it); requests are never parsed that way.
    """
    data = text.encode() if isinstance(text, str) else text
    if len(data) > MAX_DOCUMENT_BYTES:
        raise QbxmlSyntaxError("the qbXML document is too large")
    if not data.strip():
        raise QbxmlSyntaxError("the qbXML document is empty")
    try:
        root = etree.fromstring(data, _parser(recover))
    except etree.XMLSyntaxError as exc:
        raise QbxmlSyntaxError(f"the qbXML document is not well-formed: {exc}") from None
    if root is None:
        raise QbxmlSyntaxError("the qbXML document is not well-formed")
    return root


def child_text(node: Element | None, *path: str) -> str | None:
    """The stripped text at ``path`` under ``node`` (None when absent or empty)."""
    current = node
    for tag in path:
        if current is None:
            return None
        current = current.find(tag)
    if current is None or current.text is None:
        return None
    text = current.text.strip()
    return text or None


def children(node: Element, tag: str) -> list[Element]:
    """The direct children named ``tag``."""
    return [child for child in node if isinstance(child.tag, str) and child.tag == tag]


def tags(node: Element) -> list[str]:
    """The tags of the element children, in order (comments and text skipped)."""
    return [child.tag for child in node if isinstance(child.tag, str)]


def descendants(node: Element, tag_suffix: str) -> Iterable[Element]:
    """Every element under ``node`` whose tag ends with ``tag_suffix`` (e.g. ``Rs``)."""
    for found in node.iter():
        if isinstance(found.tag, str) and found.tag.endswith(tag_suffix):
            yield found


def tag_of(node: Element) -> str:
    """An element's tag as text ('' for comments and processing instructions)."""
    tag = node.tag
    return tag if isinstance(tag, str) else ""
