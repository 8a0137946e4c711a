"""Input types of the customer and item mutations, and their translation to core values.

Update inputs tell "not given" (UNSET: keep the value) from an explicit null (clear it).
"""

from __future__ import annotations

from decimal import Decimal

import strawberry

from core.errors import DomainError
from core.services.customers import CustomerChanges, NewCustomer
from core.services.items import ItemChanges, NewItem
from graph.errors import UserError, user_error

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


@strawberry.input(
    description="A postal address. In an update, only the lines you give change and null "
    "clears a line."
)
class AddressInput:
    """Address lines, each optional."""

    line1: str | None = strawberry.field(default=strawberry.UNSET, description="Street line 1.")
    line2: str | None = strawberry.field(default=strawberry.UNSET, description="Street line 2.")
    city: str | None = strawberry.field(default=strawberry.UNSET, description="City or town.")
    region: str | None = strawberry.field(
        default=strawberry.UNSET, description="State, province or county."
    )
    postal_code: str | None = strawberry.field(
        default=strawberry.UNSET, description="Postal or ZIP code (at most 32 characters)."
    )
    country: str | None = strawberry.field(
        default=strawberry.UNSET, description="Country (at most 64 characters)."
    )

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

    name: str = strawberry.field(
        description="Display name, 1 to 500 characters, unique (ignoring case) among the firm's "
        "active customers."
    )
    email: str | None = strawberry.field(default=None, description="Billing email address.")
    phone: str | None = strawberry.field(default=None, description="At most 64 characters.")
    billing_address: AddressInput | None = strawberry.field(
        default=None, description="Billing address."
    )
    currency: str | None = strawberry.field(
        default=None,
        description="ISO 4217 code, any case (stored upper-case). Default: the firm's "
        "default currency.",
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

    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New display name (same rules as on create)."
    )
    email: str | None = strawberry.field(default=strawberry.UNSET, description="Email address.")
    phone: str | None = strawberry.field(default=strawberry.UNSET, description="Phone number.")
    billing_address: AddressInput | None = strawberry.field(
        default=strawberry.UNSET,
        description="Lines to change; null clears the whole address.",
    )
    currency: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="ISO 4217 code. Refused once the customer has invoices or payments.",
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

    name: str = strawberry.field(
        description="Name, 1 to 255 characters, unique (ignoring case) among the firm's "
        "active items."
    )
    description: str | None = strawberry.field(
        default=None, description="Default text for invoice lines (at most 4,000 characters)."
    )
    unit_price: Decimal = strawberry.field(
        default=Decimal("0"),
        description="Price of one unit: 0 or more, at most 2 decimal places. Default 0.",
    )
    sku: str | None = strawberry.field(
        default=None, description="Stock-keeping unit code (at most 100 characters)."
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

    name: str | None = strawberry.field(default=strawberry.UNSET, description="New name.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="Default text for invoice lines."
    )
    unit_price: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="Price of one unit (0 or more, 2 decimals)."
    )
    sku: str | None = strawberry.field(default=strawberry.UNSET, description="SKU code.")
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
