"""Exceptions of the vendors' reports by control domain (domain.compliance.exception_domains
decides each; a reviewer may say otherwise): a reviewer's word, the trends across the
tenant's vendors, and the domains that recur at a vendor from one report to the next."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.audit import service as audit
from domain.compliance.exception_domains import Classification, ExceptionDomain, classify
from domain.compliance.models import ExceptionDomainOverride
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.loading import one_of
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocException, SocReport
from parsers.soc2.result import Kind


async def classifications(
    session: AsyncSession, tenant_id: UUID, exception_ids: Sequence[UUID]
) -> dict[UUID, tuple[Classification, bool]]:
    """Each exception's domain, and whether a reviewer set it: one statement for any number
    (the exception, its report's period for the numbering of its criteria, any override)."""
    rows = await session.execute(
        select(
            col(SocException.id),
            col(SocException.control),
            col(SocException.result),
            col(SocException.criteria),
            func.coalesce(col(SocReport.period_end), col(SocReport.as_of)),
            col(ExceptionDomainOverride.domain),
        )
        .join(
            SocReport,
            (col(SocReport.tenant_id) == col(SocException.tenant_id))
            & (col(SocReport.id) == col(SocException.report_id)),
        )
        .outerjoin(
            ExceptionDomainOverride,
            (col(ExceptionDomainOverride.tenant_id) == col(SocException.tenant_id))
            & (col(ExceptionDomainOverride.exception_id) == col(SocException.id)),
        )
        .where(
            col(SocException.tenant_id) == tenant_id,
            one_of(col(SocException.id), list(exception_ids)),
        )
    )
    found = {}
    for exception_id, control, result, criteria, ended, said in rows.all():
        if said:
            found[exception_id] = (
                Classification(ExceptionDomain(said), "set by a reviewer"),
                True,
            )
        else:
            found[exception_id] = (classify(control, result, list(criteria), ended), False)
    return found


async def set_domain(
    session: AsyncSession,
    actor: Actor,
    exception_id: UUID,
    domain: ExceptionDomain | None,
    reason: str | None,
) -> SocException:
    """A reviewer's word on an exception's domain (None: back to the rules)."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    exception = await reading.one(
        session,
        actor.tenant_id,
        SocException,
        exception_id,
        entity="Exception",
        field="exceptionId",
        for_update=True,
    )
    why = normalize.text(reason, "reason", 2000)
    current = await session.scalar(
        select(ExceptionDomainOverride).where(
            col(ExceptionDomainOverride.tenant_id) == actor.tenant_id,
            col(ExceptionDomainOverride.exception_id) == exception.id,
        )
    )
    if domain is None:
        if current is not None:
            await audit.record_fact(
                session,
                actor,
                "exception_domain.cleared",
                "ExceptionDomainOverride",
                current.id,
                exceptionId=str(exception.id),
            )
            await session.delete(current)
        return exception
    row = current or ExceptionDomainOverride(
        tenant_id=actor.tenant_id, exception_id=exception.id, domain=domain.value
    )
    row.domain, row.reason, row.set_by_id = domain.value, why, actor.membership_id
    session.add(row)
    await session.flush()
    await audit.record(session, actor, "exception_domain.set", row)
    return exception


@dataclass(frozen=True)
class DomainTrend:
    domain: ExceptionDomain
    vendors: int  # with an exception of the domain in their current reports
    exceptions: int
    recurring_vendors: int  # of them, with one of the domain in their previous report too


@dataclass(frozen=True)
class Trends:
    vendors_with_reports: int
    domains: tuple[DomainTrend, ...]  # those that occur, most vendors first


async def trends(session: AsyncSession, actor: Actor) -> Trends:
    """Across the tenant's vendors: how many have exceptions of each domain in their current
    SOC 2 report, and at how many the domain recurs from that report's previous one (the
    report before it in period, as findings compare them). One statement reads the live
    exceptions of both, with any reviewer's word; the rules classify the rest."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    tenant_id = actor.tenant_id
    current = soc2_queries.latest_reports_of_each_kind(tenant_id, (Kind.SOC2,)).subquery()
    previous = (
        select(col(SocReport.previous_report_id).label("id"), col(SocReport.vendor_id))
        .where(
            col(SocReport.tenant_id) == tenant_id,
            col(SocReport.id).in_(select(current.c.id)),
            col(SocReport.previous_report_id).is_not(None),
        )
        .subquery()
    )
    reports = (
        select(current.c.id, current.c.vendor_id, literal(True).label("now"))
        .union_all(select(previous.c.id, previous.c.vendor_id, literal(False)))
        .subquery()
    )
    rows = await session.execute(
        select(
            reports.c.vendor_id,
            reports.c.now,
            col(SocException.control),
            col(SocException.result),
            col(SocException.criteria),
            col(SocReport.period_end),
            col(ExceptionDomainOverride.domain),
        )
        .join(
            SocException,
            (col(SocException.tenant_id) == tenant_id)
            & (col(SocException.report_id) == reports.c.id),
        )
        .join(
            SocReport,
            (col(SocReport.tenant_id) == tenant_id) & (col(SocReport.id) == reports.c.id),
        )
        .outerjoin(
            ExceptionDomainOverride,
            (col(ExceptionDomainOverride.tenant_id) == tenant_id)
            & (col(ExceptionDomainOverride.exception_id) == col(SocException.id)),
        )
        .where(col(SocException.dismissed_at).is_(None))
    )
    now: dict[ExceptionDomain, set[UUID]] = defaultdict(set)
    before: dict[ExceptionDomain, set[UUID]] = defaultdict(set)
    counted: dict[ExceptionDomain, int] = defaultdict(int)
    for vendor_id, is_now, control, result, criteria, period_end, said in rows.all():
        domain = (
            ExceptionDomain(said)
            if said
            else classify(control, result, list(criteria), period_end).domain
        )
        if is_now:
            now[domain].add(vendor_id)
            counted[domain] += 1
        else:
            before[domain].add(vendor_id)
    vendors = await session.scalar(select(func.count()).select_from(current))
    found = [DomainTrend(d, len(at), counted[d], len(at & before[d])) for d, at in now.items()]
    found.sort(key=lambda t: (-t.vendors, -t.exceptions, t.domain.value))
    return Trends(int(vendors or 0), tuple(found))
