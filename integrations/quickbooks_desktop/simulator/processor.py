"""QuickBooks' request processor, simulated: a qbXML message set in, a response (or hresult) out.

A message set that is not well-formed, announces no or a too-new qbXML version, or has an
element out of schema order is refused whole with hresult 0x80040400, as QuickBooks does.
Otherwise each request is answered on its own with QuickBooks' status codes (1 no match, 3100
name in use, 3120 not found, 3140 invalid reference, 3200 stale EditSequence, 3210 invalid
value), and with ``stopOnError`` the requests after a failed one are not processed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..qbxml import Element, QbxmlSyntaxError, element, parse, tag_of
from . import lists, transactions
from .company import CompanyFile
from .errors import Refused
from .order import order_error

PARSE_ERROR = "0x80040400"
PARSE_ERROR_TEXT = "QuickBooks found an error when parsing the provided XML text stream."


@dataclass(frozen=True, slots=True)
class Processed:
    """QuickBooks' answer to one message set: a response, or a COM failure."""

    response: str = ""
    hresult: str = ""
    message: str = ""


Handler = Callable[[CompanyFile, Element], list[Element] | tuple[list[Element], dict[str, str]]]

HANDLERS: dict[str, Handler] = {
    "HostQueryRq": lists.host_query,
    "CompanyQueryRq": lists.company_query,
    "PreferencesQueryRq": lists.preferences_query,
    "CustomerQueryRq": lists.customer_query,
    "CustomerAddRq": lists.customer_add,
    "CustomerModRq": lists.customer_mod,
    "ItemServiceQueryRq": lists.item_query,
    "ItemServiceAddRq": lists.item_add,
    "AccountQueryRq": lists.account_query,
    "ItemQueryRq": lists.item_list_query,
    "PaymentMethodQueryRq": lists.payment_method_query,
    "InvoiceQueryRq": transactions.document_query,
    "EstimateQueryRq": transactions.document_query,
    "InvoiceAddRq": transactions.document_add,
    "EstimateAddRq": transactions.document_add,
    "InvoiceModRq": transactions.document_mod,
    "EstimateModRq": transactions.document_mod,
    "ReceivePaymentQueryRq": transactions.payment_query,
    "ReceivePaymentAddRq": transactions.payment_add,
    "TxnVoidRq": transactions.txn_void,
    "TxnDelRq": transactions.txn_del,
}


def _version(root: Element, company: CompanyFile) -> str | None:
    node = root.getprevious()
    while node is not None and not isinstance(node, etree._ProcessingInstruction):
        node = node.getprevious()
    if node is None or node.target != "qbxml":
        return "the qbxml processing instruction is missing"
    text = (node.text or "").replace("version=", "").strip().strip('"')
    if text not in company.supported_versions:
        return f"qbXML version {text} is not supported by this QuickBooks"
    return None


def _answer(company: CompanyFile, request: Element) -> Element:
    tag = tag_of(request)
    rs = element(tag[:-2] + "Rs")
    if request.get("requestID"):
        rs.set("requestID", request.get("requestID", ""))
    handler = HANDLERS.get(tag)
    if handler is None:
        raise Refused(3000, f"The request {tag} is not supported by this simulator.")
    result = handler(company, request)
    rets, attributes = result if isinstance(result, tuple) else (result, {})
    status = "1" if not rets and tag.endswith("QueryRq") and tag[:-7] not in _SINGLETONS else "0"
    rs.set("statusCode", status)
    rs.set("statusSeverity", "Info")
    rs.set(
        "statusMessage",
        "A query request did not find a matching object in QuickBooks"
        if status == "1"
        else "Status OK",
    )
    for name, value in attributes.items():
        rs.set(name, value)
    for ret in rets:
        rs.append(ret)
    return rs


_SINGLETONS = {"Host", "Company", "Preferences"}


def _refusal(request: Element, error: Refused) -> Element:
    rs = element(tag_of(request)[:-2] + "Rs")
    if request.get("requestID"):
        rs.set("requestID", request.get("requestID", ""))
    rs.set("statusCode", str(error.code))
    rs.set("statusSeverity", "Error")
    rs.set("statusMessage", error.message)
    return rs


def process(company: CompanyFile, text: str) -> Processed:
    """Answer a whole message set as QuickBooks would."""
    if not company.running:
        return Processed(hresult="0x80040408", message="Could not start QuickBooks.")
    try:
        root = parse(text)
    except QbxmlSyntaxError:
        return Processed(hresult=PARSE_ERROR, message=PARSE_ERROR_TEXT)
    msgs = root.find("QBXMLMsgsRq")
    problem = _version(root, company) if msgs is not None else "QBXMLMsgsRq is missing"
    for request in msgs if msgs is not None and problem is None else []:
        problem = order_error(request)
        if problem is not None:
            break
    if problem is not None or msgs is None:
        return Processed(hresult=PARSE_ERROR, message=f"{PARSE_ERROR_TEXT} {problem}")
    stop = msgs.get("onError") == "stopOnError"
    out = etree.Element("QBXML")
    answers = etree.SubElement(out, "QBXMLMsgsRs")
    for request in msgs:
        if not tag_of(request):
            continue
        company.requests_seen += 1
        try:
            answers.append(_answer(company, request))
        except Refused as error:
            answers.append(_refusal(request, error))
            if stop:
                break
    body = etree.tostring(out, encoding="unicode")
    return Processed(response=f'<?xml version="1.0" ?>{body}')


def first_exchange(company: CompanyFile) -> str:
    """The ``strHCPResponse`` the Web Connector sends first in each session."""
    requests = [element("HostQueryRq"), element("CompanyQueryRq"), element("PreferencesQueryRq")]
    for number, request in enumerate(requests):
        request.set("requestID", str(number))
    child = element("OwnerID")
    child.text = company.owner_id
    requests[1].append(child)
    out = etree.Element("QBXML")
    answers = etree.SubElement(out, "QBXMLMsgsRs")
    for request in requests:
        answers.append(_answer(company, request))
    return f'<?xml version="1.0" ?>{etree.tostring(out, encoding="unicode")}'
