"""The tenant's risk register: its risks, the own controls that mitigate each, and the
vendor findings each is linked to."""

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
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    created_at_field,
    enum_check,
    id_field,
    member_fk,
    tenant_id_field,
    updated_at_field,
)


class RiskCategory(enum.StrEnum):
    """What kind of harm the risk is of."""

    SECURITY = "SECURITY"
    PRIVACY = "PRIVACY"
    THIRD_PARTY = "THIRD_PARTY"
    OPERATIONAL = "OPERATIONAL"
    COMPLIANCE = "COMPLIANCE"
    FINANCIAL = "FINANCIAL"
    STRATEGIC = "STRATEGIC"
    REPUTATIONAL = "REPUTATIONAL"


class RiskTreatment(enum.StrEnum):
    """What the tenant does about a risk."""

    MITIGATE = "MITIGATE"
    ACCEPT = "ACCEPT"
    TRANSFER = "TRANSFER"
    AVOID = "AVOID"


class RiskStatus(enum.StrEnum):
    """DRAFT: proposed by tprm (or written down) and not yet taken on; OPEN: in the register;
    CLOSED: no longer run (kept, with why, in the audit trail)."""

    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


def _level_check(column: str, table: str, nullable: bool = False) -> CheckConstraint:
    rule = f"{column} BETWEEN 1 AND 5"
    if nullable:
        rule = f"{column} IS NULL OR {rule}"
    return CheckConstraint(rule, name=f"{table}_{column}_check")


class Risk(SQLModel, table=True):
    """One risk of the tenant's: what could happen, who owns it, how likely and how bad it
    is before (inherent) and after (residual) its controls, what is done about it, and
    when it is looked at again. An ACCEPTed risk names who approved it, why, and until
    when. A risk tprm proposed keeps the key of what proposed it, so it is proposed once."""

    __tablename__ = "risks"
    __audit_entity__ = "Risk"
    __table_args__ = (
        member_fk("owner_id", "risks"),
        member_fk("accepted_by_id", "risks"),
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"],
            ["vendors.tenant_id", "vendors.id"],
            name="risks_vendor_id_fkey",
            ondelete="SET NULL (vendor_id)",
        ),
        enum_check("category", RiskCategory, "risks_category_check"),
        enum_check("treatment", RiskTreatment, "risks_treatment_check"),
        enum_check("status", RiskStatus, "risks_status_check"),
        _level_check("inherent_likelihood", "risks"),
        _level_check("inherent_impact", "risks"),
        _level_check("residual_likelihood", "risks", nullable=True),
        _level_check("residual_impact", "risks", nullable=True),
        CheckConstraint(
            "(residual_likelihood IS NULL) = (residual_impact IS NULL)",
            name="risks_residual_check",
        ),
        # An acceptance says why and until when; only an accepted risk has one.
        CheckConstraint(
            "(treatment IS NOT DISTINCT FROM 'ACCEPT') = (accepted_at IS NOT NULL) AND "
            "(accepted_at IS NULL OR "
            "(acceptance_justification IS NOT NULL AND acceptance_expires_on IS NOT NULL))",
            name="risks_acceptance_check",
        ),
        UniqueConstraint("tenant_id", "proposal_key", name="risks_proposal_key"),
        Index("risks_vendor_idx", "tenant_id", "vendor_id"),
        Index("risks_tenant_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    title: str = Field(sa_column=Column(String(300), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    category: str = Field(sa_column=Column(String(20), nullable=False))
    owner_id: UUID | None = None
    # the vendor the risk is about, when it is a third party's
    vendor_id: UUID | None = None
    inherent_likelihood: int = Field(sa_column=Column(SmallInteger, nullable=False))
    inherent_impact: int = Field(sa_column=Column(SmallInteger, nullable=False))
    residual_likelihood: int | None = Field(default=None, sa_column=Column(SmallInteger))
    residual_impact: int | None = Field(default=None, sa_column=Column(SmallInteger))
    treatment: str | None = Field(default=None, sa_column=Column(String(10)))
    status: str = Field(default=RiskStatus.OPEN, sa_column=Column(String(10), nullable=False))
    review_on: date | None = Field(default=None, sa_column=Column(Date))
    accepted_by_id: UUID | None = None
    accepted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    acceptance_justification: str | None = Field(default=None, sa_column=Column(Text))
    acceptance_expires_on: date | None = Field(default=None, sa_column=Column(Date))
    proposal_key: str | None = Field(default=None, sa_column=Column(String(200)))
    closed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class RiskControl(SQLModel, table=True):
    """An own control that mitigates a risk."""

    __tablename__ = "risk_controls"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "risk_id"], ["risks.tenant_id", "risks.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "control_id"], ["controls.tenant_id", "controls.id"], ondelete="CASCADE"
        ),
        Index("risk_controls_control_idx", "tenant_id", "control_id"),
    )

    tenant_id: UUID = tenant_id_field()
    risk_id: UUID = Field(primary_key=True)
    control_id: UUID = Field(primary_key=True)


class RiskFinding(SQLModel, table=True):
    """A vendor finding linked to a risk: the risk it feeds, the finding it comes from."""

    __tablename__ = "risk_findings"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "risk_id"], ["risks.tenant_id", "risks.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        Index("risk_findings_finding_idx", "tenant_id", "finding_id"),
    )

    tenant_id: UUID = tenant_id_field()
    risk_id: UUID = Field(primary_key=True)
    finding_id: UUID = Field(primary_key=True)
    created_at: datetime = created_at_field()
