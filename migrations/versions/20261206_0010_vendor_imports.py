"""vendor imports

A large CSV of vendors is imported in the background: `vendor_imports` holds the file's
key in the object store, its progress (rows done, in file order) and counts;
`vendor_import_rows` what happened to each row, written in the same transaction as the
row's own change, so a retried job knows exactly which rows are done.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vendor_imports",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column(
            "warnings",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_by_id", sa.Uuid(), nullable=True),
        sa.Column("started_by_token_id", sa.Uuid(), nullable=True),
        sa.Column("request_id", sa.String(length=64), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')",
            name="vendor_imports_status_check",
        ),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="vendor_imports_sha256_check"),
        sa.CheckConstraint(
            "rows_done >= 0 AND rows_done <= row_count", name="vendor_imports_progress_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "started_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="vendor_imports_started_by_fkey",
            ondelete="SET NULL (started_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "vendor_imports_tenant_created_idx",
        "vendor_imports",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    op.create_table(
        "vendor_import_rows",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=True),
        sa.Column(
            "messages",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
        sa.CheckConstraint(
            "outcome IN ('CREATED', 'UPDATED', 'UNCHANGED', 'REJECTED')",
            name="vendor_import_rows_outcome_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "import_id"],
            ["vendor_imports.tenant_id", "vendor_imports.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"],
            ["vendors.tenant_id", "vendors.id"],
            ondelete="SET NULL (vendor_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "import_id", "line"),
    )
    # The app role records and reads; a report, once written, is never changed.
    protect_tenant_table(op, "vendor_imports", "SELECT, INSERT, UPDATE")
    protect_tenant_table(op, "vendor_import_rows", "SELECT, INSERT")


def downgrade() -> None:
    op.drop_table("vendor_import_rows")
    op.drop_index("vendor_imports_tenant_created_idx", table_name="vendor_imports")
    op.drop_table("vendor_imports")
