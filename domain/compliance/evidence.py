"""Evidence of the tenant's own controls: files that show a control is in place or ran.

A file comes in through the documents area's intake (size limit while it streams, type
sniffed from the bytes, a safe name) and is kept in the same object store, by tenant and
SHA-256. The bytes are stored before the row is written: a failure in between leaves an
unreferenced blob under its digest, which the retry finds there (the same bytes, the same
key), never a row without its bytes. Blobs are shared by every row of the tenant with the
same bytes (a document, another control's evidence), so removing evidence removes its row
only.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance.models import ControlEvidence
from domain.compliance.service import get_control
from domain.documents.intake import ReceivedFile
from domain.documents.storage import BlobStore
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import InvalidInput
from domain.shared.loading import grouped_by, one_of
from domain.shared.policy import Permission

MAX_PER_CONTROL = 50
MAX_NOTE = 2000


@dataclass(frozen=True)
class Attached:
    evidence: ControlEvidence
    duplicate: bool  # the control had these exact bytes already: nothing new was kept


def _note(note: str | None) -> str | None:
    return normalize.text(note, "note", MAX_NOTE)


async def check_attach(
    session: AsyncSession,
    actor: Actor,
    control_id: UUID,
    received: ReceivedFile,
    note: str | None,
    for_update: bool = False,
) -> ControlEvidence | None:
    """Everything `attach` refuses, before a byte is stored (REVIEWER, ADMIN): the control's
    evidence with these very bytes if it has some. `for_update` locks the control, so that
    attaches to it queue and its limit holds."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    control = await get_control(session, actor, control_id, "controlId", for_update=for_update)
    _note(note)
    existing = await _by_sha256(session, actor.tenant_id, control.id, received.sha256)
    if existing is None and await _count(session, actor.tenant_id, control.id) >= MAX_PER_CONTROL:
        raise InvalidInput(
            f"A control keeps at most {MAX_PER_CONTROL} evidence files: remove one first.",
            "controlId",
        )
    return existing


async def attach(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    control_id: UUID,
    received: ReceivedFile,
    note: str | None = None,
    stored: bool = False,
) -> Attached:
    """Keep a file as evidence of a control (REVIEWER, ADMIN), once per control per content;
    `stored`: its bytes are in the object store already (put there before the transaction)."""
    existing = await check_attach(session, actor, control_id, received, note, for_update=True)
    if existing is not None:
        return Attached(existing, duplicate=True)
    if not stored:
        await store.put(actor.tenant_id, received.sha256, received.file)
    # The control is locked (check_attach): no other attach to it can be under way.
    evidence = ControlEvidence(
        tenant_id=actor.tenant_id,
        control_id=control_id,
        filename=received.filename,
        content_type=received.content_type,
        size_bytes=received.size,
        sha256=received.sha256,
        note=_note(note),
        uploaded_by_id=actor.membership_id,
    )
    session.add(evidence)
    await audit.record(session, actor, "control_evidence.attached", evidence)
    return Attached(evidence, duplicate=False)


async def remove(session: AsyncSession, actor: Actor, evidence_id: UUID) -> UUID:
    """Take a file off a control's evidence (REVIEWER, ADMIN); the control's id. The audit
    trail keeps what the file was."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    evidence = await reading.one(
        session,
        actor.tenant_id,
        ControlEvidence,
        evidence_id,
        entity="Evidence",
        field="evidenceId",
        for_update=True,
    )
    await audit.record_fact(
        session,
        actor,
        "control_evidence.removed",
        "ControlEvidence",
        evidence.id,
        control_id=evidence.control_id,
        filename=evidence.filename,
        sha256=evidence.sha256,
    )
    await session.delete(evidence)
    await session.flush()
    return evidence.control_id


async def get_evidence(session: AsyncSession, actor: Actor, evidence_id: UUID) -> ControlEvidence:
    """One evidence file of the tenant's controls (every member); another tenant's is
    NOT_FOUND like a missing one."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    return await reading.one(
        session, actor.tenant_id, ControlEvidence, evidence_id, entity="Evidence"
    )


async def evidence_by_control(
    session: AsyncSession, tenant_id: UUID, control_ids: Sequence[UUID]
) -> dict[UUID, list[ControlEvidence]]:
    """The evidence of each of the controls, oldest first, in one statement."""
    return await grouped_by(
        session,
        ControlEvidence,
        "control_id",
        tenant_id,
        control_ids,
        (col(ControlEvidence.created_at), col(ControlEvidence.id)),
    )


async def counts_by_control(
    session: AsyncSession, tenant_id: UUID, control_ids: Sequence[UUID]
) -> dict[UUID, int]:
    """How many evidence files each of the controls has, in one statement."""
    rows = await session.execute(
        select(col(ControlEvidence.control_id), func.count())
        .where(
            col(ControlEvidence.tenant_id) == tenant_id,
            one_of(col(ControlEvidence.control_id), control_ids),
        )
        .group_by(col(ControlEvidence.control_id))
    )
    return {control_id: count for control_id, count in rows.all()}


async def _by_sha256(
    session: AsyncSession, tenant_id: UUID, control_id: UUID, sha256: str
) -> ControlEvidence | None:
    return await session.scalar(
        select(ControlEvidence).where(
            col(ControlEvidence.tenant_id) == tenant_id,
            col(ControlEvidence.control_id) == control_id,
            col(ControlEvidence.sha256) == sha256,
        )
    )


async def _count(session: AsyncSession, tenant_id: UUID, control_id: UUID) -> int:
    counted = await session.scalar(
        select(func.count())
        .select_from(ControlEvidence)
        .where(
            col(ControlEvidence.tenant_id) == tenant_id,
            col(ControlEvidence.control_id) == control_id,
        )
    )
    return counted or 0
