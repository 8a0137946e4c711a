"""updateConnectionSettings: partial updates, validation, audit, permission, atomicity."""

from __future__ import annotations

import pytest

from core.models import Activity, Connection
from core.models.enums import Role

UPDATE = """
mutation($id: ID!, $input: ConnectionSettingsInput!) {
  updateConnectionSettings(connectionId: $id, input: $input) {
    __typename
    ... on UpdateConnectionSettingsSuccess {
      connection {
        settings {
          syncEnabled syncInvoices syncPayments syncCustomers syncStartDate incomeAccountId
          defaultItemId defaultTaxCode paymentMethods refundAccountId depositAccountId
          badDebtItemId lockAfterSync autoSync
        }
      }
    }
    ... on UserError { code message field }
  }
}"""


async def test_update_settings_defaults_then_partial_change_keeps_the_rest(gql, connect) -> None:
    outcome = await connect()
    first = await gql.data(
        UPDATE,
        {
            "id": outcome["connection"],
            "input": {
                "syncStartDate": "2026-01-01",
                "paymentMethods": [" Check ", "Credit Card", "check"],
                "autoSync": "ON_CHANGE",
                "incomeAccountId": "79",
                "depositAccountId": " 35 ",
            },
        },
    )
    settings = first["updateConnectionSettings"]["connection"]["settings"]
    assert settings["paymentMethods"] == ["Check", "Credit Card"]
    assert settings["syncStartDate"] == "2026-01-01"
    assert settings["autoSync"] == "ON_CHANGE"
    assert settings["lockAfterSync"] is True  # on by default
    assert settings["depositAccountId"] == "35"
    second = await gql.data(
        UPDATE, {"id": outcome["connection"], "input": {"lockAfterSync": False}}
    )
    settings = second["updateConnectionSettings"]["connection"]["settings"]
    assert settings["lockAfterSync"] is False
    assert settings["incomeAccountId"] == "79"
    assert settings["autoSync"] == "ON_CHANGE"
    assert settings["depositAccountId"] == "35"
    activity = await Activity.filter(action="connection.settings_updated").order_by("-created_at")
    assert "lockAfterSync" in activity[0].description
    cleared = await gql.data(
        UPDATE, {"id": outcome["connection"], "input": {"depositAccountId": None}}
    )
    assert cleared["updateConnectionSettings"]["connection"]["settings"]["depositAccountId"] is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"syncStartDate": "1850-01-01"}, "syncStartDate"),
        ({"paymentMethods": ["Cash", "  "]}, "paymentMethods"),
        ({"paymentMethods": ["x" * 101]}, "paymentMethods"),
        ({"incomeAccountId": "9" * 129}, "incomeAccountId"),
        ({"depositAccountId": "9" * 129}, "depositAccountId"),
    ],
)
async def test_update_settings_bad_input_is_validation_error_and_changes_nothing(
    gql, connect, changes, field
) -> None:
    outcome = await connect()
    before = (await Connection.get()).settings
    result = (await gql.data(UPDATE, {"id": outcome["connection"], "input": changes}))[
        "updateConnectionSettings"
    ]
    assert result["__typename"] == "ValidationError"
    assert result["field"] == field
    assert (await Connection.get()).settings == before


async def test_update_settings_bad_enum_is_rejected_by_the_schema(gql, connect) -> None:
    outcome = await connect()
    body = await gql.execute(UPDATE, {"id": outcome["connection"], "input": {"autoSync": "DAILY"}})
    assert body["errors"]


async def test_update_settings_as_staff_is_forbidden(gql_factory, connect) -> None:
    outcome = await connect()
    staff = gql_factory(role=Role.STAFF)
    body = await staff.execute(
        UPDATE, {"id": outcome["connection"], "input": {"syncEnabled": False}}
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Connection.get()).settings.get("sync_enabled", True) is True


async def test_update_settings_audit_failure_rolls_back_the_change(
    gql, connect, monkeypatch
) -> None:
    outcome = await connect()
    before = (await Connection.get()).settings

    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr("core.services.connection_config.record_activity", broken)
    body = await gql.execute(UPDATE, {"id": outcome["connection"], "input": {"syncEnabled": False}})
    assert body["errors"]
    assert (await Connection.get()).settings == before
