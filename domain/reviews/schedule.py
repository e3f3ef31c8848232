"""When a vendor's next review is due, kept in step with the vendor, its reports and the
tenant's cadence.

An ACTIVE vendor has one review ahead of it: SCHEDULED, or being worked (IN_PROGRESS,
PENDING_APPROVAL). A scheduled review is due its cadence after the vendor's last completed
review (or, before the first, after the vendor became ACTIVE): the tenant's months for the
vendor's tier (CRITICAL 12, HIGH 12, MEDIUM 24, LOW 36 by default), or the vendor's own
cadence where a reviewer set one. It is due no later than the day the vendor's SOC report
stops being current: the day it goes stale or its bridge-letter gap opens, the days the
timeliness findings are raised from (domain/findings/rules.py, current_until). A vendor that
is not ACTIVE (OFFBOARDING, TERMINATED, ...) has none scheduled: its scheduled review is
cancelled, saying why.

The schedule is planned again whenever what it depends on changes: the vendor's status or
tier, its reports, the tenant's settings, a review completing or being cancelled. A change
of settings in a tenant with more than INLINE_REPLAN_MAX scheduled reviews is planned by a
worker, in batches, right after it commits.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, func, select

from domain.audit import service as audit
from domain.findings import raising
from domain.findings.rules import add_months
from domain.reviews.models import ReviewCadence, ReviewStatus, VendorReview
from domain.shared import consequences, jobs, reading
from domain.shared.actor import Actor
from domain.soc2.changes import VendorReportsChanged
from domain.tenancy.changes import TenantSettingsChanged
from domain.tenancy.queries import tenant_settings
from domain.vendors.changes import VendorStatusChanged, VendorTierChanged
from domain.vendors.models import Vendor, VendorStatus, VendorStatusChange

IN_WORK = (ReviewStatus.IN_PROGRESS, ReviewStatus.PENDING_APPROVAL)
# A settings change re-plans up to this many scheduled reviews in its own request; more are
# left to a worker (replan_tenant), so one large tenant's change never holds a request long.
INLINE_REPLAN_MAX = 200


@dataclass(frozen=True)
class Due:
    on: date
    reason: str


async def _since(session: AsyncSession, vendor: Vendor) -> date:
    """What the cadence counts from: the last completed review, else the day the vendor
    became ACTIVE, else the day it was added."""
    completed = await session.scalar(
        select(func.max(col(VendorReview.completed_at))).where(
            col(VendorReview.tenant_id) == vendor.tenant_id,
            col(VendorReview.vendor_id) == vendor.id,
            col(VendorReview.status) == ReviewStatus.COMPLETED,
        )
    )
    if completed is not None:
        return completed.date()
    activated = await session.scalar(
        select(func.max(col(VendorStatusChange.changed_at))).where(
            col(VendorStatusChange.tenant_id) == vendor.tenant_id,
            col(VendorStatusChange.vendor_id) == vendor.id,
            col(VendorStatusChange.to_status) == VendorStatus.ACTIVE,
        )
    )
    return (activated or vendor.created_at).date()


async def cadence_months(session: AsyncSession, vendor: Vendor) -> tuple[int, str]:
    """The vendor's months between reviews, and whose they are."""
    own = await session.scalar(
        select(ReviewCadence).where(
            col(ReviewCadence.tenant_id) == vendor.tenant_id,
            col(ReviewCadence.vendor_id) == vendor.id,
        )
    )
    if own is not None:
        return own.months, f"the vendor's own cadence of {own.months} months ({own.reason})"
    months = (await tenant_settings(session, vendor.tenant_id)).review_months(vendor.tier)
    return months, f"every {months} months for a {vendor.tier} vendor"


async def due(session: AsyncSession, vendor: Vendor) -> Due:
    """When the vendor's next review is due, and why then."""
    months, whose = await cadence_months(session, vendor)
    since = await _since(session, vendor)
    on, reason = add_months(since, months), f"Due {whose}, counted from {since.isoformat()}."
    current_until = await raising.current_until_of(session, vendor.tenant_id, vendor.id)
    if current_until is not None and current_until + timedelta(days=1) < on:
        on = current_until + timedelta(days=1)
        reason = (
            f"Due when the vendor's SOC report stops being current ({on.isoformat()}): "
            f"stale, or past its bridge-letter gap. Otherwise {whose}."
        )
    return Due(on, reason)


async def _reviews(
    session: AsyncSession, vendor: Vendor, statuses: tuple[str, ...]
) -> list[VendorReview]:
    rows = await session.execute(
        select(VendorReview)
        .where(
            col(VendorReview.tenant_id) == vendor.tenant_id,
            col(VendorReview.vendor_id) == vendor.id,
            col(VendorReview.status).in_(statuses),
        )
        .with_for_update()
    )
    return list(rows.scalars())


async def plan(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> VendorReview | None:
    """Bring the vendor's schedule in step (see the module's docstring); the review now
    scheduled, if any."""
    system = Actor.system(tenant_id)
    vendor = await reading.find(session, tenant_id, Vendor, vendor_id)
    scheduled = await _reviews(session, vendor, (ReviewStatus.SCHEDULED,)) if vendor else []
    if vendor is None or vendor.status != VendorStatus.ACTIVE:
        for review in scheduled:
            review.status = ReviewStatus.CANCELLED.value
            review.cancelled_at = datetime.now(UTC)
            review.cancel_reason = f"The vendor is {vendor.status if vendor else 'gone'}."
            await audit.record(session, system, "review.cancelled", review)
        return None
    if await _reviews(session, vendor, IN_WORK):
        return None  # the review being worked is the next one; completing it plans again
    next_due = await due(session, vendor)
    if scheduled:
        [review] = scheduled
        if (review.due_date, review.due_reason) != (next_due.on, next_due.reason):
            review.due_date, review.due_reason = next_due.on, next_due.reason
            await audit.record(session, system, "review.rescheduled", review)
        return review
    review = VendorReview(
        tenant_id=tenant_id,
        vendor_id=vendor.id,
        due_date=next_due.on,
        due_reason=next_due.reason,
    )
    session.add(review)
    await session.flush()
    await audit.record(session, system, "review.scheduled", review)
    return review


@consequences.handles(VendorStatusChanged)
async def on_status_changed(session: AsyncSession, change: VendorStatusChanged) -> None:
    await plan(session, change.tenant_id, change.vendor_id)


@consequences.handles(VendorTierChanged)
async def on_tier_changed(session: AsyncSession, change: VendorTierChanged) -> None:
    await plan(session, change.tenant_id, change.vendor_id)


@consequences.handles(VendorReportsChanged)
async def on_reports_changed(session: AsyncSession, change: VendorReportsChanged) -> None:
    await plan(session, change.tenant_id, change.vendor_id)


@consequences.handles(TenantSettingsChanged)
async def on_settings_changed(session: AsyncSession, change: TenantSettingsChanged) -> None:
    """New cadences, timeliness rules or tier thresholds: every scheduled review again."""
    before, after = change.before, change.after
    keys = (
        "review_months_critical",
        "review_months_high",
        "review_months_medium",
        "review_months_low",
        "stale_report_months",
        "bridge_letter_gap_months",
        "tier_critical_min_score",
        "tier_high_min_score",
        "tier_medium_min_score",
    )
    if all(getattr(before, k) == getattr(after, k) for k in keys):
        return
    scheduled = await session.scalar(
        select(func.count()).where(
            col(VendorReview.tenant_id) == change.tenant_id,
            col(VendorReview.status) == ReviewStatus.SCHEDULED,
        )
    )
    if (scheduled or 0) > INLINE_REPLAN_MAX:
        # Too many for one request: a worker plans them in batches, soon after this commits.
        await jobs.enqueue_unless_waiting(
            session, jobs.REPLAN_REVIEWS, jobs.payload(change.tenant_id)
        )
        return
    for vendor_id in await _scheduled_vendors(session, change.tenant_id, None, None):
        await plan(session, change.tenant_id, vendor_id)


async def _scheduled_vendors(
    session: AsyncSession, tenant_id: UUID, after: UUID | None, limit: int | None
) -> list[UUID]:
    """Vendors with a review SCHEDULED, in id order, after `after`."""
    query = (
        select(col(VendorReview.vendor_id))
        .where(
            col(VendorReview.tenant_id) == tenant_id,
            col(VendorReview.status) == ReviewStatus.SCHEDULED,
        )
        .order_by(col(VendorReview.vendor_id))
        .limit(limit)
    )
    if after is not None:
        query = query.where(col(VendorReview.vendor_id) > after)
    return list((await session.scalars(query)).all())


async def replan_tenant(transaction: jobs.Transaction, tenant_id: UUID, batch: int = 200) -> int:
    """`plan` every scheduled review of the tenant, `batch` vendors per transaction: the job
    a settings change of a large tenant queues. How many were planned."""
    planned, after = 0, None
    while True:
        async with transaction(tenant_id) as session:
            vendor_ids = await _scheduled_vendors(session, tenant_id, after, batch)
            for vendor_id in vendor_ids:
                await plan(session, tenant_id, vendor_id)
        planned += len(vendor_ids)
        if len(vendor_ids) < batch:
            return planned
        after = vendor_ids[-1]
