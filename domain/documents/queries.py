"""Reads of documents: the filtered list."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, bindparam
from sqlmodel import col, select

from domain.documents.models import Document
from domain.shared.loading import one_of_bound
from domain.shared.pagination import SortKey, built_once


@dataclass(frozen=True)
class DocumentFilter:
    vendor_id: UUID | None = None
    kinds: Sequence[str] = ()
    parse_statuses: Sequence[str] = ()
    # Conditions on Document's columns from the areas above (the SOC area's review state):
    # built once each and holding no values, as the listing is built once for them.
    where: Sequence[ColumnElement[bool]] = ()


def listing(
    tenant_id: UUID, criteria: DocumentFilter
) -> tuple[Select[Any], list[SortKey], dict[str, Any]]:
    """Documents matching `criteria`, newest first, with the sort keys for pagination and
    the values of the statement's parameters (it is built once for each form of criteria:
    paginate's `values`)."""
    statement, sort = _listing(
        criteria.vendor_id is not None,
        bool(criteria.kinds),
        bool(criteria.parse_statuses),
        tuple(criteria.where),
    )
    values = {
        "tenant_id": tenant_id,
        "vendor_id": criteria.vendor_id,
        "kinds": list(criteria.kinds),
        "parse_statuses": list(criteria.parse_statuses),
    }
    return statement, sort, values


@built_once
def _listing(
    vendor: bool, kinds: bool, parse_statuses: bool, where: tuple[ColumnElement[bool], ...]
) -> tuple[Select[Any], list[SortKey]]:
    statement = select(Document).where(col(Document.tenant_id) == bindparam("tenant_id"))
    if vendor:
        statement = statement.where(col(Document.vendor_id) == bindparam("vendor_id"))
    if kinds:
        statement = statement.where(one_of_bound(col(Document.kind), "kinds"))
    if parse_statuses:
        statement = statement.where(one_of_bound(col(Document.parse_status), "parse_statuses"))
    if where:
        statement = statement.where(*where)
    newest_first = [SortKey(col(Document.created_at), True), SortKey(col(Document.id), True)]
    return statement, newest_first
