"""Validation, uniqueness, partial updates and the audit trail of the item service."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from core.errors import Duplicate, NotFound, ValidationFailed
from core.models import Activity, Firm, Item, Membership, User
from core.models.enums import Role
from core.services import items as service
from core.services.items import NewItem
from core.services.tenancy import Viewer


async def _viewer(firm_ref: str) -> Viewer:
    firm = await Firm.create(external_id=firm_ref, name=firm_ref)
    user = await User.create(external_id=f"user-{firm_ref}", name="Ada")
    await Membership.create(user=user, firm=firm, role=Role.STAFF)
    return Viewer(
        user_id=user.id,
        firm_id=firm.id,
        role=Role.STAFF,
        user_external_id=user.external_id,
        firm_external_id=firm.external_id,
    )


@pytest.fixture
async def viewer(app) -> Viewer:
    return await _viewer("firm-a")


async def test_create_item_trims_text_and_keeps_price(viewer) -> None:
    item = await service.create_item(
        viewer, NewItem(name=" Audit ", description="  ", unit_price=Decimal("12.5"), sku=" A-1 ")
    )
    stored = await Item.get(id=item.id)
    assert (stored.name, stored.description, stored.unit_price, stored.sku) == (
        "Audit",
        None,
        Decimal("12.50"),
        "A-1",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (NewItem(name=""), "name"),
        (NewItem(name="x" * 256), "name"),
        (NewItem(name="Audit", unit_price=Decimal("-0.01")), "unit_price"),
        (NewItem(name="Audit", unit_price=Decimal("1.005")), "unit_price"),
        (NewItem(name="Audit", unit_price=Decimal("NaN")), "unit_price"),
        (NewItem(name="Audit", unit_price=Decimal("1000000000000")), "unit_price"),
        (NewItem(name="Audit", sku="s" * 101), "sku"),
        (NewItem(name="Audit", description="d" * 4001), "description"),
    ],
)
async def test_create_item_with_bad_field_is_refused_and_writes_nothing(
    viewer, data, field
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await service.create_item(viewer, data)
    assert caught.value.field == field
    assert await Item.all().count() == 0


async def test_create_item_at_limits_is_accepted(viewer) -> None:
    item = await service.create_item(
        viewer, NewItem(name="x" * 255, unit_price=Decimal("0.00"), sku="s" * 100)
    )
    assert (len(item.name), item.unit_price, len(item.sku or "")) == (255, Decimal("0.00"), 100)


async def test_create_item_with_active_name_in_other_case_is_duplicate(viewer) -> None:
    await service.create_item(viewer, NewItem(name="Audit"))
    with pytest.raises(Duplicate) as caught:
        await service.create_item(viewer, NewItem(name="AUDIT"))
    assert '"Audit"' in caught.value.message
    assert await Item.all().count() == 1


async def test_create_item_named_like_inactive_item_is_allowed(viewer) -> None:
    old = await service.create_item(viewer, NewItem(name="Audit"))
    await service.update_item(viewer, old.id, {"active": False})
    new = await service.create_item(viewer, NewItem(name="audit"))
    assert new.id != old.id


async def test_create_item_records_activity(viewer) -> None:
    item = await service.create_item(viewer, NewItem(name="Audit"), ip_address="10.0.0.1")
    activity = await Activity.get(subject_id=item.id)
    assert (activity.action, activity.description, activity.ip_address) == (
        "item.created",
        "Item Audit created by Ada",
        "10.0.0.1",
    )


async def test_create_item_failing_audit_rolls_back_item(viewer, monkeypatch) -> None:
    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(service, "record_activity", broken)
    with pytest.raises(RuntimeError):
        await service.create_item(viewer, NewItem(name="Audit"))
    assert await Item.all().count() == 0


async def test_update_item_changes_only_given_fields(viewer) -> None:
    item = await service.create_item(
        viewer, NewItem(name="Audit", description="Yearly", unit_price=Decimal("100"), sku="A")
    )
    await service.update_item(viewer, item.id, {"unit_price": Decimal("120"), "sku": None})
    stored = await Item.get(id=item.id)
    assert (stored.name, stored.description, stored.unit_price, stored.sku) == (
        "Audit",
        "Yearly",
        Decimal("120.00"),
        None,
    )


async def test_update_item_with_null_unit_price_is_refused(viewer) -> None:
    item = await service.create_item(viewer, NewItem(name="Audit", unit_price=Decimal("5")))
    with pytest.raises(ValidationFailed) as caught:
        await service.update_item(viewer, item.id, {"unit_price": None})
    assert caught.value.field == "unit_price"


async def test_update_item_renamed_onto_active_name_is_duplicate(viewer) -> None:
    await service.create_item(viewer, NewItem(name="Audit"))
    other = await service.create_item(viewer, NewItem(name="Payroll"))
    with pytest.raises(Duplicate):
        await service.update_item(viewer, other.id, {"name": "audit"})
    assert (await Item.get(id=other.id)).name == "Payroll"


async def test_update_item_of_other_firm_is_not_found(viewer) -> None:
    other = await _viewer("firm-b")
    theirs = await service.create_item(other, NewItem(name="Audit"))
    with pytest.raises(NotFound):
        await service.update_item(viewer, theirs.id, {"name": "Mine"})
    assert (await Item.get(id=theirs.id)).name == "Audit"


async def test_update_item_unknown_id_is_not_found(viewer) -> None:
    with pytest.raises(NotFound):
        await service.update_item(viewer, uuid.uuid4(), {"name": "x"})


async def test_update_item_failing_audit_keeps_old_values(viewer, monkeypatch) -> None:
    item = await service.create_item(viewer, NewItem(name="Audit", unit_price=Decimal("5")))

    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(service, "record_activity", broken)
    with pytest.raises(RuntimeError):
        await service.update_item(viewer, item.id, {"unit_price": Decimal("9")})
    assert (await Item.get(id=item.id)).unit_price == Decimal("5.00")


async def test_update_item_records_changed_fields_in_activity(viewer) -> None:
    item = await service.create_item(viewer, NewItem(name="Audit"))
    await service.update_item(viewer, item.id, {"active": False})
    activity = await Activity.get(action="item.updated")
    assert activity.description == "Item Audit updated by Ada (active)"


async def test_items_query_search_matches_name_or_sku_ignoring_case(viewer) -> None:
    await service.create_item(viewer, NewItem(name="Tax return"))
    await service.create_item(viewer, NewItem(name="Payroll", sku="TAX-2"))
    await service.create_item(viewer, NewItem(name="Audit"))
    names = await service.items_query(viewer.firm_id, search="tax").values_list("name", flat=True)
    assert sorted(names) == ["Payroll", "Tax return"]


async def test_get_item_of_other_firm_is_none(viewer) -> None:
    other = await _viewer("firm-b")
    theirs = await service.create_item(other, NewItem(name="Audit"))
    assert await service.get_item(viewer.firm_id, theirs.id) is None
