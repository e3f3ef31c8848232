"""The risk register: risks written down, rated, treated, linked to the vendor findings
they come from and mitigated by the tenant's own controls.

Every member reads the register; reviewers and admins keep it. Accepting a risk is a
decision of its own (`accept_risk`): made by a REVIEWER or ADMIN other than the risk's
owner, with their own token, a justification and an expiry no further off than the
tenant's `risk_acceptance_max_months`. It accepts the risk as rated: another treatment, or
a new rating, ends the acceptance (the treatment is undecided until someone decides).

Status moves: DRAFT -> OPEN (taken on) or CLOSED (turned down); OPEN -> CLOSED;
CLOSED -> OPEN (reopened). Nothing goes back to DRAFT.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.audit import service as audit
from domain.compliance.models import Control
from domain.findings.models import Finding
from domain.findings.rules import Severity, add_months
from domain.risks.models import (
    Risk,
    RiskCategory,
    RiskControl,
    RiskFinding,
    RiskStatus,
    RiskTreatment,
)
from domain.risks.scoring import Rating, level
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import (
    Conflict,
    DomainError,
    DomainErrors,
    InvalidInput,
    NotFound,
    collecting,
)
from domain.shared.models import today, utcnow
from domain.shared.policy import Permission
from domain.tenancy.queries import require_member, tenant_settings
from domain.vendors.errors import SelfApproval
from domain.vendors.models import Vendor

MAX_LINKS = 100  # controls, or findings, named in one call

MOVES: dict[RiskStatus, set[RiskStatus]] = {
    RiskStatus.DRAFT: {RiskStatus.OPEN, RiskStatus.CLOSED},
    RiskStatus.OPEN: {RiskStatus.CLOSED},
    RiskStatus.CLOSED: {RiskStatus.OPEN},
}

# The inherent rating a risk made from a finding starts at, by the finding's severity.
RATING_OF_SEVERITY = {
    Severity.CRITICAL: Rating(4, 5),
    Severity.HIGH: Rating(4, 4),
    Severity.MEDIUM: Rating(3, 3),
    Severity.LOW: Rating(2, 2),
}


class InvalidRiskTransition(DomainError):
    code = "INVALID_TRANSITION"

    def __init__(self, current: str, to: str) -> None:
        super().__init__(f"A risk cannot go from {current} to {to}.", "status")


def _title(value: str) -> str:
    return normalize.text(value, "title", 300, required=True, one_line=True) or ""


def _description(value: str | None) -> str:
    return normalize.text(value, "description", 10_000) or ""


def _review_on(value: date | None) -> date | None:
    if value is not None and value < today():
        raise InvalidInput("A risk's next review cannot be in the past.", "reviewOn")
    return value


def _residual(likelihood: int | None, impact: int | None) -> Rating | None:
    if (likelihood is None) != (impact is None):
        raise InvalidInput(
            "A residual rating has both a likelihood and an impact, or neither.",
            "residualLikelihood" if likelihood is None else "residualImpact",
        )
    if likelihood is None or impact is None:
        return None
    return Rating(level(likelihood, "residualLikelihood"), level(impact, "residualImpact"))


def _treatment(value: RiskTreatment | None) -> RiskTreatment | None:
    if value is RiskTreatment.ACCEPT:
        raise InvalidInput(
            "A risk is accepted with acceptRisk: by an approver other than its owner, with "
            "a justification and an expiry.",
            "treatment",
        )
    return value


async def _vendor(session: AsyncSession, actor: Actor, vendor_id: UUID | None) -> None:
    if vendor_id is not None:
        await reading.one(
            session, actor.tenant_id, Vendor, vendor_id, entity="Vendor", field="vendorId"
        )


async def _found(
    session: AsyncSession, actor: Actor, model: Any, ids: Sequence[UUID], entity: str, name: str
) -> list[UUID]:
    """`ids` once each, in the order given; NOT_FOUND names each that is not the tenant's."""
    wanted = list(dict.fromkeys(ids))
    if len(wanted) > MAX_LINKS:
        raise InvalidInput(f"At most {MAX_LINKS} at once.", name)
    rows = await reading.by_ids(session, actor.tenant_id, model, wanted) if wanted else {}
    missing = [NotFound(entity, f"{name}.{i}") for i, v in enumerate(ids) if v not in rows]
    if missing:
        raise DomainErrors(list(missing))
    return wanted


@dataclass(frozen=True)
class NewRisk:
    title: str
    category: RiskCategory
    inherent: Rating
    description: str = ""
    owner_id: UUID | None = None
    vendor_id: UUID | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    treatment: RiskTreatment | None = None
    review_on: date | None = None
    status: RiskStatus = RiskStatus.OPEN
    control_ids: tuple[UUID, ...] = ()
    finding_ids: tuple[UUID, ...] = field(default=())


def _checked(new: NewRisk) -> Risk:
    """The risk as it would be stored, every field checked; every problem raised at once."""
    problems: list[DomainError] = []
    if new.status is RiskStatus.CLOSED:
        problems.append(InvalidInput("A new risk is DRAFT or OPEN.", "status"))
    residual = collecting(
        problems, lambda: _residual(new.residual_likelihood, new.residual_impact), None
    )
    risk = Risk(
        title=collecting(problems, lambda: _title(new.title), ""),
        description=collecting(problems, lambda: _description(new.description), ""),
        category=new.category.value,
        inherent_likelihood=collecting(
            problems, lambda: level(new.inherent.likelihood, "inherentLikelihood"), 1
        ),
        inherent_impact=collecting(
            problems, lambda: level(new.inherent.impact, "inherentImpact"), 1
        ),
        residual_likelihood=residual.likelihood if residual else None,
        residual_impact=residual.impact if residual else None,
        treatment=(
            t.value
            if (t := collecting(problems, lambda: _treatment(new.treatment), None))
            else None
        ),
        review_on=collecting(problems, lambda: _review_on(new.review_on), None),
        status=new.status.value,
        owner_id=new.owner_id,
        vendor_id=new.vendor_id,
    )
    if problems:
        raise DomainErrors(problems)
    return risk


async def create_risk(session: AsyncSession, actor: Actor, new: NewRisk) -> Risk:
    """A risk in the register (REVIEWER, ADMIN), with the controls that mitigate it and the
    findings it comes from."""
    policy.require(actor, Permission.RISK_WRITE)
    risk = _checked(new)
    risk.tenant_id = actor.tenant_id
    await require_member(session, actor.tenant_id, new.owner_id)
    await _vendor(session, actor, new.vendor_id)
    controls = await _found(session, actor, Control, new.control_ids, "Control", "controlIds")
    findings = await _found(session, actor, Finding, new.finding_ids, "Finding", "findingIds")
    session.add(risk)
    await session.flush()
    await _set_controls(session, risk, controls)
    await _link(session, risk, findings)
    await audit.record(
        session,
        actor,
        "risk.created",
        risk,
        controlIds=controls or None,
        findingIds=findings or None,
    )
    return risk


async def create_from_finding(session: AsyncSession, actor: Actor, finding_id: UUID) -> Risk:
    """A risk made from a vendor finding (REVIEWER, ADMIN): about the finding's vendor,
    owned by the finding's owner, rated by its severity, linked to it."""
    policy.require(actor, Permission.RISK_WRITE)
    finding = await reading.one(
        session, actor.tenant_id, Finding, finding_id, entity="Finding", field="findingId"
    )
    vendor = await reading.one(
        session, actor.tenant_id, Vendor, finding.vendor_id, entity="Vendor", field="findingId"
    )
    return await create_risk(
        session,
        actor,
        NewRisk(
            title=f"{vendor.name}: {finding.title}"[:300],
            description=finding.description[:10_000],
            category=RiskCategory.THIRD_PARTY,
            inherent=RATING_OF_SEVERITY[Severity(finding.severity)],
            owner_id=finding.owner_id,
            vendor_id=finding.vendor_id,
            finding_ids=(finding.id,),
        ),
    )


async def get_risk(
    session: AsyncSession,
    actor: Actor,
    risk_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> Risk:
    """One of the tenant's risks (another tenant's is NOT_FOUND)."""
    policy.require(actor, Permission.RISK_READ)
    return await reading.one(
        session, actor.tenant_id, Risk, risk_id, entity="Risk", field=field, for_update=for_update
    )


class RiskChanges(Changes):
    """What may change of a risk; it always has a title, a category, an inherent rating
    and a status. `control_ids` replaces the controls that mitigate it."""

    title: Annotated[str | None, NOT_CLEARABLE] = None
    description: str | None = None
    category: Annotated[RiskCategory | None, NOT_CLEARABLE] = None
    owner_id: UUID | None = None
    vendor_id: UUID | None = None
    inherent_likelihood: Annotated[int | None, NOT_CLEARABLE] = None
    inherent_impact: Annotated[int | None, NOT_CLEARABLE] = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    treatment: RiskTreatment | None = None
    review_on: date | None = None
    status: Annotated[RiskStatus | None, NOT_CLEARABLE] = None
    control_ids: Annotated[list[UUID] | None, NOT_CLEARABLE] = None


def _ratings(risk: Risk) -> tuple[int | None, ...]:
    return (
        risk.inherent_likelihood,
        risk.inherent_impact,
        risk.residual_likelihood,
        risk.residual_impact,
    )


def _end_acceptance(risk: Risk) -> None:
    risk.accepted_by_id = None
    risk.accepted_at = None
    risk.acceptance_justification = None
    risk.acceptance_expires_on = None


def _move(risk: Risk, to: RiskStatus) -> None:
    current = RiskStatus(risk.status)
    if to is current:
        return
    if to not in MOVES[current]:
        raise InvalidRiskTransition(current, to)
    risk.status = to.value
    risk.closed_at = utcnow() if to is RiskStatus.CLOSED else None


async def update_risk(
    session: AsyncSession, actor: Actor, risk_id: UUID, update: RiskChanges
) -> Risk:
    """Change what is given of a risk (REVIEWER, ADMIN)."""
    changes = update.given()
    policy.require(actor, Permission.RISK_WRITE)
    risk = await get_risk(session, actor, risk_id, "riskId", for_update=True)
    if "title" in changes:
        risk.title = _title(changes["title"])
    if "description" in changes:
        risk.description = _description(changes["description"])
    if "category" in changes:
        risk.category = RiskCategory(changes["category"]).value
    rated = _ratings(risk)
    if "owner_id" in changes:
        owner = changes["owner_id"]
        await require_member(session, actor.tenant_id, owner)
        if owner is None and risk.accepted_at is not None:
            raise InvalidInput(
                "An accepted risk keeps an owner: choose another, or treat it otherwise first.",
                "ownerId",
            )
        if owner is not None and owner == risk.accepted_by_id:
            raise SelfApproval(
                "The member who approved the risk's acceptance cannot own it; accept it "
                "again by another approver, or choose another owner.",
                "ownerId",
            )
        risk.owner_id = owner
    if "vendor_id" in changes:
        await _vendor(session, actor, changes["vendor_id"])
        risk.vendor_id = changes["vendor_id"]
    if "inherent_likelihood" in changes:
        risk.inherent_likelihood = level(changes["inherent_likelihood"], "inherentLikelihood")
    if "inherent_impact" in changes:
        risk.inherent_impact = level(changes["inherent_impact"], "inherentImpact")
    if "residual_likelihood" in changes or "residual_impact" in changes:
        residual = _residual(
            changes.get("residual_likelihood", risk.residual_likelihood),
            changes.get("residual_impact", risk.residual_impact),
        )
        risk.residual_likelihood = residual.likelihood if residual else None
        risk.residual_impact = residual.impact if residual else None
    if "treatment" in changes:
        treatment = changes["treatment"]
        if treatment is not RiskTreatment.ACCEPT or risk.treatment != RiskTreatment.ACCEPT:
            risk.treatment = t.value if (t := _treatment(treatment)) else None
            _end_acceptance(risk)
    if risk.accepted_at is not None and _ratings(risk) != rated:
        # what was accepted is no longer what stands: accepting it again is a new decision
        risk.treatment = None
        _end_acceptance(risk)
    if "review_on" in changes:
        risk.review_on = _review_on(changes["review_on"])
    if "status" in changes:
        _move(risk, RiskStatus(changes["status"]))
    controls = None
    if "control_ids" in changes:
        controls = await _found(
            session, actor, Control, changes["control_ids"], "Control", "controlIds"
        )
        await _set_controls(session, risk, controls)
    session.add(risk)
    given = {} if controls is None else {"controlIds": controls}
    await audit.record(session, actor, "risk.updated", risk, **given)
    return risk


async def accept_risk(
    session: AsyncSession, actor: Actor, risk_id: UUID, justification: str, expires_on: date
) -> Risk:
    """Accept an OPEN risk as it stands: the caller (REVIEWER, ADMIN, with their own token,
    not the risk's owner) approves it, says why, and until when."""
    policy.require_to_decide(actor, Permission.RISK_ACCEPT)
    risk = await get_risk(session, actor, risk_id, "riskId", for_update=True)
    if risk.status != RiskStatus.OPEN:
        raise Conflict(f"Only an OPEN risk can be accepted; this one is {risk.status}.", "riskId")
    if risk.owner_id is None:
        raise InvalidInput("Give the risk an owner before it is accepted.", "riskId")
    if actor.membership_id is None or actor.membership_id == risk.owner_id:
        raise SelfApproval("A risk's owner cannot approve its acceptance.", "riskId")
    reason = normalize.text(justification, "justification", 10_000, required=True)
    settings = await tenant_settings(session, actor.tenant_id)
    latest = add_months(today(), settings.risk_acceptance_max_months)
    if not today() < expires_on <= latest:
        raise InvalidInput(
            f"An acceptance expires after today and at the latest on {latest.isoformat()} "
            f"({settings.risk_acceptance_max_months} months, the tenant's setting).",
            "expiresOn",
        )
    risk.treatment = RiskTreatment.ACCEPT.value
    risk.accepted_by_id = actor.membership_id
    risk.accepted_at = utcnow()
    risk.acceptance_justification = reason
    risk.acceptance_expires_on = expires_on
    session.add(risk)
    await audit.record(session, actor, "risk.accepted", risk)
    return risk


# --- links ----------------------------------------------------------------------------------


async def _set_controls(session: AsyncSession, risk: Risk, control_ids: Sequence[UUID]) -> None:
    await session.execute(
        delete(RiskControl).where(
            col(RiskControl.tenant_id) == risk.tenant_id, col(RiskControl.risk_id) == risk.id
        )
    )
    if control_ids:
        await session.execute(
            insert(RiskControl).values(
                [
                    {"tenant_id": risk.tenant_id, "risk_id": risk.id, "control_id": c}
                    for c in control_ids
                ]
            )
        )


async def _link(session: AsyncSession, risk: Risk, finding_ids: Sequence[UUID]) -> list[UUID]:
    """Link the findings to the risk; the ids newly linked (one linked already is left)."""
    if not finding_ids:
        return []
    inserted = await session.scalars(
        insert(RiskFinding)
        .values(
            [
                {"tenant_id": risk.tenant_id, "risk_id": risk.id, "finding_id": f}
                for f in finding_ids
            ]
        )
        .on_conflict_do_nothing()
        .returning(col(RiskFinding.finding_id))
    )
    return list(inserted.all())


async def link_finding(
    session: AsyncSession, actor: Actor, risk_id: UUID, finding_id: UUID
) -> Risk:
    """Attach a vendor finding to a risk (REVIEWER, ADMIN); linking it again changes nothing."""
    policy.require(actor, Permission.RISK_WRITE)
    risk = await get_risk(session, actor, risk_id, "riskId", for_update=True)
    await reading.one(
        session, actor.tenant_id, Finding, finding_id, entity="Finding", field="findingId"
    )
    if await _link(session, risk, [finding_id]):
        await audit.record_fact(
            session, actor, "risk.finding_linked", "Risk", risk.id, findingId=finding_id
        )
    return risk


async def unlink_finding(
    session: AsyncSession, actor: Actor, risk_id: UUID, finding_id: UUID
) -> Risk:
    """Detach a vendor finding from a risk (REVIEWER, ADMIN); NOT_FOUND if it is not linked."""
    policy.require(actor, Permission.RISK_WRITE)
    risk = await get_risk(session, actor, risk_id, "riskId", for_update=True)
    removed = await session.scalar(
        delete(RiskFinding)
        .where(
            col(RiskFinding.tenant_id) == actor.tenant_id,
            col(RiskFinding.risk_id) == risk.id,
            col(RiskFinding.finding_id) == finding_id,
        )
        .returning(col(RiskFinding.finding_id))
    )
    if removed is None:
        raise NotFound("Finding", "findingId")
    await audit.record_fact(
        session, actor, "risk.finding_unlinked", "Risk", risk.id, findingId=finding_id
    )
    return risk
