"""report review flag and fact sources

What the SOC parser says since version 2 of the extraction contract: where each
top-level fact was read (`sources`), and whether a person must check the parse
(`review_needed`, `review_reasons`), with who cleared the flag and when. Reports read
before this revision keep no sources and need no review, as an older parse means.
The partial index finds the few reports a reviewer must look at, per tenant.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "soc_reports",
        sa.Column(
            "sources",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
    )
    op.add_column(
        "soc_reports",
        sa.Column("review_needed", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "soc_reports",
        sa.Column(
            "review_reasons",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="[]",
            nullable=False,
        ),
    )
    op.add_column("soc_reports", sa.Column("review_cleared_by", sa.Uuid(), nullable=True))
    op.add_column(
        "soc_reports",
        sa.Column("review_cleared_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "soc_reports_review_needed_idx",
        "soc_reports",
        ["tenant_id", "document_id"],
        unique=False,
        postgresql_where=sa.text("review_needed"),
    )


def downgrade() -> None:
    op.drop_index(
        "soc_reports_review_needed_idx",
        table_name="soc_reports",
        postgresql_where=sa.text("review_needed"),
    )
    op.drop_column("soc_reports", "review_cleared_at")
    op.drop_column("soc_reports", "review_cleared_by")
    op.drop_column("soc_reports", "review_reasons")
    op.drop_column("soc_reports", "review_needed")
    op.drop_column("soc_reports", "sources")
