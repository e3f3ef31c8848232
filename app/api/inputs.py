"""Reading partial-update inputs: UNSET (omitted) means "leave as is"; null clears."""

import enum
from collections.abc import Iterable
from typing import Any

import strawberry


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def given(input: Any, names: Iterable[str]) -> dict[str, Any]:
    """The fields of `names` the client sent (null included), enums as their values."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(input, name, strawberry.UNSET)
        if value is not strawberry.UNSET:
            out[name] = _plain(value)
    return out
