"""questionnaires as review evidence

`review_questionnaires`: a completed security questionnaire a periodic review relies on,
with the questionnaire as it stood when the review was submitted (like `review_evidence`
for documents). Review checklists take the kind SECURITY_QUESTIONNAIRE.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS_BEFORE = (
    "'SOC_REPORT_REVIEWED', 'BRIDGE_LETTER', 'CUECS_CONSIDERED', 'OPEN_FINDINGS_REVIEWED', "
    "'CONTRACT_TERMS'"
)


def _kind_check(kinds: str) -> None:
    op.drop_constraint("review_checklist_items_kind_check", "review_checklist_items", "check")
    op.create_check_constraint(
        "review_checklist_items_kind_check", "review_checklist_items", f"kind IN ({kinds})"
    )


def upgrade() -> None:
    op.create_table(
        "review_questionnaires",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("review_id", sa.Uuid(), nullable=False),
        sa.Column("questionnaire_id", sa.Uuid(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("attached_by_id", sa.Uuid(), nullable=True),
        sa.Column("snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("snapshot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "attached_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="review_questionnaires_attached_by_id_fkey",
            ondelete="SET NULL (attached_by_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "questionnaire_id"],
            ["questionnaires.tenant_id", "questionnaires.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "review_id"],
            ["vendor_reviews.tenant_id", "vendor_reviews.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint(
            "tenant_id", "review_id", "questionnaire_id", name="review_questionnaires_key"
        ),
    )
    protect_tenant_table(op, "review_questionnaires", "SELECT, INSERT, UPDATE, DELETE")
    _kind_check(f"{KINDS_BEFORE}, 'SECURITY_QUESTIONNAIRE'")


def downgrade() -> None:
    op.execute("DELETE FROM review_checklist_items WHERE kind = 'SECURITY_QUESTIONNAIRE'")
    _kind_check(KINDS_BEFORE)
    op.drop_table("review_questionnaires")
