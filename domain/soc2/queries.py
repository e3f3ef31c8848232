"""Reads of extracted reports: batches for dataloaders, conditions for lists."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, not_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document
from domain.shared.loading import grouped_by, one_of
from domain.soc2.models import SocReport


async def reports_by_document(
    session: AsyncSession, tenant_id: UUID, document_ids: Sequence[UUID]
) -> dict[UUID, SocReport]:
    result = await session.execute(
        select(SocReport).where(
            col(SocReport.tenant_id) == tenant_id, one_of(col(SocReport.document_id), document_ids)
        )
    )
    return {report.document_id: report for report in result.scalars()}


async def items_by_report(
    session: AsyncSession,
    model: Any,
    tenant_id: UUID,
    report_ids: Sequence[UUID],
    order_by: str = "position",
) -> dict[UUID, list[Any]]:
    """Rows of a report's kind of item (SocException, SocCuec, ...), in report order."""
    order = [col(getattr(model, order_by)), col(model.id)]
    return await grouped_by(session, model, "report_id", tenant_id, report_ids, order)


def document_review_needed(needed: bool) -> ColumnElement[bool]:
    """A condition on a document: its report needs review (True) or has one that needs none."""
    flag = col(SocReport.review_needed)
    # `review_needed` (not `= true`) so the planner uses the partial index of flagged reports.
    return (
        select(col(SocReport.id))
        .where(
            col(SocReport.tenant_id) == col(Document.tenant_id),
            col(SocReport.document_id) == col(Document.id),
            flag if needed else not_(flag),
        )
        .exists()
    )
