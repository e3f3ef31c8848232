"""questionnaire templates

`questionnaire_templates`: one row per version of a template, its questions as written kept
as a JSON document. Versions of a template share `family_id`; the app role adds and reads
them, never changes or deletes one, so a questionnaire sent from a version keeps asking
exactly what it asked.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questionnaire_templates",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("family_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("change_note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("version >= 1", name="questionnaire_templates_version_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="questionnaire_templates_created_by_id_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "family_id", "version", name="questionnaire_templates_key"
        ),
    )
    op.create_index(
        "questionnaire_templates_name_idx",
        "questionnaire_templates",
        ["tenant_id", "name", "family_id", "version"],
    )
    protect_tenant_table(op, "questionnaire_templates", "SELECT, INSERT")


def downgrade() -> None:
    op.drop_table("questionnaire_templates")
