"""Reads of documents: batch loads and the filtered list."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document
from domain.shared.loading import one_of
from domain.shared.pagination import SortKey


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


def listing(tenant_id: UUID, criteria: DocumentFilter) -> tuple[Select[Any], list[Any]]:
    """Documents matching `criteria`, newest first, with the sort keys for pagination."""
    statement = select(Document).where(col(Document.tenant_id) == tenant_id)
    if criteria.vendor_id is not None:
        statement = statement.where(col(Document.vendor_id) == criteria.vendor_id)
    if criteria.kinds:
        statement = statement.where(col(Document.kind).in_(criteria.kinds))
    if criteria.parse_statuses:
        statement = statement.where(col(Document.parse_status).in_(criteria.parse_statuses))
    newest_first = [SortKey(col(Document.created_at), True), SortKey(col(Document.id), True)]
    return statement, newest_first
