"""What an evidence pack says, read in a fixed number of statements however many vendors the
tenant has: the vendors in scope, then, for all of them at once, their latest signed-off
reviews, their current SOC reports with the exceptions and the findings raised from them,
their CUEC coverage, their open findings, and the people named.

The vendors in scope are those the tenant uses: ACTIVE ones, and OFFBOARDING ones (they may
still hold its data or access until their offboarding is done). Prospects and vendors still
in onboarding are not used yet; rejected and terminated ones no longer are.

A vendor's current SOC report is its latest read SOC 2 report (the one with the tests and
exceptions an auditor asks about), else its latest read SOC 1 or SOC 3 (latest by period end
or as-of date, as findings decide; domain.soc2.queries). Its CUEC coverage counts every
current report's CUECs, as the coverage page does (domain.compliance.coverage).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from sqlalchemy import Row, case, func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.compliance import coverage
from domain.findings.models import Finding
from domain.findings.queries import OPEN_STATUSES, exception_source_key
from domain.findings.rules import Severity
from domain.reviews.models import ReviewEvidence, ReviewStatus, VendorReview
from domain.shared.loading import one_of
from domain.shared.risk import Tier
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocException, SocReport
from domain.tenancy.queries import get_tenant, members_with_users
from domain.vendors.models import IN_USE, Vendor
from parsers.soc2.result import MODIFIED_OPINIONS, Kind


@dataclass(frozen=True)
class Person:
    """A member as the tenant names them, and their email (how an auditor knows them)."""

    name: str
    email: str

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class SignedReview:
    """A vendor's latest COMPLETED review: when it was signed off, what it decided, by whom."""

    completed_on: date
    decision: str | None
    residual_risk: str | None
    signed_by: Person | None
    prepared_by: Person | None
    evidence_document_ids: frozenset[UUID]


@dataclass(frozen=True)
class HandledException:
    """An exception of the report, with the management response and what the tenant made
    of it: the finding raised from it (its status, grade, owner), or none."""

    control_id: str | None
    criteria: tuple[str, ...]
    result: str
    management_response: str | None
    finding_status: str | None
    finding_grade: str | None
    finding_severity: str | None
    finding_owner: Person | None
    finding_reason: str | None  # why it was moved last: a risk accepted says why here

    @property
    def handling(self) -> str:
        """In words, for a cell or a line of the PDF."""
        if self.finding_status is None:
            return "No finding raised"
        graded = ", ".join(p for p in (self.finding_severity, self.finding_grade) if p)
        owner = f"owner {self.finding_owner}" if self.finding_owner else "no owner"
        why = f"; {self.finding_reason}" if self.finding_reason else ""
        graded = f" ({graded})" if graded else ""
        return f"Finding {self.finding_status}{graded}; {owner}{why}"


@dataclass(frozen=True)
class CurrentReport:
    document_id: UUID
    kind: str
    report_type: str | None
    period_start: date | None
    period_end: date | None
    as_of: date | None
    auditor: str | None
    opinion: str | None
    exceptions: tuple[HandledException, ...]

    @property
    def exceptions_with_finding(self) -> int:
        return sum(1 for e in self.exceptions if e.finding_status is not None)


@dataclass(frozen=True)
class OpenFinding:
    title: str
    severity: str
    status: str
    due_date: date | None
    owner: Person | None


@dataclass(frozen=True)
class VendorEvidence:
    name: str
    domain: str
    tier: str
    status: str
    review: SignedReview | None
    report: CurrentReport | None
    cuecs: coverage.Counts
    open_findings: tuple[OpenFinding, ...]  # the most severe first, then the soonest due

    @property
    def report_attached_to_review(self) -> bool:
        """Whether the signed-off review relied on the current report (attached it)."""
        return (
            self.review is not None
            and self.report is not None
            and self.report.document_id in self.review.evidence_document_ids
        )

    def open_by_severity(self, severity: Severity) -> int:
        return sum(1 for f in self.open_findings if f.severity == severity)


@dataclass(frozen=True)
class Summary:
    """The pack's figures, on its first page."""

    vendors: int
    by_tier: dict[str, int]
    reviewed: int  # with a signed-off review
    reviewed_in_last_year: int  # signed off in the 365 days before the pack
    with_report: int
    modified_opinions: int  # QUALIFIED, ADVERSE or DISCLAIMER
    exceptions: int
    exceptions_with_finding: int
    cuecs: coverage.Counts
    open_by_severity: dict[str, int]  # the most severe first

    @property
    def open_findings(self) -> int:
        return sum(self.open_by_severity.values())


@dataclass(frozen=True)
class PackContent:
    tenant_name: str
    generated_at: datetime
    generated_by: Person | None
    note: str | None
    vendors: tuple[VendorEvidence, ...]  # by name

    def summary(self) -> Summary:
        vendors = self.vendors
        reports = [v.report for v in vendors if v.report is not None]
        reviews = [v.review for v in vendors if v.review is not None]
        year_ago = self.generated_at.date() - timedelta(days=365)
        return Summary(
            vendors=len(vendors),
            by_tier={t.value: sum(1 for v in vendors if v.tier == t) for t in Tier},
            reviewed=len(reviews),
            reviewed_in_last_year=sum(1 for r in reviews if r.completed_on > year_ago),
            with_report=len(reports),
            modified_opinions=sum(1 for r in reports if r.opinion in MODIFIED_OPINIONS),
            exceptions=sum(len(r.exceptions) for r in reports),
            exceptions_with_finding=sum(r.exceptions_with_finding for r in reports),
            cuecs=coverage.Counts(
                sum(v.cuecs.total for v in vendors),
                sum(v.cuecs.mapped for v in vendors),
                sum(v.cuecs.not_applicable for v in vendors),
            ),
            open_by_severity={
                s.value: sum(v.open_by_severity(s) for v in vendors) for s in reversed(Severity)
            },
        )


def _severity_first(finding: Finding) -> tuple[int, date, str]:
    return (-Severity(finding.severity).rank, finding.due_date or date.max, finding.title)


async def _vendors(
    session: AsyncSession, tenant_id: UUID
) -> Sequence[Row[UUID, str, str, str, str]]:
    """The vendors in scope, by name: the columns the pack shows (not the whole record)."""
    rows = await session.execute(
        select(
            col(Vendor.id),
            col(Vendor.name),
            col(Vendor.domain),
            col(Vendor.tier),
            col(Vendor.status),
        )
        .where(col(Vendor.tenant_id) == tenant_id, col(Vendor.status).in_(IN_USE))
        .order_by(col(Vendor.name), col(Vendor.id))
    )
    return rows.all()


async def count_in_scope(session: AsyncSession, tenant_id: UUID) -> int:
    """How many vendors a pack of the tenant would hold now."""
    return (
        await session.scalar(
            select(func.count())
            .select_from(Vendor)
            .where(col(Vendor.tenant_id) == tenant_id, col(Vendor.status).in_(IN_USE))
        )
        or 0
    )


async def _signed_reviews(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, VendorReview]:
    """Each vendor's latest COMPLETED review (an amendment signed off later wins)."""
    rows = await session.scalars(
        select(VendorReview)
        .where(
            col(VendorReview.tenant_id) == tenant_id,
            col(VendorReview.status) == ReviewStatus.COMPLETED,
            one_of(col(VendorReview.vendor_id), vendor_ids),
        )
        .ext(distinct_on(col(VendorReview.vendor_id)))
        .order_by(
            col(VendorReview.vendor_id),
            col(VendorReview.completed_at).desc().nulls_last(),
            col(VendorReview.version).desc(),
            col(VendorReview.id),
        )
    )
    return {review.vendor_id: review for review in rows.all()}


async def _evidence(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, set[UUID]]:
    rows = await session.execute(
        select(col(ReviewEvidence.review_id), col(ReviewEvidence.document_id)).where(
            col(ReviewEvidence.tenant_id) == tenant_id,
            one_of(col(ReviewEvidence.review_id), review_ids),
        )
    )
    attached: dict[UUID, set[UUID]] = {}
    for review_id, document_id in rows.all():
        attached.setdefault(review_id, set()).add(document_id)
    return attached


async def _current_reports(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, SocReport]:
    """Each vendor's latest read SOC 2 report, else its latest SOC 1 or SOC 3."""
    soc2_first = case((col(SocReport.kind) == Kind.SOC2, 0), else_=1)
    rows = await session.scalars(
        soc2_queries.read_reports(tenant_id)
        .where(one_of(col(SocReport.vendor_id), vendor_ids))
        .ext(distinct_on(col(SocReport.vendor_id)))
        .order_by(col(SocReport.vendor_id), soc2_first, *soc2_queries.latest_first())
    )
    return {report.vendor_id: report for report in rows.all()}


async def _exceptions(
    session: AsyncSession, tenant_id: UUID, report_ids: Sequence[UUID]
) -> dict[UUID, list[SocException]]:
    """The live exceptions of each report (dismissed ones left out), in the report's order."""
    rows = await session.scalars(
        select(SocException)
        .where(
            col(SocException.tenant_id) == tenant_id,
            one_of(col(SocException.report_id), report_ids),
            col(SocException.dismissed_at).is_(None),
        )
        .order_by(col(SocException.report_id), col(SocException.position), col(SocException.id))
    )
    grouped: dict[UUID, list[SocException]] = {}
    for exception in rows.all():
        grouped.setdefault(exception.report_id, []).append(exception)
    return grouped


async def _findings_by_key(
    session: AsyncSession, tenant_id: UUID, source_keys: Sequence[str]
) -> dict[str, Finding]:
    rows = await session.scalars(
        select(Finding).where(
            col(Finding.tenant_id) == tenant_id, one_of(col(Finding.source_key), source_keys)
        )
    )
    return {finding.source_key: finding for finding in rows.all()}


async def _open_findings(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[Finding]]:
    rows = await session.scalars(
        select(Finding).where(
            col(Finding.tenant_id) == tenant_id,
            col(Finding.status).in_(OPEN_STATUSES),
            one_of(col(Finding.vendor_id), vendor_ids),
        )
    )
    grouped: dict[UUID, list[Finding]] = {}
    for finding in rows.all():
        grouped.setdefault(finding.vendor_id, []).append(finding)
    return {v: sorted(found, key=_severity_first) for v, found in grouped.items()}


async def _people(
    session: AsyncSession, tenant_id: UUID, member_ids: set[UUID | None]
) -> dict[UUID, Person]:
    found = await members_with_users(session, tenant_id, [m for m in member_ids if m])
    return {m: Person(member.display_name, user.email) for m, (member, user) in found.items()}


async def gather(
    session: AsyncSession,
    tenant_id: UUID,
    generated_at: datetime,
    requested_by_id: UUID | None,
    note: str | None,
) -> PackContent:
    """The pack's content as the database holds it now, in ten statements."""
    tenant = await get_tenant(session, tenant_id)
    vendors = await _vendors(session, tenant_id)
    ids = [v.id for v in vendors]
    reviews = await _signed_reviews(session, tenant_id, ids)
    attached = await _evidence(session, tenant_id, [r.id for r in reviews.values()])
    reports = await _current_reports(session, tenant_id, ids)
    exceptions = await _exceptions(session, tenant_id, [r.id for r in reports.values()])
    document_of = {r.id: r.document_id for r in reports.values()}
    finding_keys = [
        exception_source_key(document_of[e.report_id], e.item_key)
        for found in exceptions.values()
        for e in found
    ]
    raised = await _findings_by_key(session, tenant_id, finding_keys)
    cuecs = await coverage.counts_by_vendor(session, tenant_id, ids)
    open_findings = await _open_findings(session, tenant_id, ids)
    named = {requested_by_id}
    named |= {r.approver_id for r in reviews.values()} | {r.preparer_id for r in reviews.values()}
    named |= {f.owner_id for f in raised.values()}
    named |= {f.owner_id for found in open_findings.values() for f in found}
    people = await _people(session, tenant_id, named)

    def person(member_id: UUID | None) -> Person | None:
        return people.get(member_id) if member_id else None

    def handled(report: SocReport, exception: SocException) -> HandledException:
        finding = raised.get(exception_source_key(report.document_id, exception.item_key))
        return HandledException(
            control_id=exception.control_id,
            criteria=tuple(exception.criteria),
            result=exception.result,
            management_response=exception.management_response,
            finding_status=finding.status if finding else None,
            finding_grade=finding.grade if finding else None,
            finding_severity=finding.severity if finding else None,
            finding_owner=person(finding.owner_id) if finding else None,
            finding_reason=finding.status_reason if finding else None,
        )

    def signed(review: VendorReview | None) -> SignedReview | None:
        if review is None or review.completed_at is None:
            return None
        return SignedReview(
            completed_on=review.completed_at.date(),
            decision=review.decision,
            residual_risk=review.residual_risk,
            signed_by=person(review.approver_id),
            prepared_by=person(review.preparer_id),
            evidence_document_ids=frozenset(attached.get(review.id, set())),
        )

    def current(report: SocReport | None) -> CurrentReport | None:
        if report is None:
            return None
        return CurrentReport(
            document_id=report.document_id,
            kind=report.kind,
            report_type=report.report_type,
            period_start=report.period_start,
            period_end=report.period_end,
            as_of=report.as_of,
            auditor=report.service_auditor,
            opinion=report.opinion,
            exceptions=tuple(handled(report, e) for e in exceptions.get(report.id, [])),
        )

    return PackContent(
        tenant_name=tenant.name if tenant else "",
        generated_at=generated_at,
        generated_by=person(requested_by_id),
        note=note,
        vendors=tuple(
            VendorEvidence(
                name=vendor.name,
                domain=vendor.domain,
                tier=vendor.tier,
                status=vendor.status,
                review=signed(reviews.get(vendor.id)),
                report=current(reports.get(vendor.id)),
                cuecs=cuecs.get(vendor.id, coverage.Counts()),
                open_findings=tuple(
                    OpenFinding(
                        title=f.title,
                        severity=f.severity,
                        status=f.status,
                        due_date=f.due_date,
                        owner=person(f.owner_id),
                    )
                    for f in open_findings.get(vendor.id, [])
                ),
            )
            for vendor in vendors
        ),
    )
