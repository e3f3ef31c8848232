"""A control's evidence is never half kept: the bytes go to the store before the row, so a
failure leaves at most a blob under its digest, which a retry finds and keeps once."""

import hashlib

import pytest
from sqlalchemy import text

from app.demo_report import text_pdf
from domain.compliance import evidence
from domain.compliance import service as compliance
from domain.documents import intake
from domain.documents.intake import ReceivedFile
from tests.factories import actor_of, make_tenant
from tests.vendor_imports import store_of

PDF = text_pdf([["Backup restore test", "Restored in 42 minutes."]])


async def _received(data: bytes) -> ReceivedFile:
    async def chunks():
        yield data

    return await intake.receive(chunks(), "restore.pdf", 1024 * 1024)


async def _rows(db) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(text("SELECT count(*) FROM control_evidence"))


class Crash(Exception):
    """What went wrong after the file was attached, before the transaction committed."""


async def test_a_failure_after_the_bytes_are_stored_leaves_no_row_and_a_retry_keeps_one(
    db, settings
):
    acme = await make_tenant(db)
    store = store_of(settings)
    async with db.transaction(acme.tenant_id) as session:
        control = await compliance.create_control(
            session, actor_of(acme), compliance.NewControl("BC-01", "Backups are restored")
        )

    received = await _received(PDF)
    with received.file, pytest.raises(Crash):
        async with db.transaction(acme.tenant_id) as session:
            await evidence.attach(session, actor_of(acme), store, control.id, received)
            raise Crash
    assert await _rows(db) == 0
    assert await store.exists(acme.tenant_id, hashlib.sha256(PDF).hexdigest())

    received = await _received(PDF)
    with received.file:
        async with db.transaction(acme.tenant_id) as session:
            retried = await evidence.attach(session, actor_of(acme), store, control.id, received)

    assert retried.duplicate is False
    assert await _rows(db) == 1


async def test_a_store_that_fails_leaves_no_row(db, settings):
    acme = await make_tenant(db)

    class Unreachable:
        async def put(self, *args: object) -> bool:
            raise OSError("the bucket is unreachable")

    async with db.transaction(acme.tenant_id) as session:
        control = await compliance.create_control(
            session, actor_of(acme), compliance.NewControl("BC-01", "Backups are restored")
        )
    received = await _received(PDF)
    with received.file, pytest.raises(OSError):
        async with db.transaction(acme.tenant_id) as session:
            await evidence.attach(
                session,
                actor_of(acme),
                Unreachable(),  # type: ignore[arg-type]
                control.id,
                received,
            )

    assert await _rows(db) == 0
