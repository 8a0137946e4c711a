"""The GraphQL schema: root types merged from each domain, with limits and caches."""

from __future__ import annotations

import strawberry
from graphql import ASTValidationRule
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)

from graph.accounting.mutations import AccountingMutations
from graph.accounting.queries import AccountingQueries
from graph.customers.mutations import CustomerMutations
from graph.customers.queries import CustomerQueries
from graph.errors import (
    ConnectionConflictError,
    DuplicateError,
    InvalidStateError,
    InvoiceLockedError,
    NotFoundError,
    OverpaymentError,
    ValidationError,
)
from graph.extensions import RejectEmptySelections, RequireViewer, mask_errors
from graph.invoices.mutations import InvoiceMutations
from graph.invoices.queries import InvoiceQueries
from graph.invoices.totals import InvoiceTotalsQueries
from graph.node import NodeQueries
from graph.reconcile.mutations import ReconcileMutations
from graph.reconcile.queries import ReconcileQueries
from graph.scalars import SCALAR_OVERRIDES
from graph.sync.mutations import SyncMutations
from graph.sync.queries import SyncQueries
from graph.sync.subscriptions import SyncSubscriptions
from graph.validation import guard_fields
from graph.viewer import ViewerQueries

MAX_DEPTH = 12
MAX_ALIASES = 30
MAX_TOKENS = 5000

# The depth and alias rules, built once. Strawberry's limiters build a new rule class on every
# construction, and the validation cache is keyed by the rule classes too: built per request,
# they made every validation a cache miss (a subscribe spent most of its time validating).
LIMIT_RULES: tuple[type[ASTValidationRule], ...] = (
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
)


def _limit_rules() -> AddValidationRules:
    return AddValidationRules(list(LIMIT_RULES))


@strawberry.type(description="Read the local books, sync runs and the audit trail.")
class Query(
    ViewerQueries,
    NodeQueries,
    CustomerQueries,
    InvoiceQueries,
    InvoiceTotalsQueries,
    SyncQueries,
    AccountingQueries,
    ReconcileQueries,
):
    """The root query type."""


@strawberry.type(description="Change the local books and start syncs.")
class Mutation(
    CustomerMutations, InvoiceMutations, SyncMutations, AccountingMutations, ReconcileMutations
):
    """The root mutation type."""


@strawberry.type(description="Live updates over graphql-transport-ws.")
class Subscription(SyncSubscriptions):
    """The root subscription type."""


def _has_fields(cls: type) -> bool:
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    return bool(definition.fields)


def build_schema() -> strawberry.Schema:
    """Build the schema with its extensions (caches, limits, auth, error masking).

    Every field with arguments gets the validated input layer (graph/validation.py).
    """
    guard_fields(Query, Mutation)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation if _has_fields(Mutation) else None,
        subscription=Subscription if _has_fields(Subscription) else None,
        types=[
            ValidationError,
            NotFoundError,
            InvoiceLockedError,
            InvalidStateError,
            DuplicateError,
            OverpaymentError,
            ConnectionConflictError,
        ],
        scalar_overrides=SCALAR_OVERRIDES,
        extensions=[
            lambda: ParserCache(maxsize=256),
            RejectEmptySelections,
            lambda: ValidationCache(maxsize=256),
            _limit_rules,
            lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
            RequireViewer,
            mask_errors,
        ],
    )


schema = build_schema()
