"""Ending a vendor relationship: when a vendor starts OFFBOARDING it owes a checklist
(access revoked; data returned or deleted, shown by a certificate document; contract
ended), and it becomes TERMINATED only once each step is DONE or WAIVED with why.

The vendors area announces the move (VendorStatusChanged); this area acts on it in the
same transaction, and refuses the move to TERMINATED while a step is pending: the refusal
rolls the move back with it.
"""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents.service import get_document
from domain.reviews.models import OffboardingItem, OffboardingKind, OffboardingStatus
from domain.shared import consequences, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import InvalidInput
from domain.shared.policy import Permission
from domain.vendors.changes import VendorStatusChanged
from domain.vendors.errors import RequirementsPending
from domain.vendors.models import VendorStatus


async def items_of(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID
) -> list[OffboardingItem]:
    rows = await session.execute(
        select(OffboardingItem)
        .where(
            col(OffboardingItem.tenant_id) == tenant_id,
            col(OffboardingItem.vendor_id) == vendor_id,
        )
        .order_by(col(OffboardingItem.created_at), col(OffboardingItem.kind))
    )
    return list(rows.scalars())


@consequences.handles(VendorStatusChanged)
async def on_status_changed(session: AsyncSession, change: VendorStatusChanged) -> None:
    if change.after == VendorStatus.OFFBOARDING:
        have = {item.kind for item in await items_of(session, change.tenant_id, change.vendor_id)}
        for kind in OffboardingKind:
            if kind.value not in have:
                session.add(
                    OffboardingItem(
                        tenant_id=change.tenant_id, vendor_id=change.vendor_id, kind=kind
                    )
                )
        await session.flush()
    elif change.after == VendorStatus.TERMINATED:
        pending = [
            item.kind
            for item in await items_of(session, change.tenant_id, change.vendor_id)
            if item.status == OffboardingStatus.PENDING
        ]
        if pending:
            raise RequirementsPending(pending, "Finish or waive offboarding first", "to")


async def resolve(
    session: AsyncSession,
    actor: Actor,
    item_id: UUID,
    status: OffboardingStatus,
    note: str | None,
    document_id: UUID | None,
) -> OffboardingItem:
    """Mark an offboarding step DONE (data returned or deleted: with its certificate),
    WAIVED with why, or PENDING again."""
    policy.require(actor, Permission.VENDOR_WRITE)
    item = await reading.one(
        session,
        actor.tenant_id,
        OffboardingItem,
        item_id,
        entity="Offboarding item",
        field="itemId",
        for_update=True,
    )
    clean = normalize.text(note, "note", 2000, required=status == OffboardingStatus.WAIVED)
    if document_id is not None:
        document = await get_document(session, actor, document_id)
        if document.vendor_id != item.vendor_id:
            raise InvalidInput("The document belongs to another vendor.", "documentId")
    needs_certificate = item.kind == OffboardingKind.DATA_RETURNED_OR_DELETED
    if status == OffboardingStatus.DONE and needs_certificate and document_id is None:
        raise InvalidInput(
            "Data returned or deleted is shown by its certificate: give the document.",
            "documentId",
        )
    pending = status == OffboardingStatus.PENDING
    item.status, item.note, item.document_id = status.value, clean, document_id
    item.resolved_by_id = None if pending else actor.membership_id
    item.resolved_at = None if pending else datetime.now(UTC)
    await audit.record(session, actor, "vendor.offboarding_item_resolved", item)
    return item
