"""Contacts read once and matched as Xero's ``Name==`` and ``EmailAddress==`` filters would, so
a bulk push looks up all its customers for one call per 1,000 contacts."""

from __future__ import annotations

from collections.abc import Iterable

from core.sync.records import RemoteCustomer

from . import mapping
from .client import XeroClient
from .wire import JSONObject, as_object, objects, text


class ContactDirectory:
    """Contacts read once, matched as Xero's ``Name==`` and ``EmailAddress==`` filters would."""

    def __init__(self, rows: Iterable[JSONObject]) -> None:
        self._by_name: dict[str, JSONObject] = {}
        self._by_email: dict[str, JSONObject] = {}
        for row in rows:
            self._by_name.setdefault(mapping.name_key(text(row.get("Name"))), row)
            email = text(row.get("EmailAddress"))
            if email:
                self._by_email.setdefault(mapping.name_key(email), row)

    def find(self, name: str, email: str | None) -> RemoteCustomer | None:
        """The contact with this Name, else with this email address."""
        row = self._by_name.get(mapping.name_key(name))
        if row is None and email:
            row = self._by_email.get(mapping.name_key(email))
        return mapping.customer_from_xero(row) if row is not None else None


async def read_directory(client: XeroClient, most_pages: int) -> ContactDirectory | None:
    """Every active contact, or None when that would take more than ``most_pages`` calls."""
    size = client.config.limits.max_page_size
    rows: list[JSONObject] = []
    number = 1
    while True:
        params = {"page": str(number), "pageSize": str(size)}
        answer = await client.get("Contacts", params=params)
        found = objects(answer.get("Contacts"))
        rows.extend(found)
        count = (as_object(answer.get("pagination")) or {}).get("pageCount")
        if len(found) < size or (isinstance(count, int) and number >= count):
            return ContactDirectory(rows)
        if not isinstance(count, int) or count > most_pages:
            return None
        number += 1
