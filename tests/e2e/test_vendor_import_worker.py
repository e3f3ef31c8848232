"""`tprm worker` takes vendors.import jobs: runs them to the end, and gives up on one that keeps
failing with where it stopped."""

from domain.shared.roles import Role
from domain.vendors.jobs import ImportJob
from tests.factories import make_member, make_tenant
from tests.vendor_imports import failing_every, queue, recorded, sheet, store_of


async def _queued(db, settings, rows: int):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    return await queue(db, settings, buyer, sheet(rows))


async def test_a_worker_runs_a_queued_import_to_the_end(db, settings, database_url):
    from app.jobs.worker import Worker

    import_id = await _queued(db, settings, 12)

    in_fives = settings.model_copy(update={"import_batch_rows": 5})
    await Worker(in_fives, database_url).run(drain=True)

    row = await recorded(db, import_id)
    assert (row["status"], row["rows_done"], row["created"]) == ("SUCCEEDED", 12, 12)


async def test_an_import_that_keeps_failing_is_given_up_with_where_it_stopped(
    db, settings, database_url
):
    from app.jobs.worker import Worker

    import_id = await _queued(db, settings, 12)
    worker = Worker(settings.model_copy(update={"parse_max_attempts": 2}), database_url)
    # Each attempt begins, commits a batch of five, then loses the connection on the next.
    worker.import_job = ImportJob(
        transaction=failing_every(db, 3, ConnectionResetError("connection lost")),
        store=store_of(settings),
        batch_rows=5,
    )

    await worker.run(drain=True)

    row = await recorded(db, import_id)
    assert (row["status"], row["error"]) == (
        "FAILED",
        "Stopped after 10 of 12 rows: gave up after 2 attempts (ConnectionResetError). "
        "The rows done stay applied; import the same file again to finish "
        "(rows already applied then come back UNCHANGED).",
    )
