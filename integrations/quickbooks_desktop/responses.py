"""Reading qbXML responses: one :class:`Answer` per ``…Rs``, each with its own status.

With ``onError="continueOnError"`` every request of a message set is answered on its own, so
statuses are handled per record: 0 is OK, 1 an empty result (not an error), 500-999 warnings
that are recorded while the answer is used, and the error codes below become the project's
per-record :class:`~core.sync.ports.ProviderError` classes with a hint. Only a COM failure
(``hresult`` in ``receiveResponseXML``) ends a session; that is the SOAP layer's business.
"""

from __future__ import annotations

from dataclasses import dataclass

from integrations.base import DuplicateName, ProviderError, RemoteValidation, StaleVersion

from .qbxml import Element, children, descendants, parse

OK = 0
NO_MATCH = 1
NAME_IN_USE = 3100
NOT_FOUND = 3120
INVALID_REFERENCE = 3140
SAVE_FAILED = 3180
STALE_EDIT_SEQUENCE = 3200
INVALID_VALUE = 3210

CLOSE_WINDOWS_HINT = (
    "Close the windows open in QuickBooks for this record (and its customer), then sync again."
)
_HINTS = {
    NAME_IN_USE: "QuickBooks names are unique across customers, vendors, employees and other "
    "names: rename the record here or the other one in QuickBooks, then sync again.",
    NOT_FOUND: "The record was deleted or merged in QuickBooks: reconnect it or sync it again "
    "to create it anew.",
    INVALID_REFERENCE: "A customer, item or account the record refers to does not exist in "
    "QuickBooks: sync the customer and items first, or check the settings' accounts.",
    SAVE_FAILED: CLOSE_WINDOWS_HINT,
    STALE_EDIT_SEQUENCE: "The record was changed in QuickBooks meanwhile: sync it again to "
    "send the change on top of theirs.",
    INVALID_VALUE: "QuickBooks refused a value (its message names the field): correct it and "
    "sync again.",
}


@dataclass(frozen=True, slots=True)
class Status:
    """A response's ``statusCode``, ``statusSeverity`` and ``statusMessage``."""

    code: int
    severity: str = "Info"
    message: str = ""

    @property
    def ok(self) -> bool:
        """Answered without error (0, 1 = no match, or a 500-999 warning)."""
        return self.code in (OK, NO_MATCH) or self.is_warning

    @property
    def is_warning(self) -> bool:
        """A 500-999 warning: the answer is used, the warning recorded."""
        return 500 <= self.code <= 999


@dataclass(frozen=True, slots=True)
class Answer:
    """One ``…Rs`` of a response: its status, the ``…Ret`` records and the iterator state."""

    tag: str
    request_id: str | None
    status: Status
    rets: tuple[Element, ...] = ()
    iterator_id: str | None = None
    remaining: int | None = None

    @property
    def more(self) -> bool:
        """Whether an iterator has pages left."""
        return bool(self.iterator_id) and (self.remaining or 0) > 0


def status_of(node: Element) -> Status:
    """The status attributes of an ``…Rs`` element (a missing code reads as an error)."""
    try:
        code = int(node.get("statusCode", "-1"))
    except ValueError:
        code = -1
    return Status(code, node.get("statusSeverity", "Error"), node.get("statusMessage", ""))


def answer_of(node: Element) -> Answer:
    """One ``…Rs`` element as an :class:`Answer`."""
    rets = tuple(
        child for child in node if isinstance(child.tag, str) and child.tag.endswith("Ret")
    )
    remaining = node.get("iteratorRemainingCount")
    return Answer(
        tag=str(node.tag),
        request_id=node.get("requestID"),
        status=status_of(node),
        rets=rets,
        iterator_id=node.get("iteratorID") or None,
        remaining=int(remaining) if remaining and remaining.isdigit() else None,
    )


def parse_response(text: str | bytes) -> list[Answer]:
    """Every ``…Rs`` of a qbXML response, in order (damaged markup is read as far as it goes)."""
    root = parse(text, recover=True)
    msgs = root.find("QBXMLMsgsRs") if root.tag == "QBXML" else None
    if msgs is None:
        msgs = root
    direct = [child for child in msgs if isinstance(child.tag, str) and child.tag.endswith("Rs")]
    nodes = direct or list(descendants(msgs, "Rs"))
    return [answer_of(node) for node in nodes if node.tag != "QBXMLMsgsRs"]


def answers_by_id(answers: list[Answer]) -> dict[str, Answer]:
    """The answers keyed by requestID (answers without one are left out)."""
    return {a.request_id: a for a in answers if a.request_id is not None}


def warning_for(status: Status) -> str | None:
    """The warning to record for a 500-999 status."""
    if not status.is_warning:
        return None
    return f"QuickBooks warning {status.code}: {status.message}".strip()


def error_for(status: Status) -> ProviderError | None:
    """The per-record error for a status, or None when the answer can be used."""
    if status.ok:
        return None
    code = f"QBD-{status.code}"
    message = status.message or f"QuickBooks answered with status {status.code}"
    hint = _HINTS.get(status.code)
    if status.code == NAME_IN_USE:
        return DuplicateName(message, code=code, hint=hint)
    if status.code == STALE_EDIT_SEQUENCE:
        return StaleVersion(message, code=code, hint=hint)
    return RemoteValidation(
        message, code=code, hint=hint or "Check the record against QuickBooks and sync again."
    )


def rets_named(node: Element, tag: str) -> list[Element]:
    """The ``tag`` children of a response element (e.g. every ``CustomerRet``)."""
    return children(node, tag)
