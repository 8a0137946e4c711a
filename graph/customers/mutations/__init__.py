"""Mutations of customers and items, one module each, merged into the root Mutation type."""

from __future__ import annotations

import strawberry

from graph.customers.mutations.create_customer import CreateCustomerMutation
from graph.customers.mutations.create_item import CreateItemMutation
from graph.customers.mutations.update_customer import UpdateCustomerMutation
from graph.customers.mutations.update_item import UpdateItemMutation


@strawberry.type
class CustomerMutations(
    CreateCustomerMutation, UpdateCustomerMutation, CreateItemMutation, UpdateItemMutation
):
    """Mutation fields, merged into the root Mutation type."""
