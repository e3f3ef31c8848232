"""evidence packs

`evidence_packs`: the tenant's vendor management written for its own auditor (SOC 2 CC9.2)
as CSV and PDF, QUEUED for a worker, READY with both files (kept in the object store by their
SHA-256), or FAILED with why (domain.compliance.evidence_pack). The app role never deletes
one.

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0033"
down_revision: str | None = "0032"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evidence_packs",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("vendor_count", sa.Integer(), nullable=False),
        sa.Column("csv_sha256", sa.String(length=64), nullable=True),
        sa.Column("csv_size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("pdf_size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(csv_sha256 IS NULL OR csv_sha256 ~ '^[0-9a-f]{64}$') AND "
            "(pdf_sha256 IS NULL OR pdf_sha256 ~ '^[0-9a-f]{64}$')",
            name="evidence_packs_sha256_check",
        ),
        sa.CheckConstraint(
            "status <> 'READY' OR (csv_sha256 IS NOT NULL AND pdf_sha256 IS NOT NULL)",
            name="evidence_packs_ready_check",
        ),
        sa.CheckConstraint(
            "status IN ('QUEUED', 'READY', 'FAILED')", name="evidence_packs_status_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "requested_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="evidence_packs_requested_by_id_fkey",
            ondelete="SET NULL (requested_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "evidence_packs_tenant_created_idx",
        "evidence_packs",
        ["tenant_id", "created_at", "id"],
        unique=False,
    )
    protect_tenant_table(op, "evidence_packs", "SELECT, INSERT, UPDATE")


def downgrade() -> None:
    op.drop_index("evidence_packs_tenant_created_idx", table_name="evidence_packs")
    op.drop_table("evidence_packs")
