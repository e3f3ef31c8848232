"""cuec coverage

What the tenant does about each CUEC of its vendors' reports: `cuec_coverage` holds a
decision (MAPPED to its own controls, or NOT_APPLICABLE with why; no row: a GAP), carried
over from the same CUEC of the vendor's previous report where one matches;
`cuec_coverage_controls` the controls of a MAPPED one. Findings take the kind CUEC_GAP.

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = "0030"
down_revision: str | None = "0029"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


KINDS_BEFORE = (
    "'MODIFIED_OPINION', 'CONTROL_EXCEPTION', 'STALE_REPORT', 'BRIDGE_LETTER_MISSING', "
    "'TYPE1_ONLY', 'CATEGORY_NOT_COVERED', 'RAISED_BY_HAND', 'QUESTIONNAIRE_ANSWER'"
)


def _kind_check(kinds: str) -> None:
    op.drop_constraint("findings_kind_check", "findings", type_="check")
    op.create_check_constraint("findings_kind_check", "findings", f"kind IN ({kinds})")


def upgrade() -> None:
    op.create_table(
        "cuec_coverage",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cuec_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("justification", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Uuid(), nullable=True),
        sa.Column("carried_from_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('MAPPED', 'NOT_APPLICABLE', 'GAP')", name="cuec_coverage_status_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "carried_from_id"],
            ["soc_cuecs.tenant_id", "soc_cuecs.id"],
            name="cuec_coverage_carried_from_id_fkey",
            ondelete="SET NULL (carried_from_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "cuec_id"], ["soc_cuecs.tenant_id", "soc_cuecs.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "decided_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="cuec_coverage_decided_by_id_fkey",
            ondelete="SET NULL (decided_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "cuec_id", name="cuec_coverage_cuec_key"),
    )
    op.create_table(
        "cuec_coverage_controls",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("coverage_id", sa.Uuid(), nullable=False),
        sa.Column("control_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id", "control_id"], ["controls.tenant_id", "controls.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "coverage_id"],
            ["cuec_coverage.tenant_id", "cuec_coverage.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "coverage_id", "control_id"),
    )
    op.create_index(
        "cuec_coverage_controls_control_idx",
        "cuec_coverage_controls",
        ["tenant_id", "control_id"],
        unique=False,
    )
    op.create_index(
        "cuec_coverage_carried_from_idx", "cuec_coverage", ["tenant_id", "carried_from_id"]
    )
    protect_tenant_table(op, "cuec_coverage", "SELECT, INSERT, UPDATE, DELETE")
    protect_tenant_table(op, "cuec_coverage_controls", "SELECT, INSERT, DELETE")
    _kind_check(f"{KINDS_BEFORE}, 'CUEC_GAP'")


def downgrade() -> None:
    op.execute("DELETE FROM findings WHERE kind = 'CUEC_GAP'")
    _kind_check(KINDS_BEFORE)
    op.drop_index("cuec_coverage_controls_control_idx", table_name="cuec_coverage_controls")
    op.drop_table("cuec_coverage_controls")
    op.drop_index("cuec_coverage_carried_from_idx", table_name="cuec_coverage")
    op.drop_table("cuec_coverage")
