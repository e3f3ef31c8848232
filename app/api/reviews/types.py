"""GraphQL types of periodic vendor reviews."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import (
    AnswerReview,
    AnswerSource,
    ChecklistKind,
    ChecklistStatus,
    ConditionStatus,
    OffboardingKind,
    OffboardingStatus,
    ReviewDecision,
    ReviewStatus,
    SocOpinion,
    SocReportField,
    SocReportKind,
    SocReportType,
    Tier,
    TrustServicesCategory,
)
from app.api.nodes import RowNode, member_of_user, node, node_by
from app.api.pages import findings_of_vendor
from app.api.refs import (
    DocumentRef,
    FindingRef,
    MemberRef,
    QuestionnaireRef,
    SocReportRef,
    VendorRef,
)
from app.api.relay import Connection
from app.api.report_values import (
    CsocValues,
    CuecValues,
    SocExceptionValues,
    SubserviceOrganizationValues,
)
from domain.documents import models as documents
from domain.questionnaires import models as questionnaires
from domain.reviews import models, service
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors
from parsers.soc2 import result


@strawberry.type(
    description="A SOC report as it stood when the review was submitted, frozen: what the "
    "sign-off decided on, whatever was read or corrected since."
)
class ReportSnapshot:
    taken_at: datetime = strawberry.field(description="When it was frozen (the submission).")
    kind: SocReportKind = strawberry.field(description="What the document was read to be.")
    report_type: SocReportType | None = strawberry.field(description="TYPE1 or TYPE2.")
    service_organization: str | None = strawberry.field(description="The company examined.")
    service_auditor: str | None = strawberry.field(description="The CPA firm that signed.")
    period_start: date | None = strawberry.field(description="Start of a Type II period.")
    period_end: date | None = strawberry.field(description="End of a Type II period.")
    as_of: date | None = strawberry.field(description="The date of a Type I report.")
    report_date: date | None = strawberry.field(description="Date of the auditor's report.")
    opinion: SocOpinion | None = strawberry.field(description="The auditor's opinion.")
    opinion_basis: str | None = strawberry.field(description="Why a modified opinion is so.")
    categories: list[TrustServicesCategory] = strawberry.field(
        description="Trust services categories covered."
    )
    corrected_fields: list[SocReportField] = strawberry.field(
        description="The fields whose value was a reviewer's, not the parser's."
    )
    review_needed: bool = strawberry.field(
        description="Whether its reading still needed a person's check then."
    )
    confirmed_at: datetime | None = strawberry.field(
        description="When a reviewer had confirmed the reading; null if nobody had."
    )
    confirmed_by_id: strawberry.Private[UUID | None]
    exceptions: list[SocExceptionValues] = strawberry.field(
        description="Its exceptions then (dismissed ones left out), in report order."
    )
    cuecs: list[CuecValues] = strawberry.field(description="Its CUECs then.")
    subservice_organizations: list[SubserviceOrganizationValues] = strawberry.field(
        description="Its subservice organizations then."
    )
    csocs: list[CsocValues] = strawberry.field(description="Its CSOCs then.")

    @strawberry.field(description="Who had confirmed the reading; null if nobody had.")
    def confirmed_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.confirmed_by_id)

    @classmethod
    def of(cls, raw: dict[str, Any], taken_at: datetime) -> "ReportSnapshot":
        fields = raw.get("fields") or {}

        def day(name: str) -> date | None:
            value = fields.get(name)
            return date.fromisoformat(value) if value else None

        confirmed_at = raw.get("confirmed_at")
        confirmed_by = raw.get("confirmed_by")
        return cls(
            taken_at=taken_at,
            kind=result.Kind(fields.get("kind") or "UNKNOWN"),
            report_type=result.ReportType(fields["report_type"])
            if fields.get("report_type")
            else None,
            service_organization=fields.get("service_organization"),
            service_auditor=fields.get("service_auditor"),
            period_start=day("period_start"),
            period_end=day("period_end"),
            as_of=day("as_of"),
            report_date=day("report_date"),
            opinion=result.Opinion(fields["opinion"]) if fields.get("opinion") else None,
            opinion_basis=fields.get("opinion_basis"),
            categories=[result.Category(c) for c in fields.get("categories") or []],
            corrected_fields=[SocReportField(f) for f in raw.get("corrected") or []],
            review_needed=bool(raw.get("review_needed")),
            confirmed_at=datetime.fromisoformat(confirmed_at) if confirmed_at else None,
            confirmed_by_id=UUID(confirmed_by) if confirmed_by else None,
            exceptions=[SocExceptionValues.of(e) for e in raw.get("exceptions") or []],
            cuecs=[CuecValues.of(c) for c in raw.get("cuecs") or []],
            subservice_organizations=[
                SubserviceOrganizationValues.of(o)
                for o in raw.get("subservice_organizations") or []
            ],
            csocs=[CsocValues.of(c) for c in raw.get("csocs") or []],
        )


@strawberry.type(description="A document a review relies on.")
class ReviewEvidence(RowNode, relay.Node, model=models.ReviewEvidence, read=Permission.REVIEW_READ):
    evidence_id: relay.NodeID[UUID]
    note: str | None = strawberry.field(description="Why it is relied on; null if not said.")
    created_at: datetime = strawberry.field(description="When it was attached.")
    document_id: strawberry.Private[UUID]
    attached_by_id: strawberry.Private[UUID | None]
    snapshot_json: strawberry.Private[dict[str, Any] | None]
    snapshot_at: strawberry.Private[datetime | None]

    @strawberry.field(description="The document.")
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @strawberry.field(
        description="Its report as it is now, with its year-over-year comparison and whether "
        "its reading needs review; null for a document that is not a read report."
    )
    def report(self, info: Info) -> SocReportRef | None:
        return node_by(info, info.context.loaders.report_by_document, self.document_id)

    @strawberry.field(
        description="Its report as it stood when the review was (last) submitted; null "
        "before submission, or for a document that is not a read report."
    )
    def snapshot(self) -> ReportSnapshot | None:
        if self.snapshot_json is None or self.snapshot_at is None:
            return None
        return ReportSnapshot.of(self.snapshot_json, self.snapshot_at)

    @strawberry.field(description="The member who attached it.")
    def attached_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.attached_by_id)

    @classmethod
    def from_row(cls, row: models.ReviewEvidence) -> "ReviewEvidence":
        return cls(
            evidence_id=row.id,
            note=row.note,
            created_at=row.created_at,
            document_id=row.document_id,
            attached_by_id=row.attached_by_id,
            snapshot_json=row.snapshot,
            snapshot_at=row.snapshot_at,
        )


@strawberry.type(description="An answer of a questionnaire as a review relied on it.")
class QuestionnaireSnapshotItem:
    key: str = strawberry.field(description="The question's key.")
    section: str = strawberry.field(description="Its section.")
    question: str = strawberry.field(description="What it asked.")
    answer: str = strawberry.field(
        description="The answer in words (choices by their labels, a file by its name); "
        "empty when none."
    )
    source: AnswerSource | None = strawberry.field(description="Where the answer came from.")
    review_status: AnswerReview = strawberry.field(description="The reviewer's verdict.")
    red_flag: bool = strawberry.field(description="A red-flag answer.")


@strawberry.type(description="A section's score as a review relied on it.")
class QuestionnaireSnapshotSection:
    title: str = strawberry.field(description="The section's title.")
    score: int | None = strawberry.field(description="0-100; null when nothing was scored.")


@strawberry.type(description="A questionnaire as it stood when the review was submitted.")
class QuestionnaireSnapshot:
    taken_at: datetime = strawberry.field(description="When the review was submitted.")
    template_name: str = strawberry.field(description="The template's name.")
    template_version: int = strawberry.field(description="Its version.")
    score: int | None = strawberry.field(description="The questionnaire's score, 0-100.")
    section_scores: list[QuestionnaireSnapshotSection] = strawberry.field(
        description="Each section's score."
    )
    completed_at: datetime | None = strawberry.field(description="When it was completed.")
    items: list[QuestionnaireSnapshotItem] = strawberry.field(
        description="The questions it showed, in order, with their answers."
    )

    @classmethod
    def of(cls, data: dict[str, Any], taken_at: datetime) -> "QuestionnaireSnapshot":
        completed = data.get("completedAt")
        return cls(
            taken_at=taken_at,
            template_name=data["template"]["name"],
            template_version=data["template"]["version"],
            score=data.get("score"),
            section_scores=[
                QuestionnaireSnapshotSection(title=t["title"], score=t["score"])
                for t in data.get("sectionScores", [])
            ],
            completed_at=datetime.fromisoformat(completed) if completed else None,
            items=[
                QuestionnaireSnapshotItem(
                    key=i["key"],
                    section=i["section"],
                    question=i["question"],
                    answer=i["answer"],
                    source=AnswerSource(i["source"]) if i["source"] else None,
                    review_status=AnswerReview(i["reviewStatus"]),
                    red_flag=i["redFlag"],
                )
                for i in data["items"]
            ],
        )


@strawberry.type(
    description="A completed security questionnaire a review relies on, and as it stood when "
    "the review was submitted."
)
class ReviewQuestionnaire(
    RowNode, relay.Node, model=models.ReviewQuestionnaire, read=Permission.REVIEW_READ
):
    review_questionnaire_id: relay.NodeID[UUID]
    note: str | None = strawberry.field(description="Why it is relied on; null if not said.")
    created_at: datetime = strawberry.field(description="When it was attached.")
    questionnaire_id: strawberry.Private[UUID]
    attached_by_id: strawberry.Private[UUID | None]
    snapshot_json: strawberry.Private[dict[str, Any] | None]
    snapshot_at: strawberry.Private[datetime | None]

    @strawberry.field(description="The questionnaire as it is now.")
    def questionnaire(self, info: Info) -> QuestionnaireRef | None:
        return node(info, questionnaires.Questionnaire, self.questionnaire_id)

    @strawberry.field(
        description="The questionnaire as it stood when the review was (last) submitted; "
        "null before."
    )
    def snapshot(self) -> QuestionnaireSnapshot | None:
        if self.snapshot_json is None or self.snapshot_at is None:
            return None
        return QuestionnaireSnapshot.of(self.snapshot_json, self.snapshot_at)

    @strawberry.field(description="The member who attached it.")
    def attached_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.attached_by_id)

    @classmethod
    def from_row(cls, row: models.ReviewQuestionnaire) -> "ReviewQuestionnaire":
        return cls(
            review_questionnaire_id=row.id,
            note=row.note,
            created_at=row.created_at,
            questionnaire_id=row.questionnaire_id,
            attached_by_id=row.attached_by_id,
            snapshot_json=row.snapshot,
            snapshot_at=row.snapshot_at,
        )


@strawberry.type(
    description="A condition of an approval: a tracked action with an owner and a due date, "
    "worked after the sign-off."
)
class ReviewCondition(
    RowNode, relay.Node, model=models.ReviewCondition, read=Permission.REVIEW_READ
):
    condition_id: relay.NodeID[UUID]
    description: str = strawberry.field(description="What must be done.")
    due_date: date | None = strawberry.field(description="By when; null for no date.")
    status: ConditionStatus = strawberry.field(description="OPEN, or DONE.")
    done_at: datetime | None = strawberry.field(description="When it was done; null if not.")
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who sees it done; null until one is named.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @classmethod
    def from_row(cls, row: models.ReviewCondition) -> "ReviewCondition":
        return cls(
            condition_id=row.id,
            description=row.description,
            due_date=row.due_date,
            status=models.ConditionStatus(row.status),
            done_at=row.done_at,
            owner_id=row.owner_id,
        )


@strawberry.type(description="One thing a review checks, from the vendor's tier.")
class ReviewChecklistItem(
    RowNode, relay.Node, model=models.ReviewChecklistItem, read=Permission.REVIEW_READ
):
    item_id: relay.NodeID[UUID]
    kind: ChecklistKind = strawberry.field(description="What is checked.")
    status: ChecklistStatus = strawberry.field(
        description="PENDING, DONE, or NOT_APPLICABLE (with why)."
    )
    note: str | None = strawberry.field(description="What was found, or why it does not apply.")
    resolved_at: datetime | None = strawberry.field(description="When it was checked.")
    resolved_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who checked it; null while PENDING.")
    def resolved_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.resolved_by_id)

    @classmethod
    def from_row(cls, row: models.ReviewChecklistItem) -> "ReviewChecklistItem":
        return cls(
            item_id=row.id,
            kind=models.ChecklistKind(row.kind),
            status=models.ChecklistStatus(row.status),
            note=row.note,
            resolved_at=row.resolved_at,
            resolved_by_id=row.resolved_by_id,
        )


@strawberry.type(
    description="One step of ending a vendor relationship; TERMINATED needs each DONE or WAIVED."
)
class OffboardingItem(
    RowNode, relay.Node, model=models.OffboardingItem, read=Permission.VENDOR_READ
):
    item_id: relay.NodeID[UUID]
    kind: OffboardingKind = strawberry.field(description="What is to be done.")
    status: OffboardingStatus = strawberry.field(description="PENDING, DONE, or WAIVED (with why).")
    note: str | None = strawberry.field(description="What was done, or why it was waived.")
    resolved_at: datetime | None = strawberry.field(description="When it was settled.")
    document_id: strawberry.Private[UUID | None]
    resolved_by_id: strawberry.Private[UUID | None]

    @strawberry.field(
        description="The proof (the certificate of data returned or deleted); null if none."
    )
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @strawberry.field(description="The member who settled it; null while PENDING.")
    def resolved_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.resolved_by_id)

    @classmethod
    def from_row(cls, row: models.OffboardingItem) -> "OffboardingItem":
        return cls(
            item_id=row.id,
            kind=models.OffboardingKind(row.kind),
            status=models.OffboardingStatus(row.status),
            note=row.note,
            resolved_at=row.resolved_at,
            document_id=row.document_id,
            resolved_by_id=row.resolved_by_id,
        )


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

    @classmethod
    def of(cls, actor: Actor, review: Any) -> "ReviewViewerCan":
        """For a review row (its status and preparer are what decide)."""
        moves = service.available_moves(actor, review)
        return cls(
            update=policy.allows(actor, Permission.REVIEW_WRITE)
            and review.status == models.ReviewStatus.IN_PROGRESS,
            transition=bool(moves),
            sign_off=models.ReviewStatus.COMPLETED in moves,
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

    findings: Connection[FindingRef] = strawberry.field(
        resolver=findings_of_vendor,
        description="The reviewed vendor's findings, filtered and ordered like "
        "findings(filter:, orderBy:): `{status: [OPEN, IN_REMEDIATION]}` for the open ones a "
        "review looks at, those raised from it among them.",
    )

    @strawberry.field(
        description="What it checks, set from the vendor's tier when it starts; empty while "
        "SCHEDULED. Every item is DONE or NOT_APPLICABLE before it can be submitted."
    )
    async def checklist(self, info: Info) -> list[ReviewChecklistItem]:
        rows = await info.context.loaders.checklist_by_review.load(self.review_id)
        return [ReviewChecklistItem.from_row(row) for row in rows]

    @strawberry.field(
        description="The conditions of an approval with conditions, in the order set."
    )
    async def conditions(self, info: Info) -> list[ReviewCondition]:
        rows = await info.context.loaders.conditions_by_review.load(self.review_id)
        return [ReviewCondition.from_row(row) for row in rows]

    @strawberry.field(
        description="The newer version that amends this completed review; null if none does."
    )
    def amended_by(self, info: Info) -> "Review | None":
        return node_by(info, info.context.loaders.amendment_of_review, self.review_id)

    @strawberry.field(description="The documents it relies on, in the order attached.")
    async def evidence(self, info: Info) -> list[ReviewEvidence]:
        rows = await info.context.loaders.evidence_by_review.load(self.review_id)
        return [ReviewEvidence.from_row(row) for row in rows]

    @strawberry.field(
        description="The completed security questionnaires it relies on, in the order attached."
    )
    async def questionnaires(self, info: Info) -> list[ReviewQuestionnaire]:
        rows = await info.context.loaders.questionnaires_by_review.load(self.review_id)
        return [ReviewQuestionnaire.from_row(row) for row in rows]

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
        return ReviewViewerCan.of(info.context.actor, self.row)

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


# How PostgreSQL writes a review on a list page (app/api/json_pages.py), as above.
_DECIDING = {"status": models.ReviewStatus, "preparer_id": json_pages.VIEWER}
json_pages.project(
    "OffboardingItem",
    {
        "id": json_pages.global_id("OffboardingItem"),
        **json_pages.columns("kind", "status", "note"),
        "resolvedAt": json_pages.instant("resolved_at"),
        "document": json_pages.tenant_rows(documents.Document, "id", "document_id"),
        "resolvedBy": json_pages.tenant_rows(tenancy.Membership, "id", "resolved_by_id"),
    },
)
json_pages.project(
    "Review",
    {
        "id": json_pages.global_id("Review"),
        **json_pages.columns(
            "status",
            "version",
            "due_date",
            "due_reason",
            "decision",
            "residual_risk",
            "rationale",
            "cancel_reason",
        ),
        "startedAt": json_pages.instant("started_at"),
        "submittedAt": json_pages.instant("submitted_at"),
        "completedAt": json_pages.instant("completed_at"),
        "cancelledAt": json_pages.instant("cancelled_at"),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
        "overdue": lambda review: (
            review.c.status.in_([s.value for s in models.OPEN_STATUSES])
            & (review.c.due_date < today())
        ),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "preparer": json_pages.tenant_rows(tenancy.Membership, "id", "preparer_id"),
        "approver": json_pages.tenant_rows(tenancy.Membership, "id", "approver_id"),
        "replaces": json_pages.tenant_rows(models.VendorReview, "id", "replaces_id"),
        "availableTransitions": json_pages.Decided(_DECIDING, service.available_moves),
        "viewerCan": json_pages.Decided(_DECIDING, ReviewViewerCan.of),
    },
)
