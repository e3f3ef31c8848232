"""Inputs every area shares, and reading inputs: partial updates (UNSET, omitted, means "leave as is"; null clears), files."""

import enum
from collections.abc import Iterable
from typing import Any, cast

import strawberry
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload


@strawberry.enum(description="Which way a list is ordered.")
class OrderDirection(enum.Enum):
    ASC = "ASC"
    DESC = "DESC"


def given(input: Any, names: Iterable[str]) -> dict[str, Any]:
    """The fields of `names` the client sent (null included), as sent: a service's `Changes`
    model reads them (domain/shared/changes.py)."""
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(input, name, strawberry.UNSET)
        if value is not strawberry.UNSET:
            out[name] = value
    return out


def uploaded(file: Upload) -> UploadFile:
    """The file of a multipart request: strawberry types `Upload` as bytes, starlette gives
    an UploadFile."""
    return cast(UploadFile, file)
