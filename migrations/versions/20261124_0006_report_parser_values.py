"""report parser values

The parser's own values of a report's fields, beside the columns that hold what is in
force once a reviewer corrects a field.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 03:35:47.849861
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('soc_reports', sa.Column('parsed', postgresql.JSONB(astext_type=sa.Text()), nullable=True))


def downgrade() -> None:
    op.drop_column('soc_reports', 'parsed')
