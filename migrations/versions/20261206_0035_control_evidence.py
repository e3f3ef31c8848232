"""control evidence

`control_evidence`: files that show one of the tenant's own controls is in place or ran (a
policy, a screenshot, an export), their bytes in the object store by tenant and SHA-256 as
documents' are (domain.compliance.evidence); the same bytes once per control.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = "0035"
down_revision: str | None = "0034"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "control_evidence",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=120), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("uploaded_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="control_evidence_sha256_check"),
        sa.CheckConstraint("size_bytes > 0", name="control_evidence_size_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "control_id"],
            ["controls.tenant_id", "controls.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "uploaded_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="control_evidence_uploaded_by_id_fkey",
            ondelete="SET NULL (uploaded_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "control_id", "sha256", name="control_evidence_sha256_key"
        ),
    )

    protect_tenant_table(op, "control_evidence", "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_table("control_evidence")
