"""A settings change in a tenant with many scheduled reviews is planned by a worker, in
batches, after it commits: the request stays short however large the tenant."""

from datetime import UTC, datetime

from sqlalchemy import text

from app.jobs.worker import Worker
from domain.findings.rules import add_months
from domain.reviews import schedule
from domain.vendors.models import VendorStatus
from tests.factories import gql, make_tenant, make_vendor

SETTINGS = """mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) {
  errors { code } } }"""
EVERY_TIER = ("reviewMonthsCritical", "reviewMonthsHigh", "reviewMonthsMedium", "reviewMonthsLow")


async def _due_dates(db, tenant_id) -> set[str]:
    async with db.owner_transaction() as session:
        rows = await session.scalars(
            text(
                "SELECT DISTINCT due_date::text FROM vendor_reviews "
                "WHERE tenant_id = :t AND status = 'SCHEDULED'"
            ),
            {"t": tenant_id},
        )
        return set(rows.all())


async def _queued_replans(db) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(
            text("SELECT count(*) FROM pgqueuer WHERE entrypoint = 'reviews.replan'")
        )


async def test_a_large_tenant_s_new_cadence_is_planned_by_a_worker(
    client, db, settings, database_url, monkeypatch
):
    monkeypatch.setattr(schedule, "INLINE_REPLAN_MAX", 2)
    acme = await make_tenant(db)
    for name in ("Pens Inc", "Paper Co", "Ink Ltd"):
        await make_vendor(db, acme, name, status=VendorStatus.ACTIVE)
    before = await _due_dates(db, acme.tenant_id)

    for months in (6, 7):  # changed twice before a worker runs: one job does for both
        changed = await gql(
            client, SETTINGS, {"i": dict.fromkeys(EVERY_TIER, months)}, token=acme.token
        )
        assert changed["data"]["updateTenantSettings"]["errors"] == []
    queued = await _queued_replans(db)
    unchanged = await _due_dates(db, acme.tenant_id)
    await Worker(settings, database_url).run(drain=True)

    today = datetime.now(UTC).date()
    assert queued == 1
    assert unchanged == before != {add_months(today, 7).isoformat()}
    assert await _due_dates(db, acme.tenant_id) == {add_months(today, 7).isoformat()}


async def test_replanning_walks_the_tenant_in_batches(db):
    acme = await make_tenant(db)
    for n in range(5):
        await make_vendor(db, acme, f"Vendor {n}", status=VendorStatus.ACTIVE)

    planned = await schedule.replan_tenant(db.transaction, acme.tenant_id, batch=2)

    assert planned == 5
