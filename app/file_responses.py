"""A stored document's bytes as an HTTP response, whole or in part (RFC 9110 ranges), as
PDF viewers ask for them: `Range: bytes=0-65535`, then the pages they show."""

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import quote
from uuid import UUID

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from domain.documents.models import Document
from domain.documents.storage import BlobStore

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
# What a browser may show in the page; anything else is always downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "text/plain"})


class Unsatisfiable(Exception):
    """A range that lies outside the file: 416."""


@dataclass(frozen=True)
class StoredFile:
    """What a response needs of a document, read inside the request's transaction."""

    tenant_id: UUID
    sha256: str
    filename: str
    content_type: str
    size: int

    @classmethod
    def of(cls, document: Document) -> "StoredFile":
        return cls(
            document.tenant_id,
            document.sha256,
            document.filename,
            document.content_type,
            document.size_bytes,
        )


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
    ascii_name = file.filename.encode("ascii", "replace").decode().replace('"', "_")
    disposition = "inline" if shown_inline else "attachment"
    cache = f"private, max-age={cache_seconds}" if cache_seconds > 0 else "private, no-store"
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Disposition": (
            f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file.filename)}"
        ),
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
