"""GraphQL types of periodic vendor reviews."""

from datetime import UTC, date, datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.enums import ReviewDecision, ReviewStatus, Tier
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef, VendorRef
from domain.reviews import models, service
from domain.shared import policy
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="What the viewer may do to a review now.")
class ReviewViewerCan:
    update: bool = strawberry.field(
        description="updateReview: record the decision, residual risk and rationale (while "
        "IN_PROGRESS)."
    )
    transition: bool = strawberry.field(
        description="transitionReview: true when availableTransitions is not empty."
    )
    sign_off: bool = strawberry.field(
        description="transitionReview to COMPLETED: the review is PENDING_APPROVAL, the role "
        "signs reviews off, the viewer did not prepare it, and their token is their own."
    )


@strawberry.type(
    description="A periodic review of a vendor: scheduled by its tier's cadence (and its SOC "
    "report's currency), worked by a preparer, decided, and signed off by another member. "
    "Once COMPLETED it is locked."
)
class Review(RowNode, relay.Node, model=models.VendorReview, read=Permission.REVIEW_READ):
    review_id: relay.NodeID[UUID]
    status: ReviewStatus = strawberry.field(
        description="Where it stands; availableTransitions says where the viewer may move it."
    )
    version: int = strawberry.field(
        description="1, or the number of the amendment of a completed review it is."
    )
    due_date: date = strawberry.field(description="When it is due.")
    due_reason: str = strawberry.field(
        description="Why it is due then: the cadence it follows, or the day the vendor's SOC "
        "report stops being current."
    )
    decision: ReviewDecision | None = strawberry.field(
        description="What it decided; null until the preparer records it."
    )
    residual_risk: Tier | None = strawberry.field(
        description="The risk that remains with the vendor after the review, LOW to "
        "CRITICAL; null until recorded."
    )
    rationale: str | None = strawberry.field(
        description="Why the decision and the residual risk; null until recorded."
    )
    cancel_reason: str | None = strawberry.field(
        description="Why it was cancelled (by a reviewer, or the vendor's leaving); null "
        "unless CANCELLED."
    )
    started_at: datetime | None = strawberry.field(description="When work on it started.")
    submitted_at: datetime | None = strawberry.field(
        description="When it was last submitted for sign-off."
    )
    completed_at: datetime | None = strawberry.field(description="When it was signed off.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    created_at: datetime = strawberry.field(description="When it was scheduled.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    vendor_id: strawberry.Private[UUID]
    preparer_id: strawberry.Private[UUID | None]
    approver_id: strawberry.Private[UUID | None]
    replaces_id: strawberry.Private[UUID | None]
    row: strawberry.Private[models.VendorReview]

    @strawberry.field(description="The vendor reviewed.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="The member who works it; null until it is started.")
    def preparer(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.preparer_id)

    @strawberry.field(description="The member who signed it off; null until COMPLETED.")
    def approver(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.approver_id)

    @strawberry.field(description="The completed review this one amends; null for a first.")
    def replaces(self, info: Info) -> "Review | None":
        return node(info, models.VendorReview, self.replaces_id)

    @strawberry.field(description="Still to be done (not COMPLETED or CANCELLED) and past due.")
    def overdue(self) -> bool:
        return self.status in models.OPEN_STATUSES and self.due_date < datetime.now(UTC).date()

    @strawberry.field(
        description="The statuses the viewer may move it to now with transitionReview, in "
        "lifecycle order; empty for a role that may not."
    )
    def available_transitions(self, info: Info) -> list[ReviewStatus]:
        return service.available_moves(info.context.actor, self.row)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> ReviewViewerCan:
        actor = info.context.actor
        moves = service.available_moves(actor, self.row)
        return ReviewViewerCan(
            update=policy.allows(actor, Permission.REVIEW_WRITE)
            and self.status == models.ReviewStatus.IN_PROGRESS,
            transition=bool(moves),
            sign_off=models.ReviewStatus.COMPLETED in moves,
        )

    @classmethod
    def from_row(cls, row: models.VendorReview) -> "Review":
        return cls(
            review_id=row.id,
            status=models.ReviewStatus(row.status),
            version=row.version,
            due_date=row.due_date,
            due_reason=row.due_reason,
            decision=models.ReviewDecision(row.decision) if row.decision else None,
            residual_risk=Tier(row.residual_risk) if row.residual_risk else None,
            rationale=row.rationale,
            cancel_reason=row.cancel_reason,
            started_at=row.started_at,
            submitted_at=row.submitted_at,
            completed_at=row.completed_at,
            cancelled_at=row.cancelled_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            vendor_id=row.vendor_id,
            preparer_id=row.preparer_id,
            approver_id=row.approver_id,
            replaces_id=row.replaces_id,
            row=row,
        )


@strawberry.type(description="How many reviews of one status.")
class ReviewStatusCount:
    status: ReviewStatus = strawberry.field(
        description="A status; every status is listed, zeros included."
    )
    count: int = strawberry.field(description="How many reviews of the list are in it.")


@strawberry.type(description="Review counts for a dashboard: by status, and overdue.")
class ReviewCounts:
    total: int = strawberry.field(description="Every review the filter matches.")
    overdue: int = strawberry.field(description="Still to be done and past their due date (UTC).")
    by_status: list[ReviewStatusCount] = strawberry.field(
        description="One entry per status, in lifecycle order, zeros included."
    )
