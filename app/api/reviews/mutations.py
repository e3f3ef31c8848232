"""Mutation fields of vendor reviews: record the decision, move the review, set a cadence."""

from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.nodes import to_node
from app.api.refs import FindingRef, VendorRef
from app.api.relay import node_uuid
from app.api.reviews.errors import ReviewError
from app.api.reviews.inputs import (
    AddReviewConditionInput,
    AmendReviewInput,
    AttachReviewEvidenceInput,
    AttachReviewQuestionnaireInput,
    DetachReviewEvidenceInput,
    DetachReviewQuestionnaireInput,
    RaiseReviewFindingInput,
    RemoveReviewConditionInput,
    ResolveOffboardingItemInput,
    ResolveReviewChecklistItemInput,
    SetReviewCadenceInput,
    TransitionReviewConditionInput,
    TransitionReviewInput,
    UpdateReviewInput,
)
from app.api.reviews.types import (
    OffboardingItem,
    Review,
    ReviewChecklistItem,
    ReviewCondition,
    ReviewEvidence,
    ReviewQuestionnaire,
)
from domain.reviews import offboarding, service
from domain.reviews.models import ChecklistStatus, ConditionStatus, OffboardingStatus, ReviewStatus


@strawberry.type(description="Result of a mutation on a review.")
class ReviewPayload(Payload[ReviewError]):
    review: Review | None = strawberry.field(default=None, description="The review.")


@strawberry.type(description="Result of attaching evidence to a review.")
class ReviewEvidencePayload(Payload[ReviewError]):
    evidence: ReviewEvidence | None = strawberry.field(
        default=None, description="The evidence attached."
    )


@strawberry.type(description="Result of taking evidence off a review.")
class DetachReviewEvidencePayload(Payload[ReviewError]):
    review: Review | None = strawberry.field(default=None, description="The review, without it.")


@strawberry.type(description="Result of attaching a questionnaire to a review.")
class ReviewQuestionnairePayload(Payload[ReviewError]):
    review_questionnaire: ReviewQuestionnaire | None = strawberry.field(
        default=None, description="The questionnaire attached."
    )


@strawberry.type(description="Result of raising a finding from a review.")
class RaiseReviewFindingPayload(Payload[ReviewError]):
    finding: FindingRef | None = strawberry.field(default=None, description="The finding.")


@strawberry.type(description="Result of taking a condition off a review.")
class RemoveReviewConditionPayload(Payload[ReviewError]):
    review: Review | None = strawberry.field(default=None, description="The review, without it.")


@strawberry.type(description="Result of a mutation on a review's condition.")
class ReviewConditionPayload(Payload[ReviewError]):
    condition: ReviewCondition | None = strawberry.field(default=None, description="The condition.")


@strawberry.type(description="Result of marking a review's checklist item.")
class ReviewChecklistItemPayload(Payload[ReviewError]):
    item: ReviewChecklistItem | None = strawberry.field(default=None, description="The item.")


@strawberry.type(description="Result of settling an offboarding step.")
class OffboardingItemPayload(Payload[ReviewError]):
    item: OffboardingItem | None = strawberry.field(default=None, description="The step.")


@strawberry.type(description="Result of setting a vendor's review cadence.")
class ReviewCadencePayload(Payload[ReviewError]):
    vendor: VendorRef | None = strawberry.field(
        default=None, description="The vendor, its next review planned again."
    )


def _review_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "Review", "Review", "reviewId")


@strawberry.type
class ReviewMutation:
    @mutation(
        "Record the decision, residual risk and rationale of a review being worked "
        "(REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(reviewId) for a review that is not here",
            "INVALID": "(reviewId) when the review is not IN_PROGRESS, or (rationale) for one "
            "too long",
        },
    )
    async def update_review(self, info: Info, input: UpdateReviewInput) -> ReviewPayload:
        changes = service.ReviewChanges.read(given(input, service.ReviewChanges.model_fields))
        row = await service.update_review(
            info.context.session, info.context.actor, _review_uuid(input.review_id), changes
        )
        return ReviewPayload(review=Review.from_row(row))

    @mutation(
        "Move a review along its lifecycle: start it (SCHEDULED -> IN_PROGRESS, the viewer "
        "becomes its preparer), submit it (-> PENDING_APPROVAL, its decision, residual risk "
        "and rationale recorded), send it back (-> IN_PROGRESS, with a reason), sign it off "
        "(-> COMPLETED: another member than the preparer, REVIEWER or ADMIN, with a token of "
        "their own; the next review is scheduled, and a REJECTED vendor starts offboarding), "
        "or cancel it (-> CANCELLED, with a reason) (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(reviewId) for a review that is not here",
            "INVALID_TRANSITION": "(to) for a status not among its availableTransitions",
            "INVALID": "(reason) when a reason is needed and missing, or (decision, "
            "residualRisk, rationale) when submitting without one",
            "SELF_APPROVAL": "(reviewId) when its preparer signs it off",
            "REQUIREMENTS_PENDING": "(reviewId) when submitting with checklist items PENDING",
        },
    )
    async def transition_review(self, info: Info, input: TransitionReviewInput) -> ReviewPayload:
        row = await service.transition(
            info.context.session,
            info.context.actor,
            _review_uuid(input.review_id),
            ReviewStatus(input.to.value),
            input.reason,
        )
        return ReviewPayload(review=Review.from_row(row))

    @mutation(
        "Attach a document of the reviewed vendor to a review being worked (REVIEWER, "
        "ADMIN); when the review is submitted, its report is frozen into the review as it "
        "stands.",
        errors={
            "NOT_FOUND": "(reviewId, or documentId) for what is not here",
            "INVALID": "(reviewId) when the review is not IN_PROGRESS, or (documentId) for "
            "another vendor's document",
            "CONFLICT": "(documentId) when it is attached already",
        },
    )
    async def attach_review_evidence(
        self, info: Info, input: AttachReviewEvidenceInput
    ) -> ReviewEvidencePayload:
        row = await service.attach_evidence(
            info.context.session,
            info.context.actor,
            _review_uuid(input.review_id),
            node_uuid(input.document_id, "Document", "Document", "documentId"),
            input.note,
        )
        return ReviewEvidencePayload(evidence=ReviewEvidence.from_row(row))

    @mutation(
        "Attach a COMPLETED security questionnaire of the reviewed vendor to a review being "
        "worked (REVIEWER, ADMIN); when the review is submitted, the questionnaire (answers, "
        "verdicts, score) is frozen into the review as it stands.",
        errors={
            "NOT_FOUND": "(reviewId, or questionnaireId) for what is not here",
            "INVALID": "(reviewId) when the review is not IN_PROGRESS, or (questionnaireId) "
            "for another vendor's or one not COMPLETED",
            "CONFLICT": "(questionnaireId) when it is attached already",
        },
    )
    async def attach_review_questionnaire(
        self, info: Info, input: AttachReviewQuestionnaireInput
    ) -> ReviewQuestionnairePayload:
        row = await service.attach_questionnaire(
            info.context.session,
            info.context.actor,
            _review_uuid(input.review_id),
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            input.note,
        )
        return ReviewQuestionnairePayload(review_questionnaire=ReviewQuestionnaire.from_row(row))

    @mutation(
        "Take a questionnaire off a review being worked (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(id) for one that is not here",
            "INVALID": "(reviewId) when its review is not IN_PROGRESS (the field names the "
            "review, which the input names through `id`)",
        },
    )
    async def detach_review_questionnaire(
        self, info: Info, input: DetachReviewQuestionnaireInput
    ) -> DetachReviewEvidencePayload:
        review_id = await service.detach_questionnaire(
            info.context.session,
            info.context.actor,
            node_uuid(input.id, "ReviewQuestionnaire", "Review questionnaire", "id"),
        )
        row = await service.get_review(info.context.session, info.context.actor, review_id)
        return DetachReviewEvidencePayload(review=Review.from_row(row))

    @mutation(
        "Raise a finding at the reviewed vendor from a review being worked, with its "
        "severity, owner and due date (REVIEWER, ADMIN); it is the vendor's, like any other.",
        errors={
            "NOT_FOUND": "(reviewId, or ownerId) for what is not here",
            "INVALID": "(reviewId) when the review is not IN_PROGRESS, or (the field) for a "
            "title, description or date that does not fit",
        },
    )
    async def raise_review_finding(
        self, info: Info, input: RaiseReviewFindingInput
    ) -> RaiseReviewFindingPayload:
        owner = node_uuid(input.owner_id, "Member", "Member", "ownerId") if input.owner_id else None
        row = await service.raise_finding(
            info.context.session,
            info.context.actor,
            _review_uuid(input.review_id),
            input.title,
            input.description,
            input.severity,
            owner,
            input.due_date,
        )
        return RaiseReviewFindingPayload(finding=to_node(info, row))

    @mutation(
        "Take a document off a review being worked (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(evidenceId) for evidence that is not here",
            "INVALID": "(reviewId) when its review is not IN_PROGRESS",
        },
    )
    async def detach_review_evidence(
        self, info: Info, input: DetachReviewEvidenceInput
    ) -> DetachReviewEvidencePayload:
        review_id = await service.detach_evidence(
            info.context.session,
            info.context.actor,
            node_uuid(input.evidence_id, "ReviewEvidence", "Evidence", "evidenceId"),
        )
        row = await service.get_review(info.context.session, info.context.actor, review_id)
        return DetachReviewEvidencePayload(review=Review.from_row(row))

    @mutation(
        "Mark what a review being worked checks: DONE, NOT_APPLICABLE (with a note), or "
        "PENDING again (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(itemId) for an item that is not here",
            "INVALID": "(reviewId) when its review is not IN_PROGRESS, or (note) missing for "
            "NOT_APPLICABLE",
        },
    )
    async def resolve_review_checklist_item(
        self, info: Info, input: ResolveReviewChecklistItemInput
    ) -> ReviewChecklistItemPayload:
        row = await service.resolve_checklist_item(
            info.context.session,
            info.context.actor,
            node_uuid(input.item_id, "ReviewChecklistItem", "Checklist item", "itemId"),
            ChecklistStatus(input.status.value),
            input.note,
        )
        return ReviewChecklistItemPayload(item=ReviewChecklistItem.from_row(row))

    @mutation(
        "Set a condition of an approval with conditions, with its owner and due date, on a "
        "review being worked (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(reviewId, or ownerId) for what is not here",
            "INVALID": "(reviewId) when the review is not IN_PROGRESS, or (description) when empty",
        },
    )
    async def add_review_condition(
        self, info: Info, input: AddReviewConditionInput
    ) -> ReviewConditionPayload:
        owner = node_uuid(input.owner_id, "Member", "Member", "ownerId") if input.owner_id else None
        row = await service.add_condition(
            info.context.session,
            info.context.actor,
            _review_uuid(input.review_id),
            input.description,
            owner,
            input.due_date,
        )
        return ReviewConditionPayload(condition=ReviewCondition.from_row(row))

    @mutation(
        "Mark a review's condition DONE, or OPEN again; conditions are worked after the "
        "sign-off too (REVIEWER, ADMIN).",
        errors={"NOT_FOUND": "(conditionId) for a condition that is not here"},
    )
    async def transition_review_condition(
        self, info: Info, input: TransitionReviewConditionInput
    ) -> ReviewConditionPayload:
        row = await service.set_condition_status(
            info.context.session,
            info.context.actor,
            node_uuid(input.condition_id, "ReviewCondition", "Condition", "conditionId"),
            ConditionStatus(input.to.value),
        )
        return ReviewConditionPayload(condition=ReviewCondition.from_row(row))

    @mutation(
        "Take a condition off a review being worked (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(conditionId) for a condition that is not here",
            "INVALID": "(reviewId) when its review is not IN_PROGRESS",
        },
    )
    async def remove_review_condition(
        self, info: Info, input: RemoveReviewConditionInput
    ) -> RemoveReviewConditionPayload:
        review_id = await service.remove_condition(
            info.context.session,
            info.context.actor,
            node_uuid(input.condition_id, "ReviewCondition", "Condition", "conditionId"),
        )
        row = await service.get_review(info.context.session, info.context.actor, review_id)
        return RemoveReviewConditionPayload(review=Review.from_row(row))

    @mutation(
        "Amend a completed review: a new version, IN_PROGRESS, starting from its decision, "
        "evidence and conditions, pointing to it (replaces); the completed one stays as it "
        "was, locked (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(reviewId) for a review that is not here",
            "INVALID": "(reviewId) for a review that is not COMPLETED, or (reason) missing",
            "CONFLICT": "(reviewId) when it was amended already: amend the newer version",
        },
    )
    async def amend_review(self, info: Info, input: AmendReviewInput) -> ReviewPayload:
        row = await service.amend(
            info.context.session, info.context.actor, _review_uuid(input.review_id), input.reason
        )
        return ReviewPayload(review=Review.from_row(row))

    @mutation(
        "Settle one step of ending a vendor relationship: DONE (data returned or deleted "
        "with its certificate document), WAIVED with why, or PENDING again (ADMIN, "
        "PROCUREMENT, REVIEWER). transitionVendor to TERMINATED waits for every step.",
        errors={
            "NOT_FOUND": "(itemId, or documentId) for what is not here",
            "INVALID": "(note) missing to waive, or (documentId) missing for the certificate "
            "or of another vendor",
        },
    )
    async def resolve_offboarding_item(
        self, info: Info, input: ResolveOffboardingItemInput
    ) -> OffboardingItemPayload:
        document = (
            node_uuid(input.document_id, "Document", "Document", "documentId")
            if input.document_id
            else None
        )
        row = await offboarding.resolve(
            info.context.session,
            info.context.actor,
            node_uuid(input.item_id, "OffboardingItem", "Offboarding item", "itemId"),
            OffboardingStatus(input.status.value),
            input.note,
            document,
        )
        return OffboardingItemPayload(item=OffboardingItem.from_row(row))

    @mutation(
        "Give a vendor its own months between reviews, with why, or (months null) put it "
        "back on its tier's; its scheduled review is planned again (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here, or one without its own "
            "cadence to clear",
            "INVALID": "(months) out of 1 to 60, or (reason) missing",
        },
    )
    async def set_review_cadence(
        self, info: Info, input: SetReviewCadenceInput
    ) -> ReviewCadencePayload:
        vendor_id = node_uuid(input.vendor_id, "Vendor", "Vendor", "vendorId")
        row = await service.set_cadence(
            info.context.session, info.context.actor, vendor_id, input.months, input.reason
        )
        return ReviewCadencePayload(vendor=to_node(info, row))
