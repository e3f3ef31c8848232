"""every enum column checked

Each enumerated column holds one of its enum's values, checked by the database as the
other enum columns already were: a SOC report's kind, type, opinion and categories, an
exception's recurrence, a subservice organization's method, a vendor's tier override, the
tier an onboarding request was filed at, and the statuses of a vendor's lifecycle moves.
The values are written out here (not read from the code): a migration describes the
schema of its day.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIERS = ("CRITICAL", "HIGH", "MEDIUM", "LOW")
_STATUSES = ("PROSPECT", "ONBOARDING", "ACTIVE", "OFFBOARDING", "TERMINATED", "REJECTED")
_CATEGORIES = ("SECURITY", "AVAILABILITY", "PROCESSING_INTEGRITY", "CONFIDENTIALITY", "PRIVACY")

# (table, constraint, column, values)
_ONE_OF = (
    ("soc_reports", "soc_reports_kind_check", "kind",
     ("SOC1", "SOC2", "SOC3", "BRIDGE_LETTER", "UNKNOWN")),
    ("soc_reports", "soc_reports_report_type_check", "report_type", ("TYPE1", "TYPE2")),
    ("soc_reports", "soc_reports_opinion_check", "opinion",
     ("UNQUALIFIED", "QUALIFIED", "ADVERSE", "DISCLAIMER")),
    ("soc_exceptions", "soc_exceptions_recurrence_check", "recurrence", ("NEW", "RECURRING")),
    ("soc_subservice_organizations", "soc_subservice_organizations_method_check", "method",
     ("CARVE_OUT", "INCLUSIVE")),
    ("vendors", "vendors_tier_override_check", "tier_override", _TIERS),
    ("onboarding_requests", "onboarding_requests_tier_check", "tier_at_request", _TIERS),
    ("vendor_status_changes", "vendor_status_changes_from_check", "from_status", _STATUSES),
    ("vendor_status_changes", "vendor_status_changes_to_check", "to_status", _STATUSES),
)


def _listed(values: Sequence[str]) -> str:
    return ", ".join(f"'{value}'" for value in values)


def upgrade() -> None:
    for table, name, column, values in _ONE_OF:
        op.create_check_constraint(name, table, f"{column} IN ({_listed(values)})")
    op.create_check_constraint(
        "soc_reports_categories_check",
        "soc_reports",
        f"categories <@ ARRAY[{_listed(_CATEGORIES)}]::varchar[]",
    )


def downgrade() -> None:
    op.drop_constraint("soc_reports_categories_check", "soc_reports", type_="check")
    for table, name, _column, _values in reversed(_ONE_OF):
        op.drop_constraint(name, table, type_="check")
