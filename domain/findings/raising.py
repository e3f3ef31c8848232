"""Findings raised by the system from a parsed SOC report, kept in step with re-parses.

After a document is read, the vendor's report is compared with its previous one
(domain/soc2/comparison.py) and the finding rules (domain/findings/rules.py) say
what the tenant must act on. Each finding is keyed by its document and rule key,
so reading the same report again updates findings instead of duplicating them; a
finding the rules no longer call for, still OPEN, is resolved by the system.
Stale-report and bridge-letter findings belong to the vendor's latest report only.

A parse that needs review (the parser may have misread or missed something) gives
no clean conclusion: an empty list or a missing fact may only be unread. So while a
report's review is needed, the system raises and updates findings from it but
resolves none of that report's findings; a report that needs review does not
supersede an older report's stale-report and bridge-letter findings; and a bridge
letter that needs review covers only the dates its uploader gave, not those read
from it. Once a reviewer confirms the report (domain/soc2/review.py), the findings
are reconciled here as for any other report.
"""

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents.models import Document, DocumentKind
from domain.findings import closing, follow_ups, history
from domain.findings.models import DEFAULT_GRADES, Finding, FindingStatus
from domain.findings.rules import (
    BridgeCoverage,
    FindingKind,
    FindingPolicy,
    FindingSpec,
    Severity,
    current_until,
    findings_for,
)
from domain.shared import consequences, reading
from domain.shared.actor import Actor
from domain.shared.risk import Tier
from domain.soc2 import queries as soc2_queries
from domain.soc2.changes import VendorReportsChanged
from domain.soc2.comparison import Comparison, ExceptionFacts, ReportFacts, compare
from domain.soc2.models import SocException, SocReport, SocSubserviceOrganization
from domain.tenancy.queries import tenant_settings
from domain.vendors.models import Vendor

TIMELY_KINDS = frozenset({FindingKind.STALE_REPORT, FindingKind.BRIDGE_LETTER_MISSING})
EVERY_KIND = frozenset(FindingKind)


def _end(report: SocReport) -> date | None:
    return report.period_end or report.as_of


async def _facts(session: AsyncSession, report: SocReport) -> ReportFacts:
    """The report as the rules read it: dismissed items left out."""
    exceptions = (
        await session.execute(
            select(SocException)
            .where(
                col(SocException.tenant_id) == report.tenant_id,
                col(SocException.report_id) == report.id,
                col(SocException.dismissed_at).is_(None),
            )
            .order_by(col(SocException.position))
        )
    ).scalars()
    subservices = (
        await session.execute(
            select(col(SocSubserviceOrganization.name))
            .where(
                col(SocSubserviceOrganization.tenant_id) == report.tenant_id,
                col(SocSubserviceOrganization.report_id) == report.id,
                col(SocSubserviceOrganization.dismissed_at).is_(None),
            )
            .order_by(col(SocSubserviceOrganization.position))
        )
    ).scalars()
    return ReportFacts(
        kind=report.kind,
        report_type=report.report_type,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        opinion=report.opinion,
        categories=frozenset(report.categories),
        exceptions=tuple(
            ExceptionFacts(
                key=e.item_key,
                control_id=e.control_id,
                criteria=tuple(e.criteria),
                control=e.control,
                result=e.result,
                page=e.page,
            )
            for e in exceptions
        ),
        subservice_organizations=tuple(subservices),
    )


async def _vendor_reports(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> list[Any]:
    """The vendor's read SOC reports, latest end first."""
    rows = await session.execute(
        soc2_queries.read_reports(tenant_id).where(col(SocReport.vendor_id) == vendor_id)
    )
    reports = list(rows.scalars())
    reports.sort(key=lambda r: (_end(r) or date.min, r.parsed_at), reverse=True)
    return reports


async def _bridge_letters(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID
) -> list[BridgeCoverage]:
    """What the vendor's bridge letters cover: the uploader's dates, else the parser's."""
    rows = await session.execute(
        select(Document, SocReport)
        .outerjoin(
            SocReport,
            (col(SocReport.tenant_id) == col(Document.tenant_id))
            & (col(SocReport.document_id) == col(Document.id)),
        )
        .where(
            col(Document.tenant_id) == tenant_id,
            col(Document.vendor_id) == vendor_id,
            col(Document.kind) == DocumentKind.BRIDGE_LETTER,
        )
    )
    coverage = []
    for document, parsed in rows.all():
        # Dates read from a letter that needs review are not evidence of coverage yet.
        read = parsed if parsed is not None and not parsed.review_needed else None
        coverage.append(
            BridgeCoverage(
                covers_from=document.period_start or (read.period_start if read else None),
                covers_to=document.period_end or (read.period_end if read else None),
            )
        )
    return coverage


def _comparison_json(
    comparison: Comparison, previous_id: UUID | None, conclusive: bool
) -> dict[str, Any]:
    return {
        "previous_report_id": str(previous_id) if previous_id else None,
        # What is gone (exceptions, categories, subservice organizations) may only be
        # unread when either report needs review: then nothing is concluded from it.
        "conclusive": conclusive,
        "opinion_from": comparison.opinion_from,
        "opinion_to": comparison.opinion_to,
        "opinion_changed": comparison.opinion_changed,
        "categories_added": list(comparison.categories_added),
        "categories_dropped": list(comparison.categories_dropped),
        "subservices_added": list(comparison.subservices_added),
        "subservices_dropped": list(comparison.subservices_dropped),
        "resolved_exceptions": [
            asdict(e) | {"criteria": list(e.criteria)} for e in comparison.resolved
        ],
    }


async def compare_with_previous(
    session: AsyncSession, report: SocReport, reports: list[SocReport]
) -> Comparison:
    """Compare with the vendor's previous report of the same kind; store the outcome."""
    end = _end(report) or date.min
    # `reports` is latest first, so the first earlier one is the previous report.
    earlier = [
        r
        for r in reports
        if r.id != report.id and r.kind == report.kind and (_end(r) or date.max) < end
    ]
    previous = earlier[0] if earlier else None
    facts = await _facts(session, report)
    comparison = compare(facts, await _facts(session, previous) if previous else None)
    for exception in (
        await session.execute(
            select(SocException).where(
                col(SocException.tenant_id) == report.tenant_id,
                col(SocException.report_id) == report.id,
            )
        )
    ).scalars():
        recurrence = comparison.recurrence.get(exception.item_key)
        exception.recurrence = recurrence.value if recurrence else None
        session.add(exception)
    report.previous_report_id = previous.id if previous else None
    conclusive = not (report.review_needed or (previous is not None and previous.review_needed))
    report.comparison = _comparison_json(comparison, report.previous_report_id, conclusive)
    session.add(report)
    await session.flush()
    return comparison


async def raise_for_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID, today: date | None = None
) -> None:
    """Bring the system's findings for every read SOC report of the vendor up to date."""
    today = today or datetime.now(UTC).date()
    vendor = await reading.find(session, tenant_id, Vendor, vendor_id)
    if vendor is None:
        return
    settings = await tenant_settings(session, tenant_id)
    policy = FindingPolicy(
        vendor_tier=Tier(vendor.tier),
        type2_required=settings.soc2_type2_from_tier.reached_by(vendor.tier),
        required_categories=frozenset(settings.required_trust_categories),
        stale_report_months=settings.stale_report_months,
        bridge_letter_gap_months=settings.bridge_letter_gap_months,
    )
    reports = await _vendor_reports(session, tenant_id, vendor_id)
    bridge_letters = await _bridge_letters(session, tenant_id, vendor_id)
    for position, report in enumerate(reports):
        comparison = await compare_with_previous(session, report, reports)
        specs = findings_for(
            await _facts(session, report), comparison, policy, bridge_letters, today
        )
        if position > 0:  # superseded: timeliness is the latest report's business
            specs = [s for s in specs if s.kind not in TIMELY_KINDS]
        await _sync(session, report, specs, _held_open(report, reports[:position]))


async def current_until_of(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> date | None:
    """The last day the vendor's latest read SOC report is current (rules.current_until);
    None when it has none whose period is known."""
    reports = await _vendor_reports(session, tenant_id, vendor_id)
    end = _end(reports[0]) if reports else None
    if end is None:
        return None
    settings = await tenant_settings(session, tenant_id)
    return current_until(
        end,
        await _bridge_letters(session, tenant_id, vendor_id),
        settings.stale_report_months,
        settings.bridge_letter_gap_months,
    )


@consequences.handles(VendorReportsChanged)
async def on_reports_changed(session: AsyncSession, change: VendorReportsChanged) -> None:
    # What the vendor was asked to send is received first: a finding this reading resolves
    # then withdraws only what it still waits for.
    await follow_ups.receive_arrivals(session, change.tenant_id, change.vendor_id)
    await raise_for_vendor(session, change.tenant_id, change.vendor_id)


def _held_open(report: SocReport, newer: list[SocReport]) -> frozenset[FindingKind]:
    """Kinds of the report's findings the system must not resolve, though no longer called for.

    Nothing is concluded from a parse that needs review: not from the report itself, and
    not from a newer report that would supersede its timeliness.
    """
    if report.review_needed:
        return EVERY_KIND
    if newer and all(r.review_needed for r in newer):
        return TIMELY_KINDS
    return frozenset()


async def _sync(
    session: AsyncSession,
    report: SocReport,
    specs: list[FindingSpec],
    held_open: frozenset[FindingKind],
) -> None:
    await reconcile(
        session,
        Keyed(report.tenant_id, report.vendor_id, f"{report.document_id}:", report.document_id),
        specs,
        held_open,
        Resolution(
            "The report no longer calls for it.",
            "A newer reading of the vendor's report no longer calls for it.",
            "A newer reading of the vendor's report calls for it again.",
        ),
    )


@dataclass(frozen=True)
class Keyed:
    """Where a set of system findings comes from: their vendor, the prefix of their source
    keys (a spec's key follows it), and the document they were read from, if one."""

    tenant_id: UUID
    vendor_id: UUID
    prefix: str
    document_id: UUID | None = None


@dataclass(frozen=True)
class Resolution:
    """What a finding resolved because its source no longer calls for it says, and what one
    reopened because its source calls for it again says."""

    reason: str
    verification_note: str
    again: str


def _reopens(finding: Finding, resolution: Resolution, closed_before: datetime | None) -> bool:
    """Whether a RESOLVED finding its source calls for again opens again: when the system
    resolved it (its source no longer called for it then), or when it was resolved before
    `closed_before` (the source's evidence is newer than the resolution)."""
    if finding.status != FindingStatus.RESOLVED:
        return False
    by_system = finding.status_reason == resolution.reason and finding.verified_by_id is None
    closed = finding.closed_at
    return by_system or (
        closed_before is not None and closed is not None and closed < closed_before
    )


async def reconcile(
    session: AsyncSession,
    source: Keyed,
    specs: list[FindingSpec],
    held_open: frozenset[FindingKind],
    resolution: Resolution,
    reopen_closed_before: datetime | None = None,
) -> None:
    """Bring the source's findings in step with `specs`: each raised once and updated after
    (never to a lower severity; reopened as `_reopens` says), and an OPEN one no spec calls
    for any more resolved by the system (unless its kind is held open)."""
    actor = Actor.system(source.tenant_id)
    existing = {
        f.source_key: f
        for f in (
            await session.execute(
                select(Finding).where(
                    col(Finding.tenant_id) == source.tenant_id,
                    col(Finding.source_key).startswith(source.prefix, autoescape=True),
                )
            )
        ).scalars()
    }
    wanted = {source.prefix + spec.key: spec for spec in specs}
    for key, spec in wanted.items():
        finding = existing.get(key)
        if finding is None:
            finding = Finding(
                tenant_id=source.tenant_id,
                vendor_id=source.vendor_id,
                document_id=source.document_id,
                source_key=key,
                kind=spec.kind.value,
                severity=spec.severity.value,
                title=spec.title[:300],
                description=spec.description,
                grade=DEFAULT_GRADES.get(spec.kind),
                owner_id=spec.owner_id,
            )
            session.add(finding)
            await session.flush()
            history.record(session, actor, finding, None)
            await audit.record(session, actor, "finding.raised", finding)
            continue
        finding.kind, finding.title = spec.kind.value, spec.title[:300]
        finding.description = spec.description
        # Reading again never lowers what a person (or a recurrence) raised.
        if spec.severity.rank > Severity(finding.severity).rank:
            finding.severity = spec.severity.value
        if _reopens(finding, resolution, reopen_closed_before):
            finding.status, finding.status_reason = FindingStatus.OPEN.value, resolution.again
            finding.closed_at = finding.verified_at = finding.verified_by_id = None
            finding.verification_note = finding.verification_document_id = None
            history.record(session, actor, finding, FindingStatus.RESOLVED, resolution.again)
            await audit.record(session, actor, "finding.reopened", finding)
        elif session.is_modified(finding):
            await audit.record(session, actor, "finding.updated", finding)
    for key, finding in existing.items():
        if key in wanted or finding.status != FindingStatus.OPEN or finding.kind in held_open:
            continue
        finding.status = FindingStatus.RESOLVED.value
        finding.status_reason = resolution.reason
        finding.closed_at = finding.verified_at = datetime.now(UTC)
        finding.verification_note = resolution.verification_note
        history.record(session, actor, finding, FindingStatus.OPEN, finding.status_reason)
        await audit.record(session, actor, "finding.auto_resolved", finding)
        await closing.withdraw_follow_ups(session, actor, finding)
