"""customer questionnaires

`customer_questionnaires`: a customer's security questionnaire as it came in (its file in
the object store by SHA-256) and the layout its questions were read with;
`customer_questions`: each question, the row its answer goes back to, and its answer as it
stands (status, source, the library entry it came from, who answered and when).

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = "0039"
down_revision: str | None = "0038"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "customer_questionnaires",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("format", sa.String(length=10), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sheet", sa.String(length=255), nullable=False),
        sa.Column("header_row", sa.Integer(), nullable=False),
        sa.Column("question_column", sa.Integer(), nullable=False),
        sa.Column("section_column", sa.Integer(), nullable=True),
        sa.Column("answer_column", sa.Integer(), nullable=True),
        sa.Column("reference_column", sa.Integer(), nullable=True),
        sa.Column("imported_by_id", sa.Uuid(), nullable=True),
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
        sa.CheckConstraint(
            "format IN ('XLSX', 'CSV')", name="customer_questionnaires_format_check"
        ),
        sa.CheckConstraint(
            "sha256 ~ '^[0-9a-f]{64}$'", name="customer_questionnaires_sha256_check"
        ),
        sa.CheckConstraint("size_bytes > 0", name="customer_questionnaires_size_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "imported_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="customer_questionnaires_imported_by_id_fkey",
            ondelete="SET NULL (imported_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="customer_questionnaires_owner_id_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "customer_questionnaires_created_idx",
        "customer_questionnaires",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "customer_questions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=200), nullable=True),
        sa.Column("reference", sa.String(length=200), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=True),
        sa.Column("library_entry_id", sa.Uuid(), nullable=True),
        sa.Column("answered_by_id", sa.Uuid(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(status = 'UNANSWERED') = (answer IS NULL)", name="customer_questions_answer_check"
        ),
        sa.CheckConstraint(
            "source IN ('LIBRARY', 'CONTROL', 'SUBPROCESSORS', 'REPORT', 'FILE')",
            name="customer_questions_source_check",
        ),
        sa.CheckConstraint(
            "status IN ('UNANSWERED', 'SUGGESTED', 'ACCEPTED', 'EDITED')",
            name="customer_questions_status_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "answered_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="customer_questions_answered_by_id_fkey",
            ondelete="SET NULL (answered_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "library_entry_id"],
            ["answer_library_entries.tenant_id", "answer_library_entries.id"],
            name="customer_questions_library_entry_id_fkey",
            ondelete="SET NULL (library_entry_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["customer_questionnaires.tenant_id", "customer_questionnaires.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "questionnaire_id", "position", name="customer_questions_position_key"
        ),
    )
    op.create_index(
        "customer_questions_library_entry_idx",
        "customer_questions",
        ["tenant_id", "library_entry_id"],
        unique=False,
    )
    for table in ("customer_questionnaires", "customer_questions"):
        protect_tenant_table(op, table, "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_index("customer_questions_library_entry_idx", table_name="customer_questions")
    op.drop_table("customer_questions")
    op.drop_index("customer_questionnaires_created_idx", table_name="customer_questionnaires")
    op.drop_table("customer_questionnaires")
