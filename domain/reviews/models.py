"""Periodic vendor reviews: scheduled by the vendor's tier, worked, decided, signed off,
then locked (the database refuses changes to a completed review for the app role)."""

import enum
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    NOT_AUDITED,
    created_at_field,
    enum_check,
    id_field,
    member_fk,
    tenant_id_field,
    updated_at_field,
)
from domain.shared.risk import Tier


class ReviewStatus(enum.StrEnum):
    SCHEDULED = "SCHEDULED"
    IN_PROGRESS = "IN_PROGRESS"
    PENDING_APPROVAL = "PENDING_APPROVAL"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


# Reviews still to be done: what the schedule, the queues and the counts are about.
OPEN_STATUSES = (
    ReviewStatus.SCHEDULED,
    ReviewStatus.IN_PROGRESS,
    ReviewStatus.PENDING_APPROVAL,
)


class ConditionStatus(enum.StrEnum):
    OPEN = "OPEN"
    DONE = "DONE"


class ChecklistKind(enum.StrEnum):
    """What a periodic review checks."""

    SOC_REPORT_REVIEWED = "SOC_REPORT_REVIEWED"
    BRIDGE_LETTER = "BRIDGE_LETTER"
    CUECS_CONSIDERED = "CUECS_CONSIDERED"
    OPEN_FINDINGS_REVIEWED = "OPEN_FINDINGS_REVIEWED"
    CONTRACT_TERMS = "CONTRACT_TERMS"
    SECURITY_QUESTIONNAIRE = "SECURITY_QUESTIONNAIRE"


class ChecklistStatus(enum.StrEnum):
    PENDING = "PENDING"
    DONE = "DONE"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class OffboardingKind(enum.StrEnum):
    """What ending a vendor relationship takes."""

    ACCESS_REVOKED = "ACCESS_REVOKED"
    DATA_RETURNED_OR_DELETED = "DATA_RETURNED_OR_DELETED"
    CONTRACT_ENDED = "CONTRACT_ENDED"


class OffboardingStatus(enum.StrEnum):
    PENDING = "PENDING"
    DONE = "DONE"
    WAIVED = "WAIVED"


class ReviewDecision(enum.StrEnum):
    APPROVED = "APPROVED"
    APPROVED_WITH_CONDITIONS = "APPROVED_WITH_CONDITIONS"
    REJECTED = "REJECTED"


class VendorReview(SQLModel, table=True):
    """One review of a vendor: due by a date, worked by a preparer, signed off by another."""

    __tablename__ = "vendor_reviews"
    __audit_entity__ = "Review"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "replaces_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            name="vendor_reviews_replaces_fkey",
        ),
        member_fk("preparer_id", "vendor_reviews"),
        member_fk("approver_id", "vendor_reviews"),
        enum_check("status", ReviewStatus, "vendor_reviews_status_check"),
        enum_check("decision", ReviewDecision, "vendor_reviews_decision_check"),
        enum_check("residual_risk", Tier, "vendor_reviews_residual_risk_check"),
        CheckConstraint("version >= 1", name="vendor_reviews_version_check"),
        # A vendor has at most one review waiting to be started: the next one.
        Index(
            "vendor_reviews_one_scheduled",
            "tenant_id",
            "vendor_id",
            unique=True,
            postgresql_where=sql_text("status = 'SCHEDULED'"),
        ),
        Index("vendor_reviews_vendor_idx", "tenant_id", "vendor_id", "created_at"),
        Index("vendor_reviews_due_idx", "tenant_id", "due_date", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    # An amendment of a completed review is a new version pointing to the one it replaces.
    version: int = Field(default=1, sa_column=Column(Integer, nullable=False, server_default="1"))
    replaces_id: UUID | None = None
    status: str = Field(
        default=ReviewStatus.SCHEDULED, sa_column=Column(String(20), nullable=False)
    )
    due_date: date = Field(sa_column=Column(Date, nullable=False))
    # Why it is due then, in words: the cadence, or the report that stops being current.
    due_reason: str = Field(sa_column=Column(Text, nullable=False))
    preparer_id: UUID | None = None
    approver_id: UUID | None = None
    decision: str | None = Field(default=None, sa_column=Column(String(30)))
    residual_risk: str | None = Field(default=None, sa_column=Column(String(10)))
    rationale: str | None = Field(default=None, sa_column=Column(Text))
    cancel_reason: str | None = Field(default=None, sa_column=Column(Text))
    started_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    submitted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    cancelled_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReviewCadence(SQLModel, table=True):
    """A vendor's own months between reviews, instead of its tier's, and why."""

    __tablename__ = "review_cadences"
    __audit_entity__ = "ReviewCadence"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        member_fk("set_by_id", "review_cadences"),
        UniqueConstraint("tenant_id", "vendor_id", name="review_cadences_vendor_key"),
        CheckConstraint("months BETWEEN 1 AND 60", name="review_cadences_months_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    months: int = Field(sa_column=Column(Integer, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    set_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReviewEvidence(SQLModel, table=True):
    """A document the review relies on, and (for a SOC report) the report as it stood when
    the review was submitted: what was decided on, whatever is read or corrected later."""

    __tablename__ = "review_evidence"
    __audit_entity__ = "ReviewEvidence"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(["tenant_id", "document_id"], ["documents.tenant_id", "documents.id"]),
        member_fk("attached_by_id", "review_evidence"),
        UniqueConstraint("tenant_id", "review_id", "document_id", name="review_evidence_key"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    review_id: UUID
    document_id: UUID
    note: str | None = Field(default=None, sa_column=Column(Text))
    attached_by_id: UUID | None = None
    # domain/soc2/snapshot.py, taken at submission; null before, or for a document without
    # a report
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, info=NOT_AUDITED))
    snapshot_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()


class ReviewQuestionnaire(SQLModel, table=True):
    """A completed security questionnaire of the reviewed vendor the review relies on, and
    the questionnaire as it stood when the review was submitted (its answers, their review,
    the score): what was decided on, whatever happens to it later."""

    __tablename__ = "review_questionnaires"
    __audit_entity__ = "ReviewQuestionnaire"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["questionnaires.tenant_id", "questionnaires.id"],
            ondelete="CASCADE",
        ),
        member_fk("attached_by_id", "review_questionnaires"),
        UniqueConstraint(
            "tenant_id", "review_id", "questionnaire_id", name="review_questionnaires_key"
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    review_id: UUID
    questionnaire_id: UUID
    note: str | None = Field(default=None, sa_column=Column(Text))
    attached_by_id: UUID | None = None
    # domain/questionnaires/snapshot.py, taken at submission; null before
    snapshot: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, info=NOT_AUDITED))
    snapshot_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()


class ReviewCondition(SQLModel, table=True):
    """A condition an APPROVED_WITH_CONDITIONS review sets: a tracked action with an owner
    and a due date, worked after the review is signed off."""

    __tablename__ = "review_conditions"
    __audit_entity__ = "ReviewCondition"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        member_fk("owner_id", "review_conditions"),
        enum_check("status", ConditionStatus, "review_conditions_status_check"),
        Index("review_conditions_review_idx", "tenant_id", "review_id", "created_at"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    review_id: UUID
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: UUID | None = None
    due_date: date | None = Field(default=None, sa_column=Column(Date))
    status: str = Field(default=ConditionStatus.OPEN, sa_column=Column(String(10), nullable=False))
    done_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReviewChecklistItem(SQLModel, table=True):
    """One thing a review checks, set from the vendor's tier when the review starts."""

    __tablename__ = "review_checklist_items"
    __audit_entity__ = "ReviewChecklistItem"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        member_fk("resolved_by_id", "review_checklist_items"),
        enum_check("kind", ChecklistKind, "review_checklist_items_kind_check"),
        enum_check("status", ChecklistStatus, "review_checklist_items_status_check"),
        UniqueConstraint("tenant_id", "review_id", "kind", name="review_checklist_items_key"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    review_id: UUID
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    status: str = Field(
        default=ChecklistStatus.PENDING, sa_column=Column(String(20), nullable=False)
    )
    note: str | None = Field(default=None, sa_column=Column(Text))
    resolved_by_id: UUID | None = None
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()


class OffboardingItem(SQLModel, table=True):
    """One step of ending a vendor relationship, asked for when the vendor starts
    OFFBOARDING; TERMINATED needs every step DONE or WAIVED with why."""

    __tablename__ = "offboarding_items"
    __audit_entity__ = "OffboardingItem"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            name="offboarding_items_document_fkey",
            ondelete="SET NULL (document_id)",
        ),
        member_fk("resolved_by_id", "offboarding_items"),
        enum_check("kind", OffboardingKind, "offboarding_items_kind_check"),
        enum_check("status", OffboardingStatus, "offboarding_items_status_check"),
        UniqueConstraint("tenant_id", "vendor_id", "kind", name="offboarding_items_key"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    status: str = Field(
        default=OffboardingStatus.PENDING, sa_column=Column(String(10), nullable=False)
    )
    note: str | None = Field(default=None, sa_column=Column(Text))
    # the certificate of return or deletion, or other proof
    document_id: UUID | None = None
    resolved_by_id: UUID | None = None
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
