"""Security questionnaires: templates, versioned, and the questionnaires sent from them.

Templates are versioned. A version is never changed once saved
(the app role may add and read them, not update or delete): a questionnaire sent from it
keeps asking exactly what it asked."""

import enum
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Boolean,
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
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from domain.questionnaires.gap import Decision
from domain.shared.models import (
    NOT_AUDITED,
    created_at_field,
    enum_check,
    id_field,
    member_fk,
    tenant_id_field,
    updated_at_field,
)


class QuestionnaireTemplate(SQLModel, table=True):
    """One version of a template. Versions of one template share `family_id`; the highest
    `version` is the current one, the one edited and sent from."""

    __tablename__ = "questionnaire_templates"
    __audit_entity__ = "QuestionnaireTemplate"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaire_templates_created_by_id_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        UniqueConstraint("tenant_id", "family_id", "version", name="questionnaire_templates_key"),
        CheckConstraint("version >= 1", name="questionnaire_templates_version_check"),
        Index("questionnaire_templates_name_idx", "tenant_id", "name", "family_id", "version"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    family_id: UUID
    version: int = Field(sa_column=Column(Integer, nullable=False))
    name: str = Field(sa_column=Column(String(200), nullable=False))
    description: str = Field(default="", sa_column=Column(Text, nullable=False))
    # the template as written (domain.questionnaires.template_json), checked when saved
    definition: dict[str, Any] = Field(sa_column=Column(JSONB, nullable=False, info=NOT_AUDITED))
    question_count: int = Field(sa_column=Column(Integer, nullable=False))
    # why this version was made, in the editor's words (none for a first version)
    change_note: str | None = Field(default=None, sa_column=Column(Text))
    created_by_id: UUID | None = None
    created_at: datetime = created_at_field()


class QuestionnaireStatus(enum.StrEnum):
    """Where a sent questionnaire stands. The vendor works on it while it is SENT, IN_PROGRESS
    (something saved) or RETURNED (sent back for more information); SUBMITTED waits for the
    reviewer; COMPLETED and CANCELLED are final, and end its respondent links."""

    SENT = "SENT"
    IN_PROGRESS = "IN_PROGRESS"
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


OPEN_TO_VENDOR = (
    QuestionnaireStatus.SENT,
    QuestionnaireStatus.IN_PROGRESS,
    QuestionnaireStatus.RETURNED,
)


class AnswerSource(enum.StrEnum):
    """Where an answer came from: the vendor (through its link, or a file it filled in),
    the vendor's SOC report (the gap questionnaire), or the vendor's answer to the same
    question last time, carried over until the vendor confirms it."""

    VENDOR = "VENDOR"
    REPORT = "REPORT"
    CARRIED_OVER = "CARRIED_OVER"


class AnswerReview(enum.StrEnum):
    """The reviewer's verdict on one answer."""

    PENDING = "PENDING"
    ACCEPTED = "ACCEPTED"
    NEEDS_INFO = "NEEDS_INFO"
    NOT_APPLICABLE = "NOT_APPLICABLE"


class Author(enum.StrEnum):
    VENDOR = "VENDOR"
    REVIEWER = "REVIEWER"


def _questionnaire_fk() -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["tenant_id", "questionnaire_id"],
        ["questionnaires.tenant_id", "questionnaires.id"],
        ondelete="CASCADE",
    )


class Questionnaire(SQLModel, table=True):
    """One template version sent to one vendor contact, with a due date. The contact's name
    and email are kept as they were when it was sent: that is who was asked."""

    __tablename__ = "questionnaires"
    __audit_entity__ = "Questionnaire"
    __table_args__ = (
        ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["tenant_id", "template_id"],
            ["questionnaire_templates.tenant_id", "questionnaire_templates.id"],
        ),
        ForeignKeyConstraint(
            ["tenant_id", "contact_id"],
            ["vendor_contacts.tenant_id", "vendor_contacts.id"],
            name="questionnaires_contact_id_fkey",
            ondelete="SET NULL (contact_id)",
        ),
        ForeignKeyConstraint(
            ["tenant_id", "report_id"],
            ["soc_reports.tenant_id", "soc_reports.id"],
            name="questionnaires_report_id_fkey",
            ondelete="SET NULL (report_id)",
        ),
        member_fk("sent_by_id", "questionnaires"),
        member_fk("completed_by_id", "questionnaires"),
        enum_check("status", QuestionnaireStatus, "questionnaires_status_check"),
        CheckConstraint("score BETWEEN 0 AND 100", name="questionnaires_score_check"),
        Index("questionnaires_vendor_idx", "tenant_id", "vendor_id", "sent_at", "id"),
        Index("questionnaires_sent_idx", "tenant_id", "sent_at", "id"),
        Index("questionnaires_template_idx", "tenant_id", "template_id"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    vendor_id: UUID
    template_id: UUID
    contact_id: UUID | None = None
    contact_name: str = Field(sa_column=Column(String(200), nullable=False))
    contact_email: str = Field(sa_column=Column(String(320), nullable=False))
    due_date: date = Field(sa_column=Column(Date, nullable=False))
    status: str = Field(
        default=QuestionnaireStatus.SENT, sa_column=Column(String(20), nullable=False)
    )
    # the SOC report the gap pre-answers came from (none: every question was sent)
    report_id: UUID | None = None
    message: str | None = Field(default=None, sa_column=Column(Text))
    # from the answers' weights, kept when submitted and when completed (none: nothing scored)
    score: int | None = Field(default=None, sa_column=Column(Integer))
    section_scores: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_column=Column(JSONB, nullable=False, server_default="[]", info=NOT_AUDITED),
    )
    return_note: str | None = Field(default=None, sa_column=Column(Text))
    sent_by_id: UUID | None = None
    sent_at: datetime = created_at_field()
    submitted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    completed_by_id: UUID | None = None
    completed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = updated_at_field()


class QuestionnaireAnswer(SQLModel, table=True):
    """The answer to one question of a questionnaire, by the question's key: its value, where
    it came from, and the reviewer's verdict. `value` holds a choice's value (YES_NO, SINGLE
    _CHOICE), a list of them (MULTIPLE_CHOICE), the text, the number as a decimal string, the
    date in ISO form, or nothing (a FILE question's answer is `document_id`)."""

    __tablename__ = "questionnaire_answers"
    __audit_entity__ = "QuestionnaireAnswer"
    __table_args__ = (
        _questionnaire_fk(),
        ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            name="questionnaire_answers_document_id_fkey",
            ondelete="SET NULL (document_id)",
        ),
        member_fk("reviewed_by_id", "questionnaire_answers"),
        enum_check("source", AnswerSource, "questionnaire_answers_source_check"),
        enum_check("review_status", AnswerReview, "questionnaire_answers_review_status_check"),
        enum_check("gap_decision", Decision, "questionnaire_answers_gap_decision_check"),
        UniqueConstraint(
            "tenant_id", "questionnaire_id", "question_key", name="questionnaire_answers_key"
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    questionnaire_id: UUID
    question_key: str = Field(sa_column=Column(String(60), nullable=False))
    value: Any = Field(default=None, sa_column=Column(JSONB))
    document_id: UUID | None = None
    source: str = Field(default=AnswerSource.VENDOR, sa_column=Column(String(20), nullable=False))
    # the gap questionnaire's decision on this question (none: no report was consulted)
    gap_decision: str | None = Field(default=None, sa_column=Column(String(10)))
    gap_note: str | None = Field(default=None, sa_column=Column(Text))
    gap_page: int | None = Field(default=None, sa_column=Column(Integer))
    gap_quote: str | None = Field(default=None, sa_column=Column(Text))
    # a COVERED question the reviewer chose to ask all the same
    send_anyway: bool = Field(default=False, sa_column=Column(Boolean, nullable=False))
    review_status: str = Field(
        default=AnswerReview.PENDING, sa_column=Column(String(20), nullable=False)
    )
    reviewed_by_id: UUID | None = None
    answered_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = updated_at_field()


class QuestionnaireMessage(SQLModel, table=True):
    """One message of a question's thread, from the vendor or a reviewer."""

    __tablename__ = "questionnaire_messages"
    __audit_entity__ = "QuestionnaireMessage"
    __table_args__ = (
        _questionnaire_fk(),
        member_fk("member_id", "questionnaire_messages"),
        enum_check("author", Author, "questionnaire_messages_author_check"),
        Index(
            "questionnaire_messages_thread_idx",
            "tenant_id",
            "questionnaire_id",
            "question_key",
            "created_at",
        ),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    questionnaire_id: UUID
    question_key: str = Field(sa_column=Column(String(60), nullable=False))
    author: str = Field(sa_column=Column(String(10), nullable=False))
    member_id: UUID | None = None  # the reviewer who wrote it
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = created_at_field()


class RespondentLink(SQLModel, table=True):
    """What lets a vendor answer one questionnaire without an account. Its token is never
    stored: only its SHA-256 (looked up on each request, by tprm_respondent) and the link's
    id, from which the server's key makes the token again (domain.questionnaires.links)."""

    __tablename__ = "respondent_links"
    __audit_entity__ = "RespondentLink"
    __table_args__ = (
        _questionnaire_fk(),
        Index("respondent_links_token_idx", "token_hash", unique=True),
        Index("respondent_links_questionnaire_idx", "tenant_id", "questionnaire_id", "created_at"),
    )

    tenant_id: UUID = tenant_id_field()
    id: UUID = id_field()
    questionnaire_id: UUID
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, info=NOT_AUDITED))
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    # the rate limit's window (a minute) and the requests made in it
    window_started_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), info=NOT_AUDITED)
    )
    window_requests: int = Field(
        default=0, sa_column=Column(Integer, nullable=False, server_default="0", info=NOT_AUDITED)
    )
    last_used_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), info=NOT_AUDITED)
    )
    created_at: datetime = created_at_field()
