"""Reads of findings: the filtered, ordered list, counts, and batch loads."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Date, Select, Text, and_, bindparam, case, cast, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.findings.models import (
    Finding,
    FindingFollowUp,
    FindingStatus,
    FindingStatusChange,
    FollowUpStatus,
    RemediationAction,
)
from domain.findings.rules import EXCEPTION_RULE, Severity
from domain.shared import normalize
from domain.shared.loading import grouped_by, one_of, one_of_bound
from domain.shared.pagination import PAGE_ROW, Shape, SortKey, built_once
from domain.soc2.models import SocException, SocReport
from domain.vendors.models import Vendor

# A finding still to be worked: it counts as open, and as overdue once its due date passed.
OPEN_STATUSES = (FindingStatus.OPEN.value, FindingStatus.IN_REMEDIATION.value)
# What findings(orderBy:) sorts by.
ORDERS = ("SEVERITY", "DUE_DATE", "CREATED_AT", "UPDATED_AT")
# A finding without a due date is due after every dated one.
NO_DUE_DATE = date(9999, 12, 31)


@dataclass(frozen=True)
class FindingFilter:
    vendor_id: UUID | None = None
    document_id: UUID | None = None
    statuses: Sequence[str] = ()
    severities: Sequence[str] = ()
    kinds: Sequence[str] = ()
    owner_id: UUID | None = None
    unowned: bool = False
    # open findings due before this date (exclusive); `overdue` is due before today
    due_before: date | None = None
    vendor_tiers: Sequence[str] = ()
    # words in the title or description, each required, case and accents as typed
    text: str | None = None
    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    overdue: bool | None = None


def _severity_rank() -> ColumnElement[int]:
    return case({s.value: s.rank for s in Severity}, value=col(Finding.severity), else_=0)


def _due() -> ColumnElement[date]:
    return func.coalesce(col(Finding.due_date), NO_DUE_DATE)


_FINDINGS: Any = Finding.__table__  # type: ignore[attr-defined]


def is_overdue(today: date | ColumnElement[date], findings: Any = _FINDINGS) -> ColumnElement[bool]:
    """Still open and due before `today` (of `findings`, the table or an alias of it)."""
    return and_(findings.c.status.in_(OPEN_STATUSES), findings.c.due_date < today)


def follow_up_is_overdue(today: date, follow_ups: Any) -> ColumnElement[bool]:
    """Still EXPECTED and due before `today` (of `follow_ups`, the table or an alias of it),
    as follow_ups.is_overdue says of one."""
    return and_(follow_ups.c.status == FollowUpStatus.EXPECTED.value, follow_ups.c.due_on < today)


# The words of `text` a filter matches, at most.
_WORDS = 8


def _words(criteria: FindingFilter) -> list[str]:
    return (criteria.text or "").split()[:_WORDS]


def values(tenant_id: Any, criteria: FindingFilter) -> dict[str, Any]:
    """The values of the parameters of `conditions`' statement for `criteria`."""
    bound = {
        "tenant_id": tenant_id,
        "vendor_id": criteria.vendor_id,
        "document_id": criteria.document_id,
        "statuses": list(criteria.statuses),
        "severities": list(criteria.severities),
        "kinds": list(criteria.kinds),
        "owner_id": criteria.owner_id,
        "due_before": criteria.due_before,
        "today": criteria.today,
        "vendor_tiers": list(criteria.vendor_tiers),
    }
    bound |= {f"word_{i}": normalize.containing(word) for i, word in enumerate(_words(criteria))}
    return bound


def conditions(criteria: FindingFilter) -> tuple[ColumnElement[bool], ...]:
    """The criteria as conditions on the findings table, their values named parameters
    (`values`): built once for each form of criteria (which are given, not their values)."""
    return _conditions(
        criteria.vendor_id is not None,
        criteria.document_id is not None,
        bool(criteria.statuses),
        bool(criteria.severities),
        bool(criteria.kinds),
        criteria.owner_id is not None,
        criteria.unowned,
        criteria.due_before is not None,
        criteria.overdue,
        bool(criteria.vendor_tiers),
        len(_words(criteria)),
    )


@built_once
def _conditions(
    vendor: bool,
    document: bool,
    statuses: bool,
    severities: bool,
    kinds: bool,
    owner: bool,
    unowned: bool,
    due_before: bool,
    overdue: bool | None,
    vendor_tiers: bool,
    words: int,
) -> tuple[ColumnElement[bool], ...]:
    tenant_id: Any = bindparam("tenant_id")
    where: list[ColumnElement[bool]] = [col(Finding.tenant_id) == tenant_id]
    if vendor:
        where.append(col(Finding.vendor_id) == bindparam("vendor_id"))
    if document:
        where.append(col(Finding.document_id) == bindparam("document_id"))
    if statuses:
        where.append(one_of_bound(col(Finding.status), "statuses"))
    if severities:
        where.append(one_of_bound(col(Finding.severity), "severities"))
    if kinds:
        where.append(one_of_bound(col(Finding.kind), "kinds"))
    if owner:
        where.append(col(Finding.owner_id) == bindparam("owner_id"))
    if unowned:
        where.append(col(Finding.owner_id).is_(None))
    if due_before:
        where.append(col(Finding.status).in_(OPEN_STATUSES))
        where.append(col(Finding.due_date) < bindparam("due_before"))
    if overdue is not None:
        late = is_overdue(bindparam("today", type_=Date))
        where.append(late if overdue else ~func.coalesce(late, False))
    if vendor_tiers:
        where.append(
            col(Finding.vendor_id).in_(
                select(col(Vendor.id)).where(
                    col(Vendor.tenant_id) == tenant_id,
                    one_of_bound(col(Vendor.tier), "vendor_tiers"),
                )
            )
        )
    for i in range(words):
        pattern = bindparam(f"word_{i}", type_=Text)
        where.append(
            or_(col(Finding.title).ilike(pattern), col(Finding.description).ilike(pattern))
        )
    return tuple(where)


def listing(
    tenant_id: Any, criteria: FindingFilter, order_by: str | None = None, descending: bool = True
) -> tuple[Select[Any], list[SortKey], dict[str, Any]]:
    """Findings matching `criteria` in the order asked for (newest first by default),
    with the sort keys for pagination (the id breaks ties) and the values of the
    statement's parameters: it is built once for each form of criteria and order
    (paginate's `values`)."""
    statement, sort = _listing(conditions(criteria), order_by or "CREATED_AT", descending)
    return statement, sort, values(tenant_id, criteria)


@built_once
def _listing(
    where: tuple[ColumnElement[bool], ...], order_by: str, descending: bool
) -> tuple[Select[Any], list[SortKey]]:
    statement = select(Finding).where(*where)
    key = {
        "SEVERITY": _severity_rank(),
        "DUE_DATE": _due(),
        "CREATED_AT": col(Finding.created_at),
        "UPDATED_AT": col(Finding.updated_at),
    }[order_by]
    return statement, [SortKey(key, descending), SortKey(col(Finding.id), descending)]


@dataclass(frozen=True)
class FindingCounts:
    """How many findings there are by status and by severity; open ones and overdue ones."""

    by_status: dict[str, int] = field(default_factory=dict)
    by_severity: dict[str, int] = field(default_factory=dict)
    open_by_severity: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def open(self) -> int:
        return sum(self.by_status.get(s, 0) for s in OPEN_STATUSES)


def _count_columns(today: date) -> list[Any]:
    return [
        col(Finding.status),
        col(Finding.severity),
        func.count(),
        func.count().filter(is_overdue(today)),
    ]


def _tally(rows: Any) -> FindingCounts:
    by_status: dict[str, int] = {}
    by_severity: dict[str, int] = {}
    open_by_severity: dict[str, int] = {}
    overdue = 0
    for status, severity, n, late in rows:
        by_status[status] = by_status.get(status, 0) + n
        by_severity[severity] = by_severity.get(severity, 0) + n
        if status in OPEN_STATUSES:
            open_by_severity[severity] = open_by_severity.get(severity, 0) + n
        overdue += late
    return FindingCounts(by_status, by_severity, open_by_severity, overdue)


async def counts(session: AsyncSession, tenant_id: UUID, criteria: FindingFilter) -> FindingCounts:
    """The counts of the findings matching `criteria`, in one statement."""
    result = await session.execute(
        select(*_count_columns(criteria.today))
        .where(*conditions(criteria))
        .group_by(col(Finding.status), col(Finding.severity)),
        values(tenant_id, criteria),
    )
    return _tally(result.all())


async def counts_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID], today: date
) -> dict[UUID, FindingCounts]:
    """Each vendor's finding counts, in one statement."""
    result = await session.execute(
        select(col(Finding.vendor_id), *_count_columns(today))
        .where(col(Finding.tenant_id) == tenant_id, one_of(col(Finding.vendor_id), vendor_ids))
        .group_by(col(Finding.vendor_id), col(Finding.status), col(Finding.severity))
    )
    rows: dict[UUID, list[Any]] = {}
    for vendor_id, *rest in result.all():
        rows.setdefault(vendor_id, []).append(rest)
    return {vendor_id: _tally(tallies) for vendor_id, tallies in rows.items()}


def open_count(tenant_id: Any, vendor_id: Any) -> ColumnElement[int]:
    """How many open findings the vendor whose id is `vendor_id` (a column of the
    statement this is used in) has: a sort key for the vendor list."""
    return (
        select(func.count())
        .where(
            col(Finding.tenant_id) == tenant_id,
            col(Finding.vendor_id) == vendor_id,
            col(Finding.status).in_(OPEN_STATUSES),
        )
        .scalar_subquery()
    )


def exception_source_key(document_id: UUID, item_key: str) -> str:
    """The source key of the finding an exception of the document raises (see raising._sync)."""
    return f"{document_id}:{EXCEPTION_RULE}{item_key}"


def _exception_source(source_key: str) -> tuple[UUID, str] | None:
    """The document and exception item key a finding's source key names, if it names one."""
    document, _, rule = source_key.partition(":")
    if not rule.startswith(EXCEPTION_RULE):
        return None
    try:
        return UUID(document), rule.removeprefix(EXCEPTION_RULE)
    except ValueError:
        return None


def exception_of(finding: Any, exception: Any, value: ColumnElement[Any]) -> Select[Any]:
    """`value`, over `exception` (soc_exceptions, aliased), of the exception the finding
    row's source key names: exceptions_by_source_key for one finding, as a subquery of the
    finding's statement. An exception's finding keeps the report's document, so the document
    narrows it first."""
    report = SocReport.__table__.alias()  # type: ignore[attr-defined]
    key = _exception_source_key(report.c.document_id, exception.c.item_key)
    return (
        select(value)
        .select_from(exception)
        .join(
            report,
            and_(report.c.tenant_id == exception.c.tenant_id, report.c.id == exception.c.report_id),
        )
        .where(
            exception.c.tenant_id == finding.c.tenant_id,
            report.c.document_id == finding.c.document_id,
            key == finding.c.source_key,
        )
    )


def finding_of(exception: Any, finding: Any, value: ColumnElement[Any]) -> Select[Any]:
    """`value`, over `finding` (findings, aliased), of the finding the exception row raised:
    findings_by_exception for one exception, as a subquery of the exception's statement."""
    report = SocReport.__table__.alias()  # type: ignore[attr-defined]
    key = (
        select(_exception_source_key(report.c.document_id, exception.c.item_key))
        .where(report.c.tenant_id == exception.c.tenant_id, report.c.id == exception.c.report_id)
        .correlate(exception)
        .scalar_subquery()
    )
    return select(value).where(
        finding.c.tenant_id == exception.c.tenant_id, finding.c.source_key == key
    )


def _exception_source_key(document_id: Any, item_key: Any) -> ColumnElement[str]:
    """exception_source_key, in SQL."""
    return func.concat(cast(document_id, Text), ":", EXCEPTION_RULE, item_key)


def _exceptions() -> Any:
    return select(SocException, col(SocReport.document_id)).join(
        SocReport,
        and_(
            col(SocReport.tenant_id) == col(SocException.tenant_id),
            col(SocReport.id) == col(SocException.report_id),
        ),
    )


async def findings_by_exception(
    session: AsyncSession, tenant_id: UUID, exception_ids: Sequence[UUID]
) -> dict[UUID, Finding]:
    """The finding each exception raised, where it raised one."""
    exceptions = (
        await session.execute(
            _exceptions().where(
                col(SocException.tenant_id) == tenant_id,
                one_of(col(SocException.id), exception_ids),
            )
        )
    ).all()
    keys = {exception_source_key(document, e.item_key): e.id for e, document in exceptions}
    if not keys:
        return {}
    findings = await session.execute(
        select(Finding).where(
            col(Finding.tenant_id) == tenant_id, one_of(col(Finding.source_key), list(keys))
        )
    )
    return {keys[f.source_key]: f for f in findings.scalars()}


async def exceptions_by_source_key(
    session: AsyncSession, tenant_id: UUID, source_keys: Sequence[str]
) -> dict[str, SocException]:
    """The exception each finding's source key names, where it names one."""
    wanted = {key: source for key in source_keys if (source := _exception_source(key))}
    if not wanted:
        return {}
    result = await session.execute(
        _exceptions().where(
            col(SocException.tenant_id) == tenant_id,
            one_of(col(SocReport.document_id), [document for document, _ in wanted.values()]),
            one_of(col(SocException.item_key), [item for _, item in wanted.values()]),
        )
    )
    return {
        exception_source_key(document, exception.item_key): exception
        for exception, document in result.all()
    }


async def actions_by_finding(
    session: AsyncSession, tenant_id: UUID, finding_ids: Sequence[UUID]
) -> dict[UUID, list[RemediationAction]]:
    order = [col(RemediationAction.created_at), col(RemediationAction.id)]
    return await grouped_by(session, RemediationAction, "finding_id", tenant_id, finding_ids, order)


async def status_history(
    session: AsyncSession, tenant_id: UUID, finding_ids: Sequence[UUID]
) -> dict[UUID, list[FindingStatusChange]]:
    order = [col(FindingStatusChange.changed_at), col(FindingStatusChange.id)]
    return await grouped_by(
        session, FindingStatusChange, "finding_id", tenant_id, finding_ids, order
    )


def follow_ups_soonest_first(follow_ups: Any = FindingFollowUp.__table__) -> list[Any]:  # type: ignore[attr-defined]
    """The order of `follow_ups` (the table, or rows of it by another name)."""
    return [follow_ups.c.due_on, follow_ups.c.created_at, follow_ups.c.id]


async def follow_ups_by_finding(
    session: AsyncSession, tenant_id: UUID, finding_ids: Sequence[UUID]
) -> dict[UUID, list[FindingFollowUp]]:
    """Each finding's follow-ups, soonest due first."""
    return await grouped_by(
        session, FindingFollowUp, "finding_id", tenant_id, finding_ids, follow_ups_soonest_first()
    )


async def follow_ups_by_vendor(
    session: AsyncSession,
    tenant_id: UUID,
    vendor_ids: Sequence[UUID],
    statuses: Sequence[str] = (),
    shape: Shape | None = None,
) -> dict[UUID, list[Any]]:
    """Each vendor's follow-ups in any of `statuses` (every one when empty), soonest due
    first, in one statement; each row whole, or as `shape` writes it."""
    statement = select(FindingFollowUp).where(
        col(FindingFollowUp.tenant_id) == tenant_id,
        one_of(col(FindingFollowUp.vendor_id), vendor_ids),
    )
    if statuses:
        statement = statement.where(col(FindingFollowUp.status).in_(statuses))
    grouped: dict[UUID, list[Any]] = {}
    if shape is None:
        ordered = statement.order_by(*follow_ups_soonest_first())
        for row in (await session.execute(ordered)).scalars():
            grouped.setdefault(row.vendor_id, []).append(row)
        return grouped
    rows = statement.subquery(PAGE_ROW)
    written = select(shape, rows.c.vendor_id).order_by(*follow_ups_soonest_first(rows))
    for value, vendor_id in await session.execute(written):
        grouped.setdefault(vendor_id, []).append(value)
    return grouped
