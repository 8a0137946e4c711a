"""The validated input layer: every text argument is checked before a resolver runs.

One field extension, installed on every field that takes arguments (see :func:`guard_fields`),
walks the converted arguments, input objects and lists included, and refuses a string that
contains a NUL character, an unpaired UTF-16 surrogate (``"\\ud800"``: not Unicode text, and
neither database nor platform can store it) or more characters than the maximum its input
field or argument declares with :func:`text_field` or :func:`text_argument`.

The refusal names the input path the way the mutations' own errors do (``memo``,
``lines[2].description``, ``billingAddress.city``; the fields of an ``input`` argument are
named without the ``input.`` prefix). A mutation whose result union has ValidationError
returns one; any other field answers with a top-level ``BAD_REQUEST`` error (a ValidationFailed
raised here is turned into one by the error masking).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.types.arguments import StrawberryArgumentAnnotation
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.union import StrawberryUnion

from core.errors import ErrorCode, ValidationFailed
from core.text import text_problem
from graph.errors import ValidationError

MAX_LENGTH = "ledgersync.max_length"
"""The metadata key of an input field's or argument's maximum number of characters."""


def _limit_note(description: str, max_length: int, *, each: bool = False) -> str:
    limit = "Each is at most" if each else "At most"
    return f"{description} {limit} {max_length:,} characters."


def text_field(
    description: str, *, max_length: int, default: Any = dataclasses.MISSING, each: bool = False
) -> Any:
    """An input field holding text of at most ``max_length`` characters (said in its docs).

    Without ``default`` the field is required. ``each``: the field is a list of such texts.
    """
    return strawberry.field(
        default=default,
        description=_limit_note(description, max_length, each=each),
        metadata={MAX_LENGTH: max_length},
    )


def text_argument(description: str, *, max_length: int) -> StrawberryArgumentAnnotation:
    """An argument holding text of at most ``max_length`` characters (said in its docs)."""
    return strawberry.argument(
        description=_limit_note(description, max_length), metadata={MAX_LENGTH: max_length}
    )


Problem = tuple[str, str]
"""(input path, what is wrong with the value there)."""


def _first_problem(value: object, path: str, max_length: int | None, info: Info) -> Problem | None:
    """The first bad string under ``value``, with its input path."""
    if isinstance(value, str):
        problem = text_problem(value, max_length)
        return (path, problem) if problem else None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            # Objects are named by position (`lines[2].description`), text by the list's name.
            item_path = path if isinstance(item, str) else f"{path}[{index}]"
            found = _first_problem(item, item_path, max_length, info)
            if found:
                return found
        return None
    definition = getattr(type(value), "__strawberry_definition__", None)
    if definition is None or not definition.is_input:
        return None
    naming = info.schema.config.name_converter
    for field in definition.fields:
        child = getattr(value, field.python_name, None)
        if child is None or child is strawberry.UNSET:
            continue
        name = naming.get_graphql_name(field)
        found = _first_problem(
            child, f"{path}.{name}" if path else name, field.metadata.get(MAX_LENGTH), info
        )
        if found:
            return found
    return None


def _bad_argument(
    field: StrawberryField, info: Info, kwargs: Mapping[str, object]
) -> Problem | None:
    """The first bad string in the arguments, with its input path."""
    naming = info.schema.config.name_converter
    for argument in field.arguments:
        value = kwargs.get(argument.python_name)
        if value is None or value is strawberry.UNSET:
            continue
        # The fields of an `input` argument are named as the mutations' own errors name them.
        name = "" if argument.python_name == "input" else naming.get_graphql_name(argument)
        found = _first_problem(value, name, argument.metadata.get(MAX_LENGTH), info)
        if found:
            return found
    return None


def _named_types(type_: object) -> Iterator[object]:
    """The object types a field's type refers to (through lists, optionals and unions)."""
    if isinstance(type_, LazyType):
        type_ = type_.resolve_type()
    if isinstance(type_, StrawberryOptional | StrawberryList):
        yield from _named_types(type_.of_type)
    elif isinstance(type_, StrawberryUnion):
        for member in type_.types:
            yield from _named_types(member)
    else:
        yield type_


class ValidateArguments(FieldExtension):
    """Refuses unsafe or over-long text in any argument before the resolver runs."""

    def __init__(self) -> None:
        self.returns_validation_error = False
        self.field: StrawberryField | None = None

    def apply(self, field: StrawberryField) -> None:
        """Remember the field, and whether its result can be a ValidationError."""
        self.field = field
        self.returns_validation_error = ValidationError in _named_types(field.type)

    def _refusal(self, info: Info, kwargs: Mapping[str, object]) -> ValidationError | None:
        assert self.field is not None
        bad = _bad_argument(self.field, info, kwargs)
        if bad is None:
            return None
        path, problem = bad
        message = f"`{path}` {problem}"
        if self.returns_validation_error:
            return ValidationError(message=message, code=ErrorCode.VALIDATION, field=path)
        raise ValidationFailed(message, field=path)

    def resolve(
        self, next_: Callable[..., object], source: object, info: Info, **kwargs: object
    ) -> object:
        """Check the arguments, then resolve."""
        refusal = self._refusal(info, kwargs)
        return refusal if refusal is not None else next_(source, info, **kwargs)

    async def resolve_async(
        self,
        next_: Callable[..., Awaitable[object]],
        source: object,
        info: Info,
        **kwargs: object,
    ) -> object:
        """Check the arguments, then resolve."""
        refusal = self._refusal(info, kwargs)
        return refusal if refusal is not None else await next_(source, info, **kwargs)


def guard_fields(*roots: type) -> None:
    """Install :class:`ValidateArguments` on every field with arguments reachable from ``roots``.

    Subscriptions are left out: their only argument is an ID, which the subscription decodes
    and refuses itself.
    """
    seen: set[object] = set()
    stack: list[object] = list(roots)
    while stack:
        cls = stack.pop()
        definition = getattr(cls, "__strawberry_definition__", None)
        if definition is None or definition.is_input or cls in seen:
            continue
        seen.add(cls)
        for field in definition.fields:
            guarded = any(isinstance(e, ValidateArguments) for e in field.extensions)
            if field.arguments and not guarded:
                field.extensions.append(ValidateArguments())
            stack.extend(_named_types(field.type))
