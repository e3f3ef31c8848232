"""exception domains

`exception_domain_overrides`: a reviewer's word on the control domain of an exception of a
vendor's report, over the rules (domain.compliance.exception_domains).

Revision ID: 0032
Revises: 0031
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table


revision: str = "0032"
down_revision: str | None = "0031"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exception_domain_overrides",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("exception_id", sa.Uuid(), nullable=False),
        sa.Column("domain", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("set_by_id", sa.Uuid(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "domain IN ('ACCESS', 'CHANGE_MANAGEMENT', 'TRAINING_AND_AWARENESS', 'DOCUMENTATION_AND_POLICY', 'RISK_ASSESSMENT', 'VENDOR_MANAGEMENT', 'INCIDENT_RESPONSE', 'BACKUP_AND_AVAILABILITY', 'LOGGING_AND_MONITORING', 'ENCRYPTION', 'OTHER')",
            name="exception_domain_overrides_domain_check",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "exception_id"],
            ["soc_exceptions.tenant_id", "soc_exceptions.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "set_by_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="exception_domain_overrides_set_by_id_fkey",
            ondelete="SET NULL (set_by_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "exception_id", name="exception_domain_overrides_key"),
    )

    protect_tenant_table(op, "exception_domain_overrides", "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_table("exception_domain_overrides")
