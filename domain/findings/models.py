"""Findings: gaps found at a vendor that become work in the tenant's own house."""

import enum
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
)
from sqlmodel import Field, SQLModel

from domain.findings.rules import FindingKind, Severity
from domain.shared.models import (
    created_at_field,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)


class FindingStatus(enum.StrEnum):
    OPEN = "OPEN"
    IN_REMEDIATION = "IN_REMEDIATION"
    RESOLVED = "RESOLVED"
    RISK_ACCEPTED = "RISK_ACCEPTED"


class RootCause(enum.StrEnum):
    """Why the gap exists, as remediation is planned around it."""

    PROCESS = "PROCESS"
    TECHNOLOGY = "TECHNOLOGY"
    PEOPLE = "PEOPLE"
    DOCUMENTATION = "DOCUMENTATION"
    THIRD_PARTY = "THIRD_PARTY"


class ControlGrade(enum.StrEnum):
    """How grave a vendor's control failure is, as auditors grade them, least first."""

    CONTROL_DEFICIENCY = "CONTROL_DEFICIENCY"
    SIGNIFICANT_DEFICIENCY = "SIGNIFICANT_DEFICIENCY"
    MATERIAL_WEAKNESS = "MATERIAL_WEAKNESS"

    @property
    def rank(self) -> int:
        return list(ControlGrade).index(self)


# The grade a finding raised from a report starts at; a modified opinion is never graded
# below a significant deficiency.
DEFAULT_GRADES = {
    FindingKind.MODIFIED_OPINION: ControlGrade.SIGNIFICANT_DEFICIENCY,
    FindingKind.CONTROL_EXCEPTION: ControlGrade.CONTROL_DEFICIENCY,
}


class ActionStatus(enum.StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"


class FollowUpKind(enum.StrEnum):
    """What will show that a vendor fixed a finding."""

    NEXT_SOC_REPORT = "NEXT_SOC_REPORT"
    BRIDGE_LETTER = "BRIDGE_LETTER"
    OTHER = "OTHER"


class FollowUpStatus(enum.StrEnum):
    EXPECTED = "EXPECTED"
    RECEIVED = "RECEIVED"
    CANCELLED = "CANCELLED"


class Finding(SQLModel, table=True):
    """One gap, raised by the system from a document (or by a person), worked to a close."""

    __tablename__ = "findings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            name="findings_document_fkey",
            ondelete="SET NULL (document_id)",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="findings_owner_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        enum_check("kind", FindingKind, "findings_kind_check"),
        enum_check("severity", Severity, "findings_severity_check"),
        enum_check("status", FindingStatus, "findings_status_check"),
        enum_check("root_cause", RootCause, "findings_root_cause_check"),
        enum_check("grade", ControlGrade, "findings_grade_check"),
        ForeignKeyConstraint(
            ["tenant_id", "verified_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="findings_verified_by_fkey",
            ondelete="SET NULL (verified_by_id)",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "verification_document_id"],
            ["documents.tenant_id", "documents.id"],
            name="findings_verification_document_fkey",
            ondelete="SET NULL (verification_document_id)",
        ),
        # What makes a raised finding the same one again: its document and rule key.
        Index("findings_source_key", "tenant_id", "source_key", unique=True),
        Index("findings_vendor_idx", "tenant_id", "vendor_id", "created_at", "id"),
        Index("findings_tenant_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    document_id: UUID | None = None
    source_key: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    severity: str = Field(sa_column=Column(String(10), nullable=False))
    status: str = Field(default=FindingStatus.OPEN, sa_column=Column(String(20), nullable=False))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: UUID | None = None
    due_date: date | None = Field(default=None, sa_column=Column(Date))
    status_reason: str | None = Field(default=None, sa_column=Column(Text))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    root_cause: str | None = Field(default=None, sa_column=Column(String(20)))
    grade: str | None = Field(default=None, sa_column=Column(String(30)))
    # Who reassessed it before it was RESOLVED, when, and on what evidence (the system, on
    # a newer reading of a report); cleared when it is reopened.
    verified_by_id: UUID | None = None
    verified_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    verification_note: str | None = Field(default=None, sa_column=Column(Text))
    verification_document_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class RemediationAction(SQLModel, table=True):
    """One step of a finding's remediation plan."""

    __tablename__ = "remediation_actions"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="remediation_actions_owner_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        enum_check("status", ActionStatus, "remediation_actions_status_check"),
        Index("remediation_actions_finding_idx", "tenant_id", "finding_id", "created_at"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    finding_id: UUID
    description: str = Field(sa_column=Column(Text, nullable=False))
    owner_id: UUID | None = None
    due_date: date | None = Field(default=None, sa_column=Column(Date))
    status: str = Field(default=ActionStatus.OPEN, sa_column=Column(String(20), nullable=False))
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class FindingStatusChange(SQLModel, table=True):
    """Who moved a finding's status, when and why; the first row is its raising."""

    __tablename__ = "finding_status_changes"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "changed_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="finding_status_changes_changed_by_fkey",
            ondelete="SET NULL (changed_by_id)",
        ),
        enum_check("from_status", FindingStatus, "finding_status_changes_from_check"),
        enum_check("to_status", FindingStatus, "finding_status_changes_to_check"),
        Index("finding_status_changes_finding_idx", "tenant_id", "finding_id", "changed_at"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    finding_id: UUID
    from_status: str | None = Field(default=None, sa_column=Column(String(20)))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(Text))
    # the member who moved it; null for the system (raising, resolving on a new reading)
    changed_by_id: UUID | None = None
    changed_at: datetime = created_at_field()


class FindingFollowUp(SQLModel, table=True):
    """What the vendor is to send by a date that will show a finding fixed (its next SOC
    report, a bridge letter, ...): EXPECTED until it is RECEIVED, with the document, or
    CANCELLED with why."""

    __tablename__ = "finding_follow_ups"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "received_document_id"],
            ["documents.tenant_id", "documents.id"],
            name="finding_follow_ups_received_document_fkey",
            ondelete="SET NULL (received_document_id)",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="finding_follow_ups_created_by_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        enum_check("kind", FollowUpKind, "finding_follow_ups_kind_check"),
        enum_check("status", FollowUpStatus, "finding_follow_ups_status_check"),
        # Received means when; cancelled means why.
        CheckConstraint(
            "(status = 'RECEIVED') = (received_at IS NOT NULL)",
            name="finding_follow_ups_received_check",
        ),
        CheckConstraint(
            "status <> 'CANCELLED' OR status_reason IS NOT NULL",
            name="finding_follow_ups_cancelled_check",
        ),
        Index("finding_follow_ups_finding_idx", "tenant_id", "finding_id", "due_on"),
        Index("finding_follow_ups_vendor_idx", "tenant_id", "vendor_id", "status", "due_on"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    finding_id: UUID
    # the finding's vendor, kept here so a vendor's follow-ups are read without its findings
    vendor_id: UUID
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(
        default=FollowUpStatus.EXPECTED, sa_column=Column(String(10), nullable=False)
    )
    received_document_id: UUID | None = None
    received_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # why it was cancelled, or how tprm itself received it
    status_reason: str | None = Field(default=None, sa_column=Column(Text))
    created_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
