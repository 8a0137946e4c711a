"""Hypothesis settings and hostile value strategies shared by the fuzz tests.

`make test` runs a bounded, derandomized number of examples so the suite stays quick and the
same every time. ``LEDGERSYNC_FUZZ_EXAMPLES=N`` runs N examples per test with fresh random
data instead, for a longer hunt.
"""

from __future__ import annotations

import os
import re
from typing import Any

import graphql
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.graph.hostile import ABSURD_NUMBERS

_REQUESTED = os.environ.get("LEDGERSYNC_FUZZ_EXAMPLES", "")


def fuzz_settings(default_examples: int) -> Any:
    """The hypothesis settings of one fuzz test: ``default_examples`` unless the environment
    asks for more."""
    examples = int(_REQUESTED) if _REQUESTED else default_examples
    return settings(
        max_examples=examples,
        derandomize=not _REQUESTED,
        database=None,
        deadline=None,
        # One app (and its seeded books) serves every example of a test, on purpose.
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


_HOSTILE = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfff",
    "\ufffe",
    "'; DROP TABLE customer; --",
    "%s%n{0}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "e" * 5000,
    "é" * 1001,
    "😀" * 300,
    "0",
    "-1",
    "null",
    *ABSURD_NUMBERS,
)


def _hostile(index: int) -> str:
    return _HOSTILE[index]


# Drawn by index, so the strategy's repr (which hypothesis builds) stays short.
HOSTILE_TEXT = st.sampled_from(range(len(_HOSTILE))).map(_hostile)
"""Text no input should crash on."""

TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=80))

NUMBER_TEXT = st.one_of(
    st.sampled_from([*ABSURD_NUMBERS, "0", "-0", "0.01", "1", "12.50", "100", "-5", "1.23456"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
)
"""Text a Decimal scalar may be given."""

DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "2026-02-30", "2026-13-01", "today", ""]),
)

DATETIME_TEXT = st.one_of(
    st.datetimes().map(lambda d: d.isoformat()),
    st.sampled_from(["9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-12:00", "x"]),
)

INT = st.one_of(
    st.integers(min_value=-5, max_value=300),
    st.sampled_from([2**31, -(2**31) - 1, 2**63, 10**30]),
)
"""Ints around the page sizes, and ones no 32-bit Int holds."""

DECIMAL_JSON = st.one_of(
    NUMBER_TEXT,
    st.integers(),
    st.sampled_from([10**30, -(10**30), 2**64, 1e300, 1e-300, -0.0]),
    st.floats(allow_nan=True, allow_infinity=True),
)
"""What a Decimal variable may be sent as: strings, JSON integers and floats (NaN and
Infinity included: Python's JSON encoder writes them, and its decoder reads them)."""

WRONG_JSON = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    TEXT,
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["id", "x", "name"]), st.integers(), max_size=2),
)
"""A value of the wrong JSON type for whatever variable it is sent as."""


def mostly(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``usual`` four times in five, ``rare`` otherwise (so most operations get past their
    first argument and reach the code behind it)."""
    return st.integers(min_value=0, max_value=4).flatmap(lambda n: rare if n == 0 else usual)


class IdPool:
    """The global IDs of seeded records, by type, handed to the ID arguments that name the type.

    An argument named ``invoiceId`` (or the ``id`` of ``updateInvoice``) gets an invoice's ID
    most of the time, so the operation reaches the code behind the look-up; any other ID or
    random text otherwise.
    """

    def __init__(self, by_type: dict[str, list[str]]) -> None:
        self.by_type = by_type
        self.every = sorted({i for ids in by_type.values() for i in ids})

    def _keyword(self, type_name: str) -> str:
        # The type's last word: AccountingConnection -> connection, SyncRun -> run.
        return re.findall("[A-Z][a-z]*", type_name)[-1].lower()

    def for_names(self, hints: tuple[str, ...]) -> st.SearchStrategy[str]:
        """IDs for an argument; ``hints``: its name, then the names of what holds it."""
        anything = st.one_of(st.sampled_from(self.every), TEXT)
        for hint in hints:
            for type_name, ids in sorted(self.by_type.items()):
                if ids and self._keyword(type_name) in hint.lower():
                    return mostly(st.sampled_from(ids), anything)
        return anything


def _scalar_values(name: str, ids: IdPool, hints: tuple[str, ...]) -> st.SearchStrategy[object]:
    by_name: dict[str, st.SearchStrategy[object]] = {
        "String": TEXT,
        "ID": ids.for_names(hints),
        "Int": INT,
        "Boolean": st.booleans(),
        "Float": st.floats(allow_nan=True, allow_infinity=True),
        "Date": st.one_of(DATE_TEXT, TEXT),
        "DateTime": st.one_of(DATETIME_TEXT, TEXT),
        "Decimal": DECIMAL_JSON,
    }
    return by_name[name]


def variable_values(
    type_: graphql.GraphQLInputType, ids: IdPool, hints: tuple[str, ...], depth: int = 0
) -> st.SearchStrategy[object]:
    """JSON values for a variable of ``type_``: mostly well-typed with hostile scalars, now
    and then null where null is allowed or a value of the wrong type. ``hints``: the names of
    the variable and of what holds it (they choose the IDs)."""
    inner = graphql.get_nullable_type(type_)
    values: st.SearchStrategy[object]
    if isinstance(inner, graphql.GraphQLList):
        values = st.lists(variable_values(inner.of_type, ids, hints, depth + 1), max_size=3)
    elif isinstance(inner, graphql.GraphQLInputObjectType):
        fields = {
            name: variable_values(field.type, ids, (name, *hints), depth + 1)
            for name, field in inner.fields.items()
        }
        required = {n for n, f in inner.fields.items() if graphql.is_required_input_field(f)}
        values = st.fixed_dictionaries(
            {n: s for n, s in fields.items() if n in required},
            optional={n: s for n, s in fields.items() if n not in required},
        )
    elif isinstance(inner, graphql.GraphQLEnumType):
        values = mostly(st.sampled_from(sorted(inner.values)), TEXT)
    else:
        values = _scalar_values(inner.name, ids, hints)
    if not isinstance(type_, graphql.GraphQLNonNull):
        values = mostly(values, st.none())
    return mostly(values, WRONG_JSON) if depth == 0 else values


def _leaf_names(type_: graphql.GraphQLObjectType) -> list[str]:
    """The fields of ``type_`` that need no selection or argument."""
    return [
        name
        for name, field in type_.fields.items()
        if not field.args and graphql.is_leaf_type(graphql.get_named_type(field.type))
    ]


def selection_of(type_: graphql.GraphQLOutputType) -> str:
    """A selection of every leaf of the result (and of each member of a union)."""
    named = graphql.get_named_type(type_)
    if isinstance(named, graphql.GraphQLUnionType):
        parts = [
            f"... on {m.name} {{ {' '.join(_leaf_names(m))} }}"
            for m in named.types
            if _leaf_names(m)
        ]
        return "{ __typename " + " ".join(parts) + " }"
    if isinstance(named, graphql.GraphQLObjectType | graphql.GraphQLInterfaceType):
        return "{ __typename " + " ".join(_leaf_names(named)) + " }"  # type: ignore[arg-type]
    return ""


Operation = tuple[str, dict[str, object]]
"""(the document, its variables)."""


def operations_with_variables(
    schema: graphql.GraphQLSchema, ids: IdPool
) -> st.SearchStrategy[Operation]:
    """One root field per operation, every argument sent as a variable (so strings carry
    what a query literal cannot, such as unpaired surrogates, and numbers are JSON numbers)."""
    per_field = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root is not None
        for name, field in root.fields.items():
            per_field.append(_field_operations(kind, name, field, ids))
    return st.one_of(per_field)


def _field_operations(
    kind: str, name: str, field: graphql.GraphQLField, ids: IdPool
) -> st.SearchStrategy[Operation]:
    declared = ", ".join(f"${arg}: {a.type}" for arg, a in field.args.items())
    passed = ", ".join(f"{arg}: ${arg}" for arg in field.args)
    head = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    document = f"{head} {{ {call} {selection_of(field.type)} }}"
    required = {n for n, a in field.args.items() if graphql.is_required_argument(a)}
    strategies = {n: variable_values(a.type, ids, (n, name)) for n, a in field.args.items()}
    variables = st.fixed_dictionaries(
        {n: s for n, s in strategies.items() if n in required},
        optional={n: s for n, s in strategies.items() if n not in required},
    )
    return variables.map(lambda values: (document, values))
