"""The vendors.import job: batch by batch, each batch whole or not at all, never a row twice."""

import pytest
from sqlalchemy import text

from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.tenancy import service as tenancy
from tests.factories import make_member, make_tenant, tenant_state
from tests.vendor_imports import (
    failing_every,
    queue,
    recorded,
    report_lines,
    run_job,
    sheet,
    watched,
)


async def _buyer(db):
    acme = await make_tenant(db)
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    return acme, buyer


async def _created_events(db, tenant_id) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(
            text(
                "SELECT count(*) FROM audit_events WHERE tenant_id = :t "
                "AND action = 'vendor.created'"
            ),
            {"t": tenant_id},
        )


async def test_a_retried_job_goes_on_after_the_last_committed_batch_and_applies_no_row_twice(
    db, settings
):
    acme, buyer = await _buyer(db)
    import_id = await queue(db, settings, buyer, sheet(12))
    # begin, batch of lines 2-6, then the batch of lines 7-11 is lost as it commits
    with pytest.raises(OSError, match="connection lost"):
        await run_job(
            db,
            settings,
            acme.tenant_id,
            import_id,
            transaction=failing_every(db, 3, OSError("connection lost")),
        )
    stopped_at = (await recorded(db, import_id))["rows_done"]

    await run_job(db, settings, acme.tenant_id, import_id)  # the queue's retry

    assert stopped_at == 5
    assert await report_lines(db, import_id) == list(range(2, 14))
    assert await _created_events(db, acme.tenant_id) == 12


async def test_a_job_for_a_finished_import_changes_nothing(db, settings):
    acme, buyer = await _buyer(db)
    import_id = await queue(db, settings, buyer, sheet(7))
    await run_job(db, settings, acme.tenant_id, import_id)
    before = await tenant_state(db, acme.tenant_id)

    await run_job(db, settings, acme.tenant_id, import_id)

    assert await tenant_state(db, acme.tenant_id) == before


async def test_rows_are_worked_on_with_the_role_of_the_member_who_started_the_import(db, settings):
    acme, buyer = await _buyer(db)
    data = sheet(6) + b"Hooli,hooli.example\n"
    data = data.replace(b"name,domain\n", b"name,domain,status\n").replace(
        b"Hooli,hooli.example", b"Hooli,hooli.example,ACTIVE"
    )
    import_id = await queue(db, settings, buyer, data)

    await run_job(db, settings, acme.tenant_id, import_id)

    async with db.owner_transaction() as session:
        last = (
            await session.execute(
                text("SELECT outcome, messages FROM vendor_import_rows WHERE line = 8")
            )
        ).one()
    # PROCUREMENT may not record a vendor as already in use
    assert tuple(last) == ("REJECTED", ["Your role does not allow this."])


async def test_an_import_stops_when_its_starter_may_no_longer_import(db, settings):
    acme, buyer = await _buyer(db)
    import_id = await queue(db, settings, buyer, sheet(12))
    opened = 0

    async def remove_buyer_after_the_first_batch() -> None:
        nonlocal opened
        opened += 1
        if opened == 3:  # begin, the first batch, then this
            async with db.transaction(acme.tenant_id) as session:
                await tenancy.remove_member(
                    session, Actor.system(acme.tenant_id), buyer.membership_id
                )

    await run_job(
        db,
        settings,
        acme.tenant_id,
        import_id,
        transaction=watched(db, remove_buyer_after_the_first_batch),
    )

    row = await recorded(db, import_id)
    assert (row["status"], row["rows_done"]) == ("FAILED", 5)
    assert row["error"].startswith(
        "Stopped after 5 of 12 rows: its starter may no longer import vendors."
    )


async def test_an_import_whose_starter_is_gone_fails_and_never_runs_as_the_system(db, settings):
    acme, buyer = await _buyer(db)
    import_id = await queue(db, settings, buyer, sheet(6))
    async with db.owner_transaction() as session:  # the member's row itself deleted
        await session.execute(
            text("DELETE FROM memberships WHERE id = :m"), {"m": buyer.membership_id}
        )

    await run_job(db, settings, acme.tenant_id, import_id)

    row = await recorded(db, import_id)
    assert (row["status"], row["rows_done"], row["created"]) == ("FAILED", 0, 0)


async def test_the_import_is_audited_when_it_starts_and_when_it_ends(db, settings):
    acme, buyer = await _buyer(db)
    import_id = await queue(db, settings, buyer, sheet(7))

    await run_job(db, settings, acme.tenant_id, import_id)

    async with db.owner_transaction() as session:
        events = (
            await session.execute(
                text(
                    "SELECT action, actor_kind, changes FROM audit_events "
                    "WHERE entity_id = :id ORDER BY occurred_at"
                ),
                {"id": import_id},
            )
        ).all()
    assert [(e.action, e.actor_kind) for e in events] == [
        ("vendor_import.started", "USER"),
        ("vendor_import.finished", "SYSTEM"),
    ]
    assert events[1].changes["status"] == {"before": "RUNNING", "after": "SUCCEEDED"}
    assert events[1].changes["totals"]["after"] == {
        "rows_done": 7,
        "created": 7,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
