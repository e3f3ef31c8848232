"""a report correction's field is checked against the fields a reviewer may correct

`soc_report_corrections.field` was a plain string: only the API's enum kept it to the
report's fields. The review screen now writes a correction in SQL as well as in Python
(app/api/json_pages.py), and a field neither knows would read as null in one and fail in the
other; the database now refuses it, as it refuses every other enumerated column's stray value
(domain/shared/models.py enum_check).

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0044"
down_revision: str | None = "0043"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# domain.soc2.models.ReportField's values, as they were when this ran
FIELDS = (
    "kind",
    "report_type",
    "service_organization",
    "service_auditor",
    "period_start",
    "period_end",
    "as_of",
    "report_date",
    "opinion",
    "opinion_basis",
    "categories",
)


def upgrade() -> None:
    listed = ", ".join(f"'{field}'" for field in FIELDS)
    op.create_check_constraint(
        "soc_report_corrections_field_check", "soc_report_corrections", f"field IN ({listed})"
    )


def downgrade() -> None:
    op.drop_constraint(
        "soc_report_corrections_field_check", "soc_report_corrections", type_="check"
    )
