"""What the tenant answers its own customers: its answer library, and its own documents it
shares with them (trust documents), which back the library's answers as evidence."""

import enum
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Computed,
    Date,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    created_at_field,
    enum_check,
    id_field,
    member_fk,
    tenant_id_field,
    updated_at_field,
)

# The words of a question and its answer for PostgreSQL full text (English stemming: the
# library's questions are matched against other wordings of the same ones).
LIBRARY_SEARCH_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(question, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(answer, '')), 'C')"
)


class AnswerEntry(SQLModel, table=True):
    """A question the tenant has answered, and its answer, to reuse: tagged, owned, and
    reviewed now and then (stale after the tenant's `answer_stale_months`). One per
    question as normalised (domain.diligence.library.question_key)."""

    __tablename__ = "answer_library_entries"
    __audit_entity__ = "AnswerEntry"
    __table_args__ = (
        member_fk("owner_id", "answer_library_entries"),
        member_fk("reviewed_by_id", "answer_library_entries"),
        UniqueConstraint("tenant_id", "question_key", name="answer_library_question_key"),
        Index("answer_library_reviewed_idx", "tenant_id", "last_reviewed_on"),
        Index("answer_library_tags_idx", "tags", postgresql_using="gin"),
        Index("answer_library_search_idx", "search_vector", postgresql_using="gin"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    question: str = Field(sa_column=Column(Text, nullable=False))
    # sha256 of the question as normalised: what makes two wordings the same question
    question_key: str = Field(sa_column=Column(String(64), nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    tags: list[str] = Field(
        default_factory=list,
        sa_column=Column(ARRAY(String(50)), nullable=False, server_default="{}"),
    )
    owner_id: UUID | None = None
    last_reviewed_on: date = Field(sa_column=Column(Date, nullable=False))
    reviewed_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
    search_vector: Any = Field(
        default=None,
        sa_column=Column(TSVECTOR, Computed(LIBRARY_SEARCH_SQL, persisted=True)),
        exclude=True,
    )


class TrustDocumentKind(enum.StrEnum):
    """What a document the tenant shares with its customers is."""

    SOC_REPORT = "SOC_REPORT"
    POLICY = "POLICY"
    CERTIFICATE = "CERTIFICATE"
    PENTEST_SUMMARY = "PENTEST_SUMMARY"
    OTHER = "OTHER"


class TrustDocument(SQLModel, table=True):
    """A document of the tenant's own that it shares with its customers (its SOC 2 report, a
    policy, a certificate, a pen-test summary): its bytes in the object store under the
    tenant and their SHA-256 (domain.documents.storage, as control evidence's are), the same
    bytes once per tenant."""

    __tablename__ = "trust_documents"
    __audit_entity__ = "TrustDocument"
    __table_args__ = (
        member_fk("uploaded_by_id", "trust_documents"),
        enum_check("kind", TrustDocumentKind, "trust_documents_kind_check"),
        UniqueConstraint("tenant_id", "sha256", name="trust_documents_sha256_key"),
        CheckConstraint("size_bytes > 0", name="trust_documents_size_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="trust_documents_sha256_check"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    title: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    description: str | None = Field(default=None, sa_column=Column(Text))
    valid_until: date | None = Field(default=None, sa_column=Column(Date))
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    content_type: str = Field(sa_column=Column(String(120), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    uploaded_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class AnswerEntryDocument(SQLModel, table=True):
    """A trust document that backs an answer of the library (its evidence); gone with
    either."""

    __tablename__ = "answer_entry_documents"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "entry_id"],
            ["answer_library_entries.tenant_id", "answer_library_entries.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["trust_documents.tenant_id", "trust_documents.id"],
            ondelete="CASCADE",
        ),
        # a document's entries: what its removal cascades to, and tells
        Index("answer_entry_documents_document_idx", "tenant_id", "document_id"),
    )

    tenant_id: UUID = tenant_id_field()
    entry_id: UUID = Field(primary_key=True)
    document_id: UUID = Field(primary_key=True)
