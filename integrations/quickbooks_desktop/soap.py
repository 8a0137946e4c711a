"""The SOAP envelope rules of the Web Connector service, written once over lxml.

The service is Intuit's WSDL (``QBWebConnectorSvc.wsdl``): document/literal, namespace
``http://developer.intuit.com/``, SOAP 1.1 (the Web Connector's) and SOAP 1.2 bindings. Every
operation takes a few strings (``sendRequestXML`` two ints) and returns a string, an int or an
``ArrayOfString``, so a table of operations and two functions cover the whole contract: parse a
request envelope into an :class:`Call`, and render a result or a fault in the caller's SOAP
version. Anything that is not a well-formed envelope for a known operation becomes a SOAP
fault; nothing here lets an exception escape as an HTTP 500 with a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

TNS = "http://developer.intuit.com/"
SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
MAX_ENVELOPE_BYTES = 32 * 1024 * 1024

ResultKind = Literal["string", "int", "strings"]


@dataclass(frozen=True, slots=True)
class Operation:
    """One WSDL operation: its parameters (in order) and the type of its result."""

    name: str
    params: tuple[str, ...]
    result: ResultKind = "string"
    int_params: tuple[str, ...] = ()


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("serverVersion", ("strVersion",)),
        Operation("clientVersion", ("strVersion",)),
        Operation("authenticate", ("strUserName", "strPassword"), "strings"),
        Operation(
            "sendRequestXML",
            (
                "ticket",
                "strHCPResponse",
                "strCompanyFileName",
                "qbXMLCountry",
                "qbXMLMajorVers",
                "qbXMLMinorVers",
            ),
            int_params=("qbXMLMajorVers", "qbXMLMinorVers"),
        ),
        Operation("receiveResponseXML", ("ticket", "response", "hresult", "message"), "int"),
        Operation("connectionError", ("ticket", "hresult", "message")),
        Operation("getLastError", ("ticket",)),
        Operation("closeConnection", ("ticket",)),
        # Interactive mode (not in Intuit's sample WSDL) is answered with a fault.
        Operation("getInteractiveURL", ("wcTicket", "sessionID")),
        Operation("interactiveDone", ("wcTicket",)),
        Operation("interactiveRejected", ("wcTicket", "reason")),
        Operation("getServerVersion", ("ticket",)),
    )
}
INTERACTIVE = frozenset({"getInteractiveURL", "interactiveDone", "interactiveRejected"})


class SoapFault(Exception):
    """A request the service refuses; rendered as a SOAP fault."""

    def __init__(self, message: str, *, client: bool = True, soap_ns: str = SOAP11) -> None:
        super().__init__(message)
        self.message = message
        self.client = client
        self.soap_ns = soap_ns


@dataclass(frozen=True, slots=True)
class Call:
    """A parsed request: the operation, its arguments and the caller's SOAP version."""

    operation: Operation
    args: dict[str, str | int | None]
    soap_ns: str

    def text(self, name: str) -> str:
        """A string argument ('' when absent)."""
        value = self.args.get(name)
        return "" if value is None else str(value)

    def number(self, name: str) -> int:
        """An int argument (0 when absent)."""
        value = self.args.get(name)
        return value if isinstance(value, int) else 0


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _envelope(body: bytes) -> tuple[etree._Element, str]:
    if len(body) > MAX_ENVELOPE_BYTES:
        raise SoapFault("The request is too large.")
    if not body.strip():
        raise SoapFault("The request is empty: expected a SOAP envelope.")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError:
        raise SoapFault("The request is not well-formed XML.") from None
    if root.getroottree().docinfo.doctype:
        # Entities are never expanded; a document type is refused outright.
        raise SoapFault("Document type declarations are not allowed.")
    qname = etree.QName(root)
    if qname.localname != "Envelope" or qname.namespace not in (SOAP11, SOAP12):
        raise SoapFault("The request is not a SOAP envelope.")
    return root, str(qname.namespace)


def parse_call(body: bytes, soap_action: str | None = None) -> Call:
    """The operation and arguments of a request envelope; :class:`SoapFault` if malformed."""
    root, soap_ns = _envelope(body)
    soap_body = root.find(f"{{{soap_ns}}}Body")
    if soap_body is None:
        raise SoapFault("The SOAP envelope has no Body.", soap_ns=soap_ns)
    payload = [child for child in soap_body if isinstance(child.tag, str)]
    if len(payload) != 1:
        raise SoapFault("The SOAP Body must hold exactly one operation.", soap_ns=soap_ns)
    qname = etree.QName(payload[0])
    operation = OPERATIONS.get(qname.localname)
    if qname.namespace != TNS or operation is None:
        raise SoapFault(f"Unknown operation {qname.localname}.", soap_ns=soap_ns)
    action = (soap_action or "").strip().strip('"')
    if action and action.rstrip("/").rsplit("/", 1)[-1] != operation.name:
        raise SoapFault("The SOAPAction does not match the operation in the Body.", soap_ns=soap_ns)
    return Call(operation, _arguments(payload[0], operation, soap_ns), soap_ns)


def _arguments(
    node: etree._Element, operation: Operation, soap_ns: str
) -> dict[str, str | int | None]:
    args: dict[str, str | int | None] = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        if qname.namespace not in (TNS, None) or qname.localname not in operation.params:
            continue
        text = child.text or ""
        if qname.localname in operation.int_params:
            try:
                args[qname.localname] = int(text.strip() or "0")
            except ValueError:
                raise SoapFault(f"{qname.localname} must be an integer.", soap_ns=soap_ns) from None
        else:
            args[qname.localname] = text
    return args


def _body(soap_ns: str) -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(f"{{{soap_ns}}}Envelope", nsmap={"soap": soap_ns})
    body = etree.SubElement(envelope, f"{{{soap_ns}}}Body")
    return envelope, body


def render_result(call: Call, value: str | int | Sequence[str]) -> bytes:
    """The response envelope for a result, in the caller's SOAP version."""
    envelope, body = _body(call.soap_ns)
    name = call.operation.name
    response = etree.SubElement(body, f"{{{TNS}}}{name}Response", nsmap={None: TNS})
    result = etree.SubElement(response, f"{{{TNS}}}{name}Result")
    if call.operation.result == "strings":
        assert not isinstance(value, str | int)
        for item in value:
            etree.SubElement(result, f"{{{TNS}}}string").text = item
    else:
        result.text = str(value)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def render_fault(fault: SoapFault) -> bytes:
    """A SOAP fault envelope (Client/Sender for bad requests, Server/Receiver otherwise)."""
    envelope, body = _body(fault.soap_ns)
    node = etree.SubElement(body, f"{{{fault.soap_ns}}}Fault")
    if fault.soap_ns == SOAP12:
        code = etree.SubElement(node, f"{{{SOAP12}}}Code")
        value = "soap:Sender" if fault.client else "soap:Receiver"
        etree.SubElement(code, f"{{{SOAP12}}}Value").text = value
        reason = etree.SubElement(node, f"{{{SOAP12}}}Reason")
        text = etree.SubElement(reason, f"{{{SOAP12}}}Text")
        text.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
        text.text = fault.message
    else:
        etree.SubElement(node, "faultcode").text = "soap:Client" if fault.client else "soap:Server"
        etree.SubElement(node, "faultstring").text = fault.message
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def content_type(soap_ns: str) -> str:
    """The response media type of a SOAP version."""
    if soap_ns == SOAP12:
        return "application/soap+xml; charset=utf-8"
    return "text/xml; charset=utf-8"
