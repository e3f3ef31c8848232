"""Exceptions of the vendors' reports by control domain (domain.compliance.exception_domains
decides each; a reviewer may say otherwise): a reviewer's word, the trends across the
tenant's vendors, and the domains that recur at a vendor from one report to the next."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance.exception_domains import Classification, ExceptionDomain, classify
from domain.compliance.models import ExceptionDomainOverride
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocException, SocReport
from parsers.soc2.result import Kind


async def classifications(
    session: AsyncSession, tenant_id: UUID, exceptions: Sequence[SocException]
) -> dict[UUID, tuple[Classification, bool]]:
    """Each exception's domain, and whether a reviewer set it."""
    said = {
        row.exception_id: row
        for row in (
            await session.scalars(
                select(ExceptionDomainOverride).where(
                    col(ExceptionDomainOverride.tenant_id) == tenant_id,
                    col(ExceptionDomainOverride.exception_id).in_([e.id for e in exceptions]),
                )
            )
        ).all()
    }
    found = {}
    for e in exceptions:
        override = said.get(e.id)
        if override is not None:
            found[e.id] = (
                Classification(ExceptionDomain(override.domain), "set by a reviewer"),
                True,
            )
        else:
            found[e.id] = (classify(e.control, e.result, list(e.criteria)), False)
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


async def _exceptions_of(
    session: AsyncSession, tenant_id: UUID, report_ids: Sequence[UUID]
) -> list[SocException]:
    rows = await session.scalars(
        select(SocException).where(
            col(SocException.tenant_id) == tenant_id,
            col(SocException.report_id).in_(list(report_ids)),
            col(SocException.dismissed_at).is_(None),
        )
    )
    return list(rows.all())


async def trends(session: AsyncSession, actor: Actor) -> Trends:
    """Across the tenant's vendors: how many have exceptions of each domain in their current
    SOC 2 report, and at how many the domain recurs from their report before."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    tenant_id = actor.tenant_id
    ranked = (
        await session.execute(
            soc2_queries.read_reports(tenant_id, col(SocReport.id), col(SocReport.vendor_id))
            .where(col(SocReport.kind) == Kind.SOC2)
            .order_by(col(SocReport.vendor_id), *soc2_queries.latest_first())
        )
    ).all()
    current: dict[UUID, UUID] = {}
    previous: dict[UUID, UUID] = {}
    for report_id, vendor_id in ranked:
        if vendor_id not in current:
            current[vendor_id] = report_id
        elif vendor_id not in previous:
            previous[vendor_id] = report_id
    exceptions = await _exceptions_of(session, tenant_id, [*current.values(), *previous.values()])
    decided = await classifications(session, tenant_id, exceptions)
    vendor_of = {r: v for v, r in current.items()} | {r: v for v, r in previous.items()}
    now: dict[ExceptionDomain, set[UUID]] = defaultdict(set)
    before: dict[ExceptionDomain, set[UUID]] = defaultdict(set)
    counted: dict[ExceptionDomain, int] = defaultdict(int)
    for e in exceptions:
        domain = decided[e.id][0].domain
        vendor = vendor_of[e.report_id]
        if current.get(vendor) == e.report_id:
            now[domain].add(vendor)
            counted[domain] += 1
        else:
            before[domain].add(vendor)
    found = [
        DomainTrend(d, len(vendors), counted[d], len(vendors & before[d]))
        for d, vendors in now.items()
    ]
    found.sort(key=lambda t: (-t.vendors, -t.exceptions, t.domain.value))
    return Trends(len(current), tuple(found))
