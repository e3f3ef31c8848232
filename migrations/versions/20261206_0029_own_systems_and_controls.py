"""own systems and controls

The tenant's own house, begun: `own_systems`, the systems its own SOC 2 report covers with
the trust services categories it reports on for each; `controls`, its own controls, each
with a reference unique in the tenant, an owner, the criteria it meets (checked against
domain.compliance.criteria by the service), a status and when it was last tested.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from app.migrate import protect_tenant_table

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_systems",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column(
            "categories",
            postgresql.ARRAY(sa.String(length=30)),
            server_default="{}",
            nullable=False,
        ),
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
            "categories <@ ARRAY['SECURITY', 'AVAILABILITY', 'PROCESSING_INTEGRITY', 'CONFIDENTIALITY', 'PRIVACY']::varchar[]",
            name="own_systems_categories_check",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "name", name="own_systems_name_key"),
    )
    op.create_table(
        "controls",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("ref", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column(
            "criteria", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("last_tested_on", sa.Date(), nullable=True),
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
            "status IN ('DESIGNED', 'IMPLEMENTED', 'OPERATING')", name="controls_status_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "owner_id"],
            ["memberships.tenant_id", "memberships.id"],
            name="controls_owner_id_fkey",
            ondelete="SET NULL (owner_id)",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "ref", name="controls_ref_key"),
    )
    op.create_index(
        "controls_criteria_idx", "controls", ["criteria"], unique=False, postgresql_using="gin"
    )
    protect_tenant_table(op, "own_systems", "SELECT, INSERT, UPDATE, DELETE")
    protect_tenant_table(op, "controls", "SELECT, INSERT, UPDATE, DELETE")


def downgrade() -> None:
    op.drop_index("controls_criteria_idx", table_name="controls", postgresql_using="gin")
    op.drop_table("controls")
    op.drop_table("own_systems")
