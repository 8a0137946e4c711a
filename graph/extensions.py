"""Schema extensions: authentication for every operation, refusal of empty selection sets
and masking of unexpected errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLError,
    OperationDefinitionNode,
    SelectionSetNode,
    Visitor,
    visit,
)
from graphql.error import GraphQLError as CoreGraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.types import ExecutionResult

from core.errors import DomainError
from graph.errors import PublicError, Unauthenticated

logger = logging.getLogger("ledgersync.graphql")
MASKED_MESSAGE = "Unexpected error: it was logged. Please retry or contact support."


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


class _EmptySelections(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: SelectionSetNode | None = None

    def enter_selection_set(self, node: SelectionSetNode, *_args: object) -> object:
        if not node.selections and self.found is None:
            self.found = node
            return self.BREAK
        return None


def _empty_selection(document: DocumentNode) -> SelectionSetNode | None:
    visitor = _EmptySelections()
    visit(document, visitor)
    return visitor.found


class RejectEmptySelections(SchemaExtension):
    """Refuses a document with an empty selection set (``{ viewer { } }``) as the syntax error
    it is in the GraphQL grammar.

    graphql-core 3.3 parses ``{ }`` and its validation lets it through, but the depth limiter
    then fails on it with a bare ``max() arg is an empty sequence``. The check runs once the
    document is parsed, before any validation rule sees it.
    """

    def on_parse(self) -> Iterator[None]:
        """Check the parsed document."""
        yield
        document = self.execution_context.graphql_document
        empty = _empty_selection(document) if document is not None else None
        if empty is not None:
            raise GraphQLError(
                "Syntax Error: a selection set `{ }` must select at least one field.",
                nodes=empty,
            )


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
    logger.error("unexpected error in a GraphQL operation", exc_info=original)
    return True


def mask_errors() -> MaskErrors:
    """Mask unexpected errors (logged with their traceback) but keep public ones."""
    return MaskErrors(should_mask_error=_should_mask, error_message=MASKED_MESSAGE)


_MASK = mask_errors()


def mask_unexpected(errors: Sequence[GraphQLError]) -> list[GraphQLError]:
    """The errors with every unexpected one masked (and logged), as MaskErrors does.

    MaskErrors sees only the errors of an operation that reached execution: an exception raised
    while the operation is parsed or validated (by a validation rule or an extension) comes
    back with its bare text. The HTTP view passes every result through this as well.
    """
    return [_MASK.anonymise_error(e) if _should_mask(e) else e for e in errors]
