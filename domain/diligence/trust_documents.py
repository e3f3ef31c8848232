"""The tenant's own documents it shares with its customers: its SOC 2 report, policies,
certificates, pen-test summaries. Every member reads them; reviewers and admins keep them.

A file comes in as control evidence does (domain.compliance.evidence): through the
documents area's intake, its bytes stored in the object store by tenant and SHA-256 before
the row is written, shared by every row of the tenant with the same bytes. The same bytes
are one trust document: a second upload of them returns the first, unchanged. A document
backs answers of the library as their evidence (domain.diligence.library); removing it
removes those links, and its audit fact names the answers that lost it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from sqlalchemy import ColumnElement, Date, Select, bindparam
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.diligence.models import AnswerEntryDocument, TrustDocument, TrustDocumentKind
from domain.documents.intake import ReceivedFile
from domain.documents.storage import BlobStore
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import DomainError, DomainErrors, NotFound, collecting
from domain.shared.loading import linked_by
from domain.shared.models import today
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission

MAX_TITLE = 200
MAX_DESCRIPTION = 2_000
ORDER = (col(TrustDocument.title), col(TrustDocument.id))


@dataclass(frozen=True)
class TrustDocumentDetails:
    """What the uploader says of a file."""

    title: str
    kind: TrustDocumentKind
    description: str | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class Uploaded:
    document: TrustDocument
    duplicate: bool  # the tenant had these exact bytes already: nothing new was kept


def _title(value: str) -> str:
    return normalize.text(value, "title", MAX_TITLE, required=True, one_line=True) or ""


def _description(value: str | None) -> str | None:
    return normalize.text(value, "description", MAX_DESCRIPTION)


def checked(details: TrustDocumentDetails) -> TrustDocumentDetails:
    """The details as they would be kept; every problem raised at once."""
    problems: list[DomainError] = []
    clean = TrustDocumentDetails(
        title=collecting(problems, lambda: _title(details.title), ""),
        kind=details.kind,
        description=collecting(problems, lambda: _description(details.description), None),
        valid_until=details.valid_until,
    )
    if problems:
        raise DomainErrors(problems)
    return clean


async def _by_sha256(session: AsyncSession, tenant_id: UUID, sha256: str) -> TrustDocument | None:
    return await session.scalar(
        select(TrustDocument).where(
            col(TrustDocument.tenant_id) == tenant_id, col(TrustDocument.sha256) == sha256
        )
    )


async def check_upload(
    session: AsyncSession, actor: Actor, details: TrustDocumentDetails, received: ReceivedFile
) -> TrustDocument | None:
    """Everything `upload` refuses, before a byte is stored (REVIEWER, ADMIN): the tenant's
    document with these very bytes if it has one."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    checked(details)
    return await _by_sha256(session, actor.tenant_id, received.sha256)


async def upload(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    details: TrustDocumentDetails,
    received: ReceivedFile,
    stored: bool = False,
) -> Uploaded:
    """Keep a document to share with customers (REVIEWER, ADMIN), once per content;
    `stored`: its bytes are in the object store already (put there before the transaction)."""
    existing = await check_upload(session, actor, details, received)
    if existing is not None:
        return Uploaded(existing, duplicate=True)
    clean = checked(details)
    if not stored:
        await store.put(actor.tenant_id, received.sha256, received.file)
    document = TrustDocument(
        tenant_id=actor.tenant_id,
        title=clean.title,
        kind=clean.kind.value,
        description=clean.description,
        valid_until=clean.valid_until,
        filename=received.filename,
        content_type=received.content_type,
        size_bytes=received.size,
        sha256=received.sha256,
        uploaded_by_id=actor.membership_id,
    )
    session.add(document)
    await audit.record(session, actor, "trust_document.uploaded", document)
    return Uploaded(document, duplicate=False)


async def get_document(
    session: AsyncSession,
    actor: Actor,
    document_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> TrustDocument:
    """One of the tenant's trust documents (every member); another tenant's is NOT_FOUND
    like a missing one."""
    policy.require(actor, Permission.DILIGENCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        TrustDocument,
        document_id,
        entity="Document",
        field=field,
        for_update=for_update,
    )


class TrustDocumentChanges(Changes):
    title: Annotated[str | None, NOT_CLEARABLE] = None
    kind: Annotated[TrustDocumentKind | None, NOT_CLEARABLE] = None
    description: str | None = None
    valid_until: date | None = None


async def update_document(
    session: AsyncSession, actor: Actor, document_id: UUID, update: TrustDocumentChanges
) -> TrustDocument:
    """Change what is given of a document's details (REVIEWER, ADMIN); its file stays."""
    changes = update.given()
    policy.require(actor, Permission.DILIGENCE_WRITE)
    document = await get_document(session, actor, document_id, "documentId", for_update=True)
    problems: list[DomainError] = []
    if "title" in changes:
        document.title = collecting(problems, lambda: _title(changes["title"]), document.title)
    if "kind" in changes:
        document.kind = TrustDocumentKind(changes["kind"]).value
    if "description" in changes:
        description = collecting(problems, lambda: _description(changes["description"]), None)
        document.description = description
    if "valid_until" in changes:
        document.valid_until = changes["valid_until"]
    if problems:
        raise DomainErrors(problems)
    session.add(document)
    await audit.record(session, actor, "trust_document.updated", document)
    return document


async def remove_document(session: AsyncSession, actor: Actor, document_id: UUID) -> UUID:
    """Remove a document (REVIEWER, ADMIN), and with it its links to the library's answers;
    the audit trail keeps what it was and which answers it backed."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    document = await get_document(session, actor, document_id, "documentId", for_update=True)
    backed = await session.scalars(
        select(col(AnswerEntryDocument.entry_id))
        .where(
            col(AnswerEntryDocument.tenant_id) == actor.tenant_id,
            col(AnswerEntryDocument.document_id) == document.id,
        )
        .order_by(col(AnswerEntryDocument.entry_id))
    )
    await audit.record_fact(
        session,
        actor,
        "trust_document.removed",
        "TrustDocument",
        document.id,
        title=document.title,
        kind=document.kind,
        filename=document.filename,
        sha256=document.sha256,
        entryIds=list(backed.all()),
    )
    await session.delete(document)  # its links go by the foreign key's cascade
    await session.flush()
    return document.id


def _expired(on: date | ColumnElement[date]) -> ColumnElement[bool]:
    return col(TrustDocument.valid_until) < on


def _current(on: date | ColumnElement[date]) -> ColumnElement[bool]:
    """Not expired on `on`: valid until then or later, or with no end."""
    return ~_expired(on) | col(TrustDocument.valid_until).is_(None)


def is_expired(valid_until: date | None, on: date) -> bool:
    """Past its validity: valid until a day before `on` (none given: never)."""
    return valid_until is not None and valid_until < on


@dataclass(frozen=True)
class DocumentFilter:
    kind: TrustDocumentKind | None = None
    expired: bool | None = None  # valid until a day before today


async def list_documents(
    session: AsyncSession, actor: Actor, filter: DocumentFilter, page: PageRequest
) -> Page:
    """The tenant's trust documents by title, filtered."""
    policy.require(actor, Permission.DILIGENCE_READ)
    query = _documents(filter.kind is not None, filter.expired)
    values = {
        "tenant_id": actor.tenant_id,
        "kind": filter.kind.value if filter.kind is not None else None,
        "today": today(),
    }
    return await paginate(session, query, ORDER, page, values=values)


@built_once
def _documents(kind: bool, expired: bool | None) -> Select[Any]:
    """The list of documents' select for the criteria given (their values parameters:
    list_documents), in ORDER; built once for each form."""
    query = select(TrustDocument).where(col(TrustDocument.tenant_id) == bindparam("tenant_id"))
    if kind:
        query = query.where(col(TrustDocument.kind) == bindparam("kind"))
    if expired is not None:
        # a document valid for no set time never expires
        on = bindparam("today", type_=Date)
        query = query.where(_expired(on) if expired else _current(on))
    return query


async def found_ids(
    session: AsyncSession, tenant_id: UUID, ids: Sequence[UUID], field: str
) -> dict[UUID, TrustDocument]:
    """The tenant's documents of `ids`, by id; NOT_FOUND on `field.<n>` for each one that is
    not the tenant's (another tenant's included)."""
    rows = await reading.by_ids(session, tenant_id, TrustDocument, list(set(ids))) if ids else {}
    missing = [NotFound("Document", f"{field}.{n}") for n, i in enumerate(ids) if i not in rows]
    if missing:
        raise DomainErrors(list(missing))
    return rows


async def documents_for_package(
    session: AsyncSession, actor: Actor, ids: Sequence[UUID]
) -> list[TrustDocument]:
    """The tenant's documents of `ids`, once each in the order given (for a trust package);
    NOT_FOUND on `documentIds.<n>` for each that is not the tenant's."""
    policy.require(actor, Permission.DILIGENCE_READ)
    rows = await found_ids(session, actor.tenant_id, ids, "documentIds")
    return [rows[i] for i in dict.fromkeys(ids)]


async def documents_by_entry(
    session: AsyncSession, tenant_id: UUID, entry_ids: Sequence[UUID]
) -> dict[UUID, list[TrustDocument]]:
    """The documents backing each of the entries, by title, in one statement."""
    return await linked_by(
        session, AnswerEntryDocument, "entry_id", "document_id", TrustDocument, tenant_id,
        entry_ids, ORDER,
    )  # fmt: skip


async def current_soc_reports(session: AsyncSession, tenant_id: UUID) -> list[TrustDocument]:
    """The tenant's own SOC reports it shares, not expired, newest first."""
    rows = await session.scalars(
        select(TrustDocument)
        .where(
            col(TrustDocument.tenant_id) == tenant_id,
            col(TrustDocument.kind) == TrustDocumentKind.SOC_REPORT,
            _current(today()),
        )
        .order_by(col(TrustDocument.created_at).desc(), col(TrustDocument.id))
    )
    return list(rows)
