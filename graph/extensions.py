"""Schema extensions: authentication for every operation and masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from graphql.error import GraphQLError as CoreGraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types import ExecutionResult

from core.errors import DomainError
from graph.errors import PublicError, Unauthenticated

logger = logging.getLogger("ledgersync.graphql")


def _introspection_only(operation: OperationDefinitionNode | None) -> bool:
    if operation is None:
        return False
    selections = operation.selection_set.selections
    return all(isinstance(sel, FieldNode) and sel.name.value.startswith("__") for sel in selections)


class RequireViewer(SchemaExtension):
    """Refuses every operation that has no verified caller, before anything runs.

    Introspection alone is allowed so GraphiQL can load the documentation without a token.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        """Short-circuit the execution with UNAUTHENTICATED when there is no caller."""
        ctx = self.execution_context
        context = ctx.context
        viewer = getattr(context, "viewer", None)
        if viewer is None and not _introspection_only(_operation(ctx.graphql_document, ctx)):
            message = getattr(context, "auth_error", None) or "authentication required"
            ctx.result = ExecutionResult(data=None, errors=[Unauthenticated(message)])
        yield


def _operation(document: object, ctx: object) -> OperationDefinitionNode | None:
    definitions = getattr(document, "definitions", ())
    name = getattr(ctx, "operation_name", None)
    operations = [d for d in definitions if isinstance(d, OperationDefinitionNode)]
    for op in operations:
        if name is None or (op.name is not None and op.name.value == name):
            return op
    return None


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if isinstance(error, PublicError) or isinstance(original, PublicError):
        return False
    if isinstance(original, DomainError):
        # A rule broken by the caller's arguments (a bad cursor, a malformed id): say so.
        error.extensions = {"code": "BAD_REQUEST", "reason": original.code.value}
        if original.field:
            error.extensions["field"] = original.field
        return False
    if original is None:
        # Parse and validation errors: they describe the query, not the server.
        return False
    if isinstance(original, CoreGraphQLError) and original.original_error is None:
        return False
    extensions = error.extensions or {}
    if extensions.get("code") in {"UNAUTHENTICATED", "FORBIDDEN"}:
        return False
    logger.error("unexpected error in a resolver", exc_info=original)
    return True


def mask_errors() -> MaskErrors:
    """Mask unexpected errors (logged with their traceback) but keep public ones."""
    return MaskErrors(
        should_mask_error=_should_mask,
        error_message="Unexpected error: it was logged. Please retry or contact support.",
    )
