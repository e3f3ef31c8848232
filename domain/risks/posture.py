"""The tenant's posture on one dashboard, read in a fixed number of statements whatever the
tenant's size:

- the OPEN risks by heat-map cell (current and inherent rating), by band, how many are
  overdue (an expired acceptance, or a review past its date), and the largest of them;
- the work overdue: vendor reviews and findings past their due dates, and the open findings;
- how the CUECs of the vendors' current reports are covered;
- the vendors in use (ACTIVE or OFFBOARDING) whose current SOC report (their latest read
  SOC 1, 2 or 3, as findings decide it) has a modified opinion (QUALIFIED, ADVERSE or
  DISCLAIMER), is stale (its period ended longer ago than the tenant's
  `stale_report_months`; a report with no end read is not), or who have none read;
- the exceptions of the vendors' current SOC 2 reports by control domain.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.compliance import coverage, exception_trends
from domain.findings import queries as finding_queries
from domain.reviews import queries as review_queries
from domain.reviews.models import VendorReview
from domain.risks.models import Risk, RiskStatus
from domain.risks.queries import (
    acceptance_expired,
    current_impact,
    current_likelihood,
    current_score,
    review_overdue,
)
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.errors import InvalidInput
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocReport
from domain.tenancy.queries import tenant_settings
from domain.vendors.models import IN_USE, Vendor
from parsers.soc2.result import MODIFIED_OPINIONS

MAX_TOP = 20
VENDORS_NAMED = 20  # of each list of vendors; the counts count them all

Cell = tuple[int, int]  # likelihood, impact


@dataclass(frozen=True)
class ReportStanding:
    """The vendors in use by their current report: how many, and the first by name."""

    in_use: int
    modified_opinion: int
    stale: int
    without_report: int
    modified_opinion_vendors: tuple[Vendor, ...]
    stale_vendors: tuple[Vendor, ...]


@dataclass(frozen=True)
class Posture:
    current_cells: Counter[Cell]
    inherent_cells: Counter[Cell]
    open_risks: int
    overdue_risks: int
    top_risks: tuple[Risk, ...]
    overdue_reviews: int
    open_findings: int
    overdue_findings: int
    coverage: coverage.Counts
    reports: ReportStanding
    exceptions: exception_trends.Trends


async def _risk_cells(
    session: AsyncSession, tenant_id: UUID, on: date
) -> tuple[Counter[Cell], Counter[Cell], int]:
    rows = await session.execute(
        select(
            current_likelihood(),
            current_impact(),
            col(Risk.inherent_likelihood),
            col(Risk.inherent_impact),
            func.count(),
            func.count().filter(acceptance_expired(on) | review_overdue(on)),
        )
        .where(col(Risk.tenant_id) == tenant_id, col(Risk.status) == RiskStatus.OPEN)
        .group_by(
            current_likelihood(),
            current_impact(),
            col(Risk.inherent_likelihood),
            col(Risk.inherent_impact),
        )
    )
    current: Counter[Cell] = Counter()
    inherent: Counter[Cell] = Counter()
    overdue = 0
    for likelihood, impact, inherent_l, inherent_i, n, late in rows.all():
        current[(likelihood, impact)] += n
        inherent[(inherent_l, inherent_i)] += n
        overdue += late
    return current, inherent, overdue


async def _top_risks(session: AsyncSession, tenant_id: UUID, top: int) -> tuple[Risk, ...]:
    rows = await session.scalars(
        select(Risk)
        .where(col(Risk.tenant_id) == tenant_id, col(Risk.status) == RiskStatus.OPEN)
        .order_by(current_score().desc(), col(Risk.created_at).desc(), col(Risk.id))
        .limit(top)
    )
    return tuple(rows.all())


async def _overdue_reviews(session: AsyncSession, tenant_id: UUID, on: date) -> int:
    found = await session.scalar(
        select(func.count()).where(
            col(VendorReview.tenant_id) == tenant_id, review_queries.is_overdue(on)
        )
    )
    return int(found or 0)


async def _reports(
    session: AsyncSession, tenant_id: UUID, on: date, stale_months: int
) -> ReportStanding:
    latest = (
        soc2_queries.read_reports(
            tenant_id,
            col(SocReport.vendor_id),
            col(SocReport.opinion),
            func.coalesce(col(SocReport.period_end), col(SocReport.as_of)).label("ended"),
        )
        .ext(distinct_on(col(SocReport.vendor_id)))
        .order_by(col(SocReport.vendor_id), *soc2_queries.latest_first())
        .subquery()
    )
    modified = latest.c.opinion.in_([o.value for o in MODIFIED_OPINIONS])
    # the findings' rule: stale once today is later than the end plus the months (month
    # ends clamped, as PostgreSQL adds months)
    stale = latest.c.ended + func.make_interval(0, stale_months) < on
    standing = (
        select(modified.label("modified"), stale.label("stale"), latest.c.vendor_id)
        .select_from(Vendor)
        .outerjoin(latest, latest.c.vendor_id == col(Vendor.id))
        .where(col(Vendor.tenant_id) == tenant_id, col(Vendor.status).in_(IN_USE))
        .subquery()
    )
    counts = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(standing.c.modified),
                func.count().filter(standing.c.stale),
                func.count().filter(standing.c.vendor_id.is_(None)),
            ).select_from(standing)
        )
    ).one()

    async def first_named(condition: Any) -> tuple[Vendor, ...]:
        rows = await session.scalars(
            select(Vendor)
            .join(latest, latest.c.vendor_id == col(Vendor.id))
            .where(col(Vendor.tenant_id) == tenant_id, col(Vendor.status).in_(IN_USE), condition)
            .order_by(col(Vendor.name), col(Vendor.id))
            .limit(VENDORS_NAMED)
        )
        return tuple(rows.all())

    return ReportStanding(
        in_use=counts[0],
        modified_opinion=counts[1],
        stale=counts[2],
        without_report=counts[3],
        modified_opinion_vendors=await first_named(modified),
        stale_vendors=await first_named(stale),
    )


async def posture(session: AsyncSession, actor: Actor, top: int = 5) -> Posture:
    """The tenant's posture now (see the module's docstring); `top` largest risks."""
    policy.require(actor, Permission.RISK_READ)
    if not 0 <= top <= MAX_TOP:
        raise InvalidInput(f"topRisks must be between 0 and {MAX_TOP}.", "topRisks")
    tenant_id, on = actor.tenant_id, today()
    settings = await tenant_settings(session, tenant_id)
    current, inherent, overdue = await _risk_cells(session, tenant_id, on)
    findings = await finding_queries.counts(
        session, tenant_id, finding_queries.FindingFilter(today=on)
    )
    return Posture(
        current_cells=current,
        inherent_cells=inherent,
        open_risks=sum(current.values()),
        overdue_risks=overdue,
        top_risks=await _top_risks(session, tenant_id, top),
        overdue_reviews=await _overdue_reviews(session, tenant_id, on),
        open_findings=findings.open,
        overdue_findings=findings.overdue,
        coverage=await coverage.counts(session, actor, None),
        reports=await _reports(session, tenant_id, on, settings.stale_report_months),
        exceptions=await exception_trends.trends(session, actor),
    )
