"""Reads of findings: the filtered list and batch loads."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.findings.models import Finding, RemediationAction
from domain.shared.loading import grouped_by
from domain.shared.pagination import SortKey


@dataclass(frozen=True)
class FindingFilter:
    vendor_id: UUID | None = None
    document_id: UUID | None = None
    statuses: Sequence[str] = ()
    severities: Sequence[str] = ()
    kinds: Sequence[str] = ()


def listing(tenant_id: UUID, criteria: FindingFilter) -> tuple[Select[Any], list[SortKey]]:
    """Findings matching `criteria`, newest first, with the sort keys for pagination."""
    statement = select(Finding).where(col(Finding.tenant_id) == tenant_id)
    if criteria.vendor_id is not None:
        statement = statement.where(col(Finding.vendor_id) == criteria.vendor_id)
    if criteria.document_id is not None:
        statement = statement.where(col(Finding.document_id) == criteria.document_id)
    if criteria.statuses:
        statement = statement.where(col(Finding.status).in_(criteria.statuses))
    if criteria.severities:
        statement = statement.where(col(Finding.severity).in_(criteria.severities))
    if criteria.kinds:
        statement = statement.where(col(Finding.kind).in_(criteria.kinds))
    return statement, [SortKey(col(Finding.created_at), True), SortKey(col(Finding.id), True)]


async def actions_by_finding(
    session: AsyncSession, tenant_id: UUID, finding_ids: Sequence[UUID]
) -> dict[UUID, list[RemediationAction]]:
    order = [col(RemediationAction.created_at), col(RemediationAction.id)]
    return await grouped_by(session, RemediationAction, "finding_id", tenant_id, finding_ids, order)
