"""The HTTP side of /graphql: a bounded body, strict JSON and GraphQL-shaped HTTP errors.

Strawberry answers a malformed request with a plain-text 400 and lets some bodies through to
a 500 (a JSON number instead of an object, 100,000 nested ``[``, bytes that are not UTF-8).
Here every such request gets its HTTP status with a body a GraphQL client can read:
``{"errors": [{"message": "...", "extensions": {"code": "BAD_REQUEST"}}]}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.responses import JSONResponse
from starlette.types import Message, Receive

# extensions.code of the top-level error, by HTTP status.
HTTP_ERROR_CODES: Mapping[int, str] = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "REQUEST_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}

_JSON_KINDS = {
    type(None): "null",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    str: "a string",
    list: "an array",
}


class BodyTooLarge(Exception):
    """The request body is longer than the configured limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The request body is larger than {limit:,} bytes, the most this server accepts."
        )


class MalformedJSON(json.JSONDecodeError):
    """A body that cannot be read as JSON text (a JSONDecodeError, so every caller that
    handles bad JSON, the websocket transport included, handles it too)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "", 0)
        self.reason = reason


def graphql_error_response(status: int, message: str) -> JSONResponse:
    """An HTTP error whose body has the shape of a GraphQL response with one error."""
    code = HTTP_ERROR_CODES.get(status, "BAD_REQUEST")
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )


def decode_json(data: str | bytes) -> object:
    """Parse UTF-8 JSON; anything else raises MalformedJSON with the reason."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError:
        raise MalformedJSON("the body is not UTF-8 text") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise MalformedJSON("it is nested too deeply") from None
    except json.JSONDecodeError as exc:
        raise MalformedJSON(f"{exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except ValueError:
        # Python refuses to convert an integer of more than 4,300 digits.
        raise MalformedJSON("it holds a number with too many digits") from None


def json_kind(value: object) -> str:
    """How a JSON value is named in messages: "a number", "an array"..."""
    return _JSON_KINDS.get(type(value), "an object")


def limited_receive(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises BodyTooLarge once the body grows past ``limit`` bytes."""
    seen = 0

    async def bounded() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return bounded
