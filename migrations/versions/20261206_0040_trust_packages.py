"""trust packages

`trust_packages`: what the tenant sent one customer as one archive (in the object store by
SHA-256): for whom, by whom, when, and its `contents` as they were.

Revision ID: 0040
Revises: 0039
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table
from sqlalchemy.dialects import postgresql

revision: str = "0040"
down_revision: str | None = "0039"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "trust_packages",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=True),
        sa.Column("contents", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="trust_packages_sha256_check"),
        sa.CheckConstraint("size_bytes > 0", name="trust_packages_size_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="trust_packages_created_by_id_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["customer_questionnaires.tenant_id", "customer_questionnaires.id"],
            name="trust_packages_questionnaire_id_fkey",
            ondelete="SET NULL (questionnaire_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "trust_packages_created_idx",
        "trust_packages",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    op.create_index(
        "trust_packages_questionnaire_idx",
        "trust_packages",
        ["tenant_id", "questionnaire_id"],
        unique=False,
    )
    # a record: the app may add one, never change or remove it
    protect_tenant_table(op, "trust_packages", "SELECT, INSERT")


def downgrade() -> None:
    op.drop_index("trust_packages_questionnaire_idx", table_name="trust_packages")
    op.drop_index("trust_packages_created_idx", table_name="trust_packages")
    op.drop_table("trust_packages")
