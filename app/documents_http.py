"""Documents over plain HTTP: POST /documents streams a large file in, GET .../content out,
GET /files/{token} serves a signed document link.

Both use the same bearer tokens, roles and services as GraphQL. The upload's metadata
travels in the query string and the file is the raw request body, so nothing has to
be buffered to find the file in a multipart body.
"""

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from strawberry import relay

from app.db import Database
from app.file_responses import Endpoint, StoredFile, bearer_download, file_response
from app.request_scope import domain_error_response, global_uuid, request_scope
from app.settings import Settings
from domain.documents import intake, links, service
from domain.documents.links import Disposition, LinkSigner
from domain.documents.models import Document, DocumentKind
from domain.documents.storage import BlobStore
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, Forbidden, InvalidInput, NotFound
from domain.shared.policy import Permission
from domain.tenancy.queries import get_membership, get_token


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
                    vendor_id = global_uuid(
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
                    return domain_error_response(error, actor, "POST /documents")
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
    """GET /documents/{id}/content, with the bearer token."""

    async def find(session: AsyncSession, actor: Actor, request: Request) -> Document:
        document_id = global_uuid(
            request.path_params.get("document_id"), "Document", "Document", "id"
        )
        return await service.get_document(session, actor, document_id)

    return bearer_download(database, store, find, "GET /documents/{id}/content")


class DocumentLinks:
    """The process's link signer: from TPRM_LINK_SIGNING_KEY, or from the key the migrations
    stored (every process reads the same one), read on each use so that rotating it (an
    UPDATE as the owner) ends every link issued before, in every running process."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._signer: LinkSigner | None = None

    async def signer(self, session: AsyncSession) -> LinkSigner:
        """The signer, the stored key (unless one is configured) read in `session`."""
        configured = self._settings.link_signing_key
        key = configured.encode() if configured else await links.stored_key(session)
        if self._signer is None or self._signer.key != key:
            lifetime = timedelta(seconds=self._settings.link_seconds)
            self._signer = LinkSigner(key, lifetime)
        return self._signer

    async def signer_of(self, database: Database) -> LinkSigner:
        """The signer, the stored key read in a transaction of its own."""
        if self._settings.link_signing_key and self._signer is not None:
            return self._signer
        async with database.transaction(None) as session:
            return await self.signer(session)


async def _token_works(session: AsyncSession, link: links.DocumentLink, member_id: UUID) -> bool:
    """Whether the API token the link was issued with still works for its member: a link
    ends with the token (revoked, expired, or the member removed, who gets none back)."""
    token = await get_token(session, link.tenant_id, link.token_id)
    return (
        token is not None
        and token.membership_id == member_id
        and token.revoked_at is None
        and (token.expires_at is None or token.expires_at > datetime.now(UTC))
    )


def link_endpoint(database: Database, store: BlobStore, document_links: DocumentLinks) -> Endpoint:
    """GET /files/{token}: the document a link was issued for, to a browser that has no
    token of its own. A link that is forged, expired, for a document since deleted, whose
    member may no longer read documents, or whose API token no longer works is simply not
    found."""

    async def serve(request: Request) -> Response:
        not_found = refusal(404, "NOT_FOUND", "This link is not valid, or it has expired.")
        signer = await document_links.signer_of(database)
        link = signer.read(request.path_params.get("token", ""))
        if link is None:
            return not_found
        async with database.transaction(link.tenant_id) as session:
            member = await get_membership(session, link.tenant_id, link.membership_id)
            if member is None or not await _token_works(session, link, member.id):
                return not_found
            actor = Actor(
                tenant_id=link.tenant_id,
                role=member.role,
                user_id=member.user_id,
                membership_id=member.id,
            )
            try:
                document = await service.get_document(session, actor, link.document_id)
            except (Forbidden, NotFound):
                return not_found
            file = StoredFile.of(document)
        # A browser may keep what it fetched while the link lasts, for this member only.
        return file_response(
            request,
            store,
            file,
            inline=link.disposition == Disposition.INLINE,
            cache_seconds=int(signer.lifetime.total_seconds()),
        )

    return serve
