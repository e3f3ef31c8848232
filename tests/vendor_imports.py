"""Helpers for tests of background vendor imports: files, the job handler, what was recorded."""

import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID

from sqlalchemy import text

from app.db import Database
from app.settings import Settings
from domain.documents.storage import BlobStore
from domain.shared.jobs import Transaction
from domain.vendors import import_steps, imports
from domain.vendors.csv_sheet import read_sheet
from domain.vendors.jobs import ImportJob, run_import
from tests.factories import Member, actor_of

IMPORT = """mutation($input: ImportVendorsInput!) { importVendors(input: $input) {
  report { dryRun created updated unchanged rejected warnings
           rows { line domain outcome vendorId messages } }
  vendorImport { id status rowCount rowsDone dryRun filename }
  errors { code field message } } }"""


def sheet(rows: int, start: int = 0) -> bytes:
    """A CSV of `rows` new vendors, vendor<start>.example onwards."""
    lines = ["name,domain"] + [f"Vendor {n},vendor{n}.example" for n in range(start, start + rows)]
    return ("\n".join(lines) + "\n").encode()


def store_of(settings: Settings) -> BlobStore:
    """The object store the test app and the worker share."""
    return BlobStore.from_url(settings.storage_url, settings.data_dir)


async def queue(
    db: Database, settings: Settings, member: Member, data: bytes, dry_run: bool = False
) -> UUID:
    """The file queued as `member` would queue it through the API; the import's id."""
    async with db.transaction(member.tenant_id) as session:
        started = await imports.import_file(
            session,
            actor_of(member),
            store_of(settings),
            imports.ImportFile(filename="vendors.csv", data=data),
            dry_run,
            inline_max_rows=0,
        )
    assert started.vendor_import is not None
    return started.vendor_import.id


async def make_finished_import(db: Database, member: Member, data: bytes) -> UUID:
    """An import of `data` by `member`, recorded and run to its end in one transaction (its
    file not kept: nothing will read it again); its id."""
    actor = actor_of(member)
    sheet = read_sheet(data)
    async with db.transaction(member.tenant_id) as session:
        file = imports.ImportFile(filename="vendors.csv", data=data)
        digest = hashlib.sha256(data).hexdigest()
        vendor_import = await imports.record(session, actor, file, digest, sheet, dry_run=False)
        await import_steps.begin(session, member.tenant_id, vendor_import.id)
        while not await import_steps.run_batch(
            session, member.tenant_id, vendor_import.id, sheet, batch_rows=sheet.row_count
        ):
            pass
    return vendor_import.id


async def run_job(
    db: Database,
    settings: Settings,
    tenant_id: UUID,
    import_id: UUID,
    batch_rows: int = 5,
    transaction: Transaction | None = None,
) -> None:
    """The worker's own handler of a vendors.import job, run here."""
    job = ImportJob(
        transaction=transaction or db.transaction,
        store=store_of(settings),
        batch_rows=batch_rows,
    )
    await run_import(job, tenant_id, import_id)


def watched(db: Database, before_each: Callable[[], Awaitable[None]]) -> Transaction:
    """Transactions as the worker's, calling `before_each` before each one opens."""

    @asynccontextmanager
    async def transaction(tenant_id: UUID | None) -> AsyncIterator[Any]:
        await before_each()
        async with db.transaction(tenant_id) as session:
            yield session

    return transaction


def failing_every(db: Database, step: int, error: Exception) -> Transaction:
    """Transactions as the worker's, every `step`-th one failing as it is about to commit,
    after its work: as a connection lost at the end of a batch."""
    opened = 0

    @asynccontextmanager
    async def transaction(tenant_id: UUID | None) -> AsyncIterator[Any]:
        nonlocal opened
        opened += 1
        async with db.transaction(tenant_id) as session:
            yield session
            if opened % step == 0:
                raise error

    return transaction


async def recorded(db: Database, import_id: UUID) -> dict[str, Any]:
    """The import's row, as the owner sees it."""
    async with db.owner_transaction() as session:
        row = (
            await session.execute(
                text("SELECT * FROM vendor_imports WHERE id = :id"), {"id": import_id}
            )
        ).one()
    return dict(row._mapping)


async def report_lines(db: Database, import_id: UUID) -> list[int]:
    """The lines of the import's report, in the order they are stored."""
    async with db.owner_transaction() as session:
        lines = await session.scalars(
            text("SELECT line FROM vendor_import_rows WHERE import_id = :id ORDER BY line"),
            {"id": import_id},
        )
        return list(lines.all())
