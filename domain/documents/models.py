"""A vendor's documents: metadata here, bytes in the object store by SHA-256."""

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
    UniqueConstraint,
)
from sqlmodel import BigInteger, Field, SQLModel

from domain.shared.models import (
    created_at_field,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)


class DocumentKind(enum.StrEnum):
    SOC2_REPORT = "SOC2_REPORT"
    SOC1_REPORT = "SOC1_REPORT"
    SOC3_REPORT = "SOC3_REPORT"
    BRIDGE_LETTER = "BRIDGE_LETTER"
    QUESTIONNAIRE_EVIDENCE = "QUESTIONNAIRE_EVIDENCE"
    CONTRACT = "CONTRACT"
    INSURANCE = "INSURANCE"
    PENTEST = "PENTEST"
    OTHER = "OTHER"

    @property
    def is_parsed(self) -> bool:
        """SOC reports and bridge letters are read by the SOC parser; the rest are kept."""
        return self in _PARSED_KINDS


_PARSED_KINDS = {
    DocumentKind.SOC1_REPORT,
    DocumentKind.SOC2_REPORT,
    DocumentKind.SOC3_REPORT,
    DocumentKind.BRIDGE_LETTER,
}


class ParseStatus(enum.StrEnum):
    QUEUED = "QUEUED"
    PARSING = "PARSING"
    PARSED = "PARSED"
    FAILED = "FAILED"


class Document(SQLModel, table=True):
    """One uploaded file of a vendor. The same bytes twice for one vendor are one document."""

    __tablename__ = "documents"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "vendor_id", "sha256", name="documents_vendor_sha256_key"),
        enum_check("kind", DocumentKind, "documents_kind_check"),
        enum_check("parse_status", ParseStatus, "documents_parse_status_check"),
        CheckConstraint("size_bytes >= 0", name="documents_size_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="documents_sha256_check"),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="documents_period_check",
        ),
        Index("documents_vendor_idx", "tenant_id", "vendor_id", "created_at", "id"),
        Index("documents_tenant_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    title: str = Field(sa_column=Column(String(300), nullable=False))
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    content_type: str = Field(sa_column=Column(String(120), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    # Dates the uploader states: when it was issued, what it covers, when it lapses.
    issued_on: date | None = Field(default=None, sa_column=Column(Date))
    period_start: date | None = Field(default=None, sa_column=Column(Date))
    period_end: date | None = Field(default=None, sa_column=Column(Date))
    expires_on: date | None = Field(default=None, sa_column=Column(Date))
    # Null for kinds that are kept but not read.
    parse_status: str | None = Field(default=None, sa_column=Column(String(10)))
    parse_error: str | None = Field(default=None, sa_column=Column(Text))
    parse_attempts: int = Field(default=0)
    parsed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    uploaded_by: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
