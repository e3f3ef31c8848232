"""CUEC coverage: what the tenant does about each complementary user entity control of its
vendors' current SOC reports. A CUEC is MAPPED to one or more of the tenant's own controls,
NOT_APPLICABLE (with why), or a GAP (no decision yet, or its controls since removed).

Only the CUECs of each vendor's current reports count: its latest read SOC 2 report and its
latest read SOC 1 report (each current in its own right: a SOC 3 has no CUECs), dismissed
CUECs left out.

Carry-over: when a vendor's report is read (or re-read), each CUEC of its current reports
without a decision takes the decision on the same CUEC of the vendor's earlier reports, the
latest first. The same CUEC is one whose text is the same once case-folded, with everything
but letters and digits (of any script) and runs of spaces made one space, and whose
criteria are the same set. The decision names the CUEC it was carried from; a person may
change it like any other, and one a person undid (clearCuecCoverage) stays undone.

Gaps as findings: once the tenant keeps its controls in tprm (one at least), each GAP of a
vendor's current report is a CUEC_GAP finding at the vendor, on the tenant's side: given to
the owner of the control best fit to cover it, resolved by the system once the CUEC is
mapped or held not applicable (raise_gaps). Gaps are said again when a report is read, a
decision is taken or undone, or a control is removed.

Suggestions for a CUEC: the tenant's controls that share one of its criteria (every control
when the CUEC names none), ranked by score = 60 x (how alike the texts are: rapidfuzz's
token set ratio, case and punctuation ignored, of the CUEC's text against the control's
title and the first 300 characters of its description, 0-1) + 40 x (the share of the
CUEC's criteria the control meets), best first, ties by reference; each says why (the
criteria shared, how alike the texts are). A gap's finding goes to the owner of the best
control only when it scores 50 or more.
"""

import enum
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process
from sqlalchemy import Select, and_, bindparam, delete, exists, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from domain.audit import service as audit
from domain.compliance.models import Control, CoverageStatus, CuecControl, CuecCoverage
from domain.findings import raising
from domain.findings.models import Finding, FindingStatus
from domain.findings.rules import FindingKind, FindingSpec, Severity
from domain.shared import consequences, normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import DomainErrors, InvalidInput, NotFound
from domain.shared.jobs import Transaction
from domain.shared.loading import one_of
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.changes import VendorReportsChanged
from domain.soc2.models import SocCuec, SocReport
from parsers.soc2.result import Kind

MAX_CONTROLS = 20
SUGGESTIONS = 5


class CoverageState(enum.StrEnum):
    MAPPED = "MAPPED"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    GAP = "GAP"


@dataclass
class Held:
    """A CUEC's decision and the controls of it."""

    coverage: CuecCoverage | None = None
    control_ids: list[UUID] = field(default_factory=list)

    @property
    def state(self) -> CoverageState:
        if self.coverage is None:
            return CoverageState.GAP
        if self.coverage.status == CoverageStatus.NOT_APPLICABLE:
            return CoverageState.NOT_APPLICABLE
        mapped = self.coverage.status == CoverageStatus.MAPPED and self.control_ids
        return CoverageState.MAPPED if mapped else CoverageState.GAP


# The kinds of report that carry CUECs (a SOC 3 is a summary without them).
CUEC_KINDS = (Kind.SOC2, Kind.SOC1)


def _current_reports(tenant_id: UUID | ColumnElement[UUID]) -> Select[Any]:
    return soc2_queries.latest_reports_of_each_kind(tenant_id, CUEC_KINDS)


def _current_cuecs(tenant_id: UUID | ColumnElement[UUID]) -> ColumnElement[bool]:
    """Whether a CUEC row is a live item of one of its vendor's current reports."""
    current = _current_reports(tenant_id).subquery()
    return and_(
        col(SocCuec.tenant_id) == tenant_id,
        col(SocCuec.dismissed_at).is_(None),
        col(SocCuec.report_id).in_(select(current.c.id)),
    )


def _mapped() -> ColumnElement[bool]:
    return exists().where(
        col(CuecCoverage.tenant_id) == col(SocCuec.tenant_id),
        col(CuecCoverage.cuec_id) == col(SocCuec.id),
        col(CuecCoverage.status) == CoverageStatus.MAPPED,
        exists().where(
            col(CuecControl.tenant_id) == col(CuecCoverage.tenant_id),
            col(CuecControl.coverage_id) == col(CuecCoverage.id),
        ),
    )


def _not_applicable() -> ColumnElement[bool]:
    return exists().where(
        col(CuecCoverage.tenant_id) == col(SocCuec.tenant_id),
        col(CuecCoverage.cuec_id) == col(SocCuec.id),
        col(CuecCoverage.status) == CoverageStatus.NOT_APPLICABLE,
    )


def _in_state(state: CoverageState) -> ColumnElement[bool]:
    if state == CoverageState.MAPPED:
        return _mapped()
    if state == CoverageState.NOT_APPLICABLE:
        return _not_applicable()
    return ~or_(_mapped(), _not_applicable())


async def list_items(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID | None,
    state: CoverageState | None,
    page: PageRequest,
) -> Page:
    """The CUECs of the vendors' current reports (of one vendor, in one state, when asked),
    by vendor and the report's order."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    query, order = _items(vendor_id is not None, state)
    values = {"tenant_id": actor.tenant_id, "vendor_id": vendor_id}
    return await paginate(session, query, order, page, values=values)


@built_once
def _items(vendor: bool, state: CoverageState | None) -> tuple[Select[Any], tuple[Any, ...]]:
    """The list of CUECs' select for the criteria given (their values parameters:
    list_items) and its order; built once for each form."""
    query = select(SocCuec).where(_current_cuecs(bindparam("tenant_id")))
    if vendor:
        query = query.join(
            SocReport,
            (col(SocReport.tenant_id) == col(SocCuec.tenant_id))
            & (col(SocReport.id) == col(SocCuec.report_id)),
        ).where(col(SocReport.vendor_id) == bindparam("vendor_id"))
    if state is not None:
        query = query.where(_in_state(state))
    order = (col(SocCuec.report_id), col(SocCuec.position), col(SocCuec.id))
    return query, order


@dataclass(frozen=True)
class Counts:
    total: int = 0
    mapped: int = 0
    not_applicable: int = 0

    @property
    def gaps(self) -> int:
        return self.total - self.mapped - self.not_applicable

    @property
    def percent(self) -> int | None:
        """The share mapped or not applicable, 0-100 rounded down; None without CUECs."""
        if not self.total:
            return None
        return (self.mapped + self.not_applicable) * 100 // self.total


async def counts(session: AsyncSession, actor: Actor, vendor_id: UUID | None) -> Counts:
    """How the CUECs of the vendors' current reports stand (of one vendor, when asked)."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    query = select(
        func.count(),
        func.count().filter(_mapped()),
        func.count().filter(_not_applicable()),
    ).where(_current_cuecs(actor.tenant_id))
    if vendor_id is not None:
        query = query.where(
            col(SocCuec.report_id).in_(
                select(col(SocReport.id)).where(
                    col(SocReport.tenant_id) == actor.tenant_id,
                    col(SocReport.vendor_id) == vendor_id,
                )
            )
        )
    total, mapped, not_applicable = (await session.execute(query)).one()
    return Counts(total, mapped, not_applicable)


async def counts_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, Counts]:
    """`counts` of each of the vendors, in one statement (a vendor without CUECs: absent)."""
    rows = await session.execute(
        select(
            col(SocReport.vendor_id),
            func.count(),
            func.count().filter(_mapped()),
            func.count().filter(_not_applicable()),
        )
        .select_from(SocCuec)
        .join(
            SocReport,
            (col(SocReport.tenant_id) == col(SocCuec.tenant_id))
            & (col(SocReport.id) == col(SocCuec.report_id)),
        )
        .where(_current_cuecs(tenant_id), one_of(col(SocReport.vendor_id), vendor_ids))
        .group_by(col(SocReport.vendor_id))
    )
    return {vendor_id: Counts(*numbers) for vendor_id, *numbers in rows.all()}


async def held_by_cuec(
    session: AsyncSession, tenant_id: UUID, cuec_ids: list[UUID]
) -> dict[UUID, Held]:
    """Each CUEC's decision and controls, in two statements for any number."""
    rows = (
        await session.scalars(
            select(CuecCoverage).where(
                col(CuecCoverage.tenant_id) == tenant_id, col(CuecCoverage.cuec_id).in_(cuec_ids)
            )
        )
    ).all()
    held = {row.cuec_id: Held(row) for row in rows}
    by_coverage = {row.id: row.cuec_id for row in rows}
    if by_coverage:
        links = await session.execute(
            select(col(CuecControl.coverage_id), col(CuecControl.control_id))
            .join(
                Control,
                (col(Control.tenant_id) == col(CuecControl.tenant_id))
                & (col(Control.id) == col(CuecControl.control_id)),
            )
            .where(
                col(CuecControl.tenant_id) == tenant_id,
                col(CuecControl.coverage_id).in_(list(by_coverage)),
            )
            .order_by(col(Control.ref))
        )
        for coverage_id, control_id in links.all():
            held[by_coverage[coverage_id]].control_ids.append(control_id)
    return held


async def _cuec(session: AsyncSession, actor: Actor, cuec_id: UUID) -> SocCuec:
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    # locked: two decisions on one CUEC at once queue, never interleave
    return await reading.one(
        session, actor.tenant_id, SocCuec, cuec_id, entity="CUEC", field="cuecId", for_update=True
    )


async def _decision(session: AsyncSession, actor: Actor, cuec: SocCuec) -> CuecCoverage:
    held = (await held_by_cuec(session, actor.tenant_id, [cuec.id])).get(cuec.id)
    if held is not None and held.coverage is not None:
        return held.coverage
    coverage = CuecCoverage(
        tenant_id=actor.tenant_id, cuec_id=cuec.id, status=CoverageStatus.MAPPED.value
    )
    session.add(coverage)
    await session.flush()
    return coverage


async def _set_controls(session: AsyncSession, coverage: CuecCoverage, ids: list[UUID]) -> None:
    await session.execute(
        delete(CuecControl).where(
            col(CuecControl.tenant_id) == coverage.tenant_id,
            col(CuecControl.coverage_id) == coverage.id,
        )
    )
    session.add_all(
        CuecControl(tenant_id=coverage.tenant_id, coverage_id=coverage.id, control_id=i)
        for i in ids
    )
    await session.flush()


async def _regap(session: AsyncSession, cuec: SocCuec) -> None:
    report = await reading.find(session, cuec.tenant_id, SocReport, cuec.report_id)
    if report is not None:
        await raise_gaps(session, cuec.tenant_id, report.vendor_id)


async def map_to_controls(
    session: AsyncSession, actor: Actor, cuec_id: UUID, control_ids: list[UUID]
) -> CuecCoverage:
    """The tenant runs the CUEC by these controls of its own (all of them: they replace any
    named before). REVIEWER, ADMIN."""
    cuec = await _cuec(session, actor, cuec_id)
    wanted = list(dict.fromkeys(control_ids))
    if not wanted:
        raise InvalidInput("Name at least one control (or mark it not applicable).", "controlIds")
    if len(wanted) > MAX_CONTROLS:
        raise InvalidInput(f"A CUEC maps to at most {MAX_CONTROLS} controls.", "controlIds")
    found = await reading.by_ids(session, actor.tenant_id, Control, wanted)
    missing = [
        NotFound("Control", f"controlIds.{i}") for i, c in enumerate(control_ids) if c not in found
    ]
    if missing:
        raise DomainErrors(list(missing))
    coverage = await _decision(session, actor, cuec)
    coverage.status, coverage.justification = CoverageStatus.MAPPED.value, None
    coverage.decided_by_id, coverage.carried_from_id = actor.membership_id, None
    await _set_controls(session, coverage, wanted)
    await audit.record(
        session, actor, "cuec_coverage.mapped", coverage, controlIds=[str(c) for c in wanted]
    )
    await _regap(session, cuec)
    return coverage


async def mark_not_applicable(
    session: AsyncSession, actor: Actor, cuec_id: UUID, justification: str
) -> CuecCoverage:
    """The CUEC does not apply to how the tenant uses the vendor; why is said."""
    cuec = await _cuec(session, actor, cuec_id)
    why = normalize.text(justification, "justification", 2000, required=True)
    coverage = await _decision(session, actor, cuec)
    coverage.status, coverage.justification = CoverageStatus.NOT_APPLICABLE.value, why
    coverage.decided_by_id, coverage.carried_from_id = actor.membership_id, None
    await _set_controls(session, coverage, [])
    await audit.record(session, actor, "cuec_coverage.not_applicable", coverage)
    await _regap(session, cuec)
    return coverage


async def clear(session: AsyncSession, actor: Actor, cuec_id: UUID) -> UUID:
    """Undo the decision: the CUEC is a GAP again, held so (a decision on the same CUEC of
    an earlier report is not carried over to it again). The CUEC's id."""
    cuec = await _cuec(session, actor, cuec_id)
    coverage = await _decision(session, actor, cuec)
    coverage.status, coverage.justification = CoverageStatus.GAP.value, None
    coverage.decided_by_id, coverage.carried_from_id = actor.membership_id, None
    await _set_controls(session, coverage, [])
    await audit.record(session, actor, "cuec_coverage.cleared", coverage)
    await _regap(session, cuec)
    return cuec.id


# --- carry-over ------------------------------------------------------------------------------

_NOT_WORDS = re.compile(r"[\W_]+")  # anything but letters and digits, of any script


def same_cuec_key(text: str, criteria: list[str]) -> tuple[str, frozenset[str]]:
    """What makes two CUECs of a vendor's reports the same one (see the module docstring)."""
    words = _NOT_WORDS.sub(" ", text.casefold()).strip() or text.strip()
    return words, frozenset(c.upper() for c in criteria)


@consequences.handles(VendorReportsChanged)
async def on_reports_changed(session: AsyncSession, change: VendorReportsChanged) -> None:
    """The vendor's current report may be another: carry decisions over, then say its gaps."""
    await carry_over(session, change.tenant_id, change.vendor_id)
    await raise_gaps(session, change.tenant_id, change.vendor_id)


async def _current_cuecs_of(
    session: AsyncSession, tenant_id: UUID, vendor_id: UUID
) -> list[SocCuec]:
    """The live CUECs of the vendor's current reports, in their reports' order."""
    rows = await session.scalars(
        select(SocCuec)
        .join(
            SocReport,
            (col(SocReport.tenant_id) == col(SocCuec.tenant_id))
            & (col(SocReport.id) == col(SocCuec.report_id)),
        )
        .where(_current_cuecs(tenant_id), col(SocReport.vendor_id) == vendor_id)
        .order_by(col(SocReport.kind).desc(), col(SocCuec.position), col(SocCuec.id))
    )
    return list(rows.all())


async def carry_over(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> None:
    """Give the CUECs of the vendor's current reports the decisions taken on the same CUECs
    of its earlier reports (the latest first; a GAP held by a person is not carried)."""
    cuecs = await _current_cuecs_of(session, tenant_id, vendor_id)
    held = await held_by_cuec(session, tenant_id, [c.id for c in cuecs])
    undecided = [c for c in cuecs if c.id not in held]
    if not undecided:
        return
    earlier = (
        await session.execute(
            select(SocCuec, CuecCoverage)
            .join(
                CuecCoverage,
                (col(CuecCoverage.tenant_id) == col(SocCuec.tenant_id))
                & (col(CuecCoverage.cuec_id) == col(SocCuec.id)),
            )
            .join(
                SocReport,
                (col(SocReport.tenant_id) == col(SocCuec.tenant_id))
                & (col(SocReport.id) == col(SocCuec.report_id)),
            )
            .where(
                col(SocReport.tenant_id) == tenant_id,
                col(SocReport.vendor_id) == vendor_id,
                col(SocCuec.id).not_in([c.id for c in cuecs]),
                col(CuecCoverage.status) != CoverageStatus.GAP,
            )
            .order_by(
                func.coalesce(col(SocReport.period_end), col(SocReport.as_of)).desc().nulls_last(),
                col(SocReport.id),
                col(SocCuec.position),
            )
        )
    ).all()
    decided: dict[tuple[str, frozenset[str]], tuple[SocCuec, CuecCoverage]] = {}
    for old, coverage in earlier:
        decided.setdefault(same_cuec_key(old.text, old.criteria), (old, coverage))
    if not decided:
        return
    controls = await held_by_cuec(session, tenant_id, [old.id for old, _ in decided.values()])
    actor = Actor.system(tenant_id)
    for cuec in undecided:
        match = decided.get(same_cuec_key(cuec.text, cuec.criteria))
        if match is None:
            continue
        old, previous = match
        carried = CuecCoverage(
            tenant_id=tenant_id,
            cuec_id=cuec.id,
            status=previous.status,
            justification=previous.justification,
            decided_by_id=previous.decided_by_id,
            carried_from_id=old.id,
        )
        session.add(carried)
        await session.flush()
        await _set_controls(session, carried, controls[old.id].control_ids)
        await audit.record(session, actor, "cuec_coverage.carried_over", carried)


# --- suggestions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    control: Control
    score: int  # 0-100
    shared_criteria: tuple[str, ...]
    similarity: int  # 0-100: how alike the texts are

    @property
    def why(self) -> str:
        shared = ", ".join(self.shared_criteria)
        meets = f"Meets {shared}" if shared else "Shares no criterion"
        return f"{meets}; its text is {self.similarity}% alike."


def rank(cuec_text: str, cuec_criteria: list[str], controls: list[Control]) -> list[Suggestion]:
    """The controls best fit to cover a CUEC, best first (see the module docstring)."""
    wanted = {c.upper() for c in cuec_criteria}
    ranked = []
    for control in controls:
        shared = tuple(c for c in control.criteria if c in wanted)
        if wanted and not shared:
            continue
        words = f"{control.title} {control.description[:300]}"
        similarity = round(fuzz.token_set_ratio(cuec_text, words, processor=default_process))
        share = len(shared) / len(wanted) if wanted else 0
        score = round(0.6 * similarity + 40 * share)
        ranked.append(Suggestion(control, score, shared, similarity))
    ranked.sort(key=lambda s: (-s.score, s.control.ref))
    return ranked[:SUGGESTIONS]


MAX_CANDIDATES = 5000  # controls ranked for a CUEC, at most: a tenant's whole catalogue


async def controls_of(session: AsyncSession, tenant_id: UUID) -> list[Control]:
    """The tenant's controls, read once to rank them for any number of CUECs."""
    rows = await session.scalars(
        select(Control)
        .where(col(Control.tenant_id) == tenant_id)
        .order_by(col(Control.ref))
        .limit(MAX_CANDIDATES)
    )
    return list(rows.all())


async def suggestions(
    session: AsyncSession, actor: Actor, cuec: SocCuec, controls: list[Control] | None = None
) -> list[Suggestion]:
    """The tenant's controls ranked for the CUEC (`controls`: the tenant's, read already)."""
    policy.require(actor, Permission.COMPLIANCE_READ)
    if controls is None:
        controls = await controls_of(session, actor.tenant_id)
    return rank(cuec.text, list(cuec.criteria), controls)


# --- gaps as findings ------------------------------------------------------------------------

GAP_RESOLUTION = raising.Resolution(
    "A control of the tenant's now runs the CUEC, or it is held not applicable.",
    "The CUEC is mapped to the tenant's controls, held not applicable, or no longer in the "
    "vendor's current report.",
    "The CUEC is a gap again.",
)


def _gap_key(cuec: SocCuec) -> str:
    text, criteria = same_cuec_key(cuec.text, cuec.criteria)
    return hashlib.sha256(f"{text}|{','.join(sorted(criteria))}".encode()).hexdigest()[:32]


OWNER_FIT = 50  # a gap's finding goes to the best control's owner from this score up


async def raise_gaps(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> None:
    """A CUEC_GAP finding for each CUEC of the vendor's current reports that is a GAP, given
    to the owner of the control best fit to cover it (when it fits well enough); resolved
    once the CUEC is covered or held not applicable. Keyed by the CUEC's words and criteria,
    so the same gap in next year's report is the same finding. While a current report's
    reading needs review, a finding whose CUEC it no longer shows is kept open (the CUEC may
    only be unread). A tenant that keeps no controls in tprm is told of no gaps: its
    findings are left as they are. The vendor's gaps are said one transaction at a time."""
    if not await session.scalar(select(exists().where(col(Control.tenant_id) == tenant_id))):
        return
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"cuec-gaps:{vendor_id}"},
    )
    cuecs = await _current_cuecs_of(session, tenant_id, vendor_id)
    held = await held_by_cuec(session, tenant_id, [c.id for c in cuecs])
    controls = await controls_of(session, tenant_id)
    specs = []
    for cuec in cuecs:
        if held.get(cuec.id, Held()).state != CoverageState.GAP:
            continue
        best = rank(cuec.text, list(cuec.criteria), controls)
        fit = best[0] if best and best[0].score >= OWNER_FIT else None
        criteria = ", ".join(cuec.criteria) or "no criterion named"
        page = f", page {cuec.page}" if cuec.page else ""
        specs.append(
            FindingSpec(
                key=_gap_key(cuec),
                kind=FindingKind.CUEC_GAP,
                severity=Severity.MEDIUM,
                title=f"CUEC not covered: {cuec.text}"[:300],
                description=(
                    f"The vendor's SOC report asks its customers to: {cuec.text} ({criteria}"
                    f"{page}). No control of ours runs it, and it is not held not applicable."
                    + (f" Best fit: {fit.control.ref}. {fit.why}" if fit else "")
                ),
                owner_id=fit.control.owner_id if fit else None,
            )
        )
    prefix = f"cuec-gap:{vendor_id}:"
    if await _under_review(session, tenant_id, vendor_id):
        specs += await _unread_gaps(session, tenant_id, prefix, {_gap_key(c) for c in cuecs})
    await raising.reconcile(
        session,
        raising.Keyed(tenant_id, vendor_id, prefix),
        specs,
        frozenset(),
        GAP_RESOLUTION,
    )


async def _under_review(session: AsyncSession, tenant_id: UUID, vendor_id: UUID) -> bool:
    current = _current_reports(tenant_id).subquery()
    return bool(
        await session.scalar(
            select(
                exists().where(
                    col(SocReport.tenant_id) == tenant_id,
                    col(SocReport.id).in_(select(current.c.id)),
                    col(SocReport.vendor_id) == vendor_id,
                    col(SocReport.review_needed),
                )
            )
        )
    )


async def _unread_gaps(
    session: AsyncSession, tenant_id: UUID, prefix: str, read: set[str]
) -> list[FindingSpec]:
    """The open gap findings whose CUEC the current reports do not show: kept as they are."""
    rows = await session.scalars(
        select(Finding).where(
            col(Finding.tenant_id) == tenant_id,
            col(Finding.source_key).startswith(prefix, autoescape=True),
            col(Finding.status) == FindingStatus.OPEN,
        )
    )
    return [
        FindingSpec(
            key=f.source_key.removeprefix(prefix),
            kind=FindingKind.CUEC_GAP,
            severity=Severity(f.severity),
            title=f.title,
            description=f.description,
        )
        for f in rows.all()
        if f.source_key.removeprefix(prefix) not in read
    ]


async def raise_gaps_of_every_vendor(transaction: Transaction, tenant_id: UUID) -> int:
    """`raise_gaps` for every vendor whose current reports have CUECs, a vendor per
    transaction (a worker's job: when the tenant starts keeping its controls in tprm). How
    many vendors."""
    async with transaction(tenant_id) as session:
        current = _current_reports(tenant_id).subquery()
        vendors = list(
            (
                await session.scalars(
                    select(current.c.vendor_id)
                    .where(
                        exists().where(
                            col(SocCuec.tenant_id) == tenant_id,
                            col(SocCuec.report_id) == current.c.id,
                        )
                    )
                    .distinct()
                )
            ).all()
        )
    for vendor_id in vendors:
        async with transaction(tenant_id) as session:
            await raise_gaps(session, tenant_id, vendor_id)
    return len(vendors)


async def vendors_relying_on(
    session: AsyncSession, tenant_id: UUID, control_id: UUID
) -> list[UUID]:
    """The vendors with a CUEC the control runs."""
    rows = await session.scalars(
        select(col(SocReport.vendor_id))
        .distinct()
        .join(
            SocCuec,
            (col(SocCuec.tenant_id) == col(SocReport.tenant_id))
            & (col(SocCuec.report_id) == col(SocReport.id)),
        )
        .join(
            CuecCoverage,
            (col(CuecCoverage.tenant_id) == col(SocCuec.tenant_id))
            & (col(CuecCoverage.cuec_id) == col(SocCuec.id)),
        )
        .join(
            CuecControl,
            (col(CuecControl.tenant_id) == col(CuecCoverage.tenant_id))
            & (col(CuecControl.coverage_id) == col(CuecCoverage.id)),
        )
        .where(col(SocReport.tenant_id) == tenant_id, col(CuecControl.control_id) == control_id)
    )
    return list(rows.all())
