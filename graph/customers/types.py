"""Value types of customers and items, built from the models with ``from_model()``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import strawberry

from core.models import Customer as CustomerModel
from core.models import Item as ItemModel
from core.models.enums import Entity
from graph.context import Info
from graph.ids import Node, encode_id
from graph.sync_status import SyncInfo, sync_info_loader

CUSTOMER_TYPE = "Customer"
ITEM_TYPE = "Item"


@strawberry.type(description="A postal address. Every line is optional.")
class Address:
    """A billing address."""

    line1: str | None = strawberry.field(description="First street line.")
    line2: str | None = strawberry.field(description="Second street line (suite, floor…).")
    city: str | None = strawberry.field(description="City or town.")
    region: str | None = strawberry.field(description="State, province or county.")
    postal_code: str | None = strawberry.field(description="Postal or ZIP code.")
    country: str | None = strawberry.field(description="Country, as the user typed it.")

    @classmethod
    def from_model(cls, customer: CustomerModel) -> Address | None:
        """The customer's address, or None when every line is empty."""
        address = cls(
            line1=customer.address_line1,
            line2=customer.address_line2,
            city=customer.city,
            region=customer.region,
            postal_code=customer.postal_code,
            country=customer.country,
        )
        lines = (address.line1, address.line2, address.city, address.region)
        if any(lines) or address.postal_code or address.country:
            return address
        return None


@strawberry.type(description="A client of the firm, billed by invoices.")
class Customer(Node):
    """A customer of the local books."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    name: str = strawberry.field(
        description="Display name, unique (ignoring case) among the firm's active customers."
    )
    email: str | None = strawberry.field(description="Billing email address.")
    phone: str | None = strawberry.field(description="Phone number, as typed.")
    billing_address: Address | None = strawberry.field(
        description="Billing address; null when no line is set."
    )
    currency: str = strawberry.field(
        description="ISO 4217 code of the currency the customer is billed in."
    )
    active: bool = strawberry.field(
        description="False once deactivated; inactive customers keep their history."
    )
    created_at: datetime = strawberry.field(description="When the customer was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")
    local_id: strawberry.Private[UUID]

    @strawberry.field(description="The customer's sync with the connected accounting platform.")
    async def sync_status(self, info: Info) -> SyncInfo:
        """Loaded in one batch for every customer of the response."""
        return await sync_info_loader(info, Entity.CUSTOMER).load(self.local_id)

    @classmethod
    def from_model(cls, customer: CustomerModel) -> Customer:
        """Build from the model."""
        return cls(
            id=encode_id(CUSTOMER_TYPE, customer.id),
            name=customer.name,
            email=customer.email,
            phone=customer.phone,
            billing_address=Address.from_model(customer),
            currency=customer.currency,
            active=customer.active,
            created_at=customer.created_at,
            updated_at=customer.updated_at,
            local_id=customer.id,
        )


@strawberry.type(description="A product or service the firm sells.")
class Item(Node):
    """An item of the local books."""

    id: strawberry.ID = strawberry.field(description="Opaque global ID.")
    name: str = strawberry.field(
        description="Name, unique (ignoring case) among the firm's active items."
    )
    description: str | None = strawberry.field(description="Default text for invoice lines.")
    unit_price: Decimal = strawberry.field(
        description="Default price of one unit, in the invoice's currency, 2 decimal places."
    )
    sku: str | None = strawberry.field(description="Stock-keeping unit code.")
    active: bool = strawberry.field(description="False once deactivated.")
    created_at: datetime = strawberry.field(description="When the item was created (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_model(cls, item: ItemModel) -> Item:
        """Build from the model."""
        return cls(
            id=encode_id(ITEM_TYPE, item.id),
            name=item.name,
            description=item.description,
            unit_price=item.unit_price,
            sku=item.sku,
            active=item.active,
            created_at=item.created_at,
            updated_at=item.updated_at,
        )


async def customer_nodes(rows: Sequence[CustomerModel]) -> list[Customer]:
    """Convert a page of customers (relations load lazily through DataLoaders)."""
    return [Customer.from_model(row) for row in rows]


async def item_nodes(rows: Sequence[ItemModel]) -> list[Item]:
    """Convert a page of items."""
    return [Item.from_model(row) for row in rows]
