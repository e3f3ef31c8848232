"""Follow-ups: what a vendor is to send by a date that will show one of its findings fixed.

A reviewer schedules one on a finding still being worked (its vendor's next SOC report, a
bridge letter by a date, or something else said in words). It stays EXPECTED until it is
RECEIVED, with a document of that vendor, or CANCELLED, with why; one EXPECTED past its
day is overdue. A follow-up records that the evidence came, not that it proves the fix:
that is the verification's business when the finding is RESOLVED.

When the vendor's reports change (domain.soc2 announces VendorReportsChanged), an EXPECTED
follow-up for a report or bridge letter is received by tprm itself once such a document,
uploaded since it was scheduled, has been read (the latest-ending one, if several); a report
must also be of the kind the finding was raised from and cover a later period, so reading
last year's report again proves nothing.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.documents.service import get_document
from domain.findings import closing, queries
from domain.findings.models import (
    Finding,
    FindingFollowUp,
    FindingStatus,
    FollowUpKind,
    FollowUpStatus,
)
from domain.findings.service import CLOSED, get_finding
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.shared.loading import one_of
from domain.shared.models import today
from domain.shared.pagination import Shape
from domain.shared.policy import Permission
from domain.soc2.models import SocReport
from parsers.soc2.result import SOC_REPORT_KINDS

MAX_EXPECTED = 10  # follow-ups a finding waits for at once


class FollowUpNotExpected(DomainError):
    code = "INVALID_TRANSITION"

    def __init__(self, current: str, to: FollowUpStatus) -> None:
        super().__init__(
            f"A follow-up {current} cannot become {to.value}: only an EXPECTED one is "
            "received or cancelled.",
            "id",
        )


def is_overdue(status: str, due_on: date, on: date) -> bool:
    """Still EXPECTED, and its day has passed."""
    return status == FollowUpStatus.EXPECTED and due_on < on


def can_settle(actor: Actor, status: str) -> bool:
    """Whether `actor` may receive or cancel a follow-up in `status` now."""
    expected = status == FollowUpStatus.EXPECTED
    return expected and policy.allows(actor, Permission.FINDING_WRITE)


def can_schedule(actor: Actor, finding_status: str) -> bool:
    """Whether `actor` may schedule a follow-up on a finding in `finding_status` now."""
    still_worked = FindingStatus(finding_status) not in CLOSED
    return still_worked and policy.allows(actor, Permission.FINDING_WRITE)


def _due_on(value: date, on: date) -> date:
    if value < on:
        raise InvalidInput("dueOn cannot be in the past.", "dueOn")
    if value > date(2100, 12, 31):
        raise InvalidInput("dueOn must be a date before 2101.", "dueOn")
    return value


async def schedule(
    session: AsyncSession,
    actor: Actor,
    finding_id: UUID,
    kind: FollowUpKind,
    due_on: date,
    note: str | None,
) -> FindingFollowUp:
    """Expect, by `due_on`, what will show the finding fixed; on a finding still being
    worked only, and OTHER says what in its note."""
    policy.require(actor, Permission.FINDING_WRITE)
    finding = await get_finding(session, actor, finding_id, for_update=True)
    if FindingStatus(finding.status) in CLOSED:
        raise Conflict(
            f"The finding is {finding.status}: reopen it to expect anything more.", "findingId"
        )
    clean_note = normalize.text(note, "note", 2000, required=kind == FollowUpKind.OTHER)
    waiting = await session.scalar(
        select(func.count()).where(
            col(FindingFollowUp.tenant_id) == actor.tenant_id,
            col(FindingFollowUp.finding_id) == finding.id,
            col(FindingFollowUp.status) == FollowUpStatus.EXPECTED,
        )
    )
    if (waiting or 0) >= MAX_EXPECTED:
        raise Conflict(
            f"A finding waits for at most {MAX_EXPECTED} follow-ups at once: receive or "
            "cancel one first.",
            "findingId",
        )
    follow_up = FindingFollowUp(
        tenant_id=actor.tenant_id,
        finding_id=finding.id,
        vendor_id=finding.vendor_id,
        kind=kind.value,
        due_on=_due_on(due_on, today()),
        note=clean_note,
        created_by_id=actor.membership_id,
    )
    session.add(follow_up)
    await session.flush()
    await audit.record(session, actor, "finding.follow_up_scheduled", follow_up)
    return follow_up


async def _expected(
    session: AsyncSession, actor: Actor, follow_up_id: UUID, to: FollowUpStatus
) -> FindingFollowUp:
    """The follow-up, locked, if it is still EXPECTED."""
    policy.require(actor, Permission.FINDING_WRITE)
    follow_up = await reading.one(
        session,
        actor.tenant_id,
        FindingFollowUp,
        follow_up_id,
        entity="Follow-up",
        field="id",
        for_update=True,
    )
    if follow_up.status != FollowUpStatus.EXPECTED:
        raise FollowUpNotExpected(follow_up.status, to)
    return follow_up


def _mark_received(follow_up: FindingFollowUp, document_id: UUID, how: str | None) -> None:
    follow_up.status = FollowUpStatus.RECEIVED.value
    follow_up.received_document_id = document_id
    follow_up.received_at = datetime.now(UTC)
    follow_up.status_reason = how


async def receive(
    session: AsyncSession, actor: Actor, follow_up_id: UUID, document_id: UUID
) -> FindingFollowUp:
    """Record that the vendor sent what was expected: a document of that vendor."""
    follow_up = await _expected(session, actor, follow_up_id, FollowUpStatus.RECEIVED)
    document = await get_document(session, actor, document_id)
    # Another vendor's document is as missing here as another tenant's.
    if document.vendor_id != follow_up.vendor_id:
        raise NotFound("Document", "documentId")
    _mark_received(follow_up, document.id, None)
    await audit.record(session, actor, "finding.follow_up_received", follow_up)
    return follow_up


async def cancel(
    session: AsyncSession, actor: Actor, follow_up_id: UUID, reason: str
) -> FindingFollowUp:
    """No longer expect it, saying why."""
    follow_up = await _expected(session, actor, follow_up_id, FollowUpStatus.CANCELLED)
    why = normalize.text(reason, "reason", 2000, required=True)
    closing.mark_cancelled(follow_up, why or "")
    await audit.record(session, actor, "finding.follow_up_cancelled", follow_up)
    return follow_up


async def of_vendors(
    session: AsyncSession,
    actor: Actor,
    vendor_ids: Sequence[UUID],
    statuses: Sequence[FollowUpStatus] = (),
    shape: Shape | None = None,
) -> dict[UUID, list[Any]]:
    """Each vendor's follow-ups in any of `statuses` (all when none given), soonest due
    first; each row whole, or as `shape` writes it."""
    policy.require(actor, Permission.FINDING_READ)
    wanted = [status.value for status in statuses]
    return await queries.follow_ups_by_vendor(
        session, actor.tenant_id, vendor_ids, wanted, shape=shape
    )


@dataclass(frozen=True)
class _Arrival:
    """A report or bridge letter of the vendor that was read."""

    document: Document
    kind: str  # as read: SOC1, SOC2, SOC3, BRIDGE_LETTER, UNKNOWN
    end: date | None

    @property
    def is_report(self) -> bool:
        return self.kind in SOC_REPORT_KINDS

    @property
    def is_bridge_letter(self) -> bool:
        return self.document.kind == DocumentKind.BRIDGE_LETTER


def _proves(follow_up: FindingFollowUp, arrival: _Arrival, raised_from: SocReport | None) -> bool:
    """Whether `arrival` is what `follow_up` waits for: a document of its kind uploaded since
    it was scheduled and, for a report, of the finding's report's kind, covering later."""
    if arrival.document.created_at < follow_up.created_at:
        return False
    if follow_up.kind == FollowUpKind.BRIDGE_LETTER:
        return arrival.is_bridge_letter
    if not arrival.is_report:
        return False
    if raised_from is None:
        return True
    earlier = raised_from.period_end or raised_from.as_of
    later = arrival.end is not None and (earlier is None or arrival.end > earlier)
    return arrival.kind == raised_from.kind and later


async def _arrivals(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> list[_Arrival]:
    """The vendor's read reports and bridge letters, latest period first, then newest."""
    rows = await session.execute(
        select(Document, SocReport)
        .join(
            SocReport,
            (col(SocReport.tenant_id) == col(Document.tenant_id))
            & (col(SocReport.document_id) == col(Document.id)),
        )
        .where(
            col(Document.tenant_id) == tenant_id,
            col(Document.vendor_id) == vendor_id,
            col(Document.parse_status) == ParseStatus.PARSED,
            # a reading that needs review proves nothing until a reviewer confirms it
            col(SocReport.review_needed).is_(False),
        )
    )
    arrivals = [
        _Arrival(document, report.kind, report.period_end or report.as_of)
        for document, report in rows.all()
    ]
    arrivals.sort(key=lambda a: (a.end or date.min, a.document.created_at), reverse=True)
    return arrivals


async def _reports_raised_from(
    session: AsyncSession, tenant_id: UUID, finding_ids: list[UUID]
) -> dict[UUID, SocReport]:
    """The report each finding was raised from, where it was raised from one."""
    rows = await session.execute(
        select(col(Finding.id), SocReport)
        .join(
            SocReport,
            (col(SocReport.tenant_id) == col(Finding.tenant_id))
            & (col(SocReport.document_id) == col(Finding.document_id)),
        )
        .where(col(Finding.tenant_id) == tenant_id, one_of(col(Finding.id), finding_ids))
    )
    return {finding_id: report for finding_id, report in rows.all()}


async def receive_arrivals(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> None:
    """Receive the vendor's EXPECTED report and bridge-letter follow-ups that a document
    read since they were scheduled answers (see the module's docstring)."""
    waiting = list(
        (
            await session.execute(
                select(FindingFollowUp)
                .where(
                    col(FindingFollowUp.tenant_id) == tenant_id,
                    col(FindingFollowUp.vendor_id) == vendor_id,
                    col(FindingFollowUp.status) == FollowUpStatus.EXPECTED,
                    col(FindingFollowUp.kind).in_(
                        [FollowUpKind.NEXT_SOC_REPORT, FollowUpKind.BRIDGE_LETTER]
                    ),
                )
                .order_by(col(FindingFollowUp.created_at), col(FindingFollowUp.id))
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalars()
    )
    if not waiting:
        return
    arrivals = await _arrivals(session, tenant_id, vendor_id)
    raised_from = await _reports_raised_from(session, tenant_id, [f.finding_id for f in waiting])
    system = Actor.system(tenant_id)
    for follow_up in waiting:
        arrival = next(
            (a for a in arrivals if _proves(follow_up, a, raised_from.get(follow_up.finding_id))),
            None,
        )
        if arrival is None:
            continue
        what = "bridge letter" if arrival.is_bridge_letter else f"{arrival.kind} report"
        _mark_received(
            follow_up, arrival.document.id, f"Received by tprm: the vendor's {what} was read."
        )
        await audit.record(session, system, "finding.follow_up_received", follow_up)
