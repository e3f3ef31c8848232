"""Use cases of documents: upload (stored once, parsed in the background), re-parse, read."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents import queries
from domain.documents.intake import ReceivedFile, check_kind
from domain.documents.links import Disposition, DocumentLink, LinkSigner
from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.documents.storage import BlobStore
from domain.shared import jobs, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Forbidden, InvalidInput
from domain.shared.pagination import Page, PageRequest, Shape, paginate, paginate_each
from domain.shared.policy import Permission
from domain.vendors.service import get_vendor


@dataclass(frozen=True)
class DocumentDetails:
    """What the uploader says about the file."""

    kind: DocumentKind
    title: str | None = None
    issued_on: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True)
class Uploaded:
    document: Document
    duplicate: bool  # the vendor already had these exact bytes: nothing new was stored


def _checked(details: DocumentDetails, filename: str) -> DocumentDetails:
    title = normalize.text(details.title, "title", 300, one_line=True) or filename
    if details.period_start and details.period_end and details.period_end < details.period_start:
        raise InvalidInput("periodEnd must not be before periodStart.", "periodEnd")
    return DocumentDetails(
        kind=details.kind,
        title=title,
        issued_on=details.issued_on,
        period_start=details.period_start,
        period_end=details.period_end,
        expires_on=details.expires_on,
    )


async def upload(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    vendor_id: UUID,
    details: DocumentDetails,
    received: ReceivedFile,
    stored: bool = False,
) -> Uploaded:
    """Keep a vendor's file (once per vendor per content) and queue its parse if it is read;
    `stored`: its bytes are in the object store already (put there before the transaction).

    The bytes go to the object store before the row is written: a failure after that
    leaves an unreferenced blob under its digest, never a row without its bytes.
    """
    details, existing = await check_upload(session, actor, vendor_id, details, received)
    if existing is not None:
        return Uploaded(existing, duplicate=True)
    if not stored:
        await store.put(actor.tenant_id, received.sha256, received.file)
    return await record_upload(session, actor, vendor_id, details, received)


async def check_upload(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    details: DocumentDetails,
    received: ReceivedFile,
) -> tuple[DocumentDetails, Document | None]:
    """Everything `upload` refuses, before a byte is stored: the details as they will be kept,
    and the vendor's document with these very bytes if it has one."""
    policy.require(actor, Permission.DOCUMENT_UPLOAD)
    await get_vendor(session, actor, vendor_id)
    details = _checked(details, received.filename)
    check_kind(details.kind, received.content_type)
    return details, await _by_sha256(session, actor.tenant_id, vendor_id, received.sha256)


async def record_upload(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    details: DocumentDetails,
    received: ReceivedFile,
) -> Uploaded:
    """The row of a file already in the store (details from check_upload): inserted, its parse
    queued and audited; or the row another upload of the same bytes inserted first."""
    values = {
        "tenant_id": actor.tenant_id,
        "vendor_id": vendor_id,
        "kind": details.kind.value,
        "title": details.title,
        "filename": received.filename,
        "content_type": received.content_type,
        "size_bytes": received.size,
        "sha256": received.sha256,
        "issued_on": details.issued_on,
        "period_start": details.period_start,
        "period_end": details.period_end,
        "expires_on": details.expires_on,
        "parse_status": ParseStatus.QUEUED.value if details.kind.is_parsed else None,
        "uploaded_by": actor.user_id,
    }
    # Two uploads of the same bytes at once: one inserts, the other finds it.
    inserted = await session.execute(
        insert(Document)
        .values(**values)
        .on_conflict_do_nothing(constraint="documents_vendor_sha256_key")
        .returning(col(Document.id))
    )
    document_id = inserted.scalar_one_or_none()
    if document_id is None:
        again = await _by_sha256(session, actor.tenant_id, vendor_id, received.sha256)
        assert again is not None
        return Uploaded(again, duplicate=True)
    document = await get_document(session, actor, document_id)
    if details.kind.is_parsed:
        await _queue_parse(session, document)
    await audit.record_inserted(session, actor, "document.uploaded", document)
    return Uploaded(document, duplicate=False)


async def reparse(session: AsyncSession, actor: Actor, document_id: UUID) -> Document:
    """Read the document again (after a parser upgrade, or a failure that was not its fault)."""
    policy.require(actor, Permission.DOCUMENT_REPARSE)
    document = await get_document(session, actor, document_id, for_update=True)
    if not DocumentKind(document.kind).is_parsed:
        raise InvalidInput("Only SOC reports and bridge letters are parsed.", "documentId")
    if document.parse_status not in (ParseStatus.QUEUED, ParseStatus.PARSING):
        document.parse_status = ParseStatus.QUEUED.value
        document.parse_error = None
        document.parse_attempts = 0
        await _queue_parse(session, document)
    await audit.record(session, actor, "document.reparse_requested", document)
    return document


async def _queue_parse(session: AsyncSession, document: Document) -> None:
    # Fair shares of the workers: a job ranks below every one its tenant already has waiting,
    # so a tenant that uploads a thousand reports delays its own, not another's first one.
    waiting = await session.scalar(
        select(func.count())
        .select_from(Document)
        .where(
            col(Document.tenant_id) == document.tenant_id,
            col(Document.id) != document.id,
            col(Document.parse_status).in_([ParseStatus.QUEUED.value, ParseStatus.PARSING.value]),
        )
    )
    await jobs.enqueue(
        session,
        jobs.PARSE_DOCUMENT,
        jobs.payload(document.tenant_id, document_id=document.id),
        # One pending parse per document: a second request while one waits adds nothing.
        dedupe_key=f"{jobs.PARSE_DOCUMENT}:{document.id}",
        priority=-(waiting or 0),
    )


async def list_documents(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.DocumentFilter,
    page: PageRequest,
    shape: Shape | None = None,
) -> Page:
    """One page of the tenant's documents matching `criteria`, newest first; each row
    whole, or as `shape` writes it (see pagination.paginate)."""
    policy.require(actor, Permission.DOCUMENT_READ)
    statement, sort, values = queries.listing(actor.tenant_id, criteria)
    return await paginate(session, statement, sort, page, shape=shape, values=values)


async def list_documents_of_vendors(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.DocumentFilter,
    page: PageRequest,
    vendor_ids: Sequence[UUID],
    shape: Shape | None = None,
) -> dict[UUID, Page]:
    """The same page of documents matching `criteria` for each of the vendors; each row
    whole, or as `shape` writes it."""
    policy.require(actor, Permission.DOCUMENT_READ)
    statement, sort, values = queries.listing(actor.tenant_id, criteria)
    return await paginate_each(
        session,
        statement,
        sort,
        page,
        col(Document.vendor_id),
        vendor_ids,
        shape=shape,
        values=values,
    )


async def get_document(
    session: AsyncSession, actor: Actor, document_id: UUID, for_update: bool = False
) -> Document:
    """The document, or NotFound (another tenant's is simply not found)."""
    policy.require(actor, Permission.DOCUMENT_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        Document,
        document_id,
        entity="Document",
        field="documentId",
        for_update=for_update,
    )


async def _by_sha256(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID, sha256: str
) -> Document | None:
    result = await session.execute(
        select(Document).where(
            col(Document.tenant_id) == tenant_id,
            col(Document.vendor_id) == vendor_id,
            col(Document.sha256) == sha256,
        )
    )
    return result.scalars().first()


async def issue_link(
    session: AsyncSession,
    actor: Actor,
    signer: LinkSigner,
    document_id: UUID,
    disposition: Disposition,
) -> tuple[str, datetime]:
    """A signed link to the document for the acting member (its token, and when it stops
    working), recorded in the audit trail: a link opens the file without a token."""
    document = await get_document(session, actor, document_id)
    if actor.membership_id is None or actor.token_id is None:
        raise Forbidden("Links are issued to members, for their own browser.")
    token, expires_at = signer.issue(
        DocumentLink(actor.tenant_id, document.id, actor.membership_id, actor.token_id, disposition)
    )
    await audit.record_fact(
        session,
        actor,
        "document.link_issued",
        "Document",
        document.id,
        disposition=disposition.value,
        expires_at=expires_at,
    )
    return token, expires_at
