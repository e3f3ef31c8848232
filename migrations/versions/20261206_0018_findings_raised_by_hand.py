"""findings raised by hand

A reviewer may raise a finding at a vendor from the vendor's review: a finding of kind
RAISED_BY_HAND, whose source key names the review.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KINDS = (
    "'MODIFIED_OPINION', 'CONTROL_EXCEPTION', 'STALE_REPORT', 'BRIDGE_LETTER_MISSING', "
    "'TYPE1_ONLY', 'CATEGORY_NOT_COVERED'"
)


def upgrade() -> None:
    op.drop_constraint("findings_kind_check", "findings", type_="check")
    op.create_check_constraint(
        "findings_kind_check", "findings", f"kind IN ({_KINDS}, 'RAISED_BY_HAND')"
    )


def downgrade() -> None:
    op.execute("DELETE FROM findings WHERE kind = 'RAISED_BY_HAND'")
    op.drop_constraint("findings_kind_check", "findings", type_="check")
    op.create_check_constraint("findings_kind_check", "findings", f"kind IN ({_KINDS})")
