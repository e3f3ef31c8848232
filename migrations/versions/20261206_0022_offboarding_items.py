"""offboarding items

Ending a vendor relationship is a checklist (`offboarding_items`): access revoked, data
returned or deleted (with the certificate), contract ended; asked for when the vendor starts
OFFBOARDING, each DONE or WAIVED with why before it can be TERMINATED.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "offboarding_items",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(
            "kind IN ('ACCESS_REVOKED', 'DATA_RETURNED_OR_DELETED', 'CONTRACT_ENDED')",
            name="offboarding_items_kind_check",
        ),
        sa.CheckConstraint(
            "status IN ('PENDING', 'DONE', 'WAIVED')", name="offboarding_items_status_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "document_id"],
            ["documents.tenant_id", "documents.id"],
            name="offboarding_items_document_fkey",
            ondelete="SET NULL (document_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "resolved_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="offboarding_items_resolved_by_id_fkey",
            ondelete="SET NULL (resolved_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "vendor_id", "kind", name="offboarding_items_key"),
    )
    protect_tenant_table(op, "offboarding_items", "SELECT, INSERT, UPDATE")
    # Vendors already OFFBOARDING owe the checklist too.
    op.execute(
        "INSERT INTO offboarding_items (tenant_id, id, vendor_id, kind, status) "
        "SELECT v.tenant_id, gen_random_uuid(), v.id, k.kind, 'PENDING' FROM vendors v "
        "CROSS JOIN (VALUES ('ACCESS_REVOKED'), ('DATA_RETURNED_OR_DELETED'), "
        "('CONTRACT_ENDED')) AS k(kind) WHERE v.status = 'OFFBOARDING'"
    )


def downgrade() -> None:
    op.drop_table("offboarding_items")
