"""What the client asked for below the current field, as dotted GraphQL field names."""

from collections.abc import Iterable
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

from app.api.context import Info


def _walk(selections: Iterable[Any], prefix: str, into: set[str]) -> None:
    for selection in selections:
        if isinstance(selection, SelectedField):
            path = f"{prefix}{selection.name}"
            into.add(path)
            _walk(selection.selections, f"{path}.", into)
        elif isinstance(selection, FragmentSpread | InlineFragment):
            _walk(selection.selections, prefix, into)


def selected(info: Info) -> set[str]:
    """Every path selected under the resolving field: {"edges", "edges.node", ...}."""
    paths: set[str] = set()
    for field in info.selected_fields:
        _walk(field.selections, "", paths)
    return paths
