"""vendors as subprocessors

`vendors.subprocessor`: the vendor stores, processes or reaches the data of the tenant's own
customers, and is listed to them (domain/diligence/subprocessors.py); false for every vendor
already kept. A partial index finds a tenant's subprocessors by name.

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036"
down_revision: str | None = "0035"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "vendors",
        sa.Column("subprocessor", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_index(
        "vendors_subprocessor_idx",
        "vendors",
        ["tenant_id", "name"],
        unique=False,
        postgresql_where=sa.text("subprocessor"),
    )


def downgrade() -> None:
    op.drop_index("vendors_subprocessor_idx", table_name="vendors")
    op.drop_column("vendors", "subprocessor")
