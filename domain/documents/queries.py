"""Reads of documents: batch loads and the filtered list."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select, not_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document
from domain.shared.loading import one_of
from domain.shared.pagination import SortKey
from domain.soc2.models import SocReport


async def documents_by_id(
    session: AsyncSession, tenant_id: UUID, ids: Sequence[UUID]
) -> dict[UUID, Document]:
    result = await session.execute(
        select(Document).where(col(Document.tenant_id) == tenant_id, one_of(col(Document.id), ids))
    )
    return {document.id: document for document in result.scalars()}


@dataclass(frozen=True)
class DocumentFilter:
    vendor_id: UUID | None = None
    kinds: Sequence[str] = ()
    parse_statuses: Sequence[str] = ()
    # True: the document's report needs review; False: it has a report that needs none.
    review_needed: bool | None = None


def listing(tenant_id: UUID, criteria: DocumentFilter) -> tuple[Select[Any], list[Any]]:
    """Documents matching `criteria`, newest first, with the sort keys for pagination."""
    statement = select(Document).where(col(Document.tenant_id) == tenant_id)
    if criteria.vendor_id is not None:
        statement = statement.where(col(Document.vendor_id) == criteria.vendor_id)
    if criteria.kinds:
        statement = statement.where(col(Document.kind).in_(criteria.kinds))
    if criteria.parse_statuses:
        statement = statement.where(col(Document.parse_status).in_(criteria.parse_statuses))
    if criteria.review_needed is not None:
        flag = col(SocReport.review_needed)
        # `review_needed` (not `= true`) so the planner uses the partial index of flagged reports.
        report = select(col(SocReport.id)).where(
            col(SocReport.tenant_id) == col(Document.tenant_id),
            col(SocReport.document_id) == col(Document.id),
            flag if criteria.review_needed else not_(flag),
        )
        statement = statement.where(report.exists())
    newest_first = [SortKey(col(Document.created_at), True), SortKey(col(Document.id), True)]
    return statement, newest_first
