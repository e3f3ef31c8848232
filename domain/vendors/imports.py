"""Vendor imports: a small file runs at once, a large one is queued and read back as it runs.

A file over the tenant's inline limit is checked whole first (size, encoding, header, row
count), its bytes are kept in the object store, and a `VendorImport` is recorded QUEUED with
its job in the same transaction; the worker then works on it batch by batch
(`import_steps.py`). Reads check the same permission as the import itself.
"""

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol
from uuid import UUID

from sqlalchemy import Select, bindparam, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.shared import jobs, policy
from domain.shared.actor import Actor
from domain.shared.loading import one_of_bound
from domain.shared.pagination import Page, PageRequest, SortKey, built_once, paginate
from domain.shared.policy import Permission
from domain.vendors import csv_io
from domain.vendors.csv_sheet import Sheet, read_sheet
from domain.vendors.models import ImportOutcome, ImportStatus, VendorImport, VendorImportRow

ACTIVE = (ImportStatus.QUEUED.value, ImportStatus.RUNNING.value)


class FileStore(Protocol):
    """Where a queued import's file waits for the worker (the documents' object store)."""

    async def put(self, tenant_id: UUID, sha256: str, file: IO[bytes]) -> bool: ...

    async def copy_to(self, tenant_id: UUID, sha256: str, target: IO[bytes]) -> None: ...


@dataclass(frozen=True)
class ImportFile:
    filename: str  # safe to show
    data: bytes


@dataclass(frozen=True)
class Started:
    """The report of a file run at once, or the import queued to run in the background."""

    report: csv_io.ImportReport | None = None
    vendor_import: VendorImport | None = None


async def import_file(
    session: AsyncSession,
    actor: Actor,
    store: FileStore,
    file: ImportFile,
    dry_run: bool,
    inline_max_rows: int,
) -> Started:
    """Import a CSV of vendors: up to `inline_max_rows` rows now, a longer file in the
    background. Every check on the file as a whole comes before any work."""
    policy.require(actor, Permission.VENDOR_IMPORT)
    sheet = read_sheet(file.data)
    if sheet.row_count <= inline_max_rows:
        return Started(report=await csv_io.run_inline(session, actor, sheet, dry_run))
    sha256 = hashlib.sha256(file.data).hexdigest()
    # Stored before the row: a failure after this leaves an unreferenced blob, never an
    # import whose file is missing.
    await store.put(actor.tenant_id, sha256, io.BytesIO(file.data))
    vendor_import = await record(session, actor, file, sha256, sheet, dry_run)
    return Started(vendor_import=vendor_import)


async def record(
    session: AsyncSession,
    actor: Actor,
    file: ImportFile,
    sha256: str,
    sheet: Sheet,
    dry_run: bool,
) -> VendorImport:
    """A checked file already in the store, recorded QUEUED with its job; audited."""
    policy.require(actor, Permission.VENDOR_IMPORT)
    vendor_import = VendorImport(
        tenant_id=actor.tenant_id,
        filename=file.filename,
        size_bytes=len(file.data),
        sha256=sha256,
        row_count=sheet.row_count,
        dry_run=dry_run,
        warnings=list(sheet.warnings),
        started_by_id=actor.membership_id,
        started_by_token_id=actor.token_id,
        request_id=actor.request_id,
    )
    session.add(vendor_import)
    await session.flush()
    await _queue(session, vendor_import)
    await audit.record(session, actor, "vendor_import.started", vendor_import)
    return vendor_import


async def _queue(session: AsyncSession, vendor_import: VendorImport) -> None:
    # Fair shares of the workers, as for parses: an import ranks below every one its tenant
    # already has waiting, so one tenant's pile of imports delays its own, not another's.
    waiting = await session.scalar(
        select(func.count())
        .select_from(VendorImport)
        .where(
            col(VendorImport.tenant_id) == vendor_import.tenant_id,
            col(VendorImport.id) != vendor_import.id,
            col(VendorImport.status).in_(ACTIVE),
        )
    )
    await jobs.enqueue(
        session,
        jobs.IMPORT_VENDORS,
        jobs.payload(vendor_import.tenant_id, import_id=vendor_import.id),
        dedupe_key=f"{jobs.IMPORT_VENDORS}:{vendor_import.id}",
        priority=-(waiting or 0),
    )


async def list_imports(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    """The tenant's imports, newest first."""
    policy.require(actor, Permission.VENDOR_IMPORT)
    statement, newest_first = _imports()
    values = {"tenant_id": actor.tenant_id}
    return await paginate(session, statement, newest_first, page, values=values)


@built_once
def _imports() -> tuple[Select[Any], list[SortKey]]:
    """The list of imports' select (the tenant a parameter: list_imports) and its order;
    built once."""
    statement = select(VendorImport).where(col(VendorImport.tenant_id) == bindparam("tenant_id"))
    newest_first = [
        SortKey(col(VendorImport.created_at), descending=True),
        SortKey(col(VendorImport.id), descending=True),
    ]
    return statement, newest_first


async def list_rows(
    session: AsyncSession,
    actor: Actor,
    import_id: UUID,
    outcomes: Sequence[ImportOutcome],
    page: PageRequest,
) -> Page:
    """What happened to each row worked on so far, in file order (`outcomes`: only those)."""
    policy.require(actor, Permission.VENDOR_IMPORT)
    statement, order = _rows(bool(outcomes))
    values = {
        "tenant_id": actor.tenant_id,
        "import_id": import_id,
        "outcomes": [o.value for o in outcomes],
    }
    return await paginate(session, statement, order, page, values=values)


@built_once
def _rows(outcomes: bool) -> tuple[Select[Any], list[Any]]:
    """An import's rows' select for the criteria given (their values parameters:
    list_rows) and its order; built once for each form."""
    statement = select(VendorImportRow).where(
        col(VendorImportRow.tenant_id) == bindparam("tenant_id"),
        col(VendorImportRow.import_id) == bindparam("import_id"),
    )
    if outcomes:
        statement = statement.where(one_of_bound(col(VendorImportRow.outcome), "outcomes"))
    return statement, [col(VendorImportRow.line)]
