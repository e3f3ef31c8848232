"""Input types of vendor reviews."""

import enum
from datetime import date

import strawberry
from strawberry import relay

from app.api.enums import (
    ChecklistStatus,
    ConditionStatus,
    OffboardingStatus,
    ReviewDecision,
    ReviewStatus,
    Severity,
    Tier,
)
from app.api.inputs import OrderDirection
from app.api.relay import filter_uuid
from domain.reviews import queries


@strawberry.input(description="Which reviews to list or count; every criterion given must match.")
class ReviewFilter:
    status: list[ReviewStatus] | None = strawberry.field(
        default=None, description="Reviews in any of these statuses."
    )
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Reviews of this Vendor."
    )
    reviewer_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Reviews this Member prepares."
    )
    due_before: date | None = strawberry.field(
        default=None, description="Still to be done and due before this date."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="true: still to be done and past their due date (UTC), the overdue queue; "
        "false: all others.",
    )

    def criteria(self) -> queries.ReviewFilter:
        return queries.ReviewFilter(
            statuses=[s.value for s in self.status or []],
            vendor_id=filter_uuid(self.vendor_id, "Vendor"),
            preparer_id=filter_uuid(self.reviewer_id, "Member"),
            due_before=self.due_before,
            overdue=self.overdue,
        )


@strawberry.enum(description="What reviews can be ordered by.")
class ReviewOrderField(enum.Enum):
    DUE_DATE = "DUE_DATE"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="Order of a reviews list; ties go to the review's ID.")
class ReviewOrder:
    field: ReviewOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="ASC (the default) or DESC."
    )


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateReviewInput:
    review_id: relay.GlobalID = strawberry.field(description="The review (IN_PROGRESS).")
    decision: ReviewDecision | None = strawberry.field(
        default=strawberry.UNSET, description="What the review decides."
    )
    residual_risk: Tier | None = strawberry.field(
        default=strawberry.UNSET, description="The risk that remains, LOW to CRITICAL."
    )
    rationale: str | None = strawberry.field(
        default=strawberry.UNSET, description="Why the decision and the residual risk."
    )


@strawberry.input(description="Move a review along its lifecycle.")
class TransitionReviewInput:
    review_id: relay.GlobalID = strawberry.field(description="The review.")
    to: ReviewStatus = strawberry.field(
        description="Where it goes: one of the review's availableTransitions."
    )
    reason: str | None = strawberry.field(
        default=None,
        description="Why; required to send a submitted review back or to cancel one.",
    )


@strawberry.input(description="A vendor's own months between reviews, or back to its tier's.")
class SetReviewCadenceInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor.")
    months: int | None = strawberry.field(
        description="1 to 60; null: back to the tenant's months for the vendor's tier."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why this vendor differs; required with months."
    )


@strawberry.input(description="A document of the reviewed vendor for a review being worked.")
class AttachReviewEvidenceInput:
    review_id: relay.GlobalID = strawberry.field(description="The review (IN_PROGRESS).")
    document_id: relay.GlobalID = strawberry.field(description="A document of its vendor.")
    note: str | None = strawberry.field(default=None, description="Why it is relied on.")


@strawberry.input(description="A completed questionnaire a review being worked relies on.")
class AttachReviewQuestionnaireInput:
    review_id: relay.GlobalID = strawberry.field(description="The review (IN_PROGRESS).")
    questionnaire_id: relay.GlobalID = strawberry.field(
        description="A COMPLETED questionnaire of its vendor."
    )
    note: str | None = strawberry.field(default=None, description="Why it is relied on.")


@strawberry.input(description="A questionnaire to take off a review being worked.")
class DetachReviewQuestionnaireInput:
    id: relay.GlobalID = strawberry.field(description="The ReviewQuestionnaire.")


@strawberry.input(description="A document to take off a review being worked.")
class DetachReviewEvidenceInput:
    evidence_id: relay.GlobalID = strawberry.field(description="The ReviewEvidence.")


@strawberry.input(description="A finding the preparer raises at the reviewed vendor.")
class RaiseReviewFindingInput:
    review_id: relay.GlobalID = strawberry.field(description="The review (IN_PROGRESS).")
    title: str = strawberry.field(description="A line for lists (at most 300 characters).")
    description: str = strawberry.field(description="What was found, and why it matters.")
    severity: Severity = strawberry.field(description="How urgent.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Member who owns it on our side."
    )
    due_date: date | None = strawberry.field(default=None, description="When it should close.")


@strawberry.input(description="A condition of an approval with conditions.")
class AddReviewConditionInput:
    review_id: relay.GlobalID = strawberry.field(description="The review (IN_PROGRESS).")
    description: str = strawberry.field(description="What must be done.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Member who sees it done."
    )
    due_date: date | None = strawberry.field(default=None, description="By when.")


@strawberry.input(description="Move a review's condition: DONE, or OPEN again.")
class TransitionReviewConditionInput:
    condition_id: relay.GlobalID = strawberry.field(description="The ReviewCondition.")
    to: ConditionStatus = strawberry.field(description="DONE, or OPEN.")


@strawberry.input(description="A condition to take off a review being worked.")
class RemoveReviewConditionInput:
    condition_id: relay.GlobalID = strawberry.field(description="The ReviewCondition.")


@strawberry.input(description="Amend a completed review with a new version.")
class AmendReviewInput:
    review_id: relay.GlobalID = strawberry.field(description="The COMPLETED review.")
    reason: str = strawberry.field(description="Why it is amended.")


@strawberry.input(description="Mark what a review checks.")
class ResolveReviewChecklistItemInput:
    item_id: relay.GlobalID = strawberry.field(description="The ReviewChecklistItem.")
    status: ChecklistStatus = strawberry.field(
        description="DONE, NOT_APPLICABLE (with a note), or PENDING again."
    )
    note: str | None = strawberry.field(
        default=None, description="What was found; required for NOT_APPLICABLE."
    )


@strawberry.input(description="Settle one step of ending a vendor relationship.")
class ResolveOffboardingItemInput:
    item_id: relay.GlobalID = strawberry.field(description="The OffboardingItem.")
    status: OffboardingStatus = strawberry.field(
        description="DONE, WAIVED (with a note), or PENDING again."
    )
    note: str | None = strawberry.field(
        default=None, description="What was done; required to waive."
    )
    document_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="A document of the vendor that proves it; required for "
        "DATA_RETURNED_OR_DELETED done (its certificate).",
    )
