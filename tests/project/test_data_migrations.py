"""Migrations that rewrite data keep what was there: rows written before a revision read
the same after it."""

import asyncio
import json
import uuid

import asyncpg
from sqlalchemy.engine import make_url

from app import migrate

TENANT, VENDOR = uuid.uuid4(), uuid.uuid4()
OPEN_FINDING, RESOLVED_FINDING = uuid.uuid4(), uuid.uuid4()
OLD_REASONS = ["Handles personal data (+25)", "Read access to our systems (+10)"]


def _scratch(database_url: str) -> tuple[str, str]:
    """A fresh, empty database beside the test database: (SQLAlchemy URL, asyncpg DSN)."""
    url = make_url(database_url)
    plain = url.set(drivername="postgresql")

    async def recreate() -> None:
        connection = await asyncpg.connect(plain.render_as_string(False))
        try:
            await connection.execute("DROP DATABASE IF EXISTS tprm_data_migrations")
            await connection.execute("CREATE DATABASE tprm_data_migrations")
        finally:
            await connection.close()

    asyncio.run(recreate())
    scratch = url.set(database="tprm_data_migrations")
    dsn = scratch.set(drivername="postgresql").render_as_string(False)
    return scratch.render_as_string(False), dsn


async def _seed(dsn: str) -> None:
    """A vendor and two findings as revision 0011 wrote them."""
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute("INSERT INTO tenants (id, name) VALUES ($1, 'Acme')", TENANT)
        await connection.execute(
            "INSERT INTO vendors (tenant_id, id, name, domain, category, status, computed_tier,"
            " tier, tier_rank, tier_score, currency, tier_reasons) VALUES ($1, $2, 'Globex',"
            " 'globex.example', 'OTHER', 'ACTIVE', 'MEDIUM', 'MEDIUM', 2, 35, 'USD', $3)",
            TENANT,
            VENDOR,
            json.dumps(OLD_REASONS),
        )
        for finding, status in ((OPEN_FINDING, "OPEN"), (RESOLVED_FINDING, "RESOLVED")):
            await connection.execute(
                "INSERT INTO findings (tenant_id, id, vendor_id, source_key, kind, severity,"
                " status, status_reason, title, description, closed_at) VALUES ($1, $2, $3, $4,"
                " 'STALE_REPORT', 'LOW', $5::varchar, $6, 'Old', 'Old.', CASE WHEN $5 = 'RESOLVED'"
                " THEN now() END)",
                TENANT,
                finding,
                VENDOR,
                f"doc:{finding}",
                status,
                "Fixed." if status == "RESOLVED" else None,
            )
    finally:
        await connection.close()


async def _read(dsn: str, sql: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetch(sql)
    finally:
        await connection.close()


def test_findings_get_their_history_tier_reasons_become_objects_and_reviews_are_scheduled(
    database_url,
):
    url, dsn = _scratch(database_url)
    migrate.upgrade(url, "0011")
    asyncio.run(_seed(dsn))

    migrate.upgrade(url)

    history = asyncio.run(
        _read(
            dsn,
            "SELECT finding_id, from_status, to_status, reason, changed_by_id"
            " FROM finding_status_changes ORDER BY changed_at, to_status",
        )
    )
    moves = {(r["finding_id"], r["from_status"], r["to_status"], r["reason"]) for r in history}
    assert len(history) == 3
    assert moves == {
        (OPEN_FINDING, None, "OPEN", None),
        (RESOLVED_FINDING, None, "OPEN", None),
        (RESOLVED_FINDING, "OPEN", "RESOLVED", "Fixed."),
    }
    assert {r["changed_by_id"] for r in history} == {None}  # who moved them is unknown
    [vendor] = asyncio.run(_read(dsn, "SELECT tier_reasons FROM vendors"))
    assert json.loads(vendor["tier_reasons"]) == [
        {"factor": "DATA_CATEGORIES", "points": 25, "reason": "Handles personal data"},
        {"factor": "ACCESS_LEVEL", "points": 10, "reason": "Read access to our systems"},
    ]

    # an ACTIVE vendor's first review is scheduled its tier's months (MEDIUM: 24) on
    [review] = asyncio.run(
        _read(
            dsn,
            "SELECT status, due_date, (created_at + interval '24 months')::date AS d "
            "FROM vendor_reviews",
        )
    )
    assert (review["status"], review["due_date"]) == ("SCHEDULED", review["d"])

    migrate.downgrade(url, "0012")

    [vendor] = asyncio.run(_read(dsn, "SELECT tier_reasons FROM vendors"))
    assert json.loads(vendor["tier_reasons"]) == OLD_REASONS
