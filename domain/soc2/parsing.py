"""A document's parse, step by step, as the worker runs it: begin, then finish or fail.

Each step is its own short transaction (the parse itself runs between them, outside
any transaction), so a worker that dies mid-parse leaves the document PARSING and
the job for another worker to take over: nothing is lost and nothing half-written.
"""

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.documents.models import Document, ParseStatus
from domain.shared import consequences, reading
from domain.shared.actor import Actor
from domain.soc2 import confirmation, fourth_parties, ingest
from domain.soc2.changes import VendorReportsChanged
from domain.soc2.models import SocReport

MAX_REASON = 500


async def begin(session: AsyncSession, tenant_id: UUID, document_id: UUID) -> Document | None:
    """Mark the document PARSING; None when there is nothing to do (gone, or already read)."""
    document = await reading.find(session, tenant_id, Document, document_id, for_update=True)
    if document is None or document.parse_status == ParseStatus.PARSED:
        return None
    document.parse_status = ParseStatus.PARSING.value
    document.parse_attempts += 1
    session.add(document)
    await session.flush()
    return document


async def fail(session: AsyncSession, tenant_id: UUID, document_id: UUID, reason: str) -> None:
    """FAILED, with the reason; the document's earlier extraction (if any) is left as it was."""
    document = await reading.find(session, tenant_id, Document, document_id, for_update=True)
    if document is None:
        return
    document.parse_status = ParseStatus.FAILED.value
    document.parse_error = reason[:MAX_REASON]
    await audit.record(session, Actor.system(tenant_id), "document.parse_failed", document)


async def finish(
    session: AsyncSession, tenant_id: UUID, document_id: UUID, extraction: dict[str, Any]
) -> SocReport | None:
    """Store what the parser read and mark the document PARSED."""
    document = await reading.find(session, tenant_id, Document, document_id, for_update=True)
    if document is None:
        return None
    report = await ingest.store(session, document, extraction)
    await fourth_parties.sync(session, report)
    document.parse_status = ParseStatus.PARSED.value
    document.parse_error = None
    document.parsed_at = datetime.now(UTC)
    system = Actor.system(tenant_id)
    exceptions = len(extraction.get("exceptions") or [])
    await audit.record(
        session, system, "document.parsed", document, report_kind=report.kind, exceptions=exceptions
    )
    # The report's own event: what this reading changed of it (its review flag among them).
    await audit.record(session, system, "soc_report.read", report)
    await confirmation.reconsider(session, system, report)
    # A new report, or a bridge letter, can change what the vendor's reports call for.
    await consequences.announce(session, VendorReportsChanged(tenant_id, document.vendor_id))
    return report
