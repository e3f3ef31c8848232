"""What the SOC parser read from a document, as rows, with reviewers' corrections beside it.

The report row and every parser-made item keep the parser's values; a reviewer's
correction is kept next to them (who, when), so a re-parse refreshes what the parser
says without ever overwriting what a person decided.
"""

import enum
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    NOT_AUDITED,
    created_at_field,
    enum_array_check,
    enum_check,
    id_field,
    tenant_id_field,
    updated_at_field,
)
from domain.soc2.comparison import Recurrence
from parsers.soc2.result import Category, Kind, Opinion, ReportType, SubserviceMethod


class ReportField(enum.StrEnum):
    """A top-level field of a report: what a reviewer may correct, or revert."""

    KIND = "kind"
    REPORT_TYPE = "report_type"
    SERVICE_ORGANIZATION = "service_organization"
    SERVICE_AUDITOR = "service_auditor"
    PERIOD_START = "period_start"
    PERIOD_END = "period_end"
    AS_OF = "as_of"
    REPORT_DATE = "report_date"
    OPINION = "opinion"
    OPINION_BASIS = "opinion_basis"
    CATEGORIES = "categories"


class ItemOrigin(enum.StrEnum):
    PARSER = "PARSER"
    REVIEWER = "REVIEWER"  # a reviewer added what the parser missed


class SocReport(SQLModel, table=True):
    """The report a document holds, as the parser read it (one per document)."""

    __tablename__ = "soc_reports"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("tenant_id", "document_id", name="soc_reports_document_key"),
        enum_check("kind", Kind, "soc_reports_kind_check"),
        enum_check("report_type", ReportType, "soc_reports_report_type_check"),
        enum_check("opinion", Opinion, "soc_reports_opinion_check"),
        enum_array_check("categories", Category, "soc_reports_categories_check"),
        Index("soc_reports_vendor_idx", "tenant_id", "vendor_id", "period_end"),
        # The documents a reviewer must look at: few rows, found without reading the rest.
        Index(
            "soc_reports_review_needed_idx",
            "tenant_id",
            "document_id",
            postgresql_where=sql_text("review_needed"),
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    document_id: UUID
    vendor_id: UUID
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    report_type: str | None = Field(default=None, sa_column=Column(String(10)))
    service_organization: str | None = Field(default=None, sa_column=Column(Text))
    service_auditor: str | None = Field(default=None, sa_column=Column(Text))
    period_start: date | None = None
    period_end: date | None = None
    as_of: date | None = None
    report_date: date | None = None
    opinion: str | None = Field(default=None, sa_column=Column(String(20)))
    opinion_basis: str | None = Field(default=None, sa_column=Column(Text))
    categories: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(30)), nullable=False, server_default="{}"),
    )
    pages: int = 0
    # The parser's own values of the fields above; the columns hold what is in force
    # (a reviewer's correction, from soc_report_corrections, where there is one).
    parsed: dict[str, Any] | None = Field(default=None, sa_column=Column(JSONB, info=NOT_AUDITED))
    warnings: list[str] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    # Year over year against the vendor's previous report (see domain/soc2/comparison.py).
    previous_report_id: UUID | None = None
    comparison: dict[str, Any] | None = Field(
        default=None, sa_column=Column(JSONB, info=NOT_AUDITED)
    )
    # Where the parser read each top-level fact: {field: {page, quote}} (contract version 2).
    sources: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(JSONB, nullable=False, server_default="{}", info=NOT_AUDITED),
    )
    # Whether a person must check this parse before anything is concluded from it: set by
    # every parse from the parser's `review.needed`, cleared by a reviewer's confirmation.
    review_needed: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    # The parser's reasons ({field, page, reason, text}) from its last reading; kept once
    # a reviewer clears the flag, so the clearing says what was checked.
    review_reasons: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONB, nullable=False, server_default="[]")
    )
    # Who cleared the last parse's flag, and when (null while it is needed, or when the
    # last parse needed no review); confirmed_* keep the last confirmation whatever the flag.
    review_cleared_by: UUID | None = None
    review_cleared_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True))
    )
    confirmed_by: UUID | None = None
    confirmed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # What the confirmation covered (domain/soc2/confirmation.py): a change to it withdraws it.
    confirmed_digest: str | None = Field(
        default=None, sa_column=Column(String(64), info=NOT_AUDITED)
    )
    parsed_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class SocReportCorrection(SQLModel, table=True):
    """A reviewer's value for one field of a report; the parser's stays on the report."""

    __tablename__ = "soc_report_corrections"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "report_id"],
            ["soc_reports.tenant_id", "soc_reports.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "report_id", "field", name="soc_report_corrections_key"),
        enum_check("field", ReportField, "soc_report_corrections_field_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    report_id: UUID
    field: str = Field(sa_column=Column(String(40), nullable=False))
    value: Any = Field(default=None, sa_column=Column(JSONB))
    note: str | None = Field(default=None, sa_column=Column(Text))
    corrected_by: UUID | None = None
    corrected_at: datetime = created_at_field()


class _ReportItem(SQLModel):
    """Columns every extracted item has: where it came from and what people did to it."""

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    report_id: UUID
    # Identity across re-parses: the same item read again has the same key.
    item_key: str = Field(sa_type=String(64), nullable=False)
    position: int = 0
    origin: str = Field(default=ItemOrigin.PARSER, sa_type=String(10), nullable=False)
    # The parser's own values of this item, whatever a reviewer changed since.
    parsed: dict[str, Any] | None = Field(
        default=None, sa_type=JSONB, sa_column_kwargs={"info": NOT_AUDITED}
    )
    corrected_by: UUID | None = None
    corrected_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    dismissed_by: UUID | None = None
    dismissed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    dismiss_reason: str | None = Field(default=None, sa_type=Text)
    page: int | None = None


def _item_args(table: str) -> tuple[Any, ...]:
    return (
        ForeignKeyConstraint(
            ["tenant_id", "report_id"],
            ["soc_reports.tenant_id", "soc_reports.id"],
            ondelete="CASCADE",
        ),
        UniqueConstraint("tenant_id", "report_id", "item_key", name=f"{table}_item_key"),
        enum_check("origin", ItemOrigin, f"{table}_origin_check"),
    )


class SocException(_ReportItem, table=True):
    """A tested control whose result reports a deviation."""

    __tablename__ = "soc_exceptions"
    __table_args__ = (
        *_item_args("soc_exceptions"),
        enum_check("recurrence", Recurrence, "soc_exceptions_recurrence_check"),
    )

    control_id: str | None = Field(default=None, sa_type=String(60))
    criteria: list[str] = Field(default_factory=list, sa_type=ARRAY(String(20)), nullable=False)
    control: str | None = Field(default=None, sa_type=Text)
    test: str | None = Field(default=None, sa_type=Text)
    result: str = Field(sa_type=Text, nullable=False)
    management_response: str | None = Field(default=None, sa_type=Text)
    recurrence: str | None = Field(default=None, sa_type=String(10))


class SocCuec(_ReportItem, table=True):
    """A complementary user entity control: what the tenant itself must do."""

    __tablename__ = "soc_cuecs"
    __audit_entity__ = "Cuec"
    __table_args__ = _item_args("soc_cuecs")

    text: str = Field(sa_type=Text, nullable=False)
    criteria: list[str] = Field(default_factory=list, sa_type=ARRAY(String(20)), nullable=False)


class SocSubserviceOrganization(_ReportItem, table=True):
    """A subservice organization the vendor relies on (our fourth party)."""

    __tablename__ = "soc_subservice_organizations"
    __audit_entity__ = "SubserviceOrganization"
    __table_args__ = (
        *_item_args("soc_subservice_organizations"),
        enum_check("method", SubserviceMethod, "soc_subservice_organizations_method_check"),
    )

    name: str = Field(sa_type=Text, nullable=False)
    services: str | None = Field(default=None, sa_type=Text)
    method: str | None = Field(default=None, sa_type=String(20))


class SocCsoc(_ReportItem, table=True):
    """A complementary subservice organization control."""

    __tablename__ = "soc_csocs"
    __audit_entity__ = "Csoc"
    __table_args__ = _item_args("soc_csocs")

    text: str = Field(sa_type=Text, nullable=False)
    subservice_organization: str | None = Field(default=None, sa_type=Text)
    criteria: list[str] = Field(default_factory=list, sa_type=ARRAY(String(20)), nullable=False)
