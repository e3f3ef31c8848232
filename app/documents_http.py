"""Documents over plain HTTP: POST /documents streams a large file in, GET .../content out.

Both use the same bearer tokens, roles and services as GraphQL. The upload's metadata
travels in the query string and the file is the raw request body, so nothing has to
be buffered to find the file in a multipart body.
"""

from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import date
from typing import Any
from urllib.parse import quote
from uuid import UUID

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from strawberry import relay

from app import security
from app.db import Database
from app.request_scope import request_scope
from app.settings import Settings
from domain.documents import intake, service
from domain.documents.models import Document, DocumentKind
from domain.documents.storage import BlobStore
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, Forbidden, InvalidInput, NotFound
from domain.shared.policy import Permission

Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]

_STATUS = {"INVALID": 400, "FORBIDDEN": 403, "NOT_FOUND": 404, "TOO_LARGE": 413}


def _error(error: DomainError, actor: Actor, what: str) -> JSONResponse:
    if isinstance(error, Forbidden):
        security.refused(actor, what)
    body = {"errors": [{"code": error.code, "field": error.field, "message": error.message}]}
    return JSONResponse(body, _STATUS.get(error.code, 400))


def _global_uuid(value: str | None, type_name: str, entity: str, field: str) -> UUID:
    """The UUID in a global ID of `type_name`; anything else is simply not found."""
    try:
        global_id = relay.GlobalID.from_id(value or "")
        if global_id.type_name == type_name:
            return UUID(global_id.node_id)
    except (ValueError, TypeError):
        pass
    raise NotFound(entity, field)


def _date(request: Request, name: str) -> date | None:
    value = request.query_params.get(name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a date, YYYY-MM-DD.", name) from None


def _details(request: Request) -> service.DocumentDetails:
    kind = request.query_params.get("kind", "")
    if kind not in DocumentKind.__members__:
        raise InvalidInput(f"kind must be one of {', '.join(DocumentKind)}.", "kind")
    return service.DocumentDetails(
        kind=DocumentKind(kind),
        title=request.query_params.get("title"),
        issued_on=_date(request, "issuedOn"),
        period_start=_date(request, "periodStart"),
        period_end=_date(request, "periodEnd"),
        expires_on=_date(request, "expiresOn"),
    )


def document_json(document: Document, duplicate: bool = False) -> dict[str, Any]:
    return {
        "id": relay.to_base64("Document", document.id),
        "kind": document.kind,
        "title": document.title,
        "filename": document.filename,
        "contentType": document.content_type,
        "sizeBytes": document.size_bytes,
        "sha256": document.sha256,
        "parseStatus": document.parse_status,
        "duplicate": duplicate,
    }


def refusal(status: int, code: str, message: str) -> Response:
    """How /documents refuses a body (RequestBody): too large is the upload's own TOO_LARGE."""
    if status == 413:
        code = intake.FileTooLarge.code
    return JSONResponse({"errors": [{"code": code, "field": "file", "message": message}]}, status)


def upload_endpoint(database: Database, store: BlobStore, settings: Settings) -> Endpoint:
    """The body is already here (RequestBody read it): the request's transaction authenticates
    and checks, the bytes go to the store with no transaction open, and a second short one
    writes the row. No database connection waits on the client or on the store."""

    async def upload(request: Request) -> Response:
        received: intake.ReceivedFile | None = None
        try:
            async with request_scope(database, request) as scope:
                if isinstance(scope, Response):
                    return scope  # not authenticated
                actor = scope.actor
                try:
                    policy.require(actor, Permission.DOCUMENT_UPLOAD)
                    vendor_id = _global_uuid(
                        request.query_params.get("vendorId"), "Vendor", "Vendor", "vendorId"
                    )
                    details = _details(request)
                    received = await intake.receive(
                        request.stream(),
                        request.query_params.get("filename"),
                        settings.max_upload_bytes,
                    )
                    details, existing = await service.check_upload(
                        scope.session, actor, vendor_id, details, received
                    )
                except DomainError as error:
                    return _error(error, actor, "POST /documents")
            if existing is not None:
                uploaded = service.Uploaded(existing, duplicate=True)
            else:
                await store.put(actor.tenant_id, received.sha256, received.file)
                async with database.transaction(actor.tenant_id) as session:
                    uploaded = await service.record_upload(
                        session, actor, vendor_id, details, received
                    )
        finally:
            if received is not None:
                received.file.close()
        body = {"document": document_json(uploaded.document, uploaded.duplicate)}
        return JSONResponse(body, 200 if uploaded.duplicate else 201)

    return upload


def download_endpoint(database: Database, store: BlobStore) -> Endpoint:
    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                document_id = _global_uuid(
                    request.path_params.get("document_id"), "Document", "Document", "id"
                )
                document = await service.get_document(scope.session, scope.actor, document_id)
            except (Forbidden, NotFound) as error:
                return _error(error, scope.actor, "GET /documents/{id}/content")
            tenant_id, sha256 = document.tenant_id, document.sha256
            filename, content_type, size = (
                document.filename,
                document.content_type,
                document.size_bytes,
            )

        async def body() -> AsyncIterator[bytes]:
            async for chunk in store.chunks(tenant_id, sha256):
                yield chunk

        ascii_name = filename.encode("ascii", "replace").decode().replace('"', "_")
        return StreamingResponse(
            body(),
            media_type=content_type,
            headers={
                "Content-Length": str(size),
                "Content-Disposition": (
                    f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
                ),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
                "ETag": f'"{sha256}"',
            },
        )

    return download
