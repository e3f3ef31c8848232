"""A background import, step by step, as the worker runs it: begin, then batch after batch.

Each step is its own short transaction that locks the import row. A batch works on the rows
after `rows_done` and commits their changes, their report rows and the new `rows_done`
together: a batch that fails leaves nothing behind, and a retried job (or a second worker
that took it over) goes on after the last committed batch, so no row is applied twice.
Row changes are made as the member who started the import (with their role as it is now);
the import's own start and end are the system's.
"""

from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.shared import policy, reading
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.shared.roles import Role
from domain.tenancy import queries as tenancy_queries
from domain.vendors import csv_io
from domain.vendors.csv_sheet import Sheet
from domain.vendors.models import ImportOutcome, ImportStatus, VendorImport, VendorImportRow

MAX_ERROR = 1000
COUNTED = {outcome: outcome.lower() for outcome in ImportOutcome}  # column of each outcome


async def begin(session: AsyncSession, tenant_id: UUID, import_id: UUID) -> VendorImport | None:
    """Mark the import RUNNING; None when there is nothing to do (gone, or finished)."""
    vendor_import = await reading.find(session, tenant_id, VendorImport, import_id, for_update=True)
    if vendor_import is None or vendor_import.status not in (
        ImportStatus.QUEUED,
        ImportStatus.RUNNING,
    ):
        return None
    if vendor_import.status == ImportStatus.QUEUED:
        vendor_import.status = ImportStatus.RUNNING.value
        vendor_import.started_at = datetime.now(UTC)
        session.add(vendor_import)
        await session.flush()
    return vendor_import


async def _starter(session: AsyncSession, vendor_import: VendorImport) -> Actor | None:
    """Who the rows are worked on as: the member who started the import, as they are now;
    None if they may no longer import (removed, another role, their token revoked) or are
    gone altogether: an import with no member to act as fails, it never runs as the system."""
    tenant_id = vendor_import.tenant_id
    if vendor_import.started_by_id is None:
        return None
    member = await tenancy_queries.get_membership(session, tenant_id, vendor_import.started_by_id)
    if member is None:
        return None
    token_id = vendor_import.started_by_token_id
    if token_id is not None:
        token = await tenancy_queries.get_token(session, tenant_id, token_id)
        now = datetime.now(UTC)
        if token is None or token.revoked_at is not None or (token.expires_at or now) < now:
            return None
    actor = Actor(
        tenant_id=tenant_id,
        role=Role(member.role),
        user_id=member.user_id,
        membership_id=member.id,
        token_id=token_id,
        request_id=vendor_import.request_id,
    )
    return actor if policy.allows(actor, Permission.VENDOR_IMPORT) else None


async def run_batch(
    session: AsyncSession, tenant_id: UUID, import_id: UUID, sheet: Sheet, batch_rows: int
) -> bool:
    """Work on the next `batch_rows` rows and record them; True once the import is over."""
    vendor_import = await reading.find(session, tenant_id, VendorImport, import_id, for_update=True)
    if vendor_import is None or vendor_import.status != ImportStatus.RUNNING:
        return True
    actor = await _starter(session, vendor_import)
    if actor is None:
        await _finish(
            session,
            vendor_import,
            ImportStatus.FAILED,
            _stopped(vendor_import, "its starter may no longer import vendors"),
        )
        return True
    start = vendor_import.rows_done
    stop = min(start + batch_rows, vendor_import.row_count)
    # The rows' changes in a savepoint of their own: a dry run rolls them back and keeps
    # only what they would have done.
    changes = await session.begin_nested()
    try:
        results = await csv_io.apply_rows(session, actor, sheet, start, stop)
    except BaseException:
        await changes.rollback()
        raise
    if vendor_import.dry_run:
        await changes.rollback()
        csv_io.forget_created(results)
    else:
        await changes.commit()
    session.add_all(
        VendorImportRow(
            tenant_id=tenant_id,
            import_id=import_id,
            line=result.line,
            domain=result.domain,
            outcome=result.outcome.value,
            vendor_id=result.vendor_id,
            messages=result.messages,
        )
        for result in results
    )
    for result in results:
        column = COUNTED[result.outcome]
        setattr(vendor_import, column, getattr(vendor_import, column) + 1)
    vendor_import.rows_done = stop
    session.add(vendor_import)
    await session.flush()
    if stop < vendor_import.row_count:
        return False
    await _finish(session, vendor_import, ImportStatus.SUCCEEDED, None)
    return True


def _stopped(vendor_import: VendorImport, reason: str) -> str:
    done = f"Stopped after {vendor_import.rows_done} of {vendor_import.row_count} rows: {reason}."
    if vendor_import.dry_run:
        return f"{done} A dry run: no vendor was changed."
    return (
        f"{done} The rows done stay applied; import the same file again to finish "
        "(rows already applied then come back UNCHANGED)."
    )


async def _finish(
    session: AsyncSession, vendor_import: VendorImport, status: ImportStatus, error: str | None
) -> None:
    vendor_import.status = status.value
    vendor_import.error = error[:MAX_ERROR] if error else None
    vendor_import.finished_at = datetime.now(UTC)
    system = Actor.system(vendor_import.tenant_id, vendor_import.request_id)
    # The counts' changes are only the last batch's (each batch is its own transaction):
    # the event says the whole import's as well.
    totals = {
        "rows_done": vendor_import.rows_done,
        **{column: getattr(vendor_import, column) for column in COUNTED.values()},
    }
    await audit.record(session, system, "vendor_import.finished", vendor_import, totals=totals)


async def fail(session: AsyncSession, tenant_id: UUID, import_id: UUID, reason: str) -> None:
    """FAILED with the reason and how far it got (the worker gave up, or the file is bad)."""
    vendor_import = await reading.find(session, tenant_id, VendorImport, import_id, for_update=True)
    if vendor_import is None or vendor_import.status not in (
        ImportStatus.QUEUED,
        ImportStatus.RUNNING,
    ):
        return
    await _finish(session, vendor_import, ImportStatus.FAILED, _stopped(vendor_import, reason))
