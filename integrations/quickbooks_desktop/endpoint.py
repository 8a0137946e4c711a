"""``POST /qbwc``: the Web Connector's SOAP endpoint as an ASGI route of the provider.

The route parses the envelope (:mod:`.soap`), calls the service operation and renders the
result in the caller's SOAP version. A malformed or unknown request gets a SOAP Client fault
(HTTP 400); an unexpected failure is logged and answered with a Server fault that says nothing
of the cause, never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from .config import SOAP_PATH
from .greetings import Caller
from .service import WebConnectorService
from .soap import (
    INTERACTIVE,
    Call,
    SoapFault,
    content_type,
    parse_call,
    render_fault,
    render_result,
)

logger = logging.getLogger("ledgersync.qbwc")

Result = str | int | Sequence[str]
Handler = Callable[[WebConnectorService, Call, Caller], Awaitable[Result]]


def caller_of(request: Request) -> Caller:
    """Who sent a call, as far as the HTTP request says (for calls that carry no ticket)."""
    address = request.client.host if request.client else ""
    return Caller(address=address, user_agent=request.headers.get("user-agent", ""))


async def _server_version(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.server_version()


async def _client_version(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.client_version(call.text("strVersion"), caller)


async def _authenticate(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.authenticate(call.text("strUserName"), call.text("strPassword"), caller)


async def _send_request(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.send_request_xml(
        call.text("ticket"),
        call.text("strHCPResponse"),
        call.text("strCompanyFileName"),
        call.text("qbXMLCountry"),
        call.number("qbXMLMajorVers"),
        call.number("qbXMLMinorVers"),
    )


async def _receive_response(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.receive_response_xml(
        call.text("ticket"), call.text("response"), call.text("hresult"), call.text("message")
    )


async def _connection_error(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.connection_error(
        call.text("ticket"), call.text("hresult"), call.text("message")
    )


async def _last_error(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.get_last_error(call.text("ticket"))


async def _close(service: WebConnectorService, call: Call, caller: Caller) -> Result:
    return await service.close_connection(call.text("ticket"))


HANDLERS: dict[str, Handler] = {
    "serverVersion": _server_version,
    "getServerVersion": _server_version,
    "clientVersion": _client_version,
    "authenticate": _authenticate,
    "sendRequestXML": _send_request,
    "receiveResponseXML": _receive_response,
    "connectionError": _connection_error,
    "getLastError": _last_error,
    "closeConnection": _close,
}


def _fault(fault: SoapFault) -> Response:
    return Response(
        render_fault(fault),
        status_code=400 if fault.client else 500,
        media_type=content_type(fault.soap_ns),
    )


class WebConnectorEndpoint:
    """The SOAP endpoint over one :class:`WebConnectorService`."""

    def __init__(self, service: WebConnectorService) -> None:
        self.service = service

    async def handle(self, request: Request) -> Response:
        """Answer one SOAP call."""
        try:
            call = parse_call(await request.body(), request.headers.get("soapaction"))
        except SoapFault as fault:
            return _fault(fault)
        if call.operation.name in INTERACTIVE:
            return _fault(
                SoapFault(
                    "Ledgersync does not use the Web Connector's interactive mode.",
                    soap_ns=call.soap_ns,
                )
            )
        handler = HANDLERS[call.operation.name]
        try:
            value = await handler(self.service, call, caller_of(request))
        except Exception:  # an unexpected failure must not leave as a traceback
            logger.exception("the Web Connector call %s failed", call.operation.name)
            return _fault(
                SoapFault(
                    "Ledgersync could not process the request; it is logged. Run the update "
                    "again later.",
                    client=False,
                    soap_ns=call.soap_ns,
                )
            )
        return Response(render_result(call, value), media_type=content_type(call.soap_ns))


def soap_routes(service: WebConnectorService, path: str = SOAP_PATH) -> list[BaseRoute]:
    """The routes to mount on the app: ``POST {path}``."""
    return [Route(path, WebConnectorEndpoint(service).handle, methods=["POST"])]
