"""Lock dates: the Organisation's ``PeriodLockDate`` and ``EndOfYearLockDate``, and the writes
they refuse.

Xero's help ("Set and work with lock dates"): once a lock date is set, users cannot add or edit
transactions dated on or before it, but can still save draft invoices and submit invoices for
approval. Xero's settings page sets the period lock for "all users except advisers" and the end of
year lock for all users. Which of the two binds an API connection depends on the role of the user
who connected it; the simulator does not model roles, so the later of the two dates binds every
caller (UNVERIFIED which lock Xero applies to an API connection made by an adviser).

The refusal of a new date is Xero's own text as reported for the end of year lock (a public
issue, waynerobinson/xeroizer#92, 2013): "The document date cannot be before the end of year lock
date, currently set at 31-Jul-2013". The refusal to edit a document already dated in a locked
period is the text a third-party help page quotes for the end of year lock ("Document cannot be
edited as it is currently dated before end of year lock date"). For the period lock the same
forms are used with "period" in place of "end of year": UNVERIFIED, neither was seen.
"""

from __future__ import annotations

from datetime import date

from .dates import day_ms_date, parse_input_date
from .org import Organisation
from .rules import JsonObject

END_OF_YEAR = "end of year"
PERIOD = "period"


def effective_lock(org: Organisation) -> tuple[date, str] | None:
    """The later of the organisation's lock dates and its kind ("end of year" on a tie)."""
    candidates = [
        (day, kind)
        for day, kind in ((org.end_of_year_lock_date, END_OF_YEAR), (org.period_lock_date, PERIOD))
        if day is not None
    ]
    # max keeps the first of equal dates: the end of year lock, which binds everyone.
    return max(candidates, key=lambda candidate: candidate[0]) if candidates else None


def _locked(org: Organisation, day: object) -> tuple[date, str] | None:
    lock = effective_lock(org)
    when = parse_input_date(day) if not isinstance(day, date) else day
    if lock is None or when is None or when > lock[0]:
        return None
    return lock


def date_errors(org: Organisation, day: object) -> list[str]:
    """The refusal of a document or payment that would be dated ``day`` (a date, ``YYYY-MM-DD``,
    an ISO datetime or ``/Date()/``) on or before the lock date; empty when it may be."""
    lock = _locked(org, day)
    if lock is None:
        return []
    # UNVERIFIED: the day's zero padding ("01-Jul-2013"); the reported example is the 31st.
    return [
        f"The document date cannot be before the {lock[1]} lock date, "
        f"currently set at {lock[0]:%d-%b-%Y}"
    ]


def edit_errors(org: Organisation, day: object) -> list[str]:
    """The refusal to change a document or payment already dated ``day`` on or before the lock
    date; empty when it may be changed."""
    lock = _locked(org, day)
    if lock is None:
        return []
    return [f"Document cannot be edited as it is currently dated before {lock[1]} lock date"]


def lock_dates(org: Organisation) -> JsonObject:
    """The lock dates as the Organisation endpoint spells them (``/Date()/``), each only if set."""
    found: JsonObject = {}
    if org.period_lock_date is not None:
        found["PeriodLockDate"] = day_ms_date(org.period_lock_date)
    if org.end_of_year_lock_date is not None:
        found["EndOfYearLockDate"] = day_ms_date(org.end_of_year_lock_date)
    return found
