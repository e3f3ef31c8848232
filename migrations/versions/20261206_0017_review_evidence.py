"""review evidence

The documents a review relies on (`review_evidence`), each with the report as it stood
when the review was submitted (its snapshot). Evidence of a completed review is locked like
the review: the app role can add none, change none and remove none.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import app_role, protect_tenant_table

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "review_evidence",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("attached_by_id", sa.Uuid(), nullable=True),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("snapshot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "document_id"], ["documents.tenant_id", "documents.id"]
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "attached_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="review_evidence_attached_by_id_fkey",
            ondelete="SET NULL (attached_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "review_id", "document_id", name="review_evidence_key"),
    )
    protect_tenant_table(op, "review_evidence", "SELECT, INSERT, UPDATE, DELETE")
    op.execute(
        f"""
        CREATE FUNCTION tprm_completed_review_evidence_is_locked() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
          row review_evidence := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        BEGIN
          IF current_user = '{app_role()}' AND EXISTS (
            SELECT 1 FROM vendor_reviews r
            WHERE r.tenant_id = row.tenant_id AND r.id = row.review_id
              AND r.status = 'COMPLETED'
          ) THEN
            RAISE EXCEPTION 'a completed review is locked: amend it with a new version'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          RETURN row;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER review_evidence_locked BEFORE INSERT OR UPDATE OR DELETE "
        "ON review_evidence FOR EACH ROW EXECUTE FUNCTION tprm_completed_review_evidence_is_locked()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER review_evidence_locked ON review_evidence")
    op.execute("DROP FUNCTION tprm_completed_review_evidence_is_locked()")
    op.drop_table("review_evidence")
