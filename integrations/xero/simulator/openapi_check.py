"""Validate Xero traffic against Xero's own OpenAPI documents (a test-time helper).

Needs the dev dependency ``openapi-core``; nothing in the simulator app imports this module.

Load the specs once per session with :func:`xero_specs`, then either call
:meth:`XeroSpecValidator.validate` on an ``httpx`` request/response pair or wrap any transport in
:class:`ValidatingTransport` so that every exchange is checked as it happens::

    validator = XeroSpecValidator(xero_specs())
    transport = ValidatingTransport(httpx.ASGITransport(app=app), validator)
    async with httpx.AsyncClient(transport=transport, base_url="https://sim") as client:
        ...  # any request or response that disagrees with the spec raises SpecMismatch

The simulator serves Xero's three hosts on one origin; requests are mapped back onto the specs'
servers (``https://api.xero.com/api.xro/2.0`` and ``https://api.xero.com/connections``).
"""

from __future__ import annotations

import copy
import functools
import json
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
from jsonschema_path.readers import PathReader
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS30Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict

#: ``../shared/reference`` beside the repository, overridable for other checkouts.
REFERENCE = Path(
    os.environ.get(
        "LEDGERSYNC_REFERENCE_DIR",
        Path(__file__).resolve().parents[3].parent / "shared" / "reference",
    )
)
SPEC_DIR = REFERENCE / "xero-openapi"
FIXTURES = REFERENCE / "fixtures" / "xero"
XERO_API = "https://api.xero.com"
ACCOUNTING_PREFIX = "/api.xro/2.0"

#: Status codes Xero really sends that its spec does not document (auth, limits, outages).
#: For these only the request is checked; the tests assert their bodies and headers directly.
UNDOCUMENTED_STATUSES = frozenset({401, 403, 404, 429, 500, 503})


class SpecMismatch(AssertionError):
    """A request or response that Xero's OpenAPI documents do not allow."""


@dataclass(frozen=True)
class XeroSpecs:
    """The parsed accounting and identity specs (the accounting one skips spec validation)."""

    accounting: OpenAPI
    identity: OpenAPI
    identity_schemas: Mapping[str, Any]


#: Xero writes connection dates as ``2019-12-07T18:46:19.5165400`` (its own spec example and the
#: live service) although the schema says ``format: date-time``, which needs an offset. The wire
#: form wins: these two fields are checked against the wire pattern instead.
CONNECTION_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$"


def _identity_as_served(spec: dict[str, Any]) -> dict[str, Any]:
    patched = copy.deepcopy(spec)
    properties = patched["components"]["schemas"]["Connection"]["properties"]
    for name in ("createdDateUtc", "updatedDateUtc"):
        properties[name].pop("format")
        properties[name]["pattern"] = CONNECTION_DATE_PATTERN
    return patched


@functools.cache
def xero_specs() -> XeroSpecs:
    """Load both specs once per process; loading the accounting spec takes a second or two."""
    # Xero's accounting spec has string defaults on booleans, which strict spec validation
    # rejects; request/response validation is unaffected.
    lenient = Config(spec_validator_cls=None)
    accounting = OpenAPI.from_file_path(str(SPEC_DIR / "xero_accounting.yaml"), config=lenient)
    identity_dict, _uri = PathReader(SPEC_DIR / "xero-identity.yaml").read()
    identity = OpenAPI.from_dict(_identity_as_served(dict(identity_dict)))
    return XeroSpecs(accounting, identity, identity_dict["components"]["schemas"])


class _SpecRequest:
    """An httpx request presented as openapi-core's Request protocol."""

    def __init__(self, request: httpx.Request, path: str) -> None:
        self._request = request
        self._path = path
        query = ImmutableMultiDict(parse_qsl(request.url.query.decode(), keep_blank_values=True))
        self.parameters = RequestParameters(query=query, header=Headers(request.headers.items()))

    @property
    def host_url(self) -> str:
        return XERO_API

    @property
    def path(self) -> str:
        return self._path

    @property
    def method(self) -> str:
        return self._request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self._request.content or None

    @property
    def content_type(self) -> str:
        return str(self._request.headers.get("content-type", "application/json")).lower()


class _SpecResponse:
    """An httpx response presented as openapi-core's Response protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def content_type(self) -> str:
        return str(self._response.headers.get("content-type", "")).lower()

    @property
    def headers(self) -> Headers:
        return Headers(self._response.headers.items())

    @property
    def data(self) -> bytes | None:
        return self._response.content or None


@dataclass
class XeroSpecValidator:
    """Checks request/response pairs against the spec that covers their path."""

    specs: XeroSpecs
    #: (method, path, status) of every exchange checked against a spec, for coverage asserts.
    checked: list[tuple[str, str, int]] = field(default_factory=list)

    def _spec_for(self, path: str) -> tuple[OpenAPI, str] | None:
        if path.startswith(ACCOUNTING_PREFIX + "/"):
            return self.specs.accounting, path
        if path == "/connections" or path.startswith("/connections/"):
            # The identity spec spells the path /Connections; Xero serves it lower-case.
            return self.specs.identity, "/Connections" + path[len("/connections") :]
        return None

    def validate(self, request: httpx.Request, response: httpx.Response) -> None:
        """Raise :class:`SpecMismatch` if either side disagrees with Xero's spec."""
        path = request.url.path
        if path == "/connect/token" and response.status_code == 200:
            self._validate_schema(response.json(), "AccessToken")
            self.checked.append((request.method, path, response.status_code))
            return
        target = self._spec_for(path)
        if target is None:
            return
        spec, spec_path = target
        spec_request = _SpecRequest(request, spec_path)
        try:
            with warnings.catch_warnings():
                # openapi-core cannot check OAuth2 security; the tests assert auth directly.
                warnings.filterwarnings("ignore", "Unsupported scheme type", UserWarning)
                spec.validate_request(spec_request)
                if response.status_code not in UNDOCUMENTED_STATUSES:
                    spec.validate_response(spec_request, _SpecResponse(response))
        except Exception as exc:
            detail = _describe(exc)
            raise SpecMismatch(
                f"{request.method} {path} -> {response.status_code}: {detail}"
            ) from exc
        self.checked.append((request.method, path, response.status_code))

    def _validate_schema(self, instance: object, name: str) -> None:
        errors = list(OAS30Validator(self.specs.identity_schemas[name]).iter_errors(instance))
        if errors:
            raise SpecMismatch(f"{name}: " + "; ".join(error.message for error in errors))


def _describe(exc: BaseException) -> str:
    parts = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__ or exc.__context__
    for inner in getattr(exc, "schema_errors", None) or getattr(cause, "schema_errors", None) or []:
        parts.append(f"{list(inner.absolute_path)}: {inner.message}")
    return " | ".join(parts)


class ValidatingTransport(httpx.AsyncBaseTransport):
    """Wraps any async transport and validates every exchange that a Xero spec covers."""

    def __init__(self, inner: httpx.AsyncBaseTransport, validator: XeroSpecValidator) -> None:
        self._inner = inner
        self.validator = validator

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send, read the body, validate, and hand the (already read) response back."""
        await request.aread()
        response = await self._inner.handle_async_request(request)
        await response.aread()
        self.validator.validate(request, response)
        return response

    async def aclose(self) -> None:
        """Close the wrapped transport."""
        await self._inner.aclose()


def fixture(name: str) -> Any:
    """A recorded Xero payload from the shared reference fixtures."""
    return json.loads((FIXTURES / name).read_text())
