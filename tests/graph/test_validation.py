"""The validated input layer, checked over the whole schema: every text argument and input
field refuses NUL, unpaired surrogates and text over its documented maximum, naming the field."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import graphql
import pytest

from graph.schema import schema
from graph.validation import MAX_LENGTH, ValidateArguments
from tests.graph.hostile import execute_escaped

GRAPHQL = schema._schema
ROOTS = {"query": GRAPHQL.query_type, "mutation": GRAPHQL.mutation_type}
# Values for the arguments a case does not aim at: well-typed, whatever they mean.
SCALAR_SAMPLES: dict[str, object] = {
    "String": "ok",
    "ID": "x",
    "Int": 1,
    "Boolean": True,
    "Date": "2026-01-01",
    "DateTime": "2026-01-01T00:00:00+00:00",
    "Decimal": "1",
}


def _strawberry(element: Any) -> Any:
    return element.extensions.get("strawberry-definition")


def _max_length(element: Any) -> int | None:
    definition = _strawberry(element)
    return definition.metadata.get(MAX_LENGTH) if definition is not None else None


def _named(type_: Any) -> Any:
    return graphql.get_named_type(type_)


def _text_paths(type_: Any, steps: tuple[str, ...], field: str, limit: int | None) -> Iterator:
    """(steps to the value, the field the error names, its maximum) of each text leaf."""
    inner = graphql.get_nullable_type(type_)
    if isinstance(inner, graphql.GraphQLList):
        element = _named(inner.of_type)
        indexed = isinstance(element, graphql.GraphQLInputObjectType)
        yield from _text_paths(inner.of_type, steps, f"{field}[0]" if indexed else field, limit)
    elif isinstance(inner, graphql.GraphQLInputObjectType):
        for name, child in inner.fields.items():
            path = f"{field}.{name}" if field else name
            yield from _text_paths(child.type, (*steps, name), path, _max_length(child))
    elif isinstance(inner, graphql.GraphQLScalarType) and inner.name in ("String", "ID"):
        yield steps, field, limit


def _value(type_: Any, steps: tuple[str, ...] | None, bad: str) -> object:
    """A value of ``type_`` with ``bad`` at the end of ``steps`` (None: nothing bad here)."""
    inner = graphql.get_nullable_type(type_)
    if isinstance(inner, graphql.GraphQLList):
        return [_value(inner.of_type, steps, bad)]
    if isinstance(inner, graphql.GraphQLInputObjectType):
        value: dict[str, object] = {}
        for name, child in inner.fields.items():
            if steps and steps[0] == name:
                value[name] = _value(child.type, steps[1:], bad)
            elif graphql.is_required_input_field(child):
                value[name] = _value(child.type, None, bad)
        return value
    if isinstance(inner, graphql.GraphQLEnumType):
        return next(iter(inner.values))
    return bad if steps == () else SCALAR_SAMPLES[inner.name]


def _cases() -> Iterator[tuple[str, str, dict[str, Any], str, int | None]]:
    """(kind, root field, argument values, field named by the error, maximum) per text leaf."""
    for kind, root in ROOTS.items():
        for name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                prefix = "" if arg_name == "input" else arg_name
                for steps, path, limit in _text_paths(
                    arg.type, (arg_name,), prefix, _max_length(arg)
                ):
                    yield kind, name, {"steps": steps}, path, limit


CASES = list(_cases())


def _operation(kind: str, name: str, bad: str, steps: tuple[str, ...]) -> tuple[str, dict]:
    field = ROOTS[kind].fields[name]
    variables, declared, passed = {}, [], []
    for arg_name, arg in field.args.items():
        aimed = steps[0] == arg_name
        if not aimed and not graphql.is_required_argument(arg):
            continue
        variables[arg_name] = _value(arg.type, steps[1:] if aimed else None, bad)
        declared.append(f"${arg_name}: {arg.type}")
        passed.append(f"{arg_name}: ${arg_name}")
    returned = _named(field.type)
    selection = ""
    if isinstance(returned, graphql.GraphQLUnionType):
        selection = "{ __typename ... on UserError { code field message } }"
    elif isinstance(returned, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType):
        selection = "{ __typename }"
    query = f"{kind} ({', '.join(declared)}) {{ {name}({', '.join(passed)}) {selection} }}"
    return query, variables


async def _refusal(gql: Any, kind: str, name: str, bad: str, steps) -> tuple[str | None, Any]:
    """(the field the refusal names, the whole answer); None when it was not refused."""
    query, variables = _operation(kind, name, bad, steps)
    body = await execute_escaped(gql, query, variables)
    result = (body.get("data") or {}).get(name)
    if isinstance(result, dict) and result.get("__typename") == "ValidationError":
        return result["field"], body
    for error in body.get("errors") or []:
        extensions = error.get("extensions") or {}
        if extensions.get("code") == "BAD_REQUEST":
            return extensions.get("field"), body
    return None, body


def test_every_root_field_with_text_arguments_is_covered() -> None:
    named = {(kind, name) for kind, name, *_ in CASES}
    assert ("mutation", "createInvoice") in named
    assert ("query", "customers") in named
    assert len(CASES) > 50


def test_every_field_with_arguments_has_the_validation_layer() -> None:
    missing = []
    for type_name, type_ in GRAPHQL.type_map.items():
        if type_name.startswith("__") or not isinstance(type_, graphql.GraphQLObjectType):
            continue
        if type_ is GRAPHQL.subscription_type:
            continue  # its one argument is an ID the subscription decodes itself
        for field_name, field in type_.fields.items():
            extensions = _strawberry(field).extensions if field.args else []
            if field.args and not any(isinstance(e, ValidateArguments) for e in extensions):
                missing.append(f"{type_name}.{field_name}")
    assert not missing


def test_every_text_input_declares_and_documents_its_maximum() -> None:
    undocumented = []
    for _kind, name, case, path, limit in CASES:
        steps = case["steps"]
        if _leaf_type(name, steps) == "ID":
            continue  # IDs are decoded and refused by their own rules
        if limit is None or f"{limit:,} characters" not in (_description(name, steps) or ""):
            undocumented.append(f"{name}: {path}")
    assert not undocumented


def _leaf(name: str, steps: tuple[str, ...]) -> Any:
    root = GRAPHQL.mutation_type if name in GRAPHQL.mutation_type.fields else GRAPHQL.query_type
    element: Any = root.fields[name].args[steps[0]]
    for step in steps[1:]:
        element = _named(element.type).fields[step]
    return element


def _leaf_type(name: str, steps: tuple[str, ...]) -> str:
    return str(_named(_leaf(name, steps).type))


def _description(name: str, steps: tuple[str, ...]) -> str | None:
    description: str | None = _leaf(name, steps).description
    return description


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800x", "ok\udfff"], ids=["nul", "high", "low"])
async def test_unsafe_text_anywhere_is_refused_naming_the_field(gql, bad: str) -> None:
    wrong = []
    for kind, name, case, path, _limit in CASES:
        named, body = await _refusal(gql, kind, name, bad, case["steps"])
        if named != path:
            wrong.append((name, path, body))
    assert not wrong


async def test_text_over_its_maximum_is_refused_naming_the_field(gql) -> None:
    wrong = []
    for kind, name, case, path, limit in CASES:
        if limit is None:
            continue
        named, body = await _refusal(gql, kind, name, "x" * (limit + 1), case["steps"])
        if named != path:
            wrong.append((name, path, body))
    assert not wrong


async def test_text_at_its_maximum_passes_the_layer(gql) -> None:
    create = _operation("mutation", "createItem", "x" * 4000, ("input", "description"))
    body = await gql.execute(*create)
    assert body["data"]["createItem"]["__typename"] == "CreateItemSuccess"
