"""Xero item codes by ItemID, read once per session from ``GET /Items`` and kept as items are
created: invoice lines and bad-debt credit notes name an item by its Code, not its ItemID."""

from __future__ import annotations

from collections.abc import Iterable

from .client import XeroClient
from .wire import JSONObject


class XeroItemCodes:
    """The item-code cache shared by the provider's writes (a mixin of the provider)."""

    client: XeroClient
    _item_codes: dict[str, str]

    async def _item_rows(self) -> list[JSONObject]:
        """Every item of the organisation (one unpaged call), remembering their codes."""
        rows = await self.client.rows("Items", "Items")
        for row in rows:
            if row.get("ItemID") and row.get("Code"):
                self._item_codes[str(row["ItemID"])] = str(row["Code"])
        return rows

    def _remember_code(self, item_id: str, code: str) -> None:
        """The code of an item this session created."""
        self._item_codes[item_id] = code

    async def _codes_for(self, item_ids: Iterable[str]) -> dict[str, str]:
        """The codes of these items, reading the item list only when one is not known yet."""
        wanted = {item_id for item_id in item_ids if item_id}
        if wanted - self._item_codes.keys():
            await self._item_rows()
        return {k: v for k, v in self._item_codes.items() if k in wanted}
