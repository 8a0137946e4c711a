"""Intuit fault bodies: string codes, `Fault.Error[]`, and the odd lower-case 401 body."""

from __future__ import annotations

from datetime import datetime

from .jsonutil import JSON


class QboError(Exception):
    """A fault the simulated API answers with."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        detail: str,
        *,
        element: str = "",
        fault_type: str = "ValidationFault",
    ) -> None:
        super().__init__(f"{code} {message}: {detail}")
        self.status = status
        self.code = code
        self.message = message
        self.detail = detail
        self.element = element
        self.fault_type = fault_type

    def fault(self) -> JSON:
        """Return the `Fault` object (used alone inside batch items)."""
        error: JSON = {
            "Message": self.message,
            "Detail": self.detail,
            "code": self.code,
            "element": self.element,
        }
        return {"Error": [error], "type": self.fault_type}


def invalid_id(entity_id: str) -> QboError:
    """2030: an Id that is not a number (Intuit checks the form before looking the record up)."""
    return QboError(
        400,
        "2030",
        "Invalid ID",
        f"Id should be a valid number. Supplied value:{entity_id}",
        element="id",
    )


def object_not_found(entity: str, entity_id: str) -> QboError:
    """610: the object does not exist (or was deleted)."""
    return QboError(
        400,
        "610",
        "Object Not Found",
        "Object Not Found : Something you're trying to use has been made inactive. Check the "
        "fields with accounts, customers, items, vendors or employees.",
        element=f"{entity}:{entity_id}",
    )


def stale_object() -> QboError:
    """5010: the SyncToken sent is not the current one."""
    return QboError(
        400,
        "5010",
        "Stale Object Error",
        "Stale Object Error : You and Simulated User were working on this at the same time. "
        "Simulated User finished before you did, so your work was not saved.",
    )


def duplicate_name(existing_id: str) -> QboError:
    """6240: the name is already used."""
    return QboError(
        400,
        "6240",
        "Duplicate Name Exists Error",
        f"The name supplied already exists. : Id={existing_id}",
    )


def duplicate_doc_number(doc_number: str, txn_type: str, txn_id: str) -> QboError:
    """6140: the DocNumber is already used by another transaction of this type."""
    return QboError(
        400,
        "6140",
        "Duplicate Document Number Error",
        "Duplicate Document Number Error : You must specify a different number. This number has "
        f"already been used. DocNumber={doc_number} is assigned to TxnType={txn_type} "
        f"with TxnId={txn_id}",
    )


def period_closed() -> QboError:
    """6210: the transaction date is inside the closed books period."""
    return QboError(
        400,
        "6210",
        "Account Period Closed, Cannot Update Through Services API",
        "The account period has closed and the account books cannot be updated through the "
        "QBO Services API.",
    )


def required_missing(name: str) -> QboError:
    """2020: a required field is missing."""
    return QboError(
        400,
        "2020",
        "Required param missing, need to supply the required value for the API",
        f"Required parameter {name} is missing in the request",
        element=name,
    )


def invalid_reference(kind: str, ref_id: str | None) -> QboError:
    """2500: a reference points at nothing."""
    return QboError(
        400,
        "2500",
        "Invalid Reference Id",
        f"Invalid Reference Id : {kind} assigned to this transaction does not exist: {ref_id}",
        element=kind,
    )


def bad_length(name: str, maximum: int, supplied: int) -> QboError:
    """2050: a string is longer than the field allows."""
    return QboError(
        400,
        "2050",
        "String length is either shorter or longer than supported by specification",
        f"String length specified does not match the supported length. "
        f"Min:0 Max:{maximum} supplied:{supplied}",
        element=name,
    )


def business_rule(detail: str, element: str = "") -> QboError:
    """6000: a generic business validation error."""
    return QboError(
        400,
        "6000",
        "A business validation error has occurred while processing your request",
        f"Business Validation Error: {detail}",
        element=element,
    )


def unsupported_property(detail: str) -> QboError:
    """2010: an invalid or unsupported property or operation."""
    return QboError(400, "2010", "Request has invalid or unsupported property", detail)


def query_parse_error(detail: str) -> QboError:
    """4000: the query text could not be parsed."""
    return QboError(400, "4000", "Error parsing query", f"QueryParserError: {detail}")


def query_invalid(detail: str) -> QboError:
    """4001: the query parsed but names something that cannot be queried."""
    return QboError(400, "4001", "Invalid query", f"QueryValidationError: {detail}")


def not_authorized_for_realm() -> QboError:
    """3100: the token is valid but belongs to another company."""
    return QboError(
        403,
        "3100",
        "message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403",
        "",
        fault_type="SERVICE",
    )


def system_failure() -> QboError:
    """10000: an internal error, used by the 500 fault injector."""
    return QboError(
        500,
        "10000",
        "An application error has occurred while processing your request",
        "System Failure Error: An unexpected error occurred while accessing or saving your data.",
        fault_type="SystemFault",
    )


THROTTLE_MESSAGE = "message=ThrottleExceeded; errorCode=003001; statusCode=429"
THROTTLE_DETAIL = "The request limit was reached.  Try again later"


def throttle_fault() -> QboError:
    """3001: too many requests; the JSON twin of the recorded XML body."""
    return QboError(429, "3001", THROTTLE_MESSAGE, THROTTLE_DETAIL, fault_type="SERVICE")


def throttle_xml(time_text: str) -> bytes:
    """The 3001 throttle body as Intuit's XML, for clients that do not ask for JSON."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<IntuitResponse time="{time_text}" xmlns="http://schema.intuit.com/finance/v3">\n'
        '  <Fault type="SERVICE">\n'
        '    <Error code="3001">\n'
        f"      <Message>{THROTTLE_MESSAGE}</Message>\n"
        f"      <Detail>{THROTTLE_DETAIL}</Detail>\n"
        "    </Error>\n"
        "  </Fault>\n"
        "</IntuitResponse>\n"
    ).encode()


def authentication_failed_body(detail: str, now: datetime) -> JSON:
    """The 401 body, whose keys are lower-case and whose `time` is epoch milliseconds."""
    error: JSON = {
        "message": "message=AuthenticationFailed; errorCode=003200; statusCode=401",
        "detail": detail,
        "code": "3200",
        "element": None,
    }
    return {
        "warnings": None,
        "intuitObject": None,
        "fault": {"error": [error], "type": "AUTHENTICATION"},
        "report": None,
        "queryResponse": None,
        "batchItemResponse": [],
        "attachableResponse": [],
        "syncErrorResponse": None,
        "requestId": None,
        "time": int(now.timestamp() * 1000),
        "status": None,
        "cdcresponse": [],
    }


WWW_AUTHENTICATE = 'Bearer realm="Intuit", error="invalid_token"'
