"""A simulated QuickBooks Web Connector: it drives a SOAP endpoint over HTTP as the real one does.

One :meth:`WebConnector.run_session` is one "Update Selected": serverVersion → clientVersion →
authenticate → sendRequestXML (the HostQuery/CompanyQuery/PreferencesQuery answers first) ⇄
receiveResponseXML … → closeConnection, calling getLastError after a negative percentage or an
empty request, and pausing on ``NoOp``. Each request set goes to the simulated company file.
:class:`Faults` reproduces what goes wrong on customers' PCs: a response lost after QuickBooks
committed it, an hresult (COM) failure, QuickBooks not running, a session abandoned midway, a
wrong password.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
from lxml import etree

from ..qbxml import QbxmlSyntaxError, parse
from ..soap import SOAP11, TNS
from .company import CompanyFile
from .processor import PARSE_ERROR, PARSE_ERROR_TEXT, first_exchange, process

CLIENT_VERSION = "2.3.0.215"
USER_AGENT = "Mozilla/4.0 (compatible; MSIE 6.0; MS Web Services Client Protocol 4.0.30319.42000)"
"""The .NET SOAP client's default User-Agent, which the Web Connector is assumed to send on every
call (UNVERIFIED: the service must not depend on it)."""
NOOP = "NoOp"
CANNOT_START = "0x80040408"


class ConnectorError(RuntimeError):
    """The endpoint answered something the Web Connector cannot use (a fault, not SOAP)."""


@dataclass
class Faults:
    """What goes wrong in the next session(s); each count is used up as it fires."""

    lose_responses: int = 0
    """QuickBooks commits the request, then the response never reaches the endpoint."""
    lose_response_to: str | None = None
    """As ``lose_responses``, once, for the first request set holding this request (for
    example ``InvoiceAddRq``): QuickBooks commits it and the response is lost."""
    hresult: str | None = None
    """The next request fails in QuickBooks with this COM error (nothing is committed)."""
    quickbooks_not_running: bool = False
    """QuickBooks cannot be started: the Web Connector reports connectionError."""
    abandon_after: int | None = None
    """Walk away after this many answered exchanges (no closeConnection)."""
    wrong_password: bool = False
    edit_before_mods: int = 0
    """A user changes the record of each of the next N ``…ModRq`` in QuickBooks just before
    the request reaches it, so its EditSequence is out of date (3200)."""


@dataclass
class SessionReport:
    """What one session did, as the Web Connector's log would show it."""

    outcome: str = ""
    ticket: str = ""
    client_version_answer: str = ""
    authenticate: list[str] = field(default_factory=list)
    exchanges: int = 0
    percents: list[int] = field(default_factory=list)
    noops: int = 0
    last_error: str | None = None
    close_message: str | None = None
    calls: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    """The qbXML request sets sendRequestXML handed this Web Connector, in order."""

    def to_document(self) -> dict[str, object]:
        """A JSON-friendly view for the control API."""
        return {
            "outcome": self.outcome,
            "authenticate": self.authenticate,
            "exchanges": self.exchanges,
            "percents": self.percents,
            "noops": self.noops,
            "last_error": self.last_error,
            "close_message": self.close_message,
            "calls": self.calls,
        }


def _envelope(operation: str, args: dict[str, str]) -> bytes:
    envelope = etree.Element(f"{{{SOAP11}}}Envelope", nsmap={"soap": SOAP11})
    body = etree.SubElement(envelope, f"{{{SOAP11}}}Body")
    call = etree.SubElement(body, f"{{{TNS}}}{operation}", nsmap={None: TNS})
    for name, value in args.items():
        etree.SubElement(call, f"{{{TNS}}}{name}").text = value
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def _result(operation: str, content: bytes) -> etree._Element:
    try:
        root = etree.fromstring(content, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ConnectorError(f"{operation}: the answer is not XML (QBWC1042)") from exc
    fault = root.find(f".//{{{SOAP11}}}Fault")
    if fault is not None:
        raise ConnectorError(f"{operation}: SOAP fault: {fault.findtext('faultstring')}")
    result = root.find(f".//{{{TNS}}}{operation}Result")
    if result is None:
        raise ConnectorError(f"{operation}: the answer has no {operation}Result")
    return result


class WebConnector:
    """The Web Connector of one company file, with the .qwc's user name and the password."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        url: str,
        company: CompanyFile,
        *,
        user_name: str,
        password: str,
        version: str = CLIENT_VERSION,
        company_file_path: str = r"C:\Users\Public\Documents\Intuit\QuickBooks\Company.QBW",
        noop_pause_seconds: float = 5.0,
        max_noops: int = 100,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.http = http
        self.url = url
        self.company = company
        self.user_name = user_name
        self.password = password
        self.version = version
        self.company_file_path = company_file_path
        self.noop_pause_seconds = noop_pause_seconds
        self.max_noops = max_noops
        self.user_agent = user_agent
        self.faults = Faults()

    async def call(self, operation: str, report: SessionReport, **args: str) -> etree._Element:
        """One SOAP call; the result element."""
        report.calls.append(operation)
        response = await self.http.post(
            self.url,
            content=_envelope(operation, args),
            headers={
                "Content-Type": "text/xml; charset=utf-8",
                "SOAPAction": f'"{TNS}{operation}"',
                "User-Agent": self.user_agent,
            },
        )
        return _result(operation, response.content)

    def _versions(self) -> tuple[str, str]:
        best = max(self.company.supported_versions, key=lambda v: tuple(map(int, v.split("."))))
        major, minor = best.split(".")
        return major, minor

    async def _begin(self, report: SessionReport) -> str | None:
        await self.call("serverVersion", report)
        answer = (await self.call("clientVersion", report, strVersion=self.version)).text or ""
        report.client_version_answer = answer
        if answer.startswith("E:"):
            report.outcome = "refused"
            report.last_error = answer[2:]
            return None
        password = "not-the-password" if self.faults.wrong_password else self.password
        result = await self.call(
            "authenticate", report, strUserName=self.user_name, strPassword=password
        )
        strings = [node.text or "" for node in result]
        report.authenticate = strings
        report.ticket = strings[0] if strings else ""
        status = strings[1] if len(strings) > 1 else ""
        if status in ("nvu", "none"):
            report.outcome = status
            return None
        return report.ticket

    async def run_session(self) -> SessionReport:
        """One update of this company file, start to end (or to the fault that stops it)."""
        report = SessionReport()
        ticket = await self._begin(report)
        if ticket is None:
            return report
        if self.faults.quickbooks_not_running or not self.company.running:
            self.faults.quickbooks_not_running = False
            answer = await self.call(
                "connectionError",
                report,
                ticket=ticket,
                hresult=CANNOT_START,
                message="Could not start QuickBooks.",
            )
            report.last_error = await self._last_error(ticket, report)
            report.outcome = f"connection error: {answer.text}"
            report.close_message = (await self.call("closeConnection", report, ticket=ticket)).text
            return report
        try:
            ended = await self._loop(ticket, report)
        finally:
            # The Web Connector's connection to QuickBooks ends with the session.
            self.company.end_session()
        if ended:
            report.close_message = (await self.call("closeConnection", report, ticket=ticket)).text
        return report

    async def _last_error(self, ticket: str, report: SessionReport) -> str:
        return (await self.call("getLastError", report, ticket=ticket)).text or ""

    async def _loop(self, ticket: str, report: SessionReport) -> bool:
        """Exchange until done; False when the session was walked away from."""
        major, minor = self._versions()
        hcp = first_exchange(self.company)
        while True:
            request = await self.call(
                "sendRequestXML",
                report,
                ticket=ticket,
                strHCPResponse=hcp,
                strCompanyFileName=self.company_file_path,
                qbXMLCountry=self.company.country,
                qbXMLMajorVers=major,
                qbXMLMinorVers=minor,
            )
            hcp = ""
            text = request.text or ""
            if text:
                report.requests.append(text)
            if not text:
                error = await self._last_error(ticket, report)
                if error == NOOP and report.noops < self.max_noops:
                    report.noops += 1
                    await asyncio.sleep(self.noop_pause_seconds)
                    continue
                report.last_error = error
                report.outcome = "done" if error != NOOP else "gave up waiting"
                return True
            if (
                self.faults.abandon_after is not None
                and report.exchanges >= self.faults.abandon_after
            ):
                self.faults.abandon_after = None
                report.outcome = "abandoned"
                return False
            response, hresult, message = self._quickbooks(text)
            report.exchanges += 1
            if response and self._loses(text):
                report.outcome = "response lost"
                return False
            percent = int(
                (
                    await self.call(
                        "receiveResponseXML",
                        report,
                        ticket=ticket,
                        response=response,
                        hresult=hresult,
                        message=message,
                    )
                ).text
                or "-1"
            )
            report.percents.append(percent)
            if percent < 0:
                report.last_error = await self._last_error(ticket, report)
                report.outcome = "error"
                return True
            if percent >= 100:
                report.outcome = "done"
                return True

    def _loses(self, request: str) -> bool:
        """Whether the response to this committed request set is lost (using up the fault)."""
        wanted = self.faults.lose_response_to
        if wanted is not None and f"<{wanted}" in request:
            self.faults.lose_response_to = None
            return True
        if self.faults.lose_responses > 0:
            self.faults.lose_responses -= 1
            return True
        return False

    def _edit_modified_records(self, text: str) -> None:
        """The records this request set modifies are changed by hand first (using the fault)."""
        try:
            root = parse(text)
        except QbxmlSyntaxError:
            return  # QuickBooks refuses the whole set; nobody gets to edit anything
        for mod in root.iter():
            if not isinstance(mod.tag, str) or not mod.tag.endswith("ModRq"):
                continue
            if self.faults.edit_before_mods <= 0:
                return
            record_id = mod.findtext("*/ListID") or mod.findtext("*/TxnID") or ""
            if self.company.edit(record_id):
                self.faults.edit_before_mods -= 1

    def _quickbooks(self, text: str) -> tuple[str, str, str]:
        if self.faults.hresult:
            hresult, self.faults.hresult = self.faults.hresult, None
            message = PARSE_ERROR_TEXT if hresult == PARSE_ERROR else "QuickBooks failed."
            return "", hresult, message
        if self.faults.edit_before_mods > 0:
            self._edit_modified_records(text)
        processed = process(self.company, text)
        return processed.response, processed.hresult, processed.message
