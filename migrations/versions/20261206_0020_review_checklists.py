"""review checklists

What a periodic review checks (`review_checklist_items`), set from the vendor's tier when
the review starts; the tenant's settings say from which tier each item is asked for. The
checklist of a completed review is locked with it.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import app_role, protect_tenant_table

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "'SOC_REPORT_REVIEWED', 'BRIDGE_LETTER', 'CUECS_CONSIDERED', 'OPEN_FINDINGS_REVIEWED', "
    "'CONTRACT_TERMS'"
)


def upgrade() -> None:
    op.create_table(
        "review_checklist_items",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint(f"kind IN ({_KINDS})", name="review_checklist_items_kind_check"),
        sa.CheckConstraint(
            "status IN ('PENDING', 'DONE', 'NOT_APPLICABLE')",
            name="review_checklist_items_status_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "resolved_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="review_checklist_items_resolved_by_id_fkey",
            ondelete="SET NULL (resolved_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "review_id", "kind", name="review_checklist_items_key"),
    )
    protect_tenant_table(op, "review_checklist_items", "SELECT, INSERT, UPDATE")
    op.execute(
        f"""
        CREATE FUNCTION tprm_completed_review_checklist_is_locked() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF current_user = '{app_role()}' AND EXISTS (
            SELECT 1 FROM vendor_reviews r
            WHERE r.tenant_id = NEW.tenant_id AND r.id = NEW.review_id
              AND r.status = 'COMPLETED'
          ) THEN
            RAISE EXCEPTION 'a completed review is locked: amend it with a new version'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN NEW;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER review_checklist_items_locked BEFORE INSERT OR UPDATE "
        "ON review_checklist_items FOR EACH ROW "
        "EXECUTE FUNCTION tprm_completed_review_checklist_is_locked()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER review_checklist_items_locked ON review_checklist_items")
    op.execute("DROP FUNCTION tprm_completed_review_checklist_is_locked()")
    op.drop_table("review_checklist_items")
