"""The evidence pack for the tenant's own auditor on vendor management (SOC 2 CC9.2): every
vendor in scope with its tier, its latest signed-off review (when, what was decided, who
signed), its current SOC report (period, opinion, each exception with the management
response and how the tenant handled it), its CUEC coverage and its open findings, written as
CSV and as a PDF report (domain.compliance.evidence_pack_content says what is in scope).

Asked for by a REVIEWER or ADMIN; read and downloaded by every member. A tenant with up to
`inline_max_vendors` vendors in scope (TPRM_EVIDENCE_PACK_INLINE_MAX_VENDORS, 200) gets its
pack within the request, READY; a larger one is QUEUED with its job in the same transaction
and a worker writes it (run_job). The content is read in a fixed number of statements, the
files are written off the event loop, and both are kept in the object store by their
SHA-256, like documents. A pack whose files cannot be written is FAILED, with why.
"""

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance import evidence_pack_content as content
from domain.compliance.evidence_pack_csv import write_csv
from domain.compliance.evidence_pack_pdf import write_pdf
from domain.compliance.models import EvidencePack, EvidencePackStatus
from domain.documents.storage import BlobStore
from domain.shared import jobs, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict
from domain.shared.jobs import Transaction
from domain.shared.models import utcnow
from domain.shared.pagination import Page, PageRequest, SortKey, built_once, paginate
from domain.shared.policy import Permission

logger = logging.getLogger("tprm.compliance")

MAX_NOTE = 500
# Packs a tenant may have waiting for a worker at once: more asked for is CONFLICT.
MAX_QUEUED = 3


class PackNotReady(Conflict):
    """Its files are not there (yet, or at all)."""

    def __init__(self, status: str) -> None:
        why = "being written; try again shortly" if status == EvidencePackStatus.QUEUED else status
        super().__init__(f"The evidence pack is not ready: it is {why}.", "id")


@dataclass(frozen=True)
class PackFile:
    """One of a READY pack's files, as a download needs it."""

    tenant_id: UUID
    sha256: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class _Written:
    csv: bytes
    pdf: bytes
    vendors: int


async def generate(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    note: str | None,
    inline_max_vendors: int,
) -> EvidencePack:
    """A new evidence pack (REVIEWER, ADMIN): READY at once for a tenant with up to
    `inline_max_vendors` vendors in scope, else QUEUED for a worker."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    pack = EvidencePack(
        tenant_id=actor.tenant_id,
        note=normalize.text(note, "note", MAX_NOTE, one_line=True),
        requested_by_id=actor.membership_id,
        vendor_count=await content.count_in_scope(session, actor.tenant_id),
    )
    if await _waiting(session, actor.tenant_id) >= MAX_QUEUED:
        raise Conflict(
            f"{MAX_QUEUED} packs are being written for this tenant already; ask again once "
            "one is READY.",
            "note",
        )
    session.add(pack)
    await session.flush()
    if pack.vendor_count <= inline_max_vendors and await _writing_alone(session, actor.tenant_id):
        written = await _render(pack.id, await _read(session, pack))
        if written is not None:
            await _keep(store, pack.tenant_id, written)
        _finish(pack, written)
    else:
        await _queue(session, pack)
    await audit.record(session, actor, "evidence_pack.generated", pack)
    return pack


async def _waiting(session: AsyncSession, tenant_id: UUID) -> int:
    found = await session.scalar(
        select(func.count())
        .select_from(EvidencePack)
        .where(
            col(EvidencePack.tenant_id) == tenant_id,
            col(EvidencePack.status) == EvidencePackStatus.QUEUED,
        )
    )
    return int(found or 0)


async def _writing_alone(session: AsyncSession, tenant_id: UUID) -> bool:
    """Whether no other request of the tenant is writing a pack in its request now (then
    this one is queued instead): one tenant asking at once ties up one connection, not all."""
    return bool(
        await session.scalar(
            select(func.pg_try_advisory_xact_lock(func.hashtext(f"evidence-pack:{tenant_id}")))
        )
    )


async def _read(session: AsyncSession, pack: EvidencePack) -> content.PackContent:
    """What the pack says, from the database as it is now."""
    return await content.gather(session, pack.tenant_id, utcnow(), pack.requested_by_id, pack.note)


async def _render(pack_id: UUID, read: content.PackContent) -> _Written | None:
    """The pack's files, written off the event loop; None when they cannot be written
    (logged; the same content would fail again, so it is not retried)."""
    try:
        csv, pdf = await asyncio.to_thread(lambda: (write_csv(read), write_pdf(read)))
    except Exception:
        logger.exception("evidence pack %s could not be written", pack_id)
        return None
    return _Written(csv, pdf, len(read.vendors))


async def _keep(store: BlobStore, tenant_id: UUID, written: _Written) -> None:
    for data in (written.csv, written.pdf):
        await store.put(tenant_id, hashlib.sha256(data).hexdigest(), io.BytesIO(data))


def _finish(pack: EvidencePack, written: _Written | None) -> None:
    pack.completed_at = utcnow()
    if written is None:
        pack.status = EvidencePackStatus.FAILED.value
        pack.error = "Its files could not be written (the error is in tprm's log)."
        return
    pack.status = EvidencePackStatus.READY.value
    pack.vendor_count = written.vendors
    pack.csv_sha256 = hashlib.sha256(written.csv).hexdigest()
    pack.csv_size_bytes = len(written.csv)
    pack.pdf_sha256 = hashlib.sha256(written.pdf).hexdigest()
    pack.pdf_size_bytes = len(written.pdf)


async def _queue(session: AsyncSession, pack: EvidencePack) -> None:
    # Fair shares, as for imports: a pack ranks below every pack its tenant already has
    # waiting, so one tenant asking again and again delays only its own.
    waiting = await session.scalar(
        select(func.count())
        .select_from(EvidencePack)
        .where(
            col(EvidencePack.tenant_id) == pack.tenant_id,
            col(EvidencePack.id) != pack.id,
            col(EvidencePack.status) == EvidencePackStatus.QUEUED,
        )
    )
    await jobs.enqueue(
        session,
        jobs.WRITE_EVIDENCE_PACK,
        jobs.payload(pack.tenant_id, pack_id=pack.id),
        dedupe_key=f"{jobs.WRITE_EVIDENCE_PACK}:{pack.id}",
        priority=-(waiting or 0),
    )


async def run_job(
    transaction: Transaction, store: BlobStore, tenant_id: UUID, pack_id: UUID
) -> EvidencePackStatus | None:
    """compliance.evidence_pack: write a QUEUED pack; idempotent (a pack no longer QUEUED is
    left be, None). The content is read in one transaction, the files written and stored
    with none open, the pack marked in a second. A database or store failure is raised,
    for the queue to retry."""
    async with transaction(tenant_id) as session:
        pack = await reading.find(session, tenant_id, EvidencePack, pack_id)
        if pack is None or pack.status != EvidencePackStatus.QUEUED:
            return None
        read = await _read(session, pack)
    written = await _render(pack_id, read)
    if written is not None:
        await _keep(store, tenant_id, written)
    async with transaction(tenant_id) as session:
        pack = await reading.find(session, tenant_id, EvidencePack, pack_id, for_update=True)
        if pack is None or pack.status != EvidencePackStatus.QUEUED:
            return None  # another worker finished it meanwhile
        _finish(pack, written)
        await audit.record(session, Actor.system(tenant_id), _finished_action(pack), pack)
        return EvidencePackStatus(pack.status)


def _finished_action(pack: EvidencePack) -> str:
    return (
        "evidence_pack.ready" if pack.status == EvidencePackStatus.READY else "evidence_pack.failed"
    )


async def fail(session: AsyncSession, tenant_id: UUID, pack_id: UUID, reason: str) -> None:
    """The job was given up: a pack still QUEUED is FAILED, with why."""
    pack = await reading.find(session, tenant_id, EvidencePack, pack_id, for_update=True)
    if pack is None or pack.status != EvidencePackStatus.QUEUED:
        return
    pack.status = EvidencePackStatus.FAILED.value
    pack.error = f"tprm could not write it: {reason}."
    pack.completed_at = utcnow()
    await audit.record(session, Actor.system(tenant_id), "evidence_pack.failed", pack)


async def get_pack(session: AsyncSession, actor: Actor, pack_id: UUID) -> EvidencePack:
    """One of the tenant's evidence packs (another tenant's is NOT_FOUND)."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    return await reading.one(
        session, actor.tenant_id, EvidencePack, pack_id, entity="Evidence pack"
    )


async def list_packs(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    """The tenant's evidence packs, newest first."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    statement, newest_first = _packs()
    values = {"tenant_id": actor.tenant_id}
    return await paginate(session, statement, newest_first, page, values=values)


@built_once
def _packs() -> tuple[Select[Any], list[SortKey]]:
    """The list of packs' select (the tenant a parameter: list_packs) and its order; built
    once."""
    statement = select(EvidencePack).where(col(EvidencePack.tenant_id) == bindparam("tenant_id"))
    newest_first = [
        SortKey(col(EvidencePack.created_at), descending=True),
        SortKey(col(EvidencePack.id), descending=True),
    ]
    return statement, newest_first


FORMATS = {"csv": "text/csv", "pdf": "application/pdf"}


async def file_of(session: AsyncSession, actor: Actor, pack_id: UUID, extension: str) -> PackFile:
    """A READY pack's file, `csv` or `pdf`; a pack not READY is PackNotReady (CONFLICT)."""
    pack = await get_pack(session, actor, pack_id)
    sha256 = pack.csv_sha256 if extension == "csv" else pack.pdf_sha256
    size = pack.csv_size_bytes if extension == "csv" else pack.pdf_size_bytes
    if pack.status != EvidencePackStatus.READY or sha256 is None or size is None:
        raise PackNotReady(pack.status)
    return PackFile(pack.tenant_id, sha256, filename(pack, extension), FORMATS[extension], size)


def filename(pack: EvidencePack, extension: str) -> str:
    """What a pack's file is called when downloaded: when it was asked for, to the minute."""
    return f"evidence-pack-{pack.created_at.strftime('%Y%m%d-%H%M')}.{extension}"
