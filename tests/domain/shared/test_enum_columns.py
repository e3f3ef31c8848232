"""Every enumerated column is checked by the database against its enum, and only its enum."""

import re

import pytest
from sqlalchemy import CheckConstraint, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import app.areas  # noqa: F401 - every area's tables on the metadata
from tests.factories import SMALL_EXTRACTION, make_read_report, make_tenant, make_vendor


def _enum_checks() -> list[tuple[str, CheckConstraint]]:
    found = [
        (table.name, constraint)
        for table in SQLModel.metadata.sorted_tables
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint) and "enum" in constraint.info
    ]
    return sorted(found, key=lambda pair: str(pair[1].name))  # constraints are a set


def test_the_enumerated_columns_named_by_the_issue_are_all_checked():
    checked = {str(c.name) for _, c in _enum_checks()}

    for name in (
        "soc_reports_kind_check",
        "soc_reports_opinion_check",
        "soc_reports_categories_check",
        "soc_exceptions_recurrence_check",
        "findings_severity_check",
        "vendors_tier_check",
        "vendors_tier_override_check",
    ):
        assert name in checked


@pytest.mark.parametrize("table,constraint", _enum_checks(), ids=lambda v: getattr(v, "name", v))
async def test_the_database_check_lists_exactly_the_enum_values(db, table, constraint):
    async with db.owner_transaction() as session:
        definition = await session.scalar(
            text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
            {"name": constraint.name},
        )

    assert definition is not None, f"{constraint.name} is not in the migrated database"
    listed = set(re.findall(r"'([^']+)'", definition))
    assert listed == {member.value for member in constraint.info["enum"]}


async def test_a_value_outside_the_enum_is_refused_and_changes_nothing(db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme)
    report = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)

    with pytest.raises(IntegrityError, match="soc_reports_opinion_check"):
        async with db.owner_transaction() as session:
            await session.execute(
                text("UPDATE soc_reports SET opinion = 'GLOWING' WHERE id = :r"), {"r": report.id}
            )

    async with db.owner_transaction() as session:
        opinion = await session.scalar(
            text("SELECT opinion FROM soc_reports WHERE id = :r"), {"r": report.id}
        )
    assert opinion == report.opinion
