"""Working findings: owner, due date, severity, status, and the remediation plan."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.audit import service as audit
from domain.documents.models import Document
from domain.findings import closing, history, queries
from domain.findings.models import (
    DEFAULT_GRADES,
    ActionStatus,
    ControlGrade,
    Finding,
    FindingStatus,
    RemediationAction,
    RootCause,
)
from domain.findings.rules import FindingKind, Severity
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import DomainError, InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest, Shape, paginate, paginate_each
from domain.shared.policy import Permission
from domain.tenancy.queries import require_member

# Where a finding may go next; closing it (RESOLVED, RISK_ACCEPTED) can be undone by reopening.
ALLOWED: dict[FindingStatus, set[FindingStatus]] = {
    FindingStatus.OPEN: {
        FindingStatus.IN_REMEDIATION,
        FindingStatus.RESOLVED,
        FindingStatus.RISK_ACCEPTED,
    },
    FindingStatus.IN_REMEDIATION: {
        FindingStatus.OPEN,
        FindingStatus.RESOLVED,
        FindingStatus.RISK_ACCEPTED,
    },
    FindingStatus.RESOLVED: {FindingStatus.OPEN},
    FindingStatus.RISK_ACCEPTED: {FindingStatus.OPEN},
}
CLOSED = {FindingStatus.RESOLVED, FindingStatus.RISK_ACCEPTED}


class InvalidFindingTransition(DomainError):
    code = "INVALID_TRANSITION"

    def __init__(self, current: str, to: str) -> None:
        super().__init__(f"A finding cannot go from {current} to {to}.", "to")


class FindingChanges(Changes):
    """What a reviewer may change of a finding; its severity cannot be cleared."""

    owner_id: UUID | None = None
    due_date: date | None = None
    severity: Annotated[Severity | None, NOT_CLEARABLE] = None
    root_cause: RootCause | None = None
    grade: ControlGrade | None = None


class ActionChanges(Changes):
    """What may change of a remediation step; it always says what and where it stands."""

    description: Annotated[str | None, NOT_CLEARABLE] = None
    owner_id: UUID | None = None
    due_date: date | None = None
    status: Annotated[ActionStatus | None, NOT_CLEARABLE] = None


async def list_findings(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.FindingFilter,
    page: PageRequest,
    order_by: str | None = None,
    descending: bool = True,
    shape: Shape | None = None,
    count: bool = True,
) -> Page:
    """One page of the tenant's findings matching `criteria`, in the order asked for
    (newest first by default); each row whole, or as `shape` writes it; counted or not
    (see pagination.paginate)."""
    policy.require(actor, Permission.FINDING_READ)
    statement, sort, values = queries.listing(actor.tenant_id, criteria, order_by, descending)
    return await paginate(session, statement, sort, page, count=count, shape=shape, values=values)


async def list_findings_of_vendors(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.FindingFilter,
    page: PageRequest,
    order_by: str | None,
    descending: bool,
    vendor_ids: Sequence[UUID],
    shape: Shape | None = None,
) -> dict[UUID, Page]:
    """The same page of findings matching `criteria` for each of the vendors; each row
    whole, or as `shape` writes it."""
    policy.require(actor, Permission.FINDING_READ)
    statement, sort, values = queries.listing(actor.tenant_id, criteria, order_by, descending)
    return await paginate_each(
        session,
        statement,
        sort,
        page,
        col(Finding.vendor_id),
        vendor_ids,
        shape=shape,
        values=values,
    )


async def count_findings(
    session: AsyncSession, actor: Actor, criteria: queries.FindingFilter
) -> queries.FindingCounts:
    """How many of the tenant's findings match `criteria`, by status and severity."""
    policy.require(actor, Permission.FINDING_READ)
    return await queries.counts(session, actor.tenant_id, criteria)


def available_moves(actor: Actor, status: FindingStatus) -> list[FindingStatus]:
    """The statuses `actor` may move a finding in `status` to now, in lifecycle order."""
    if not policy.allows(actor, Permission.FINDING_WRITE):
        return []
    allowed = ALLOWED[status]
    return [status for status in FindingStatus if status in allowed]


async def get_finding(
    session: AsyncSession, actor: Actor, finding_id: UUID, for_update: bool = False
) -> Finding:
    """The finding, or NotFound (another tenant's is simply not found)."""
    policy.require(actor, Permission.FINDING_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        Finding,
        finding_id,
        entity="Finding",
        field="findingId",
        for_update=for_update,
    )


def _due(value: date | None, field: str) -> date | None:
    if value is not None and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
        raise InvalidInput(f"{field} must be a date between 2000 and 2100.", field)
    return value


async def raise_by_hand(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    source_key: str,
    title: str,
    description: str,
    severity: Severity,
    owner_id: UUID | None,
    due_date: date | None,
) -> Finding:
    """A finding a person raises at a vendor (from a review), with its severity, owner and
    due date; `source_key` says where it was raised from."""
    policy.require(actor, Permission.FINDING_WRITE)
    clean_title = normalize.text(title, "title", 300, required=True, one_line=True)
    clean_description = normalize.text(description, "description", 10_000, required=True)
    await require_member(session, actor.tenant_id, owner_id)
    finding = Finding(
        tenant_id=actor.tenant_id,
        vendor_id=vendor_id,
        source_key=source_key,
        kind=FindingKind.RAISED_BY_HAND.value,
        severity=severity.value,
        title=clean_title or "",
        description=clean_description or "",
        owner_id=owner_id,
        due_date=_due(due_date, "dueDate"),
    )
    session.add(finding)
    await session.flush()
    history.record(session, actor, finding, None)
    await audit.record(session, actor, "finding.raised", finding)
    return finding


async def update_finding(
    session: AsyncSession, actor: Actor, finding_id: UUID, update: FindingChanges
) -> Finding:
    """Set a finding's owner, due date or severity (the fields given only)."""
    changes = update.given()
    policy.require(actor, Permission.FINDING_WRITE)
    finding = await get_finding(session, actor, finding_id, for_update=True)
    if "owner_id" in changes:
        await require_member(session, actor.tenant_id, changes["owner_id"])
        finding.owner_id = changes["owner_id"]
    if "due_date" in changes:
        finding.due_date = _due(changes["due_date"], "dueDate")
    if "severity" in changes:
        finding.severity = changes["severity"].value
    if "root_cause" in changes:
        finding.root_cause = changes["root_cause"].value if changes["root_cause"] else None
    if "grade" in changes:
        finding.grade = _grade(finding, changes["grade"])
    await audit.record(session, actor, "finding.updated", finding)
    return finding


def _grade(finding: Finding, grade: ControlGrade | None) -> str | None:
    floor = DEFAULT_GRADES.get(FindingKind(finding.kind))
    if floor == ControlGrade.SIGNIFICANT_DEFICIENCY and (grade is None or grade.rank < floor.rank):
        raise InvalidInput("A modified opinion is at least a SIGNIFICANT_DEFICIENCY.", "grade")
    return grade.value if grade else None


@dataclass(frozen=True)
class Verification:
    """What a finding was reassessed on before it is RESOLVED."""

    note: str | None
    document_id: UUID | None = None


async def _verify(
    session: AsyncSession, actor: Actor, finding: Finding, verification: Verification | None
) -> None:
    """Record who reassessed the finding, when, and on what evidence; RESOLVED needs it."""
    note = normalize.text(verification.note if verification else None, "verification.note", 5000)
    if note is None:
        raise InvalidInput(
            "Resolving a finding needs a verification: who reassessed it, on what evidence.",
            "verification.note",
        )
    document_id = verification.document_id if verification else None
    if document_id is not None:
        document = await reading.find(session, actor.tenant_id, Document, document_id)
        if document is None:
            raise NotFound("Document", "verification.documentId")
        if document.vendor_id != finding.vendor_id:
            raise InvalidInput(
                "The evidence is a document of another vendor.", "verification.documentId"
            )
    finding.verified_by_id, finding.verified_at = actor.membership_id, datetime.now(UTC)
    finding.verification_note, finding.verification_document_id = note, document_id


async def transition(
    session: AsyncSession,
    actor: Actor,
    finding_id: UUID,
    to: FindingStatus,
    reason: str | None,
    verification: Verification | None = None,
) -> Finding:
    """Move a finding along; accepting a risk needs a justification, resolving it a
    verification (a reopened finding is verified again when it is resolved again)."""
    policy.require(actor, Permission.FINDING_WRITE)
    finding = await get_finding(session, actor, finding_id, for_update=True)
    current = FindingStatus(finding.status)
    if to not in ALLOWED[current]:
        raise InvalidFindingTransition(current.value, to.value)
    clean_reason = normalize.text(reason, "reason", 2000)
    if to == FindingStatus.RISK_ACCEPTED and clean_reason is None:
        raise InvalidInput("Accepting a risk needs a justification.", "reason")
    if to == FindingStatus.RESOLVED:
        await _verify(session, actor, finding, verification)
    elif to == FindingStatus.OPEN:
        finding.verified_by_id = finding.verified_at = None
        finding.verification_note = finding.verification_document_id = None
    finding.status = to.value
    finding.status_reason = clean_reason
    finding.closed_at = datetime.now(UTC) if to in CLOSED else None
    history.record(session, actor, finding, current, clean_reason)
    await audit.record(session, actor, "finding.status_changed", finding)
    if to in CLOSED:
        await closing.withdraw_follow_ups(session, actor, finding)
    return finding


async def add_action(
    session: AsyncSession,
    actor: Actor,
    finding_id: UUID,
    description: str,
    owner_id: UUID | None,
    due_date: date | None,
) -> RemediationAction:
    """A step of the finding's remediation plan."""
    policy.require(actor, Permission.FINDING_WRITE)
    finding = await get_finding(session, actor, finding_id, for_update=True)
    clean = normalize.text(description, "description", 2000, required=True)
    assert clean is not None
    await require_member(session, actor.tenant_id, owner_id)
    action = RemediationAction(
        tenant_id=actor.tenant_id,
        finding_id=finding.id,
        description=clean,
        owner_id=owner_id,
        due_date=_due(due_date, "dueDate"),
    )
    session.add(action)
    await session.flush()
    await audit.record(session, actor, "finding.action_added", action)
    return action


async def update_action(
    session: AsyncSession, actor: Actor, action_id: UUID, update: ActionChanges
) -> RemediationAction:
    """Change a remediation step (the fields given only)."""
    changes = update.given()
    policy.require(actor, Permission.FINDING_WRITE)
    action = await reading.one(
        session,
        actor.tenant_id,
        RemediationAction,
        action_id,
        entity="Remediation action",
        field="actionId",
        for_update=True,
    )
    if "description" in changes:
        clean = normalize.text(changes["description"], "description", 2000, required=True)
        assert clean is not None
        action.description = clean
    if "owner_id" in changes:
        await require_member(session, actor.tenant_id, changes["owner_id"])
        action.owner_id = changes["owner_id"]
    if "due_date" in changes:
        action.due_date = _due(changes["due_date"], "dueDate")
    if "status" in changes:
        action.status = changes["status"].value
        action.completed_at = datetime.now(UTC) if action.status == ActionStatus.DONE else None
    await audit.record(session, actor, "finding.action_updated", action)
    return action
