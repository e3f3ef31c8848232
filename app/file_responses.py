"""A stored file's bytes (a document's, a control's evidence) as an HTTP response, whole or
in part (RFC 9110 ranges), as PDF viewers ask for them: `Range: bytes=0-65535`, then the
pages they show."""

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app.db import Database
from app.request_scope import domain_error_response, global_uuid, request_scope
from domain.documents.storage import BlobStore
from domain.shared.actor import Actor
from domain.shared.errors import Forbidden, NotFound
from domain.shared.session import SerializedSession

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
# What a browser may show in the page; anything else is always downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})


class Unsatisfiable(Exception):
    """A range that lies outside the file: 416."""


class KeptFile(Protocol):
    """A row that keeps a file in the object store: a document, a control's evidence."""

    tenant_id: UUID
    sha256: str
    filename: str
    content_type: str
    size_bytes: int


@dataclass(frozen=True)
class StoredFile:
    """What a response needs of a kept file, read inside the request's transaction."""

    tenant_id: UUID
    sha256: str
    filename: str
    content_type: str
    size: int

    @classmethod
    def of(cls, row: KeptFile) -> "StoredFile":
        return cls(row.tenant_id, row.sha256, row.filename, row.content_type, row.size_bytes)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The one range `header` asks for, as (start, end exclusive); None for the whole
    file (no header, several ranges, or one this server does not read: the whole file is
    a valid answer to any of them). Raises Unsatisfiable for a range past the end."""
    match = _RANGE.match(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(size - suffix, 0), size
    start = int(first)
    end = min(int(last) + 1, size) if last else size
    if last and int(last) < start:
        return None  # not a valid range: ignored, as the RFC says
    if start >= size:
        raise Unsatisfiable
    return start, end


def content_disposition(filename: str, inline: bool = False) -> str:
    """The header naming a file, in ASCII for old clients and in full (RFC 6266) for the rest."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_")
    disposition = "inline" if inline else "attachment"
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def file_response(
    request: Request,
    store: BlobStore,
    file: StoredFile,
    inline: bool,
    cache_seconds: int = 0,
) -> Response:
    """The file's bytes with the headers a browser needs: its type (checked at upload,
    never sniffed), its name, `Accept-Ranges`, and the part asked for when a range is."""
    etag = f'"{file.sha256}"'
    if_range = request.headers.get("if-range")
    try:
        wanted = (
            None
            if if_range and if_range != etag
            else byte_range(request.headers.get("range"), file.size)
        )
    except Unsatisfiable:
        return Response(
            status_code=416, headers={"Content-Range": f"bytes */{file.size}", "ETag": etag}
        )
    shown_inline = inline and file.content_type in INLINE_TYPES
    cache = f"private, max-age={cache_seconds}" if cache_seconds > 0 else "private, no-store"
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Disposition": content_disposition(file.filename, inline=shown_inline),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": cache,
        "ETag": etag,
        "Content-Length": str(file.size),
    }
    status = 200
    if wanted is not None:
        start, end = wanted
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{file.size}"
        headers["Content-Length"] = str(end - start)
        status = 206
    if request.method == "HEAD" or file.size == 0:
        return Response(status_code=status, headers=headers, media_type=file.content_type)

    async def body() -> AsyncIterator[bytes]:
        async for chunk in store.chunks(file.tenant_id, file.sha256, wanted):
            yield chunk

    return StreamingResponse(
        body(), status_code=status, media_type=file.content_type, headers=headers
    )


# The row a download is of, for the caller, from the request's path: NotFound (or Forbidden)
# when the caller may not have it.
FindFile = Callable[[SerializedSession, Actor, Request], Awaitable[KeptFile]]


def bearer_download(database: Database, store: BlobStore, find: FindFile, route: str) -> Endpoint:
    """GET or HEAD of a kept file with the bearer token, as an attachment: the row is read in
    the request's transaction, the bytes streamed from the store after it closes. A row the
    caller may not see is 404 exactly like a missing one; `route` names it in the log of
    refusals."""

    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                row = await find(scope.session, scope.actor, request)
            except (Forbidden, NotFound) as error:
                return domain_error_response(error, scope.actor, route)
            file = StoredFile.of(row)
        return file_response(request, store, file, inline=False)

    return download


# A service's read of one kept row by id, for the actor: NotFound for another tenant's.
GetKept = Callable[[SerializedSession, Actor, UUID], Awaitable[KeptFile]]


def download_by_id(
    database: Database,
    store: BlobStore,
    get: GetKept,
    node_type: str,
    entity: str,
    route: str,
) -> Endpoint:
    """`bearer_download` of the row whose global ID of `node_type` is the path's `id`."""

    async def find(session: SerializedSession, actor: Actor, request: Request) -> KeptFile:
        row_id = global_uuid(request.path_params.get("id"), node_type, entity, "id")
        return await get(session, actor, row_id)

    return bearer_download(database, store, find, route)
