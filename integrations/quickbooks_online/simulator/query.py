"""The subset of Intuit's query language the sync engine uses, parsed and run in memory.

`SELECT * | COUNT(*) | f1, f2 FROM Entity [WHERE c AND c ...] [ORDERBY f [ASC|DESC], ...]
[STARTPOSITION n] [MAXRESULTS n]`; a condition is `field (=|<|>|<=|>=|!=) value`,
`field IN (v, ...)` or `field LIKE '%text%'`. OR, JOIN and GROUP BY are rejected like Intuit does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from . import errors
from .jsonutil import JSON, obj, parse_datetime
from .store import ENTITY_NAMES, NAME_LISTS, Realm

Scalar = str | Decimal | bool
DEFAULT_MAX_RESULTS = 100
MAX_RESULTS_CAP = 1000
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^'\\]|\\.|'')*')|(?P<num>-?\d+(?:\.\d+)?)(?![\w.])|(?P<op><=|>=|!=|<>|[=<>(),*])"
    r"|(?P<word>[A-Za-z_][\w.]*))"
)
_CLAUSE_WORDS = {"ORDERBY", "STARTPOSITION", "MAXRESULTS"}


@dataclass(frozen=True)
class Token:
    """A lexical token with its 1-based column, for Intuit-style error messages."""

    kind: str
    text: str
    column: int


@dataclass(frozen=True)
class Condition:
    """`field op values`; `values` has one element except for IN."""

    path: str
    op: str
    values: tuple[Scalar, ...]


@dataclass
class Query:
    """A parsed query."""

    entity: str
    count: bool = False
    fields: tuple[str, ...] | None = None
    where: list[Condition] = field(default_factory=list)
    order: list[tuple[str, bool]] = field(default_factory=list)
    start: int = 1
    max_results: int = DEFAULT_MAX_RESULTS


def tokenize(source: str) -> list[Token]:
    """Split the query text; anything unrecognised is a parser error."""
    tokens: list[Token] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            raise errors.query_parse_error(
                f'Lexical error at line 1, column {pos + 1}. Encountered: "{source[pos]}"'
            )
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, match.group(kind), match.start(kind) + 1))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def fail(self, expected: str) -> errors.QboError:
        token = self.peek()
        if token is None:
            return errors.query_parse_error(
                f'Encountered "<EOF>" at line 1. Was expecting one of: {expected}'
            )
        return errors.query_parse_error(
            f'Encountered " <{token.text.upper()}> "{token.text} "" at line 1, column '
            f"{token.column}.\nWas expecting one of:\n    {expected}"
        )

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise self.fail("more input")
        self.pos += 1
        return token

    def word(self, *options: str) -> str:
        token = self.peek()
        if token is None or token.kind != "word" or token.text.upper() not in options:
            raise self.fail(" | ".join(f'"{o.lower()}"' for o in options))
        self.pos += 1
        return token.text.upper()

    def accept(self, text: str) -> bool:
        token = self.peek()
        if token is not None and token.text.upper() == text:
            self.pos += 1
            return True
        return False

    def identifier(self) -> str:
        token = self.next()
        if token.kind != "word":
            self.pos -= 1
            raise self.fail("<IDENTIFIER>")
        return token.text

    def integer(self) -> int:
        token = self.next()
        if token.kind != "num" or not token.text.isdigit():
            self.pos -= 1
            raise self.fail("<INTEGER>")
        return int(token.text)

    def value(self) -> Scalar:
        token = self.next()
        if token.kind == "str":
            inner = token.text[1:-1]
            return re.sub(r"\\(.)", r"\1", inner.replace("''", "'"))
        if token.kind == "num":
            return Decimal(token.text)
        if token.kind == "word" and token.text.lower() in ("true", "false"):
            return token.text.lower() == "true"
        self.pos -= 1
        raise self.fail("<STRING> | <NUMBER> | true | false")

    def parse(self) -> Query:
        self.word("SELECT")
        count, fields = self.projection()
        self.word("FROM")
        name = self.identifier()
        entity = ENTITY_NAMES.get(name.lower())
        if entity is None:
            raise errors.query_invalid(f"Invalid entity name {name}")
        query = Query(entity, count=count, fields=fields)
        if self.accept("WHERE"):
            query.where.append(self.condition())
            while self.accept("AND"):
                query.where.append(self.condition())
        self.clauses(query)
        if self.peek() is not None:
            raise self.fail('<EOF> | "and" | "orderby" | "startposition" | "maxresults"')
        return query

    def projection(self) -> tuple[bool, tuple[str, ...] | None]:
        if self.accept("*"):
            return False, None
        if self.accept("COUNT"):
            for symbol in ("(", "*", ")"):
                if not self.accept(symbol):
                    raise self.fail(f'"{symbol}"')
            return True, None
        names = [self.identifier()]
        while self.accept(","):
            names.append(self.identifier())
        return False, tuple(names)

    def condition(self) -> Condition:
        path = self.identifier()
        token = self.next()
        op = token.text.upper()
        if op == "IN":
            if not self.accept("("):
                raise self.fail('"("')
            values = [self.value()]
            while self.accept(","):
                values.append(self.value())
            if not self.accept(")"):
                raise self.fail('")"')
            return Condition(path, "IN", tuple(values))
        if op not in ("=", "<", ">", "<=", ">=", "!=", "<>", "LIKE"):
            self.pos -= 1
            raise self.fail('"=" | "<" | ">" | "<=" | ">=" | "in" | "like"')
        value = self.value()
        if op == "LIKE" and not isinstance(value, str):
            raise errors.query_parse_error("LIKE needs a string pattern")
        return Condition(path, "!=" if op == "<>" else op, (value,))

    def clauses(self, query: Query) -> None:
        seen: set[str] = set()
        while (token := self.peek()) is not None and token.text.upper() in _CLAUSE_WORDS:
            clause = self.word(*_CLAUSE_WORDS)
            if clause in seen:
                raise self.fail("<EOF>")
            seen.add(clause)
            if clause == "ORDERBY":
                query.order.append(self.order_item())
                while self.accept(","):
                    query.order.append(self.order_item())
            elif clause == "STARTPOSITION":
                query.start = max(1, self.integer())
            else:
                query.max_results = min(max(1, self.integer()), MAX_RESULTS_CAP)

    def order_item(self) -> tuple[str, bool]:
        path = self.identifier()
        if self.accept("DESC"):
            return path, True
        self.accept("ASC")
        return path, False


def parse_query(source: str) -> Query:
    """Parse query text or raise a 4000/4001 fault."""
    return _Parser(source).parse()


def resolve(data: JSON, path: str) -> object:
    """Follow a dotted path case-insensitively; references compare by their `value`, email
    addresses (`PrimaryEmailAddr`) by their `Address`."""
    current: object = data
    for part in path.split("."):
        node = obj(current)
        if node is None:
            return None
        key = next((k for k in node if k.lower() == part.lower()), None)
        current = node.get(key) if key is not None else None
    ref = obj(current)
    if ref is not None and "value" in ref:
        return ref.get("value")
    if ref is not None and set(ref) == {"Address"}:
        return ref.get("Address")
    return current


def _sort_key(value: object, zone: tzinfo) -> tuple[int, Decimal, datetime | None, str]:
    """A key that orders numbers numerically, times chronologically and text case-blind."""
    if value is None:
        return (0, Decimal(0), None, "")
    if isinstance(value, bool):
        return (1, Decimal(int(value)), None, "")
    if isinstance(value, int | Decimal):
        return (2, Decimal(value), None, "")
    text = str(value)
    try:
        return (2, Decimal(text), None, "")
    except InvalidOperation:
        pass
    if "T" in text and (moment := parse_datetime(text, zone)) is not None:
        return (3, Decimal(0), moment, "")
    return (4, Decimal(0), None, text.casefold())


def _matches(actual: object, condition: Condition, zone: tzinfo) -> bool:
    if actual is None or isinstance(actual, dict | list):
        return False
    if condition.op == "LIKE":
        pattern = "".join(".*" if ch == "%" else re.escape(ch) for ch in str(condition.values[0]))
        return re.fullmatch(pattern, str(actual), re.IGNORECASE | re.DOTALL) is not None
    left = _sort_key(actual, zone)
    results = [_compare(left, _sort_key(v, zone), condition.op) for v in condition.values]
    return any(results)


def _compare(
    left: tuple[int, Decimal, datetime | None, str],
    right: tuple[int, Decimal, datetime | None, str],
    op: str,
) -> bool:
    if left[0] != right[0]:
        return op == "!="
    if op in ("=", "IN"):
        return left == right
    if op == "!=":
        return left != right
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


def _order_key(
    path: str, zone: tzinfo
) -> Callable[[JSON], tuple[int, Decimal, datetime | None, str]]:
    def key(row: JSON) -> tuple[int, Decimal, datetime | None, str]:
        return _sort_key(resolve(row, path), zone)

    return key


def run_query(realm: Realm, source: str, zone: tzinfo) -> JSON:
    """Execute a query and shape the `QueryResponse` like Intuit (no entity key on 0 rows)."""
    query = parse_query(source)
    conditions = list(query.where)
    if query.entity in NAME_LISTS and not any(c.path.lower() == "active" for c in conditions):
        # Inactive names are hidden unless the query asks about Active.
        conditions.append(Condition("Active", "=", (True,)))
    rows = [
        r.data
        for r in realm.live(query.entity)
        if all(_matches(resolve(r.data, c.path), c, zone) for c in conditions)
    ]
    for path, descending in reversed(query.order):
        rows.sort(key=_order_key(path, zone), reverse=descending)
    if query.count:
        return {"totalCount": len(rows)}
    page = rows[query.start - 1 : query.start - 1 + query.max_results]
    if not page:
        return {}
    if query.fields is not None:
        wanted = {f.lower() for f in query.fields} | {"id"}
        page = [
            {
                **{k: v for k, v in row.items() if k.lower() in wanted},
                "domain": "QBO",
                "sparse": True,
            }
            for row in page
        ]
    return {query.entity: page, "startPosition": query.start, "maxResults": len(page)}
