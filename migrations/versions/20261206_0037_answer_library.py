"""answer library

`answer_library_entries`: the tenant's answers to the questions its customers ask, one per
question as normalised (`question_key`, a SHA-256), tagged, owned, and reviewed by a date;
its words searchable with English stemming (`search_vector`). Lists order by question
without an index: a question may be too long for one, and a library is thousands at most.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

revision: str = "0037"
down_revision: str | None = "0036"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "answer_library_entries",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column(
            "tags", postgresql.ARRAY(sa.String(length=50)), server_default="{}", nullable=False
        ),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("last_reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "search_vector",
            postgresql.TSVECTOR(),
            sa.Computed(
                "setweight(to_tsvector('english'::regconfig, coalesce(question, '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce(answer, '')), 'C')",
                persisted=True,
            ),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="answer_library_entries_owner_id_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "reviewed_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="answer_library_entries_reviewed_by_id_fkey",
            ondelete="SET NULL (reviewed_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "question_key", name="answer_library_question_key"),
    )
    op.create_index(
        "answer_library_reviewed_idx",
        "answer_library_entries",
        ["tenant_id", "last_reviewed_on"],
        unique=False,
    )
    op.create_index(
        "answer_library_search_idx",
        "answer_library_entries",
        ["search_vector"],
        unique=False,
        postgresql_using="gin",
    )
    op.create_index(
        "answer_library_tags_idx",
        "answer_library_entries",
        ["tags"],
        unique=False,
        postgresql_using="gin",
    )
    protect_tenant_table(op, "answer_library_entries", "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_index(
        "answer_library_tags_idx", table_name="answer_library_entries", postgresql_using="gin"
    )
    op.drop_index(
        "answer_library_search_idx", table_name="answer_library_entries", postgresql_using="gin"
    )
    op.drop_index("answer_library_reviewed_idx", table_name="answer_library_entries")
    op.drop_table("answer_library_entries")
