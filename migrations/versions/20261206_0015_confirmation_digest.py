"""confirmation digest

A reviewer's confirmation of a report holds for what they confirmed: the digest of what
the report said in force then (domain/soc2/confirmation.py). Reports confirmed before this
revision have none, so their next change withdraws the confirmation: nothing tells what it
covered.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("soc_reports", sa.Column("confirmed_digest", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("soc_reports", "confirmed_digest")
