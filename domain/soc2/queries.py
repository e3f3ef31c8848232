"""Reads of extracted reports: batches for dataloaders, conditions for lists."""

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, case, func, not_
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document, ParseStatus
from domain.shared.loading import grouped_by, one_of
from domain.soc2.models import SocReport
from parsers.soc2.result import SOC_REPORT_KINDS, Opinion


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


@cache
def document_review_needed(needed: bool) -> ColumnElement[bool]:
    """A condition on a document: its report needs review (True) or has one that needs none
    (built once each: documents' listing is built once for the conditions it is given)."""
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


_REPORTS = SocReport.__table__  # type: ignore[attr-defined]
_DOCUMENTS = Document.__table__  # type: ignore[attr-defined]


def _read(
    query: Select[Any], tenant_id: Any, reports: Any = _REPORTS, documents: Any = _DOCUMENTS
) -> Select[Any]:
    """`query` over the tenant's SOC reports (not bridge letters or other kinds) whose
    document was read: `reports` joined to their `documents`."""
    return query.join(
        documents,
        (documents.c.tenant_id == reports.c.tenant_id) & (documents.c.id == reports.c.document_id),
    ).where(
        reports.c.tenant_id == tenant_id,
        reports.c.kind.in_(SOC_REPORT_KINDS),
        documents.c.parse_status == ParseStatus.PARSED.value,
    )


def read_reports(tenant_id: UUID | ColumnElement[UUID], *columns: Any) -> Select[Any]:
    """The tenant's SOC reports (not bridge letters or other kinds) whose document was
    read: `columns` of them, or the rows."""
    return _read(select(*(columns or (SocReport,))), tenant_id)


def latest_first(reports: Any = _REPORTS) -> list[Any]:
    """A vendor's latest report first: the latest period end (or as-of date), then the
    latest reading; the same order findings use to decide which report is current."""
    end = func.coalesce(reports.c.period_end, reports.c.as_of)
    return [end.desc().nulls_last(), reports.c.parsed_at.desc(), reports.c.id.desc()]


def latest_read_report(reports: Any, vendor: Any, value: ColumnElement[Any]) -> Select[Any]:
    """`value`, over `reports` (soc_reports, aliased), of the vendor row's latest read
    report: read_reports in latest_first's order for one vendor, as a subquery of the
    vendor's statement."""
    query = select(value).select_from(reports).where(reports.c.vendor_id == vendor.c.id)
    latest = _read(query, vendor.c.tenant_id, reports, _DOCUMENTS.alias())
    return latest.order_by(*latest_first(reports)).limit(1)


def latest_reports_of_each_kind(
    tenant_id: UUID | ColumnElement[UUID], kinds: Sequence[str]
) -> Select[Any]:
    """Each vendor's latest read report of each of `kinds` (its id, vendor and kind), as a
    statement to join: a vendor's SOC 1 and its SOC 2 are each current in their own right."""
    return (
        read_reports(tenant_id, col(SocReport.id), col(SocReport.vendor_id), col(SocReport.kind))
        .where(col(SocReport.kind).in_(list(kinds)))
        .ext(distinct_on(col(SocReport.vendor_id), col(SocReport.kind)))
        .order_by(col(SocReport.vendor_id), col(SocReport.kind), *latest_first())
    )


async def latest_reports_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, SocReport]:
    """Each vendor's latest read SOC report, in one statement."""
    result = await session.execute(
        read_reports(tenant_id)
        .where(one_of(col(SocReport.vendor_id), vendor_ids))
        .ext(distinct_on(col(SocReport.vendor_id)))
        .order_by(col(SocReport.vendor_id), *latest_first())
    )
    return {report.vendor_id: report for report in result.scalars()}


# Opinions from best to worst; a vendor without a report (or an opinion read) sorts after all.
_OPINION_RANK = {opinion.value: rank for rank, opinion in enumerate(Opinion)}
NO_OPINION_RANK = len(_OPINION_RANK)
# A vendor without a report's period end sorts before every real one.
NO_PERIOD_END = date(1, 1, 1)


def _of_latest_report(tenant_id: Any, vendor_id: Any, value: Any, none: Any) -> ColumnElement[Any]:
    """`value` of the latest report of the vendor whose id is `vendor_id` (a column of the
    statement it is used in), or `none` when it has no report: a sort key for vendor lists."""
    latest = (
        read_reports(tenant_id, value)
        .where(col(SocReport.vendor_id) == vendor_id)
        .order_by(*latest_first())
        .limit(1)
        .scalar_subquery()
    )
    coalesced: ColumnElement[Any] = func.coalesce(latest, none)
    return coalesced


def latest_report_opinion_rank(tenant_id: Any, vendor_id: Any) -> ColumnElement[Any]:
    """The rank of the opinion of the vendor's latest report: 0 for UNQUALIFIED, worse after."""
    rank = case(_OPINION_RANK, value=col(SocReport.opinion), else_=NO_OPINION_RANK)
    return _of_latest_report(tenant_id, vendor_id, rank, NO_OPINION_RANK)


def latest_report_period_end(tenant_id: Any, vendor_id: Any) -> ColumnElement[Any]:
    """The period end (or as-of date) of the vendor's latest report."""
    end = func.coalesce(col(SocReport.period_end), col(SocReport.as_of))
    return _of_latest_report(tenant_id, vendor_id, end, NO_PERIOD_END)
