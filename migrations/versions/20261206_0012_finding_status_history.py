"""finding status history

Who moved a finding's status, when and why, as a vendor's lifecycle moves already are:
one row when it is raised (from no status) and one per move since. The findings raised
before this revision get their raising and, where they have moved on, one row for where
they stand now (when it is unknown who moved them, the row names no one).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = "('OPEN', 'IN_REMEDIATION', 'RESOLVED', 'RISK_ACCEPTED')"


def upgrade() -> None:
    op.create_table(
        "finding_status_changes",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("finding_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("changed_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(f"from_status IN {_STATUSES}", name="finding_status_changes_from_check"),
        sa.CheckConstraint(f"to_status IN {_STATUSES}", name="finding_status_changes_to_check"),
        sa.ForeignKeyConstraint(
            ["tenant_id", "finding_id"],
            ["findings.tenant_id", "findings.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "changed_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="finding_status_changes_changed_by_fkey",
            ondelete="SET NULL (changed_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "finding_status_changes_finding_idx",
        "finding_status_changes",
        ["tenant_id", "finding_id", "changed_at"],
        unique=False,
    )
    op.execute(
        "INSERT INTO finding_status_changes (tenant_id, id, finding_id, to_status, changed_at) "
        "SELECT tenant_id, gen_random_uuid(), id, 'OPEN', created_at FROM findings"
    )
    op.execute(
        "INSERT INTO finding_status_changes "
        "(tenant_id, id, finding_id, from_status, to_status, reason, changed_at) "
        "SELECT tenant_id, gen_random_uuid(), id, 'OPEN', status, status_reason, "
        "coalesce(closed_at, updated_at) FROM findings WHERE status <> 'OPEN'"
    )
    # A finding's history is written, never changed.
    protect_tenant_table(op, "finding_status_changes", "SELECT, INSERT")


def downgrade() -> None:
    op.drop_index("finding_status_changes_finding_idx", table_name="finding_status_changes")
    op.drop_table("finding_status_changes")
