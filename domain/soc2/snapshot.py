"""A report as it stands, as plain JSON: what a vendor review freezes when it is submitted,
so that a later re-parse or correction never changes what was decided on."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.soc2.ingest import ITEM_KINDS, REPORT_FIELDS, corrected_fields, report_of_document


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value


async def report_snapshot(
    session: AsyncSession, tenant_id: UUID, document_id: UUID
) -> dict[str, Any] | None:
    """The document's report as it stands now (fields in force, which a reviewer corrected,
    the live items, the review flag, who confirmed it and when), or None for a document
    without a report."""
    report = await report_of_document(session, tenant_id, document_id)
    if report is None:
        return None
    snapshot: dict[str, Any] = {
        "report_id": str(report.id),
        "fields": {field: _plain(getattr(report, field)) for field in REPORT_FIELDS},
        "corrected": sorted(await corrected_fields(session, report)),
        "review_needed": report.review_needed,
        "confirmed_at": _plain(report.confirmed_at),
        "confirmed_by": _plain(report.confirmed_by),
        "parsed_at": _plain(report.parsed_at),
    }
    for model, name, _, values_of in ITEM_KINDS:
        columns = list(values_of({}))
        rows = await session.execute(
            select(*(col(getattr(model, c)) for c in columns))
            .where(
                col(model.tenant_id) == tenant_id,
                col(model.report_id) == report.id,
                col(model.dismissed_at).is_(None),
            )
            .order_by(col(model.position), col(model.id))
        )
        snapshot[name] = [
            {c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows.all()
        ]
    return snapshot
