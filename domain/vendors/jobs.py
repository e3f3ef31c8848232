"""vendors.import: a queued CSV import, worked on batch by batch in short transactions."""

import io
import logging
from dataclasses import dataclass
from uuid import UUID

from domain.shared.errors import InvalidInput
from domain.shared.jobs import Transaction
from domain.vendors import import_steps
from domain.vendors.csv_sheet import read_sheet
from domain.vendors.imports import FileStore

logger = logging.getLogger("tprm.jobs")


@dataclass(frozen=True)
class ImportJob:
    """What the import handler needs: transactions as the app role, the files, a batch size."""

    transaction: Transaction
    store: FileStore
    batch_rows: int


async def run_import(job: ImportJob, tenant_id: UUID, import_id: UUID) -> None:
    """Work on the import to its end; idempotent (a finished import is left be, a started one
    goes on after its last committed batch).

    A file that no longer reads as it did when it was checked marks the import FAILED.
    Anything else (database, object store) is raised, for the queue to retry.
    """
    async with job.transaction(tenant_id) as session:
        vendor_import = await import_steps.begin(session, tenant_id, import_id)
        if vendor_import is None:
            return
        sha256 = vendor_import.sha256
    file = io.BytesIO()
    await job.store.copy_to(tenant_id, sha256, file)
    try:
        sheet = read_sheet(file.getvalue())
    except InvalidInput as error:
        logger.info("vendor import %s: the stored file is refused: %s", import_id, error.message)
        async with job.transaction(tenant_id) as session:
            await import_steps.fail(session, tenant_id, import_id, error.message.rstrip("."))
        return
    finished = False
    while not finished:
        async with job.transaction(tenant_id) as session:
            finished = await import_steps.run_batch(
                session, tenant_id, import_id, sheet, job.batch_rows
            )
