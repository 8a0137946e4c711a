"""What a query selects below a field, so a list resolver loads only what will be read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graph.context import Info


def _fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)


def selected_names(info: Info, *path: str) -> frozenset[str]:
    """The names of the fields selected at ``path`` below the current field.

    ``selected_names(info, "edges", "node")`` in a connection resolver gives the node fields
    the query asks for, with fragments flattened. Fields under ``@skip``/``@include`` count as
    selected: loading one too many is harmless, missing one is not.
    """
    level: list[Selection] = []
    for field in info.selected_fields:
        level.extend(field.selections)
    for name in path:
        level = [s for f in _fields(level) if f.name == name for s in f.selections]
    return frozenset(f.name for f in _fields(level))
