"""Vendors, their contacts and fourth parties, status history, onboarding, and CSV imports."""

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKeyConstraint,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    created_at_field,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)
from domain.shared.risk import Tier


class VendorStatus(enum.StrEnum):
    PROSPECT = "PROSPECT"
    ONBOARDING = "ONBOARDING"
    ACTIVE = "ACTIVE"
    OFFBOARDING = "OFFBOARDING"
    TERMINATED = "TERMINATED"
    REJECTED = "REJECTED"


# Vendors the tenant has let go, or never took on: nothing more is asked of them.
LET_GO = (VendorStatus.TERMINATED, VendorStatus.REJECTED)
# Vendors the tenant relies on now: approved and working, or on their way out.
IN_USE = (VendorStatus.ACTIVE, VendorStatus.OFFBOARDING)


class VendorCategory(enum.StrEnum):
    ANALYTICS = "ANALYTICS"
    CLOUD_INFRASTRUCTURE = "CLOUD_INFRASTRUCTURE"
    COLLABORATION = "COLLABORATION"
    COMMUNICATION = "COMMUNICATION"
    CRM = "CRM"
    CUSTOMER_SUPPORT = "CUSTOMER_SUPPORT"
    DATA_STORAGE = "DATA_STORAGE"
    DEVELOPER_TOOLS = "DEVELOPER_TOOLS"
    FINANCE = "FINANCE"
    HR = "HR"
    IDENTITY = "IDENTITY"
    LEGAL = "LEGAL"
    MARKETING = "MARKETING"
    MONITORING = "MONITORING"
    NETWORKING = "NETWORKING"
    OFFICE_PRODUCTIVITY = "OFFICE_PRODUCTIVITY"
    PAYMENTS = "PAYMENTS"
    PROFESSIONAL_SERVICES = "PROFESSIONAL_SERVICES"
    SECURITY = "SECURITY"
    OTHER = "OTHER"


class ContactRole(enum.StrEnum):
    PRIMARY = "PRIMARY"
    SECURITY = "SECURITY"
    SALES = "SALES"
    LEGAL = "LEGAL"


class OnboardingStatus(enum.StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class RequirementKind(enum.StrEnum):
    SECURITY_REVIEW = "SECURITY_REVIEW"
    SOC2_REPORT_OR_QUESTIONNAIRE = "SOC2_REPORT_OR_QUESTIONNAIRE"


class RequirementStatus(enum.StrEnum):
    PENDING = "PENDING"
    SATISFIED = "SATISFIED"
    WAIVED = "WAIVED"


# The search document: names weigh most, the domain also split at its dots so
# "acme" finds acme.example.com. 'simple' keeps names unstemmed.
SEARCH_VECTOR_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(name, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(domain, '') || ' ' || "
    "replace(coalesce(domain, ''), '.', ' ')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(legal_name, '')), 'B')"
)
# The name as compared when a text names the vendor (domain.diligence.suggestions): lower
# case, every run of anything but letters and digits one space.
COMPARED_NAME_SQL = "btrim(lower(regexp_replace(name, '[^[:alnum:]]+', ' ', 'g')))"


class Vendor(SQLModel, table=True):
    __tablename__ = "vendors"
    __table_args__ = (
        UniqueConstraint("tenant_id", "domain", name="vendors_tenant_domain_key"),
        ForeignKeyConstraint(
            ["tenant_id", "business_owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="vendors_business_owner_fkey",
            ondelete="SET NULL (business_owner_id)",
        ),
        enum_check("status", VendorStatus, "vendors_status_check"),
        enum_check("computed_tier", Tier, "vendors_computed_tier_check"),
        enum_check("tier", Tier, "vendors_tier_check"),
        enum_check("tier_override", Tier, "vendors_tier_override_check"),
        enum_check("category", VendorCategory, "vendors_category_check"),
        CheckConstraint(
            "contract_end IS NULL OR contract_start IS NULL OR contract_end >= contract_start",
            name="vendors_contract_dates_check",
        ),
        CheckConstraint("annual_spend IS NULL OR annual_spend >= 0", name="vendors_spend_check"),
        # Status and tier are the list page's usual filters: counted from the index alone.
        Index("vendors_tenant_status_idx", "tenant_id", "status", "tier"),
        Index("vendors_tenant_tier_idx", "tenant_id", "tier_rank", "name", "id"),
        Index("vendors_tenant_name_idx", "tenant_id", "name", "id"),
        Index("vendors_tenant_compared_name_idx", "tenant_id", text(COMPARED_NAME_SQL)),
        Index("vendors_tenant_created_idx", "tenant_id", "created_at", "id"),
        Index("vendors_tenant_updated_idx", "tenant_id", "updated_at", "id"),
        Index("vendors_tenant_owner_idx", "tenant_id", "business_owner_id"),
        Index("vendors_tags_idx", "tags", postgresql_using="gin"),
        Index(
            "vendors_subprocessor_idx", "tenant_id", "name", postgresql_where=text("subprocessor")
        ),
        Index("vendors_search_idx", "search_vector", postgresql_using="gin"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    name: str = Field(sa_column=Column(String(200), nullable=False))
    legal_name: str | None = Field(default=None, sa_column=Column(String(300)))
    domain: str = Field(sa_column=Column(String(253), nullable=False))
    website: str | None = Field(default=None, sa_column=Column(String(2048)))
    description: str | None = Field(default=None, sa_column=Column(Text))
    category: str = Field(
        default=VendorCategory.OTHER, sa_column=Column(String(40), nullable=False)
    )
    services_provided: str | None = Field(default=None, sa_column=Column(Text))
    # it stores, processes or reaches the data of the tenant's own customers: the tenant
    # lists it to them (domain/diligence/subprocessors.py)
    subprocessor: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    business_owner_id: UUID | None = None
    department: str | None = Field(default=None, sa_column=Column(String(120)))
    contract_start: date | None = Field(default=None, sa_column=Column(Date))
    contract_end: date | None = Field(default=None, sa_column=Column(Date))
    annual_spend: Decimal | None = Field(default=None, sa_column=Column(Numeric(14, 2)))
    currency: str = Field(default="USD", sa_column=Column(String(3), nullable=False))
    tags: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(50)), nullable=False, server_default="{}"),
    )
    status: str = Field(default=VendorStatus.PROSPECT, sa_column=Column(String(20), nullable=False))
    data_access: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    computed_tier: str = Field(sa_column=Column(String(10), nullable=False))
    # the points behind tier_score: [{factor, points, reason}] (tiering.TierReason)
    tier_reasons: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    tier_score: int = Field(default=0)
    tier_override: str | None = Field(default=None, sa_column=Column(String(10)))
    tier_override_justification: str | None = Field(default=None, sa_column=Column(Text))
    tier_override_by: UUID | None = None
    tier_override_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True))
    )
    # The tier in force (the override if any, else the computed one), kept with its
    # rank so lists filter and sort on plain indexed columns.
    tier: str = Field(sa_column=Column(String(10), nullable=False))
    tier_rank: int = Field(default=1)
    created_by: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
    search_vector: Any = Field(
        default=None,
        sa_column=Column(TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True)),
        exclude=True,
    )


def _vendor_fk(column: str = "vendor_id", ondelete: str = "CASCADE") -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", column], ["vendors.tenant_id", "vendors.id"], ondelete=ondelete
    )


class VendorStatusChange(SQLModel, table=True):
    """Who moved a vendor along its lifecycle, when, and why."""

    __tablename__ = "vendor_status_changes"
    __table_args__ = (
        _vendor_fk(),
        Index("vendor_status_changes_vendor_idx", "tenant_id", "vendor_id", "changed_at"),
        enum_check("from_status", VendorStatus, "vendor_status_changes_from_check"),
        enum_check("to_status", VendorStatus, "vendor_status_changes_to_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    from_status: str | None = Field(default=None, sa_column=Column(String(20)))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(Text))
    changed_by: UUID | None = None
    changed_at: datetime = created_at_field()


class VendorContact(SQLModel, table=True):
    __tablename__ = "vendor_contacts"
    __table_args__ = (
        _vendor_fk(),
        enum_check("role", ContactRole, "vendor_contacts_role_check"),
        Index("vendor_contacts_vendor_idx", "tenant_id", "vendor_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    name: str = Field(sa_column=Column(String(200), nullable=False))
    email: str = Field(sa_column=Column(String(320), nullable=False))
    role: str = Field(sa_column=Column(String(20), nullable=False))
    phone: str | None = Field(default=None, sa_column=Column(String(40)))
    created_at: datetime = created_at_field()


class FourthParty(SQLModel, table=True):
    """A vendor's own subprocessor, linked to this tenant's record of it when there is one."""

    __tablename__ = "vendor_fourth_parties"
    __table_args__ = (
        _vendor_fk(),
        ForeignKeyConstraint(
            ["tenant_id", "linked_vendor_id"],
            ["vendors.tenant_id", "vendors.id"],
            name="vendor_fourth_parties_linked_vendor_fkey",
            ondelete="SET NULL (linked_vendor_id)",
        ),
        Index("vendor_fourth_parties_vendor_idx", "tenant_id", "vendor_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    name: str = Field(sa_column=Column(String(200), nullable=False))
    service: str | None = Field(default=None, sa_column=Column(Text))
    linked_vendor_id: UUID | None = None
    created_at: datetime = created_at_field()


class OnboardingRequest(SQLModel, table=True):
    __tablename__ = "onboarding_requests"
    __table_args__ = (
        _vendor_fk(),
        enum_check("status", OnboardingStatus, "onboarding_requests_status_check"),
        enum_check("tier_at_request", Tier, "onboarding_requests_tier_check"),
        Index("onboarding_requests_vendor_idx", "tenant_id", "vendor_id", "created_at"),
        # One open request per vendor at a time.
        Index(
            "onboarding_requests_one_pending_idx",
            "tenant_id",
            "vendor_id",
            unique=True,
            postgresql_where="status = 'PENDING'",
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    purpose: str = Field(sa_column=Column(Text, nullable=False))
    needed_by: date | None = Field(default=None, sa_column=Column(Date))
    data_access: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSONB, nullable=False, server_default="{}")
    )
    tier_at_request: str = Field(sa_column=Column(String(10), nullable=False))
    requested_by: UUID
    status: str = Field(
        default=OnboardingStatus.PENDING, sa_column=Column(String(20), nullable=False)
    )
    decided_by: UUID | None = None
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    decision_reason: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = created_at_field()


class OnboardingRequirement(SQLModel, table=True):
    """One item of the checklist a vendor must clear before approval."""

    __tablename__ = "onboarding_requirements"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "request_id"],
            ["onboarding_requests.tenant_id", "onboarding_requests.id"],
            ondelete="CASCADE",
        ),
        enum_check("kind", RequirementKind, "onboarding_requirements_kind_check"),
        enum_check("status", RequirementStatus, "onboarding_requirements_status_check"),
        UniqueConstraint(
            "tenant_id", "request_id", "kind", name="onboarding_requirements_kind_key"
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    request_id: UUID
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    status: str = Field(
        default=RequirementStatus.PENDING, sa_column=Column(String(20), nullable=False)
    )
    note: str | None = Field(default=None, sa_column=Column(Text))
    resolved_by: UUID | None = None
    resolved_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class ImportStatus(enum.StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class ImportOutcome(enum.StrEnum):
    """What happened to one row of an import."""

    CREATED = "CREATED"
    UPDATED = "UPDATED"
    UNCHANGED = "UNCHANGED"
    REJECTED = "REJECTED"


class VendorImport(SQLModel, table=True):
    """A CSV of vendors worked on in the background, batch by batch, with its progress."""

    __tablename__ = "vendor_imports"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "started_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="vendor_imports_started_by_fkey",
            ondelete="SET NULL (started_by_id)",
        ),
        enum_check("status", ImportStatus, "vendor_imports_status_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="vendor_imports_sha256_check"),
        CheckConstraint(
            "rows_done >= 0 AND rows_done <= row_count", name="vendor_imports_progress_check"
        ),
        Index("vendor_imports_tenant_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))  # the file, in the store
    row_count: int
    dry_run: bool
    status: str = Field(default=ImportStatus.QUEUED, sa_column=Column(String(10), nullable=False))
    # Rows worked on and committed, in file order: a retried job goes on from here.
    rows_done: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    warnings: list[str] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    error: str | None = Field(default=None, sa_column=Column(Text))
    # Who started it (null: the system); the job acts as them, through the same token.
    started_by_id: UUID | None = None
    started_by_token_id: UUID | None = None
    request_id: str | None = Field(default=None, sa_column=Column(String(64)))
    created_at: datetime = created_at_field()
    started_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    finished_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = updated_at_field()


class VendorImportRow(SQLModel, table=True):
    """What happened to one row of a background import; written with the row's own change."""

    __tablename__ = "vendor_import_rows"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "import_id"],
            ["vendor_imports.tenant_id", "vendor_imports.id"],
            ondelete="CASCADE",
        ),
        _vendor_fk(ondelete="SET NULL (vendor_id)"),
        enum_check("outcome", ImportOutcome, "vendor_import_rows_outcome_check"),
    )

    tenant_id: UUID = tenant_id_field()
    import_id: UUID = Field(primary_key=True)
    line: int = Field(primary_key=True)  # in the file; the header is line 1
    domain: str | None = Field(default=None, sa_column=Column(Text))
    outcome: str = Field(sa_column=Column(String(10), nullable=False))
    vendor_id: UUID | None = None
    messages: list[str] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
