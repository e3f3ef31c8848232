"""The tenant's own house: the systems its own SOC 2 report covers, and its own controls,
each mapped to the trust services criteria it meets (domain.compliance.criteria)."""

import enum
from datetime import date, datetime
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from domain.compliance.exception_domains import ExceptionDomain
from domain.shared.models import (
    created_at_field,
    enum_array_check,
    enum_check,
    id_field,
    member_fk,
    tenant_id_field,
    updated_at_field,
)
from parsers.soc2.result import Category, SubserviceMethod


class ControlStatus(enum.StrEnum):
    """How far a control has come: written down, put in place, shown to work over time."""

    DESIGNED = "DESIGNED"
    IMPLEMENTED = "IMPLEMENTED"
    OPERATING = "OPERATING"


class OwnSystem(SQLModel, table=True):
    """A system of the tenant's own that its SOC 2 report covers, and the trust services
    categories it reports on for it."""

    __tablename__ = "own_systems"
    __audit_entity__ = "OwnSystem"
    __table_args__ = (
        enum_array_check("categories", Category, "own_systems_categories_check"),
        UniqueConstraint("tenant_id", "name", name="own_systems_name_key"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    categories: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(30)), nullable=False, server_default="{}"),
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Control(SQLModel, table=True):
    """One of the tenant's own controls: its reference (as the tenant's auditor knows it),
    what it does, who owns it, the criteria it meets, how far it has come, and when it was
    last tested."""

    __tablename__ = "controls"
    __audit_entity__ = "Control"
    __table_args__ = (
        member_fk("owner_id", "controls"),
        enum_check("status", ControlStatus, "controls_status_check"),
        UniqueConstraint("tenant_id", "ref", name="controls_ref_key"),
        Index("controls_criteria_idx", "criteria", postgresql_using="gin"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    ref: str = Field(sa_column=Column(String(40), nullable=False))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    owner_id: UUID | None = None
    criteria: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(10)), nullable=False, server_default="{}"),
    )
    status: str = Field(
        default=ControlStatus.DESIGNED, sa_column=Column(String(20), nullable=False)
    )
    last_tested_on: date | None = Field(default=None, sa_column=Column(Date))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ControlEvidence(SQLModel, table=True):
    """A file that shows one of the tenant's own controls is in place or ran (a policy, a
    screenshot, an export): its bytes in the object store under the tenant and their SHA-256
    (domain.documents.storage, as documents' are), the same bytes once per control."""

    __tablename__ = "control_evidence"
    __audit_entity__ = "ControlEvidence"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "control_id"], ["controls.tenant_id", "controls.id"], ondelete="CASCADE"
        ),
        member_fk("uploaded_by_id", "control_evidence"),
        # also the index a control's evidence is read (and cascaded) by
        UniqueConstraint("tenant_id", "control_id", "sha256", name="control_evidence_sha256_key"),
        CheckConstraint("size_bytes > 0", name="control_evidence_size_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="control_evidence_sha256_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    control_id: UUID
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    content_type: str = Field(sa_column=Column(String(120), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    uploaded_by_id: UUID | None = None
    created_at: datetime = created_at_field()


class CoverageStatus(enum.StrEnum):
    """What the tenant decided about a CUEC of a vendor's report: it runs it by one or more
    of its own controls, holds it not applicable (why said), or holds it a GAP (a decision
    undone: never carried over from an earlier report again). No decision at all: a GAP."""

    MAPPED = "MAPPED"
    NOT_APPLICABLE = "NOT_APPLICABLE"
    GAP = "GAP"


class CuecCoverage(SQLModel, table=True):
    """The tenant's decision on one CUEC of a vendor's report (none yet: a GAP). A decision
    carried over from the same CUEC of the vendor's previous report names it."""

    __tablename__ = "cuec_coverage"
    __audit_entity__ = "CuecCoverage"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "cuec_id"], ["soc_cuecs.tenant_id", "soc_cuecs.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "carried_from_id"],
            ["soc_cuecs.tenant_id", "soc_cuecs.id"],
            name="cuec_coverage_carried_from_id_fkey",
            ondelete="SET NULL (carried_from_id)",
        ),
        member_fk("decided_by_id", "cuec_coverage"),
        enum_check("status", CoverageStatus, "cuec_coverage_status_check"),
        UniqueConstraint("tenant_id", "cuec_id", name="cuec_coverage_cuec_key"),
        Index("cuec_coverage_carried_from_idx", "tenant_id", "carried_from_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    cuec_id: UUID
    status: str = Field(sa_column=Column(String(20), nullable=False))
    justification: str | None = Field(default=None, sa_column=Column(Text))
    decided_by_id: UUID | None = None
    carried_from_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CuecControl(SQLModel, table=True):
    """A control of the tenant's that covers a CUEC (a MAPPED coverage has one or more)."""

    __tablename__ = "cuec_coverage_controls"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "coverage_id"],
            ["cuec_coverage.tenant_id", "cuec_coverage.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "control_id"], ["controls.tenant_id", "controls.id"], ondelete="CASCADE"
        ),
        Index("cuec_coverage_controls_control_idx", "tenant_id", "control_id"),
    )

    tenant_id: UUID = tenant_id_field()
    coverage_id: UUID = Field(primary_key=True)
    control_id: UUID = Field(primary_key=True)


class OwnSubservice(SQLModel, table=True):
    """A vendor recorded as a subservice organization of one of the tenant's own systems,
    presented in the tenant's own SOC 2 report by the carve-out or the inclusive method."""

    __tablename__ = "own_subservice_organizations"
    __audit_entity__ = "OwnSubservice"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "system_id"],
            ["own_systems.tenant_id", "own_systems.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        enum_check("method", SubserviceMethod, "own_subservice_organizations_method_check"),
        UniqueConstraint("tenant_id", "system_id", "vendor_id", name="own_subservice_key"),
        Index("own_subservice_vendor_idx", "tenant_id", "vendor_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    system_id: UUID
    vendor_id: UUID
    method: str = Field(sa_column=Column(String(20), nullable=False))
    services: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReliedCsoc(SQLModel, table=True):
    """A control the tenant relies on a subservice organization of its own to run (a CSOC
    of the tenant's own report): entered, or taken from a CSOC of the vendor's report."""

    __tablename__ = "own_relied_csocs"
    __audit_entity__ = "ReliedCsoc"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "subservice_id"],
            ["own_subservice_organizations.tenant_id", "own_subservice_organizations.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "from_csoc_id"],
            ["soc_csocs.tenant_id", "soc_csocs.id"],
            name="own_relied_csocs_from_csoc_id_fkey",
            ondelete="SET NULL (from_csoc_id)",
        ),
        Index("own_relied_csocs_subservice_idx", "tenant_id", "subservice_id", "created_at"),
        # a CSOC removed by a re-parse sets its copies' link null: found by this index
        Index("own_relied_csocs_from_csoc_idx", "tenant_id", "from_csoc_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    subservice_id: UUID
    text: str = Field(sa_column=Column(Text, nullable=False))
    criteria: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(10)), nullable=False, server_default="{}"),
    )
    from_csoc_id: UUID | None = None
    created_at: datetime = created_at_field()


class ExceptionDomainOverride(SQLModel, table=True):
    """A reviewer's word on the control domain of an exception of a vendor's report, over
    the rules' (domain.compliance.exception_domains)."""

    __tablename__ = "exception_domain_overrides"
    __audit_entity__ = "ExceptionDomainOverride"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "exception_id"],
            ["soc_exceptions.tenant_id", "soc_exceptions.id"],
            ondelete="CASCADE",
        ),
        member_fk("set_by_id", "exception_domain_overrides"),
        enum_check("domain", ExceptionDomain, "exception_domain_overrides_domain_check"),
        UniqueConstraint("tenant_id", "exception_id", name="exception_domain_overrides_key"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    exception_id: UUID
    domain: str = Field(sa_column=Column(String(30), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(Text))
    set_by_id: UUID | None = None
    updated_at: datetime = updated_at_field()


class EvidencePackStatus(enum.StrEnum):
    """Where an evidence pack stands: QUEUED for a worker, READY to download, or FAILED
    (why said)."""

    QUEUED = "QUEUED"
    READY = "READY"
    FAILED = "FAILED"


class EvidencePack(SQLModel, table=True):
    """The tenant's vendor management as its own auditor asks for it (SOC 2 CC9.2): every
    vendor in scope with its review, its SOC report, CUEC coverage and open findings, written
    once as CSV and as PDF (domain.compliance.evidence_pack). The files are in the object
    store by their SHA-256, as documents are."""

    __tablename__ = "evidence_packs"
    __audit_entity__ = "EvidencePack"
    __table_args__ = (
        member_fk("requested_by_id", "evidence_packs"),
        enum_check("status", EvidencePackStatus, "evidence_packs_status_check"),
        CheckConstraint(
            "(csv_sha256 IS NULL OR csv_sha256 ~ '^[0-9a-f]{64}$') AND "
            "(pdf_sha256 IS NULL OR pdf_sha256 ~ '^[0-9a-f]{64}$')",
            name="evidence_packs_sha256_check",
        ),
        # a READY pack has both its files
        CheckConstraint(
            "status <> 'READY' OR (csv_sha256 IS NOT NULL AND pdf_sha256 IS NOT NULL)",
            name="evidence_packs_ready_check",
        ),
        Index("evidence_packs_tenant_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    status: str = Field(
        default=EvidencePackStatus.QUEUED, sa_column=Column(String(10), nullable=False)
    )
    # what it is for, in the requester's words ("FY2026 SOC 2 audit"), on the PDF's cover
    note: str | None = Field(default=None, sa_column=Column(Text))
    requested_by_id: UUID | None = None
    # vendors in scope: counted when asked for, then as written
    vendor_count: int = 0
    csv_sha256: str | None = Field(default=None, sa_column=Column(String(64)))
    csv_size_bytes: int | None = Field(default=None, sa_column=Column(BigInteger))
    pdf_sha256: str | None = Field(default=None, sa_column=Column(String(64)))
    pdf_size_bytes: int | None = Field(default=None, sa_column=Column(BigInteger))
    error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = created_at_field()
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
