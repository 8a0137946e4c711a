"""The SOAP contract: a WSDL-driven client (zeep reading Intuit's WSDL) drives the endpoint,
every recorded envelope is answered in the WSDL's shape, and bad requests get SOAP faults."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from lxml import etree
from zeep import AsyncClient, Settings
from zeep.exceptions import Fault
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport

from integrations.quickbooks_desktop.soap import SOAP11, SOAP12, TNS
from tests.integrations.quickbooks_desktop.conftest import SOAP_FIXTURES, WSDL
from tests.integrations.quickbooks_desktop.qbd_rig import BASE_URL, SOAP_URL, Book, Rig, rig

BINDING_11 = f"{{{TNS}}}TroubleshootWebServiceFSSoap"
BINDING_12 = f"{{{TNS}}}TroubleshootWebServiceFSSoap12"
RESULT_TYPES = {
    "serverVersion": "string",
    "clientVersion": "string",
    "authenticate": "strings",
    "sendRequestXML": "string",
    "receiveResponseXML": "int",
    "connectionError": "string",
    "getLastError": "string",
    "closeConnection": "string",
}


@pytest.fixture
async def qbd(app) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with rig() as built:
        yield built


@pytest.fixture
async def wsdl_client(qbd: Rig) -> AsyncIterator[AsyncClient]:
    transport = httpx.ASGITransport(app=qbd.app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        client = AsyncClient(
            str(WSDL), transport=AsyncTransport(client=http), settings=Settings(strict=True)
        )
        yield client


def _service(client: AsyncClient, binding: str = BINDING_11) -> AsyncServiceProxy:
    # AsyncClient.create_service returns a synchronous proxy; build the async one directly.
    return AsyncServiceProxy(client, client.wsdl.bindings[binding], address=SOAP_URL)


async def test_wsdl_client_runs_a_whole_session(qbd: Rig, wsdl_client: AsyncClient) -> None:
    book: Book = await qbd.book(company_name="Zeep Books")
    service = _service(wsdl_client)

    version = await service.serverVersion()
    client_version = await service.clientVersion(strVersion="2.3.0.215")
    ticket, status = await service.authenticate(
        strUserName=book.user_name, strPassword=book.password
    )
    from integrations.quickbooks_desktop.simulator import first_exchange, process

    request = await service.sendRequestXML(
        ticket=ticket,
        strHCPResponse=first_exchange(book.company),
        strCompanyFileName="C:\\Company.QBW",
        qbXMLCountry="US",
        qbXMLMajorVers=13,
        qbXMLMinorVers=0,
    )
    answer = process(book.company, request)
    percent = await service.receiveResponseXML(
        ticket=ticket, response=answer.response, hresult="", message=""
    )
    last_error = await service.getLastError(ticket=ticket)
    closed = await service.closeConnection(ticket=ticket)

    assert version
    assert client_version is None or client_version == ""
    assert status in (None, "")
    assert request.startswith('<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?>')
    assert isinstance(percent, int)
    assert percent == 100
    assert last_error == "No error."
    assert closed.startswith("OK")


async def test_wsdl_client_over_soap12_and_the_connection_error_operation(
    qbd: Rig, wsdl_client: AsyncClient
) -> None:
    book = await qbd.book()
    service = _service(wsdl_client, BINDING_12)

    ticket = (await service.authenticate(strUserName=book.user_name, strPassword=book.password))[0]
    answer = await service.connectionError(
        ticket=ticket, hresult="0x80040408", message="Could not start QuickBooks."
    )
    last_error = await service.getLastError(ticket=ticket)

    assert answer == "done"
    assert "Allow this application to login automatically" in last_error


async def test_wsdl_client_wrong_password_gets_nvu(qbd: Rig, wsdl_client: AsyncClient) -> None:
    book = await qbd.book()

    result = await _service(wsdl_client).authenticate(strUserName=book.user_name, strPassword="x")

    assert [value or "" for value in result] == ["", "nvu"]


def _result(content: bytes, operation: str) -> etree._Element:
    root = etree.fromstring(content)
    namespace = etree.QName(root).namespace
    assert etree.QName(root).localname == "Envelope"
    assert namespace in (SOAP11, SOAP12)
    body = root.find(f"{{{namespace}}}Body")
    assert body is not None
    response = body.find(f"{{{TNS}}}{operation}Response")
    assert response is not None, etree.tostring(root)
    result = response.find(f"{{{TNS}}}{operation}Result")
    assert result is not None
    return result


def _assert_wsdl_shape(result: etree._Element, operation: str) -> None:
    kind = RESULT_TYPES[operation]
    if kind == "int":
        int(result.text or "")
    elif kind == "strings":
        assert all(etree.QName(child).localname == "string" for child in result)
        assert len(result) >= 2
    else:
        assert len(result) == 0


@pytest.mark.parametrize(
    "path", sorted(SOAP_FIXTURES.glob("*.request*.xml")), ids=lambda p: Path(p).name
)
async def test_recorded_request_envelopes_are_answered_in_the_wsdl_shape(
    qbd: Rig, path: Path
) -> None:
    body = await asyncio.to_thread(path.read_bytes)
    operation = etree.QName(etree.fromstring(body).find(f"{{{SOAP11}}}Body")[0]).localname

    response = await qbd.http.post(
        "/qbwc",
        content=body,
        headers={"Content-Type": "text/xml", "SOAPAction": f'"{TNS}{operation}"'},
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/xml")
    _assert_wsdl_shape(_result(response.content, operation), operation)


@pytest.mark.parametrize(
    "path", sorted(SOAP_FIXTURES.glob("*.response*.xml")), ids=lambda p: Path(p).name
)
def test_recorded_response_envelopes_have_the_shape_we_render(path: Path) -> None:
    from integrations.quickbooks_desktop.soap import OPERATIONS, Call, render_result

    root = etree.fromstring(path.read_bytes())
    response = root.find(f"{{{SOAP11}}}Body")[0]
    operation = etree.QName(response).localname.removesuffix("Response")
    recorded = response[0]
    call = Call(OPERATIONS[operation], {}, SOAP11)
    value: object = [c.text or "" for c in recorded] if len(recorded) else (recorded.text or "")
    ours = _result(render_result(call, value), operation)  # type: ignore[arg-type]

    assert etree.QName(ours).text == etree.QName(recorded).text
    assert [etree.QName(c).text for c in ours] == [etree.QName(c).text for c in recorded]
    assert [c.text or "" for c in ours] == [c.text or "" for c in recorded]
    _assert_wsdl_shape(ours, operation)


@pytest.mark.parametrize(
    ("body", "soap_action"),
    [
        (b"", None),
        (b"this is not xml", None),
        (b"<notsoap/>", None),
        (f'<s:Envelope xmlns:s="{SOAP11}"><s:Body/></s:Envelope>'.encode(), None),
        (
            f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:unknownOp xmlns:x="{TNS}"/>'
            "</s:Body></s:Envelope>".encode(),
            None,
        ),
        (
            f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:sendRequestXML xmlns:x="{TNS}">'
            "<x:qbXMLMajorVers>thirteen</x:qbXMLMajorVers></x:sendRequestXML></s:Body>"
            "</s:Envelope>".encode(),
            None,
        ),
        (
            f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:getLastError xmlns:x="{TNS}"/>'
            "</s:Body></s:Envelope>".encode(),
            f'"{TNS}closeConnection"',
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            + f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:getLastError xmlns:x="{TNS}">'
            "<x:ticket>&b;</x:ticket></x:getLastError></s:Body></s:Envelope>".encode(),
            None,
        ),
    ],
    ids=[
        "empty",
        "not-xml",
        "not-soap",
        "no-operation",
        "unknown",
        "bad-int",
        "action",
        "entities",
    ],
)
async def test_malformed_requests_get_a_client_fault_never_a_500(
    qbd: Rig, body: bytes, soap_action: str | None
) -> None:
    headers = {"Content-Type": "text/xml"}
    if soap_action:
        headers["SOAPAction"] = soap_action

    response = await qbd.http.post("/qbwc", content=body, headers=headers)

    assert response.status_code == 400
    root = etree.fromstring(response.content)
    fault = root.find(f"{{{SOAP11}}}Body/{{{SOAP11}}}Fault")
    assert fault is not None
    assert fault.findtext("faultcode") == "soap:Client"
    assert fault.findtext("faultstring")


async def test_interactive_mode_is_refused_with_a_fault(qbd: Rig, wsdl_client: AsyncClient) -> None:
    body = (
        f'<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:getInteractiveURL xmlns:x="{TNS}">'
        "<x:wcTicket>t</x:wcTicket><x:sessionID>s</x:sessionID></x:getInteractiveURL>"
        "</s:Body></s:Envelope>"
    ).encode()

    response = await qbd.http.post("/qbwc", content=body, headers={"Content-Type": "text/xml"})

    assert response.status_code == 400
    assert b"interactive mode" in response.content


async def test_unexpected_failure_is_a_server_fault_without_details(
    qbd: Rig, wsdl_client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> str:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(qbd.service, "get_last_error", broken)

    with pytest.raises(Fault) as caught:
        await _service(wsdl_client).getLastError(ticket="t")

    assert "secret" not in str(caught.value.message)
    assert "could not process" in str(caught.value.message)
