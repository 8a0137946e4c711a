"""Validation, uniqueness, partial updates and the audit trail of the customer service."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from core.errors import Duplicate, InvalidState, NotFound, ValidationFailed
from core.models import Activity, Customer, Firm, Invoice, Membership, User
from core.models.enums import Role
from core.services import customers as service
from core.services.customers import NewCustomer
from core.services.tenancy import Viewer


async def _viewer(firm_ref: str, *, currency: str = "USD", user_name: str = "Ada") -> Viewer:
    firm = await Firm.create(external_id=firm_ref, name=firm_ref, default_currency=currency)
    user = await User.create(external_id=f"user-{firm_ref}", name=user_name)
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
    return await _viewer("firm-a", currency="EUR")


async def test_create_customer_trims_and_normalizes_fields(viewer) -> None:
    customer = await service.create_customer(
        viewer,
        NewCustomer(name="  Acme Ltd  ", email=" ap@acme.test ", phone="  ", currency="gbp"),
    )
    assert (customer.name, customer.email, customer.phone, customer.currency) == (
        "Acme Ltd",
        "ap@acme.test",
        None,
        "GBP",
    )


async def test_create_customer_without_currency_uses_firm_default(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    assert customer.currency == "EUR"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (NewCustomer(name="   "), "name"),
        (NewCustomer(name="x" * 501), "name"),
        (NewCustomer(name="Acme", email="not-an-email"), "email"),
        (NewCustomer(name="Acme", email="a b@acme.test"), "email"),
        (NewCustomer(name="Acme", currency="US"), "currency"),
        (NewCustomer(name="Acme", currency="XYZ"), "currency"),
        (NewCustomer(name="Acme", postal_code="1" * 33), "postal_code"),
        (NewCustomer(name="Acme", phone="1" * 65), "phone"),
    ],
)
async def test_create_customer_with_bad_field_is_refused_and_writes_nothing(
    viewer, data, field
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        await service.create_customer(viewer, data)
    assert caught.value.field == field
    assert await Customer.all().count() == 0


async def test_create_customer_name_of_500_characters_is_accepted(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="x" * 500))
    assert len(customer.name) == 500


async def test_create_customer_with_active_name_in_other_case_is_duplicate(viewer) -> None:
    await service.create_customer(viewer, NewCustomer(name="Acme Ltd"))
    with pytest.raises(Duplicate) as caught:
        await service.create_customer(viewer, NewCustomer(name="ACME LTD"))
    assert '"Acme Ltd"' in caught.value.message
    assert await Customer.all().count() == 1


async def test_create_customer_named_like_inactive_customer_is_allowed(viewer) -> None:
    old = await service.create_customer(viewer, NewCustomer(name="Acme"))
    await service.update_customer(viewer, old.id, {"active": False})
    new = await service.create_customer(viewer, NewCustomer(name="acme"))
    assert new.id != old.id


async def test_create_customer_named_like_other_firms_customer_is_allowed(viewer) -> None:
    other = await _viewer("firm-b")
    await service.create_customer(other, NewCustomer(name="Acme"))
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    assert customer.firm_id == viewer.firm_id  # type: ignore[attr-defined]


async def test_create_customer_records_activity_with_actor_name(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"), ip_address="1.2.3.4")
    activity = await Activity.get(subject_id=customer.id)
    assert activity.description == "Customer Acme created by Ada"
    assert (activity.action, activity.ip_address) == ("customer.created", "1.2.3.4")
    assert activity.actor_id == viewer.user_id  # type: ignore[attr-defined]


async def test_create_customer_without_user_name_names_actor_by_id(app) -> None:
    viewer = await _viewer("firm-z", user_name="")
    await service.create_customer(viewer, NewCustomer(name="Acme"))
    activity = await Activity.get(firm_id=viewer.firm_id)
    assert activity.description == "Customer Acme created by user-firm-z"


async def test_create_customer_failing_audit_rolls_back_customer(viewer, monkeypatch) -> None:
    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(service, "record_activity", broken)
    with pytest.raises(RuntimeError):
        await service.create_customer(viewer, NewCustomer(name="Acme"))
    assert await Customer.all().count() == 0


async def test_update_customer_changes_only_given_fields(viewer) -> None:
    customer = await service.create_customer(
        viewer, NewCustomer(name="Acme", email="a@acme.test", phone="555", city="Paris")
    )
    updated = await service.update_customer(viewer, customer.id, {"phone": "777", "email": None})
    stored = await Customer.get(id=customer.id)
    assert (stored.name, stored.email, stored.phone, stored.city) == ("Acme", None, "777", "Paris")
    assert updated.phone == "777"


async def test_update_customer_with_null_name_is_refused(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    with pytest.raises(ValidationFailed) as caught:
        await service.update_customer(viewer, customer.id, {"name": None})
    assert caught.value.field == "name"
    assert (await Customer.get(id=customer.id)).name == "Acme"


async def test_update_customer_with_null_active_is_refused(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    with pytest.raises(ValidationFailed):
        await service.update_customer(viewer, customer.id, {"active": None})


async def test_update_customer_renamed_onto_active_name_is_duplicate(viewer) -> None:
    await service.create_customer(viewer, NewCustomer(name="Acme"))
    other = await service.create_customer(viewer, NewCustomer(name="Globex"))
    with pytest.raises(Duplicate):
        await service.update_customer(viewer, other.id, {"name": "acme"})
    assert (await Customer.get(id=other.id)).name == "Globex"


async def test_update_customer_changing_case_of_own_name_is_allowed(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="acme"))
    updated = await service.update_customer(viewer, customer.id, {"name": "Acme"})
    assert updated.name == "Acme"


async def test_update_customer_reactivated_onto_active_name_is_duplicate(viewer) -> None:
    old = await service.create_customer(viewer, NewCustomer(name="Acme"))
    await service.update_customer(viewer, old.id, {"active": False})
    await service.create_customer(viewer, NewCustomer(name="Acme"))
    with pytest.raises(Duplicate):
        await service.update_customer(viewer, old.id, {"active": True})


async def test_update_customer_of_other_firm_is_not_found(viewer) -> None:
    other = await _viewer("firm-b")
    theirs = await service.create_customer(other, NewCustomer(name="Acme"))
    with pytest.raises(NotFound):
        await service.update_customer(viewer, theirs.id, {"name": "Mine now"})
    assert (await Customer.get(id=theirs.id)).name == "Acme"


async def test_update_customer_unknown_id_is_not_found(viewer) -> None:
    with pytest.raises(NotFound):
        await service.update_customer(viewer, uuid.uuid4(), {"name": "x"})


async def test_update_customer_currency_after_invoice_is_invalid_state(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    await Invoice.create(
        firm_id=viewer.firm_id, customer=customer, number="1", issue_date=date(2025, 1, 2)
    )
    with pytest.raises(InvalidState) as caught:
        await service.update_customer(viewer, customer.id, {"currency": "usd"})
    assert caught.value.field == "currency"
    assert (await Customer.get(id=customer.id)).currency == "EUR"


async def test_update_customer_currency_without_documents_is_upper_cased(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    updated = await service.update_customer(viewer, customer.id, {"currency": "usd"})
    assert updated.currency == "USD"


async def test_update_customer_records_changed_fields_in_activity(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    await service.update_customer(viewer, customer.id, {"phone": "1", "email": "a@b.co"})
    activity = await Activity.get(action="customer.updated")
    assert activity.description == "Customer Acme updated by Ada (email, phone)"


async def test_update_customer_with_nothing_changed_writes_nothing(viewer) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))
    await service.update_customer(viewer, customer.id, {"name": " Acme "})
    assert await Activity.filter(action="customer.updated").count() == 0


async def test_update_customer_failing_audit_keeps_old_values(viewer, monkeypatch) -> None:
    customer = await service.create_customer(viewer, NewCustomer(name="Acme"))

    async def broken(**kwargs: object) -> None:
        raise RuntimeError("audit store down")

    monkeypatch.setattr(service, "record_activity", broken)
    with pytest.raises(RuntimeError):
        await service.update_customer(viewer, customer.id, {"name": "Renamed"})
    assert (await Customer.get(id=customer.id)).name == "Acme"


async def test_customers_query_search_matches_name_or_email_ignoring_case(viewer) -> None:
    await service.create_customer(viewer, NewCustomer(name="Acme Ltd"))
    await service.create_customer(viewer, NewCustomer(name="Globex", email="ap@ACME.test"))
    await service.create_customer(viewer, NewCustomer(name="Initech"))
    names = await service.customers_query(viewer.firm_id, search="acme", active=None).values_list(
        "name", flat=True
    )
    assert sorted(names) == ["Acme Ltd", "Globex"]


async def test_customers_query_search_treats_percent_literally(viewer) -> None:
    await service.create_customer(viewer, NewCustomer(name="Acme"))
    found = await service.customers_query(viewer.firm_id, search="%", active=None).count()
    assert found == 0


async def test_get_customer_of_other_firm_is_none(viewer) -> None:
    other = await _viewer("firm-b")
    theirs = await service.create_customer(other, NewCustomer(name="Acme"))
    assert await service.get_customer(viewer.firm_id, theirs.id) is None
