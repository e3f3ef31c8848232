"""finding grades and verification

A finding gets a root cause and, for a vendor's control failure, the grade auditors give it
(CONTROL_DEFICIENCY, SIGNIFICANT_DEFICIENCY, MATERIAL_WEAKNESS) beside its priority; a
RESOLVED finding records who reassessed it, when and on what evidence. Findings of this day
are graded by kind: a modified opinion is a significant deficiency, an exception a control
deficiency; findings already resolved keep no verification (none was asked for then).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("findings", sa.Column("root_cause", sa.String(length=20), nullable=True))
    op.add_column("findings", sa.Column("grade", sa.String(length=30), nullable=True))
    op.add_column("findings", sa.Column("verified_by_id", sa.Uuid(), nullable=True))
    op.add_column(
        "findings", sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("findings", sa.Column("verification_note", sa.Text(), nullable=True))
    op.add_column("findings", sa.Column("verification_document_id", sa.Uuid(), nullable=True))
    op.create_check_constraint(
        "findings_root_cause_check",
        "findings",
        "root_cause IN ('PROCESS', 'TECHNOLOGY', 'PEOPLE', 'DOCUMENTATION', 'THIRD_PARTY')",
    )
    op.create_check_constraint(
        "findings_grade_check",
        "findings",
        "grade IN ('CONTROL_DEFICIENCY', 'SIGNIFICANT_DEFICIENCY', 'MATERIAL_WEAKNESS')",
    )
    op.create_foreign_key(
        "findings_verified_by_fkey",
        "findings",
        "memberships",
        ["tenant_id", "verified_by_id"],
        ["tenant_id", "id"],
        ondelete="SET NULL (verified_by_id)",
    )
    op.create_foreign_key(
        "findings_verification_document_fkey",
        "findings",
        "documents",
        ["tenant_id", "verification_document_id"],
        ["tenant_id", "id"],
        ondelete="SET NULL (verification_document_id)",
    )
    op.execute(
        "UPDATE findings SET grade = CASE kind "
        "WHEN 'MODIFIED_OPINION' THEN 'SIGNIFICANT_DEFICIENCY' "
        "WHEN 'CONTROL_EXCEPTION' THEN 'CONTROL_DEFICIENCY' END"
    )


def downgrade() -> None:
    op.drop_constraint("findings_verification_document_fkey", "findings", type_="foreignkey")
    op.drop_constraint("findings_verified_by_fkey", "findings", type_="foreignkey")
    op.drop_constraint("findings_grade_check", "findings", type_="check")
    op.drop_constraint("findings_root_cause_check", "findings", type_="check")
    for column in (
        "verification_document_id",
        "verification_note",
        "verified_at",
        "verified_by_id",
        "grade",
        "root_cause",
    ):
        op.drop_column("findings", column)
