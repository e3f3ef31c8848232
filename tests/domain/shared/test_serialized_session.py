"""One session runs one statement at a time, each to its end: a caller cancelled while its
statement runs leaves the transaction usable, as GraphQL cancels a failed field's siblings."""

import asyncio

import pytest
from sqlalchemy import text

from tests.factories import make_tenant


async def test_a_statement_whose_caller_is_cancelled_runs_to_its_end_and_the_transaction_commits(
    db,
):
    acme = await make_tenant(db)
    async with db.transaction(acme.tenant_id) as session:
        slow = asyncio.ensure_future(session.execute(text("SELECT pg_sleep(0.3)")))
        await asyncio.sleep(0.05)  # the statement is on the wire
        slow.cancel()
        with pytest.raises(asyncio.CancelledError):
            await slow
        after = await session.scalar(text("SELECT current_setting('app.tenant_id')"))
        await session.execute(
            text("UPDATE tenants SET name = 'Acme Renamed' WHERE id = :t"), {"t": acme.tenant_id}
        )

    async with db.owner_transaction() as session:
        name = await session.scalar(
            text("SELECT name FROM tenants WHERE id = :t"), {"t": acme.tenant_id}
        )
    assert after == str(acme.tenant_id)
    assert name == "Acme Renamed"


async def test_statements_from_concurrent_callers_queue_instead_of_failing(db):
    acme = await make_tenant(db)
    async with db.transaction(acme.tenant_id) as session:
        results = await asyncio.gather(
            *(
                session.scalar(text("SELECT CAST(:n AS integer) FROM pg_sleep(0.01)"), {"n": n})
                for n in range(5)
            )
        )

    assert results == [0, 1, 2, 3, 4]
