"""finding follow-ups

What a vendor is to send by a date that will show one of its findings fixed (its next SOC
report, a bridge letter, something else said in words): `finding_follow_ups`, EXPECTED until
RECEIVED with a document of the vendor or CANCELLED with why. Never deleted by the app.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finding_follow_ups",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("received_document_id", sa.Uuid(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('NEXT_SOC_REPORT', 'BRIDGE_LETTER', 'OTHER')",
            name="finding_follow_ups_kind_check",
        ),
        sa.CheckConstraint(
            "status IN ('EXPECTED', 'RECEIVED', 'CANCELLED')",
            name="finding_follow_ups_status_check",
        ),
        sa.CheckConstraint(
            "(status = 'RECEIVED') = (received_at IS NOT NULL)",
            name="finding_follow_ups_received_check",
        ),
        sa.CheckConstraint(
            "status <> 'CANCELLED' OR status_reason IS NOT NULL",
            name="finding_follow_ups_cancelled_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "finding_id"], ["findings.tenant_id", "findings.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "received_document_id"],
            ["documents.tenant_id", "documents.id"],
            name="finding_follow_ups_received_document_fkey",
            ondelete="SET NULL (received_document_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "created_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="finding_follow_ups_created_by_fkey",
            ondelete="SET NULL (created_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "finding_follow_ups_finding_idx", "finding_follow_ups", ["tenant_id", "finding_id", "due_on"]
    )
    op.create_index(
        "finding_follow_ups_vendor_idx",
        "finding_follow_ups",
        ["tenant_id", "vendor_id", "status", "due_on"],
    )
    protect_tenant_table(op, "finding_follow_ups", "SELECT, INSERT, UPDATE")


def downgrade() -> None:
    op.drop_index("finding_follow_ups_vendor_idx", table_name="finding_follow_ups")
    op.drop_index("finding_follow_ups_finding_idx", table_name="finding_follow_ups")
    op.drop_table("finding_follow_ups")
