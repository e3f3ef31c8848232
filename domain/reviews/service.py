"""Working a vendor review: start it, record the decision, submit it, sign it off (another
member than its preparer), or cancel it; set a vendor's own cadence.

A review moves SCHEDULED -> IN_PROGRESS -> PENDING_APPROVAL -> COMPLETED; one pending
approval can go back to IN_PROGRESS, and one being worked can be CANCELLED with a reason
(a SCHEDULED one is the schedule's: change the cadence instead). A COMPLETED review is
locked by the database. Completing or cancelling plans the vendor's next review; a REJECTED
decision moves the vendor to OFFBOARDING through its normal lifecycle.
"""

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents.service import get_document
from domain.events import outbox
from domain.events.models import EventType
from domain.findings import service as findings
from domain.findings.models import Finding
from domain.findings.rules import Severity
from domain.questionnaires.models import Questionnaire, QuestionnaireStatus
from domain.questionnaires.sent import get_questionnaire
from domain.questionnaires.snapshot import questionnaire_snapshot
from domain.reviews import checklist, queries, schedule
from domain.reviews.models import (
    ChecklistStatus,
    ConditionStatus,
    ReviewCadence,
    ReviewChecklistItem,
    ReviewCondition,
    ReviewDecision,
    ReviewEvidence,
    ReviewQuestionnaire,
    ReviewStatus,
    VendorReview,
)
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import Changes
from domain.shared.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.shared.pagination import Page, PageRequest, Shape, paginate
from domain.shared.policy import Permission
from domain.shared.risk import Tier
from domain.soc2.snapshot import report_snapshot
from domain.tenancy.queries import require_member
from domain.vendors import service as vendors
from domain.vendors.errors import SelfApproval
from domain.vendors.models import Vendor, VendorStatus

S = ReviewStatus
ALLOWED: dict[ReviewStatus, tuple[ReviewStatus, ...]] = {
    S.SCHEDULED: (S.IN_PROGRESS,),
    S.IN_PROGRESS: (S.PENDING_APPROVAL, S.CANCELLED),
    S.PENDING_APPROVAL: (S.IN_PROGRESS, S.COMPLETED, S.CANCELLED),
    S.COMPLETED: (),
    S.CANCELLED: (),
}
# A move that needs a reason: sending a submitted review back, or cancelling one.
NEEDS_REASON = {
    (S.PENDING_APPROVAL, S.IN_PROGRESS),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.PENDING_APPROVAL, S.CANCELLED),
}


class InvalidReviewTransition(DomainError):
    code = "INVALID_TRANSITION"

    def __init__(self, current: str, to: str, hint: str = "") -> None:
        super().__init__(f"A review cannot go from {current} to {to}.{hint}", "to")


class ChecklistPending(DomainError):
    code = "REQUIREMENTS_PENDING"

    def __init__(self, kinds: list[str]) -> None:
        super().__init__(
            "Check or mark not applicable the review's checklist first: " + ", ".join(kinds) + ".",
            "reviewId",
        )


class ReviewChanges(Changes):
    """What the preparer records of a review being worked: the decision, the residual risk
    and why (null clears each, until the review is submitted)."""

    decision: ReviewDecision | None = None
    residual_risk: Tier | None = None
    rationale: str | None = None


async def get_review(
    session: AsyncSession, actor: Actor, review_id: UUID, for_update: bool = False
) -> VendorReview:
    """The review, or NotFound (another tenant's is simply not found)."""
    policy.require(actor, Permission.REVIEW_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        VendorReview,
        review_id,
        entity="Review",
        field="reviewId",
        for_update=for_update,
    )


async def list_reviews(
    session: AsyncSession,
    actor: Actor,
    criteria: queries.ReviewFilter,
    page: PageRequest,
    order_by: str | None = None,
    descending: bool = False,
    shape: Shape | None = None,
    count: bool = True,
) -> Page:
    """One page of the tenant's reviews matching `criteria` (soonest due first by default);
    each row whole, or as `shape` writes it; counted or not (see pagination.paginate)."""
    policy.require(actor, Permission.REVIEW_READ)
    statement, sort, values = queries.listing(actor.tenant_id, criteria, order_by, descending)
    return await paginate(session, statement, sort, page, count=count, shape=shape, values=values)


async def count_reviews(
    session: AsyncSession, actor: Actor, criteria: queries.ReviewFilter
) -> queries.ReviewCounts:
    """How many of the tenant's reviews match `criteria`, by status, and how many overdue."""
    policy.require(actor, Permission.REVIEW_READ)
    return await queries.counts(session, actor.tenant_id, criteria)


def may_sign_off(actor: Actor, review: VendorReview) -> bool:
    """Whether `actor` may complete `review`: a member who decides reviews, with a token of
    their own, who did not prepare it."""
    return (
        policy.allows(actor, Permission.REVIEW_APPROVE)
        and not actor.delegated
        and actor.membership_id is not None
        and actor.membership_id != review.preparer_id
    )


def available_moves(actor: Actor, review: VendorReview) -> list[ReviewStatus]:
    """Where `actor` may move `review` now, in lifecycle order."""
    if not policy.allows(actor, Permission.REVIEW_WRITE):
        return []
    moves = ALLOWED[ReviewStatus(review.status)]
    return [
        to
        for to in ReviewStatus
        if to in moves and (to != S.COMPLETED or may_sign_off(actor, review))
    ]


async def update_review(
    session: AsyncSession, actor: Actor, review_id: UUID, update: ReviewChanges
) -> VendorReview:
    """Record the decision, residual risk or rationale of a review being worked."""
    changes = update.given()
    review = await _in_progress(session, actor, review_id, "A review is changed")
    if "decision" in changes:
        review.decision = changes["decision"].value if changes["decision"] else None
    if "residual_risk" in changes:
        risk = changes["residual_risk"]
        review.residual_risk = risk.value if risk else None
    if "rationale" in changes:
        review.rationale = normalize.text(changes["rationale"], "rationale", 10_000)
    await audit.record(session, actor, "review.updated", review)
    return review


async def _submittable(session: AsyncSession, review: VendorReview) -> None:
    for field, value in (
        ("decision", review.decision),
        ("residualRisk", review.residual_risk),
        ("rationale", review.rationale),
    ):
        if not value:
            raise InvalidInput(f"Record the review's {field} before submitting it.", field)
    pending = [
        item.kind
        for item in await queries.checklist_of(session, review.tenant_id, review.id)
        if item.status == ChecklistStatus.PENDING
    ]
    if pending:
        raise ChecklistPending(pending)
    conditions = await queries.conditions_of(session, review.tenant_id, review.id)
    with_conditions = review.decision == ReviewDecision.APPROVED_WITH_CONDITIONS
    if with_conditions and not conditions:
        raise InvalidInput("An approval with conditions lists its conditions.", "decision")
    if conditions and not with_conditions:
        raise InvalidInput(
            f"A {review.decision} review sets no conditions: remove them, or approve with "
            "conditions.",
            "decision",
        )


async def transition(
    session: AsyncSession, actor: Actor, review_id: UUID, to: ReviewStatus, reason: str | None
) -> VendorReview:
    """Move a review along its lifecycle (see the module's docstring)."""
    policy.require(actor, Permission.REVIEW_WRITE)
    review = await get_review(session, actor, review_id, for_update=True)
    current = ReviewStatus(review.status)
    if to not in ALLOWED[current]:
        hint = " A scheduled review follows the cadence." if current == S.SCHEDULED else ""
        raise InvalidReviewTransition(current.value, to.value, hint)
    clean_reason = normalize.text(reason, "reason", 2000, required=(current, to) in NEEDS_REASON)
    now = datetime.now(UTC)
    if to == S.IN_PROGRESS and current == S.SCHEDULED:
        review.preparer_id, review.started_at = actor.membership_id, now
        vendor = await vendors.get_vendor(session, actor, review.vendor_id)
        await checklist.create(session, review, vendor)
    elif to == S.PENDING_APPROVAL:
        await _submittable(session, review)
        review.submitted_at = now
        await _freeze_evidence(session, review, now)
    elif to == S.COMPLETED:
        await _sign_off(session, actor, review, now)
    elif to == S.CANCELLED:
        review.cancelled_at, review.cancel_reason = now, clean_reason
    review.status = to.value
    action = "returned" if current == S.PENDING_APPROVAL and to == S.IN_PROGRESS else _ACTIONS[to]
    await audit.record(session, actor, f"review.{action}", review, reason=clean_reason)
    if to in _ANNOUNCED:
        await _announce(session, review, _ANNOUNCED[to])
    if to in (S.COMPLETED, S.CANCELLED):
        await _after_review(session, actor, review)
    return review


_ACTIONS = {
    S.IN_PROGRESS: "started",
    S.PENDING_APPROVAL: "submitted",
    S.COMPLETED: "completed",
    S.CANCELLED: "cancelled",
}


# What the outbox hears of a review's work (the sweep adds its due and overdue reminders).
_ANNOUNCED = {
    S.PENDING_APPROVAL: EventType.REVIEW_SUBMITTED,
    S.COMPLETED: EventType.REVIEW_COMPLETED,
}


async def _announce(session: AsyncSession, review: VendorReview, type: EventType) -> None:
    vendor = await reading.find(session, review.tenant_id, Vendor, review.vendor_id)
    people = await outbox.member_refs(
        session, review.tenant_id, (review.preparer_id, review.approver_id)
    )
    data = {
        "review": outbox.ref(
            "Review",
            review.id,
            version=review.version,
            status=review.status,
            dueDate=review.due_date,
            decision=review.decision,
            residualRisk=review.residual_risk,
        ),
        "vendor": outbox.ref("Vendor", review.vendor_id, name=vendor.name if vendor else None),
        "preparer": people.get(review.preparer_id) if review.preparer_id else None,
        "approver": people.get(review.approver_id) if review.approver_id else None,
    }
    await outbox.emit(session, review.tenant_id, type, "Review", review.id, data)


async def _freeze_evidence(session: AsyncSession, review: VendorReview, now: datetime) -> None:
    """Keep each attached report and questionnaire as it stands now: what the sign-off
    decides on."""
    attached = await session.scalars(
        select(ReviewEvidence).where(
            col(ReviewEvidence.tenant_id) == review.tenant_id,
            col(ReviewEvidence.review_id) == review.id,
        )
    )
    for evidence in attached.all():
        evidence.snapshot = await report_snapshot(session, review.tenant_id, evidence.document_id)
        evidence.snapshot_at = now
        session.add(evidence)
    relied_on = await session.scalars(
        select(ReviewQuestionnaire).where(
            col(ReviewQuestionnaire.tenant_id) == review.tenant_id,
            col(ReviewQuestionnaire.review_id) == review.id,
        )
    )
    for link in relied_on.all():
        questionnaire = await reading.one(
            session,
            review.tenant_id,
            Questionnaire,
            link.questionnaire_id,
            entity="Questionnaire",
        )
        link.snapshot = await questionnaire_snapshot(session, questionnaire)
        link.snapshot_at = now
        session.add(link)


async def _in_progress(
    session: AsyncSession, actor: Actor, review_id: UUID, what: str
) -> VendorReview:
    policy.require(actor, Permission.REVIEW_WRITE)
    review = await get_review(session, actor, review_id, for_update=True)
    if review.status != S.IN_PROGRESS:
        raise InvalidInput(
            f"{what} while a review is IN_PROGRESS; this one is {review.status}.", "reviewId"
        )
    return review


async def attach_evidence(
    session: AsyncSession, actor: Actor, review_id: UUID, document_id: UUID, note: str | None
) -> ReviewEvidence:
    """A document of the reviewed vendor the review relies on (while it is worked)."""
    review = await _in_progress(session, actor, review_id, "Evidence is attached")
    document = await get_document(session, actor, document_id)
    if document.vendor_id != review.vendor_id:
        raise InvalidInput("The document belongs to another vendor.", "documentId")
    evidence = ReviewEvidence(
        tenant_id=actor.tenant_id,
        review_id=review.id,
        document_id=document.id,
        note=normalize.text(note, "note", 2000),
        attached_by_id=actor.membership_id,
    )
    session.add(evidence)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:
        raise Conflict("The document is attached already.", "documentId") from error
    await audit.record(session, actor, "review.evidence_attached", evidence)
    return evidence


async def detach_evidence(session: AsyncSession, actor: Actor, evidence_id: UUID) -> UUID:
    """Take a document off a review being worked; the review's id."""
    policy.require(actor, Permission.REVIEW_WRITE)
    evidence = await reading.one(
        session,
        actor.tenant_id,
        ReviewEvidence,
        evidence_id,
        entity="Evidence",
        field="evidenceId",
        for_update=True,
    )
    review = await _in_progress(session, actor, evidence.review_id, "Evidence is detached")
    await audit.record_fact(
        session,
        actor,
        "review.evidence_detached",
        "Review",
        review.id,
        document_id=evidence.document_id,
    )
    await session.delete(evidence)
    return review.id


async def attach_questionnaire(
    session: AsyncSession,
    actor: Actor,
    review_id: UUID,
    questionnaire_id: UUID,
    note: str | None,
) -> ReviewQuestionnaire:
    """A COMPLETED security questionnaire of the reviewed vendor the review relies on (while
    it is worked); kept as it stands when the review is submitted."""
    review = await _in_progress(session, actor, review_id, "A questionnaire is attached")
    questionnaire = await get_questionnaire(session, actor, questionnaire_id, "questionnaireId")
    if questionnaire.vendor_id != review.vendor_id:
        raise InvalidInput("The questionnaire was sent to another vendor.", "questionnaireId")
    if questionnaire.status != QuestionnaireStatus.COMPLETED:
        raise InvalidInput(
            f"Only a COMPLETED questionnaire is evidence; this one is {questionnaire.status}.",
            "questionnaireId",
        )
    attached = ReviewQuestionnaire(
        tenant_id=actor.tenant_id,
        review_id=review.id,
        questionnaire_id=questionnaire.id,
        note=normalize.text(note, "note", 2000),
        attached_by_id=actor.membership_id,
    )
    session.add(attached)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as error:
        raise Conflict("The questionnaire is attached already.", "questionnaireId") from error
    await audit.record(session, actor, "review.questionnaire_attached", attached)
    return attached


async def detach_questionnaire(session: AsyncSession, actor: Actor, attached_id: UUID) -> UUID:
    """Take a questionnaire off a review being worked; the review's id."""
    policy.require(actor, Permission.REVIEW_WRITE)
    attached = await reading.one(
        session,
        actor.tenant_id,
        ReviewQuestionnaire,
        attached_id,
        entity="Review questionnaire",
        field="id",
        for_update=True,
    )
    review = await _in_progress(session, actor, attached.review_id, "A questionnaire is detached")
    await audit.record_fact(
        session,
        actor,
        "review.questionnaire_detached",
        "Review",
        review.id,
        questionnaire_id=attached.questionnaire_id,
    )
    await session.delete(attached)
    return review.id


async def raise_finding(
    session: AsyncSession,
    actor: Actor,
    review_id: UUID,
    title: str,
    description: str,
    severity: Severity,
    owner_id: UUID | None,
    due_date: date | None,
) -> Finding:
    """A finding the preparer raises at the reviewed vendor while working the review."""
    review = await _in_progress(session, actor, review_id, "A finding is raised from a review")
    return await findings.raise_by_hand(
        session,
        actor,
        review.vendor_id,
        f"{REVIEW_SOURCE}{review.id}:{uuid4()}",
        title,
        description,
        severity,
        owner_id,
        due_date,
    )


# The source key of a finding raised from a review: this, the review's id, then its own.
REVIEW_SOURCE = "review:"


async def resolve_checklist_item(
    session: AsyncSession,
    actor: Actor,
    item_id: UUID,
    status: ChecklistStatus,
    note: str | None,
) -> ReviewChecklistItem:
    """Mark what a review checks DONE, NOT_APPLICABLE (with why), or PENDING again."""
    policy.require(actor, Permission.REVIEW_WRITE)
    item = await reading.one(
        session,
        actor.tenant_id,
        ReviewChecklistItem,
        item_id,
        entity="Checklist item",
        field="itemId",
        for_update=True,
    )
    await _in_progress(session, actor, item.review_id, "The checklist is worked")
    item.note = normalize.text(
        note, "note", 2000, required=status == ChecklistStatus.NOT_APPLICABLE
    )
    item.status = status.value
    pending = status == ChecklistStatus.PENDING
    item.resolved_by_id = None if pending else actor.membership_id
    item.resolved_at = None if pending else datetime.now(UTC)
    await audit.record(session, actor, "review.checklist_item_resolved", item)
    return item


async def add_condition(
    session: AsyncSession,
    actor: Actor,
    review_id: UUID,
    description: str,
    owner_id: UUID | None,
    due_date: date | None,
) -> ReviewCondition:
    """A condition of the approval, with its owner and due date (while the review is worked)."""
    review = await _in_progress(session, actor, review_id, "A condition is set")
    await require_member(session, actor.tenant_id, owner_id)
    condition = ReviewCondition(
        tenant_id=actor.tenant_id,
        review_id=review.id,
        description=normalize.text(description, "description", 2000, required=True) or "",
        owner_id=owner_id,
        due_date=due_date,
    )
    session.add(condition)
    await session.flush()
    await audit.record(session, actor, "review.condition_added", condition)
    return condition


async def _condition(session: AsyncSession, actor: Actor, condition_id: UUID) -> ReviewCondition:
    policy.require(actor, Permission.REVIEW_WRITE)
    return await reading.one(
        session,
        actor.tenant_id,
        ReviewCondition,
        condition_id,
        entity="Condition",
        field="conditionId",
        for_update=True,
    )


async def set_condition_status(
    session: AsyncSession, actor: Actor, condition_id: UUID, status: ConditionStatus
) -> ReviewCondition:
    """Mark a condition DONE (or OPEN again): tracked after the review is signed off too."""
    condition = await _condition(session, actor, condition_id)
    condition.status = status.value
    condition.done_at = datetime.now(UTC) if status == ConditionStatus.DONE else None
    await audit.record(session, actor, "review.condition_updated", condition)
    return condition


async def remove_condition(session: AsyncSession, actor: Actor, condition_id: UUID) -> UUID:
    """Take a condition off a review being worked; the review's id."""
    condition = await _condition(session, actor, condition_id)
    review = await _in_progress(session, actor, condition.review_id, "A condition is removed")
    await audit.record_fact(
        session,
        actor,
        "review.condition_removed",
        "Review",
        review.id,
        description=condition.description,
    )
    await session.delete(condition)
    return review.id


async def amend(session: AsyncSession, actor: Actor, review_id: UUID, reason: str) -> VendorReview:
    """A new version of a completed review, to be worked and signed off again: the completed
    one stays as it was, locked; the amendment starts from its decision, evidence and
    conditions, and points to it."""
    policy.require(actor, Permission.REVIEW_WRITE)
    old = await get_review(session, actor, review_id, for_update=True)
    if old.status != S.COMPLETED:
        raise InvalidInput("Only a COMPLETED review is amended.", "reviewId")
    why = normalize.text(reason, "reason", 2000, required=True)
    newer = await session.scalar(
        select(VendorReview.id).where(
            col(VendorReview.tenant_id) == actor.tenant_id,
            col(VendorReview.replaces_id) == old.id,
        )
    )
    if newer is not None:
        raise Conflict("This review has been amended already: amend the newer version.", "reviewId")
    now = datetime.now(UTC)
    amendment = VendorReview(
        tenant_id=actor.tenant_id,
        vendor_id=old.vendor_id,
        version=old.version + 1,
        replaces_id=old.id,
        status=S.IN_PROGRESS.value,
        due_date=now.date(),
        due_reason=f"Amends version {old.version}: {why}",
        preparer_id=actor.membership_id,
        decision=old.decision,
        residual_risk=old.residual_risk,
        rationale=old.rationale,
        started_at=now,
    )
    session.add(amendment)
    await session.flush()
    for evidence in await queries.evidence_of(session, actor.tenant_id, old.id):
        session.add(
            ReviewEvidence(
                tenant_id=actor.tenant_id,
                review_id=amendment.id,
                document_id=evidence.document_id,
                note=evidence.note,
                attached_by_id=evidence.attached_by_id,
            )
        )
    for item in await queries.checklist_of(session, actor.tenant_id, old.id):
        session.add(
            ReviewChecklistItem(
                tenant_id=actor.tenant_id,
                review_id=amendment.id,
                kind=item.kind,
                status=item.status,
                note=item.note,
                resolved_by_id=item.resolved_by_id,
                resolved_at=item.resolved_at,
            )
        )
    for condition in await queries.conditions_of(session, actor.tenant_id, old.id):
        session.add(
            ReviewCondition(
                tenant_id=actor.tenant_id,
                review_id=amendment.id,
                description=condition.description,
                owner_id=condition.owner_id,
                due_date=condition.due_date,
            )
        )
    await session.flush()
    await audit.record(session, actor, "review.amended", amendment, reason=why)
    return amendment


async def _sign_off(
    session: AsyncSession, actor: Actor, review: VendorReview, now: datetime
) -> None:
    policy.require_to_decide(actor, Permission.REVIEW_APPROVE)
    if actor.membership_id is None or actor.membership_id == review.preparer_id:
        raise SelfApproval("The preparer of a review cannot sign it off.", "reviewId")
    review.approver_id, review.completed_at = actor.membership_id, now


async def _after_review(session: AsyncSession, actor: Actor, review: VendorReview) -> None:
    """A rejected vendor starts offboarding; the next review is planned either way."""
    if review.status == S.COMPLETED and review.decision == ReviewDecision.REJECTED:
        vendor = await reading.find(
            session, actor.tenant_id, Vendor, review.vendor_id, for_update=True
        )
        if vendor is not None and vendor.status == VendorStatus.ACTIVE:
            await vendors.move(
                session, actor, vendor, VendorStatus.OFFBOARDING, "The periodic review rejected it."
            )
            return  # moving it re-planned the schedule (none for an OFFBOARDING vendor)
    await schedule.plan(session, actor.tenant_id, review.vendor_id)


async def set_cadence(
    session: AsyncSession, actor: Actor, vendor_id: UUID, months: int | None, reason: str | None
) -> Vendor:
    """Give a vendor its own months between reviews (with why), or back to its tier's (None)."""
    policy.require(actor, Permission.REVIEW_WRITE)
    vendor = await vendors.get_vendor(session, actor, vendor_id, for_update=True)
    own = await session.scalar(
        select(ReviewCadence).where(
            col(ReviewCadence.tenant_id) == actor.tenant_id,
            col(ReviewCadence.vendor_id) == vendor.id,
        )
    )
    if months is None:
        if own is None:
            raise NotFound("Review cadence", "vendorId")
        await session.delete(own)
        await audit.record_fact(
            session, actor, "review.cadence_cleared", "Vendor", vendor.id, months=own.months
        )
    else:
        if not 1 <= months <= 60:
            raise InvalidInput("months must be between 1 and 60.", "months")
        why = normalize.text(reason, "reason", 2000, required=True)
        own = own or ReviewCadence(
            tenant_id=actor.tenant_id, vendor_id=vendor.id, months=months, reason=why or ""
        )
        own.months, own.reason, own.set_by_id = months, why or "", actor.membership_id
        session.add(own)
        await session.flush()
        await audit.record(session, actor, "review.cadence_set", own)
    await schedule.plan(session, actor.tenant_id, vendor.id)
    return vendor
