"""Security questionnaires: templates, versioned. A version is never changed once saved
(the app role may add and read them, not update or delete): a questionnaire sent from it
keeps asking exactly what it asked."""

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from domain.shared.models import NOT_AUDITED, created_at_field, id_field, tenant_id_field


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
