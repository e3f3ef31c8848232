"""A tenant whose vendor management an evidence pack can show, built through the services:
vendors in use and not, a SOC report read with an exception worked as a finding, CUECs
covered three ways, and a review signed off by another member than its preparer."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import text

from app.db import Database
from domain.compliance import coverage
from domain.compliance import service as compliance
from domain.findings import service as finding_service
from domain.findings.models import FindingStatus
from domain.findings.queries import exception_source_key
from domain.reviews import queries as review_queries
from domain.reviews import schedule as review_schedule
from domain.reviews import service as review_service
from domain.reviews.models import ChecklistStatus, ReviewDecision, ReviewStatus
from domain.shared.models import today
from domain.shared.pagination import PageRequest
from domain.shared.risk import Tier
from domain.shared.roles import Role
from domain.vendors import service as vendor_service
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    Member,
    actor_of,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
)

PACK = """mutation($input: GenerateEvidencePackInput!) { generateEvidencePack(input: $input) {
  evidencePack { id status note vendorCount error createdAt completedAt
    requestedBy { displayName }
    csv { url filename contentType sizeBytes } pdf { url filename contentType sizeBytes } }
  errors { code field message } } }"""


def recent_extraction() -> dict[str, Any]:
    """SMALL_EXTRACTION over the year that ended a month ago (current, no bridge letter due
    yet), with three CUECs: to map, to hold not applicable, and to leave a gap."""
    end = today() - timedelta(days=30)
    return {
        **SMALL_EXTRACTION,
        "period_start": (end - timedelta(days=364)).isoformat(),
        "period_end": end.isoformat(),
        "report_date": (end + timedelta(days=14)).isoformat(),
        "cuecs": [
            {"text": "Customers review their users.", "criteria": ["CC6.2"], "page": 12},
            {"text": "Customers keep their API keys safe.", "criteria": ["CC6.1"], "page": 12},
            {"text": "Customers watch their alerts.", "criteria": ["CC7.2"], "page": 13},
        ],
    }


@dataclass(frozen=True)
class World:
    admin: Member  # ann, who prepares reviews
    reviewer: Member  # rita, who signs them off and works findings
    viewer: Member
    globex_id: UUID
    report_document_id: UUID


async def sign_off(
    db: Database, preparer: Member, approver: Member, vendor_id: UUID, document_id: UUID
) -> None:
    """The vendor's scheduled review worked by `preparer`, the report attached, APPROVED
    with LOW residual risk, and signed off by `approver`."""
    async with db.transaction(preparer.tenant_id) as session:
        scheduled = await review_schedule.plan(session, preparer.tenant_id, vendor_id)
        assert scheduled is not None
        by = actor_of(preparer)
        review = await review_service.transition(
            session, by, scheduled.id, ReviewStatus.IN_PROGRESS, None
        )
        await review_service.attach_evidence(session, by, review.id, document_id, None)
        await review_service.update_review(
            session,
            by,
            review.id,
            review_service.ReviewChanges(
                decision=ReviewDecision.APPROVED, residual_risk=Tier.LOW, rationale="Fine."
            ),
        )
        for item in await review_queries.checklist_of(session, preparer.tenant_id, review.id):
            await review_service.resolve_checklist_item(
                session, by, item.id, ChecklistStatus.DONE, None
            )
        await review_service.transition(session, by, review.id, ReviewStatus.PENDING_APPROVAL, None)
        await review_service.transition(
            session, actor_of(approver), review.id, ReviewStatus.COMPLETED, None
        )


async def set_status(db: Database, vendor_id: UUID, status: VendorStatus) -> None:
    """The vendor's status as its lifecycle would have left it (set directly)."""
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendors SET status = :s WHERE id = :v"), {"s": status, "v": vendor_id}
        )


async def make_world(db: Database, name: str = "Acme") -> World:
    domain = name.lower()
    admin = await make_tenant(db, name, f"ann@{domain}.example")
    reviewer = await make_member(db, admin.tenant_id, f"rita@{domain}.example", Role.REVIEWER)
    viewer = await make_member(db, admin.tenant_id, f"vic@{domain}.example", Role.VIEWER)
    globex = await make_vendor(db, admin, "Globex Cloud", status=VendorStatus.ACTIVE)
    report = await make_read_report(db, admin, globex.id, recent_extraction())
    initech = await make_vendor(db, admin, "Initech Payroll", status=VendorStatus.ACTIVE)
    # not in use, whatever they hold: a terminated vendor with a report, and a prospect
    hooli = await make_vendor(db, admin, "Hooli", status=VendorStatus.ACTIVE)
    await make_read_report(db, admin, hooli.id, recent_extraction())
    await make_vendor(db, admin, "Prospect Co")
    async with db.transaction(admin.tenant_id) as session:
        by = actor_of(admin)
        await vendor_service.transition(
            session, by, initech.id, VendorStatus.OFFBOARDING, "Replaced."
        )
        control = await compliance.create_control(
            session,
            by,
            compliance.NewControl("AC-01", "Access reviews", criteria=("CC6.2",)),
        )
        cuecs = (
            await coverage.list_items(session, by, globex.id, None, PageRequest(first=10))
        ).rows
        mapped, not_applicable, _gap = cuecs
        await coverage.map_to_controls(session, by, mapped.id, [control.id])
        await coverage.mark_not_applicable(session, by, not_applicable.id, "No API keys.")
        # the exception's finding, given to rita and being remediated
        exception_item = await session.scalar(
            text("SELECT item_key FROM soc_exceptions WHERE report_id = :r"), {"r": report.id}
        )
        finding_id = await session.scalar(
            text("SELECT id FROM findings WHERE source_key = :k"),
            {"k": exception_source_key(report.document_id, exception_item)},
        )
        await finding_service.update_finding(
            session,
            actor_of(reviewer),
            finding_id,
            finding_service.FindingChanges.read(
                {"owner_id": reviewer.membership_id, "due_date": date(2099, 1, 31)}
            ),
        )
        await finding_service.transition(
            session, actor_of(reviewer), finding_id, FindingStatus.IN_REMEDIATION, None
        )
    await sign_off(db, admin, reviewer, globex.id, report.document_id)
    await set_status(db, hooli.id, VendorStatus.TERMINATED)
    return World(admin, reviewer, viewer, globex.id, report.document_id)
