"""The updateConnectionSettings mutation."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated

import strawberry

from core.errors import NotFound, ValidationFailed
from core.models.enums import AutoSync
from core.services.connection_config import (
    MAX_METHOD_LENGTH,
    MAX_METHODS,
    MAX_REF_LENGTH,
    update_settings,
)
from graph.accounting.types import (
    BAD_DEBT_ITEM_DESCRIPTION,
    CONNECTION_TYPE,
    DEPOSIT_ACCOUNT_DESCRIPTION,
    AccountingConnection,
)
from graph.context import Info
from graph.errors import NotFoundError, ValidationError, user_error
from graph.ids import decode_id
from graph.permissions import ADMIN
from graph.validation import text_field


def _reference(description: str) -> str | None:
    """A remote record's id or code, kept as given (trimmed)."""
    field: str | None = text_field(description, max_length=MAX_REF_LENGTH, default=strawberry.UNSET)
    return field


@strawberry.input(
    description="The settings to change; fields left out keep their value, null clears an "
    "optional one."
)
class ConnectionSettingsInput:
    """A partial update of a connection's sync settings."""

    sync_enabled: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Master switch: false pauses every sync."
    )
    sync_invoices: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Push invoices and estimates."
    )
    sync_payments: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Pull payments and push local ones."
    )
    sync_customers: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Push and import customers."
    )
    sync_start_date: date | None = strawberry.field(
        default=strawberry.UNSET,
        description="Records dated before this day never sync (1900-01-01 or later).",
    )
    income_account_id: str | None = _reference("The platform's income account id for new items.")
    default_item_id: str | None = _reference("The platform's item id for lines without an item.")
    default_tax_code: str | None = _reference("The platform's tax code for pushed lines.")
    payment_methods: list[str] | None = text_field(
        "Payment method names whose payments sync, kept as given (trimmed, duplicates ignoring "
        "case dropped) and matched by name to the platform's methods; an empty list or null "
        f"syncs every method. At most {MAX_METHODS} names.",
        max_length=MAX_METHOD_LENGTH,
        default=strawberry.UNSET,
        each=True,
    )
    refund_account_id: str | None = _reference("The platform's account id refunds are paid from.")
    deposit_account_id: str | None = _reference(
        DEPOSIT_ACCOUNT_DESCRIPTION + " Null returns to that default."
    )
    bad_debt_item_id: str | None = _reference(BAD_DEBT_ITEM_DESCRIPTION + " Null unsets it.")
    lock_after_sync: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Lock invoices once synced."
    )
    auto_sync: AutoSync | None = strawberry.field(
        default=strawberry.UNSET, description="OFF, HOURLY or ON_CHANGE."
    )
    reconcile_every_days: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Days between scheduled reconciliation reports, 0 (off) to 366; null "
        "returns to the default, 7 (weekly).",
    )

    def changes(self) -> dict[str, object]:
        """The fields given, by core setting name (UNSET fields are left out)."""
        given = {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not strawberry.UNSET
        }
        if "auto_sync" in given and given["auto_sync"] is None:
            given["auto_sync"] = AutoSync.OFF
        return given


@strawberry.type(description="The settings were saved (or were already as asked).")
class UpdateConnectionSettingsSuccess:
    """The connection with its new settings."""

    connection: AccountingConnection = strawberry.field(description="The connection now.")


UpdateConnectionSettingsResult = Annotated[
    UpdateConnectionSettingsSuccess | ValidationError | NotFoundError,
    strawberry.union(
        "UpdateConnectionSettingsResult",
        description="The connection with its settings, or why nothing changed.",
    ),
]


@strawberry.type
class UpdateConnectionSettingsMutation:
    """Mixin holding the updateConnectionSettings field."""

    @strawberry.mutation(
        permission_classes=ADMIN,
        description="Change a connection's sync settings (FIRM_ADMIN or MASTER_ADMIN). "
        "ValidationError names the first bad field (nothing is changed); NotFoundError for an "
        "unknown ID or another firm's connection.",
    )
    async def update_connection_settings(
        self,
        info: Info,
        connection_id: Annotated[
            strawberry.ID, strawberry.argument(description="The connection's ID.")
        ],
        input: Annotated[
            ConnectionSettingsInput, strawberry.argument(description="The settings to change.")
        ],
    ) -> UpdateConnectionSettingsResult | None:
        """Validate and save the partial update, with an audit entry."""
        viewer = info.context.require_admin()
        try:
            connection = await update_settings(
                viewer,
                decode_id(connection_id, CONNECTION_TYPE, field="connectionId"),
                input.changes(),
                ip_address=info.context.client_ip,
            )
        except (NotFound, ValidationFailed) as exc:
            error = user_error(exc)
            assert isinstance(error, NotFoundError | ValidationError)
            return error
        return UpdateConnectionSettingsSuccess(
            connection=AccountingConnection.from_model(connection)
        )
