"""Input types of the customer and item mutations, and their translation to core values.

Update inputs tell "not given" (UNSET: keep the value) from an explicit null (clear it).
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.errors import DomainError
from core.services.amounts import PRICE
from core.services.book_writes import EMAIL_MAX_LENGTH
from core.services.customers import (
    CURRENCY_LENGTH,
    NAME_MAX_LENGTH,
    OPTIONAL_TEXT,
    CustomerChanges,
    NewCustomer,
)
from core.services.items import (
    DESCRIPTION_MAX_LENGTH,
    SKU_MAX_LENGTH,
    ItemChanges,
    NewItem,
)
from core.services.items import NAME_MAX_LENGTH as ITEM_NAME_MAX_LENGTH
from graph.errors import UserError, user_error
from graph.validation import text_field

_ADDRESS_FIELDS = {
    "line1": "address_line1",
    "line2": "address_line2",
    "city": "city",
    "region": "region",
    "postal_code": "postal_code",
    "country": "country",
}

# Core services name model fields; users see the input paths of the GraphQL API.
_INPUT_PATHS = {
    "address_line1": "billingAddress.line1",
    "address_line2": "billingAddress.line2",
    "city": "billingAddress.city",
    "region": "billingAddress.region",
    "postal_code": "billingAddress.postalCode",
    "country": "billingAddress.country",
    "unit_price": "unitPrice",
}


def input_error(exc: DomainError) -> UserError:
    """The GraphQL error for ``exc``, its field named as the API's input path."""
    error = user_error(exc)
    if error.field is not None:
        error.field = _INPUT_PATHS.get(error.field, error.field)
    return error


def _address_line(description: str, name: str) -> str | None:
    _label, max_length = OPTIONAL_TEXT[_ADDRESS_FIELDS[name]]
    field: str | None = text_field(description, max_length=max_length, default=strawberry.UNSET)
    return field


def _currency_field(description: str, default: object) -> str | None:
    field: str | None = text_field(description, max_length=CURRENCY_LENGTH, default=default)
    return field


@strawberry.input(
    description="A postal address. In an update, only the lines you give change and null "
    "clears a line."
)
class AddressInput:
    """Address lines, each optional."""

    line1: str | None = _address_line("Street line 1.", "line1")
    line2: str | None = _address_line("Street line 2.", "line2")
    city: str | None = _address_line("City or town.", "city")
    region: str | None = _address_line("State, province or county.", "region")
    postal_code: str | None = _address_line("Postal or ZIP code.", "postal_code")
    country: str | None = _address_line("Country.", "country")

    def given(self) -> dict[str, str | None]:
        """Model field → value for the lines that were given (null included)."""
        return {
            model_field: getattr(self, name)
            for name, model_field in _ADDRESS_FIELDS.items()
            if getattr(self, name) is not strawberry.UNSET
        }


@strawberry.input(description="A new customer. Text is trimmed; blank optional text is null.")
class CreateCustomerInput:
    """Fields of the customer to create."""

    name: str = text_field(
        "Display name, not blank, unique (ignoring case) among the firm's active customers.",
        max_length=NAME_MAX_LENGTH,
    )
    email: str | None = text_field(
        "Billing email address.", max_length=EMAIL_MAX_LENGTH, default=None
    )
    phone: str | None = text_field(
        "Phone number.", max_length=OPTIONAL_TEXT["phone"][1], default=None
    )
    billing_address: AddressInput | None = strawberry.field(
        default=None, description="Billing address."
    )
    currency: str | None = _currency_field(
        "ISO 4217 code, any case (stored upper-case). Default: the firm's default currency.",
        default=None,
    )

    def to_core(self) -> NewCustomer:
        """The core value to create."""
        address = self.billing_address.given() if self.billing_address else {}
        return NewCustomer(
            name=self.name,
            email=self.email,
            phone=self.phone,
            currency=self.currency,
            **address,
        )


@strawberry.input(
    description="A partial update of a customer: fields you leave out keep their value; an "
    "explicit null clears an optional field. `name`, `currency` and `active` cannot be null."
)
class UpdateCustomerInput:
    """Fields to change."""

    name: str | None = text_field(
        "New display name (same rules as on create).",
        max_length=NAME_MAX_LENGTH,
        default=strawberry.UNSET,
    )
    email: str | None = text_field(
        "Email address.", max_length=EMAIL_MAX_LENGTH, default=strawberry.UNSET
    )
    phone: str | None = text_field(
        "Phone number.", max_length=OPTIONAL_TEXT["phone"][1], default=strawberry.UNSET
    )
    billing_address: AddressInput | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lines to change; null clears the whole address.",
    )
    currency: str | None = _currency_field(
        "ISO 4217 code. Refused once the customer has invoices or payments.",
        default=strawberry.UNSET,
    )
    active: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="false deactivates the customer; true reactivates it (its name must then "
        "be free among active customers).",
    )

    def to_core(self) -> CustomerChanges:
        """The given fields, as a core partial update."""
        changes = CustomerChanges()
        for name in ("name", "email", "phone", "currency"):
            value = getattr(self, name)
            if value is not strawberry.UNSET:
                changes[name] = value
        if self.active is not strawberry.UNSET:
            changes["active"] = self.active
        if self.billing_address is None:
            for model_field in _ADDRESS_FIELDS.values():
                changes[model_field] = None  # type: ignore[literal-required]
        elif self.billing_address is not strawberry.UNSET:
            changes.update(self.billing_address.given())  # type: ignore[typeddict-item]
        return changes


@strawberry.input(description="A new item. Text is trimmed; blank optional text is null.")
class CreateItemInput:
    """Fields of the item to create."""

    name: str = text_field(
        "Name, not blank, unique (ignoring case) among the firm's active items.",
        max_length=ITEM_NAME_MAX_LENGTH,
    )
    description: str | None = text_field(
        "Default text for invoice lines.", max_length=DESCRIPTION_MAX_LENGTH, default=None
    )
    unit_price: Decimal = strawberry.field(
        default=Decimal("0"),
        description=f"Price of one unit, {PRICE.describe()}. Default 0.",
    )
    sku: str | None = text_field(
        "Stock-keeping unit code.", max_length=SKU_MAX_LENGTH, default=None
    )

    def to_core(self) -> NewItem:
        """The core value to create."""
        return NewItem(
            name=self.name, description=self.description, unit_price=self.unit_price, sku=self.sku
        )


@strawberry.input(
    description="A partial update of an item: fields you leave out keep their value; an "
    "explicit null clears an optional field. `name`, `unitPrice` and `active` cannot be null."
)
class UpdateItemInput:
    """Fields to change."""

    name: str | None = text_field(
        "New name (same rules as on create).",
        max_length=ITEM_NAME_MAX_LENGTH,
        default=strawberry.UNSET,
    )
    description: str | None = text_field(
        "Default text for invoice lines.",
        max_length=DESCRIPTION_MAX_LENGTH,
        default=strawberry.UNSET,
    )
    unit_price: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description=f"Price of one unit, {PRICE.describe()}."
    )
    sku: str | None = text_field(
        "Stock-keeping unit code.", max_length=SKU_MAX_LENGTH, default=strawberry.UNSET
    )
    active: bool | None = strawberry.field(
        default=strawberry.UNSET, description="false deactivates the item; true reactivates it."
    )

    def to_core(self) -> ItemChanges:
        """The given fields, as a core partial update."""
        changes = ItemChanges()
        for name in ("name", "description", "unit_price", "sku", "active"):
            value = getattr(self, name)
            if value is not strawberry.UNSET:
                changes[name] = value
        return changes
