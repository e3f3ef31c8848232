"""review conditions

The conditions of an APPROVED_WITH_CONDITIONS review: tracked actions with an owner and a
due date, worked after the sign-off (their status is not locked with the review).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_conditions",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("status IN ('OPEN', 'DONE')", name="review_conditions_status_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="review_conditions_owner_id_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "review_conditions_review_idx",
        "review_conditions",
        ["tenant_id", "review_id", "created_at"],
    )
    protect_tenant_table(op, "review_conditions", "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_index("review_conditions_review_idx", table_name="review_conditions")
    op.drop_table("review_conditions")
