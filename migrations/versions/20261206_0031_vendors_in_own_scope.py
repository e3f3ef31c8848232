"""vendors in own scope

`own_subservice_organizations`: a vendor recorded as a subservice organization of one of the
tenant's own systems (carve-out or inclusive); `own_relied_csocs`: the controls the tenant
relies on it to run, entered or taken from a CSOC of the vendor's report.

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.migrate import protect_tenant_table
from sqlalchemy.dialects import postgresql

revision: str = "0031"
down_revision: str | None = "0030"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_subservice_organizations",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("system_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("services", sa.Text(), nullable=False),
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
            "method IN ('CARVE_OUT', 'INCLUSIVE')", name="own_subservice_organizations_method_check"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "system_id"],
            ["own_systems.tenant_id", "own_systems.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "vendor_id"], ["vendors.tenant_id", "vendors.id"], ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
        sa.UniqueConstraint("tenant_id", "system_id", "vendor_id", name="own_subservice_key"),
    )
    op.create_index(
        "own_subservice_vendor_idx",
        "own_subservice_organizations",
        ["tenant_id", "vendor_id"],
        unique=False,
    )
    op.create_table(
        "own_relied_csocs",
        sa.Column("tenant_id", sa.Uuid(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("subservice_id", sa.Uuid(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "criteria", postgresql.ARRAY(sa.String(length=10)), server_default="{}", nullable=False
        ),
        sa.Column("from_csoc_id", sa.Uuid(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "from_csoc_id"],
            ["soc_csocs.tenant_id", "soc_csocs.id"],
            name="own_relied_csocs_from_csoc_id_fkey",
            ondelete="SET NULL (from_csoc_id)",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id", "subservice_id"],
            ["own_subservice_organizations.tenant_id", "own_subservice_organizations.id"],
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "id"),
    )
    op.create_index(
        "own_relied_csocs_subservice_idx",
        "own_relied_csocs",
        ["tenant_id", "subservice_id", "created_at"],
        unique=False,
    )

    op.create_index(
        "own_relied_csocs_from_csoc_idx", "own_relied_csocs", ["tenant_id", "from_csoc_id"]
    )
    protect_tenant_table(op, "own_subservice_organizations", "SELECT, INSERT, UPDATE, DELETE")
    protect_tenant_table(op, "own_relied_csocs", "SELECT, INSERT, DELETE")


def downgrade() -> None:
    op.drop_index("own_relied_csocs_from_csoc_idx", table_name="own_relied_csocs")
    op.drop_index("own_relied_csocs_subservice_idx", table_name="own_relied_csocs")
    op.drop_table("own_relied_csocs")
    op.drop_index("own_subservice_vendor_idx", table_name="own_subservice_organizations")
    op.drop_table("own_subservice_organizations")
