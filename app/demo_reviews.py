"""The demo tenant's periodic reviews, one in every state: a past review COMPLETED (and the
next one, SCHEDULED, overdue), one PENDING_APPROVAL, one CANCELLED and the next IN_PROGRESS.
A second member, a reviewer, prepares or signs off beside the demo's admin."""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.reviews import queries as review_queries
from domain.reviews import schedule
from domain.reviews import service as reviews
from domain.reviews.models import ChecklistStatus, ReviewDecision, ReviewStatus, VendorReview
from domain.shared.actor import Actor
from domain.shared.risk import Tier
from domain.shared.roles import Role
from domain.tenancy import service as tenancy
from domain.vendors import queries as vendor_queries

DEMO_REVIEWER = "riley@demo.example"


async def _scheduled(session: AsyncSession, actor: Actor, domain: str) -> VendorReview:
    vendor = await vendor_queries.by_domain(session, actor.tenant_id, domain)
    assert vendor is not None
    review = await session.scalar(
        select(VendorReview).where(
            col(VendorReview.tenant_id) == actor.tenant_id,
            col(VendorReview.vendor_id) == vendor.id,
            col(VendorReview.status) == ReviewStatus.SCHEDULED,
        )
    )
    assert review is not None
    return review


async def _decided(session: AsyncSession, actor: Actor, review: VendorReview) -> None:
    await reviews.transition(session, actor, review.id, ReviewStatus.IN_PROGRESS, None)
    await reviews.update_review(
        session,
        actor,
        review.id,
        reviews.ReviewChanges.read(
            {
                "decision": ReviewDecision.APPROVED_WITH_CONDITIONS,
                "residual_risk": Tier.MEDIUM,
                "rationale": "Current SOC 2 Type II; one exception in remediation.",
            }
        ),
    )


async def add_demo_reviews(session: AsyncSession, admin: Actor) -> None:
    member = await tenancy.add_member(
        session, admin, DEMO_REVIEWER, "Riley Reviewer", Role.REVIEWER
    )
    riley = Actor(
        tenant_id=admin.tenant_id,
        role=Role.REVIEWER,
        user_id=member.user_id,
        membership_id=member.id,
    )
    # Pixel Print was last reviewed over three years ago: its next review is overdue.
    pixel = await _scheduled(session, admin, "pixelprint.example")
    long_ago = datetime.now(UTC) - timedelta(days=3 * 365 + 40)
    session.add(
        VendorReview(
            tenant_id=admin.tenant_id,
            vendor_id=pixel.vendor_id,
            status=ReviewStatus.COMPLETED,
            due_date=long_ago.date(),
            due_reason="The first review of the vendor.",
            preparer_id=admin.membership_id,
            approver_id=riley.membership_id,
            decision=ReviewDecision.APPROVED,
            residual_risk=Tier.LOW,
            rationale="Office supplies only; no data shared.",
            started_at=long_ago - timedelta(days=7),
            submitted_at=long_ago - timedelta(days=1),
            completed_at=long_ago,
        )
    )
    await session.flush()
    await schedule.plan(session, admin.tenant_id, pixel.vendor_id)
    # Payroll Partners: decided by the admin, waiting for the reviewer's sign-off.
    payroll = await _scheduled(session, admin, "payrollpartners.example")
    await _decided(session, admin, payroll)
    await reviews.add_condition(
        session,
        admin,
        payroll.id,
        "Sign the data processing agreement.",
        admin.membership_id,
        (datetime.now(UTC) + timedelta(days=45)).date(),
    )
    for item in await review_queries.checklist_of(session, admin.tenant_id, payroll.id):
        await reviews.resolve_checklist_item(
            session, admin, item.id, ChecklistStatus.DONE, "Checked against the documents."
        )
    await reviews.transition(session, admin, payroll.id, ReviewStatus.PENDING_APPROVAL, None)
    # Northwind Cloud: one review cancelled, the next being worked by the reviewer.
    northwind = await _scheduled(session, admin, "northwind-cloud.example")
    await reviews.transition(session, riley, northwind.id, ReviewStatus.IN_PROGRESS, None)
    await reviews.transition(
        session,
        riley,
        northwind.id,
        ReviewStatus.CANCELLED,
        "Started before the new SOC 2 report came; starting again with it.",
    )
    again = await _scheduled(session, admin, "northwind-cloud.example")
    await reviews.transition(session, riley, again.id, ReviewStatus.IN_PROGRESS, None)
