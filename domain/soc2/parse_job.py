"""documents.parse: read a stored SOC report or bridge letter in a separate process."""

import logging
import tempfile
from dataclasses import dataclass
from uuid import UUID

from domain.documents.storage import BlobStore
from domain.shared.jobs import Transaction
from domain.soc2 import parsing
from parsers.soc2.isolation import parse_one
from parsers.soc2.limits import ParseLimits

logger = logging.getLogger("tprm.jobs")


@dataclass(frozen=True)
class ParseJob:
    """What the parse handler needs: transactions as the app role, the blobs, the limits."""

    transaction: Transaction
    store: BlobStore
    limits: ParseLimits


async def parse_document(job: ParseJob, tenant_id: UUID, document_id: UUID) -> None:
    """Parse the document and store the outcome; idempotent (a PARSED document is left be).

    A parse that fails on the document itself (not a PDF, corrupt, over a limit) marks
    it FAILED with the reason. Anything else (database, object store) is raised, for
    the queue to retry.
    """
    async with job.transaction(tenant_id) as session:
        document = await parsing.begin(session, tenant_id, document_id)
        if document is None:
            return
        sha256 = document.sha256
    with tempfile.NamedTemporaryFile(suffix=".pdf") as local:
        await job.store.copy_to(tenant_id, sha256, local)
        # A child process per document: a hard deadline and memory cap, and a crash in
        # PDFium costs that child only, never the worker.
        outcome = await parse_one(local.name, job.limits)
    async with job.transaction(tenant_id) as session:
        if outcome.error is not None or outcome.result is None:
            reason = outcome.error or "the parser returned nothing"
            logger.info("document %s failed to parse: %s", document_id, reason)
            await parsing.fail(session, tenant_id, document_id, reason)
        else:
            await parsing.finish(session, tenant_id, document_id, outcome.result)
