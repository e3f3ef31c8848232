"""What the tenant answers its own customers: its answer library, its own documents it shares
with them (trust documents), which back the library's answers as evidence, the
questionnaires its customers send it, question by question, and the trust packages it
sends them."""

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
    DateTime,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlmodel import Field, SQLModel

from domain.diligence.sheets.model import FileFormat
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
# The words of the question alone, for finding the entries a customer's question may match
# (domain.diligence.suggestions): a small vector to rank, whatever the length of the answer.
QUESTION_SEARCH_SQL = "to_tsvector('english'::regconfig, coalesce(question, ''))"


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
        Index("answer_library_question_idx", "question_vector", postgresql_using="gin"),
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
    question_vector: Any = Field(
        default=None,
        sa_column=Column(TSVECTOR, Computed(QUESTION_SEARCH_SQL, persisted=True)),
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


class CustomerQuestionnaire(SQLModel, table=True):
    """A customer's security questionnaire as it came in (a spreadsheet or CSV kept in the
    object store by tenant and SHA-256, as documents are) and the layout its questions were
    read with, to write the answers back into the same file."""

    __tablename__ = "customer_questionnaires"
    __audit_entity__ = "CustomerQuestionnaire"
    __table_args__ = (
        member_fk("owner_id", "customer_questionnaires"),
        member_fk("imported_by_id", "customer_questionnaires"),
        enum_check("format", FileFormat, "customer_questionnaires_format_check"),
        CheckConstraint("size_bytes > 0", name="customer_questionnaires_size_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="customer_questionnaires_sha256_check"),
        Index("customer_questionnaires_created_idx", "tenant_id", "created_at", "id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    customer: str = Field(sa_column=Column(String(200), nullable=False))
    title: str = Field(sa_column=Column(String(200), nullable=False))
    due_on: date | None = Field(default=None, sa_column=Column(Date))
    owner_id: UUID | None = None
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    format: str = Field(sa_column=Column(String(10), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    # the layout (domain.diligence.sheets.Layout) the questions were read with
    sheet: str = Field(sa_column=Column(String(255), nullable=False))
    header_row: int = Field(sa_column=Column(Integer, nullable=False))
    question_column: int = Field(sa_column=Column(Integer, nullable=False))
    section_column: int | None = Field(default=None, sa_column=Column(Integer))
    answer_column: int | None = Field(default=None, sa_column=Column(Integer))
    reference_column: int | None = Field(default=None, sa_column=Column(Integer))
    imported_by_id: UUID | None = None
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CustomerAnswerStatus(enum.StrEnum):
    """Where the answer to a customer's question stands: none yet; SUGGESTED by tprm (from
    the library, the subprocessor list, or the customer's own file) and not yet looked at;
    ACCEPTED as suggested by a member; EDITED, written or changed by a member."""

    UNANSWERED = "UNANSWERED"
    SUGGESTED = "SUGGESTED"
    ACCEPTED = "ACCEPTED"
    EDITED = "EDITED"


class SuggestionSource(enum.StrEnum):
    """Where a suggested answer comes from."""

    LIBRARY = "LIBRARY"  # an entry of the answer library
    CONTROL = "CONTROL"  # one of the tenant's own controls
    SUBPROCESSORS = "SUBPROCESSORS"  # the vendors flagged as subprocessors
    REPORT = "REPORT"  # a SOC report the tenant holds
    FILE = "FILE"  # the customer's file held an answer already


class CustomerQuestion(SQLModel, table=True):
    """One question of a customer's questionnaire, the row its answer goes back to, and its
    answer as it stands: what it says, where it came from, who accepted or wrote it."""

    __tablename__ = "customer_questions"
    __audit_entity__ = "CustomerQuestion"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["customer_questionnaires.tenant_id", "customer_questionnaires.id"],
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "library_entry_id"],
            ["answer_library_entries.tenant_id", "answer_library_entries.id"],
            name="customer_questions_library_entry_id_fkey",
            ondelete="SET NULL (library_entry_id)",
        ),
        member_fk("answered_by_id", "customer_questions"),
        enum_check("status", CustomerAnswerStatus, "customer_questions_status_check"),
        enum_check("source", SuggestionSource, "customer_questions_source_check"),
        # also the index a questionnaire's questions are read (and cascaded) by
        UniqueConstraint(
            "tenant_id", "questionnaire_id", "position", name="customer_questions_position_key"
        ),
        CheckConstraint(
            "(status = 'UNANSWERED') = (answer IS NULL)", name="customer_questions_answer_check"
        ),
        # what a library entry's removal clears
        Index("customer_questions_library_entry_idx", "tenant_id", "library_entry_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    questionnaire_id: UUID
    position: int = Field(sa_column=Column(Integer, nullable=False))  # 1, 2, ... in row order
    row: int = Field(sa_column=Column(Integer, nullable=False))  # the sheet's row, from 1
    section: str | None = Field(default=None, sa_column=Column(String(200)))
    reference: str | None = Field(default=None, sa_column=Column(String(200)))
    text: str = Field(sa_column=Column(Text, nullable=False))
    question_key: str = Field(sa_column=Column(String(64), nullable=False))
    answer: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(
        default=CustomerAnswerStatus.UNANSWERED, sa_column=Column(String(20), nullable=False)
    )
    source: str | None = Field(default=None, sa_column=Column(String(20)))
    library_entry_id: UUID | None = None  # the library entry the answer came from or went to
    answered_by_id: UUID | None = None  # who accepted or wrote it
    answered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = updated_at_field()


class TrustPackage(SQLModel, table=True):
    """What the tenant sent one customer, as one archive: the trust documents chosen, the
    subprocessor list and an answered questionnaire as they were that day, kept in the
    object store by tenant and SHA-256; who made it, for whom, when, and what it held
    (`contents`, never changed afterwards: the record stands when documents go)."""

    __tablename__ = "trust_packages"
    __audit_entity__ = "TrustPackage"
    __table_args__ = (
        member_fk("created_by_id", "trust_packages"),
        ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["customer_questionnaires.tenant_id", "customer_questionnaires.id"],
            name="trust_packages_questionnaire_id_fkey",
            ondelete="SET NULL (questionnaire_id)",
        ),
        CheckConstraint("size_bytes > 0", name="trust_packages_size_check"),
        CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="trust_packages_sha256_check"),
        Index("trust_packages_created_idx", "tenant_id", "created_at", "id"),
        # what a questionnaire's removal clears
        Index("trust_packages_questionnaire_idx", "tenant_id", "questionnaire_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    customer: str = Field(sa_column=Column(String(200), nullable=False))
    recipient: str = Field(sa_column=Column(String(320), nullable=False))
    note: str | None = Field(default=None, sa_column=Column(Text))
    questionnaire_id: UUID | None = None
    # each file of the archive: path, kind, sizeBytes, sha256, and the trust document's id
    # and title for a document
    contents: list[dict[str, Any]] = Field(sa_column=Column(JSONB, nullable=False))
    filename: str = Field(sa_column=Column(String(255), nullable=False))
    content_type: str = Field(sa_column=Column(String(120), nullable=False))
    size_bytes: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False))
    created_by_id: UUID | None = None
    created_at: datetime = created_at_field()
