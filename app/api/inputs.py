"""Reading inputs: partial updates (UNSET, omitted, means "leave as is"; null clears), files."""

import enum
from collections.abc import Iterable
from typing import Any, cast

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload


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


def uploaded(file: Upload) -> UploadFile:
    """The file of a multipart request: strawberry types `Upload` as bytes, starlette gives
    an UploadFile."""
    return cast(UploadFile, file)
