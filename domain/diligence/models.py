"""What the tenant answers its own customers: its answer library."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Column, Computed, Date, Index, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY, TSVECTOR
from sqlmodel import Field, SQLModel

from domain.shared.models import (
    created_at_field,
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
