"""Reads of documents: the filtered list."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select
from sqlmodel import col, select

from domain.documents.models import Document
from domain.shared.pagination import SortKey


@dataclass(frozen=True)
class DocumentFilter:
    vendor_id: UUID | None = None
    kinds: Sequence[str] = ()
    parse_statuses: Sequence[str] = ()
    # Conditions on Document's columns from the areas above (the SOC area's review state).
    where: Sequence[ColumnElement[bool]] = ()


def listing(tenant_id: UUID, criteria: DocumentFilter) -> tuple[Select[Any], list[Any]]:
    """Documents matching `criteria`, newest first, with the sort keys for pagination."""
    statement = select(Document).where(col(Document.tenant_id) == tenant_id)
    if criteria.vendor_id is not None:
        statement = statement.where(col(Document.vendor_id) == criteria.vendor_id)
    if criteria.kinds:
        statement = statement.where(col(Document.kind).in_(criteria.kinds))
    if criteria.parse_statuses:
        statement = statement.where(col(Document.parse_status).in_(criteria.parse_statuses))
    if criteria.where:
        statement = statement.where(*criteria.where)
    newest_first = [SortKey(col(Document.created_at), True), SortKey(col(Document.id), True)]
    return statement, newest_first
