"""Reads of vendor reviews: the filtered, ordered list, its counts, batch loads."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Date, Select, and_, bindparam, case, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.reviews.models import (
    OPEN_STATUSES,
    OffboardingItem,
    ReviewChecklistItem,
    ReviewCondition,
    ReviewEvidence,
    ReviewQuestionnaire,
    ReviewStatus,
    VendorReview,
)
from domain.shared.loading import grouped_by, one_of, one_of_bound
from domain.shared.models import today
from domain.shared.pagination import SortKey, built_once

ORDERS = ("DUE_DATE", "CREATED_AT", "UPDATED_AT")


@dataclass(frozen=True)
class ReviewFilter:
    statuses: Sequence[str] = ()
    vendor_id: UUID | None = None
    # the member preparing it
    preparer_id: UUID | None = None
    # still to be done (not COMPLETED or CANCELLED) and due before this date
    due_before: date | None = None
    overdue: bool | None = None
    today: date = field(default_factory=today)


def is_overdue(today: date | ColumnElement[date]) -> ColumnElement[bool]:
    """Still to be done and due before `today`."""
    return and_(col(VendorReview.status).in_(OPEN_STATUSES), col(VendorReview.due_date) < today)


def values(tenant_id: UUID, criteria: ReviewFilter) -> dict[str, Any]:
    """The values of the parameters of `conditions`' statement for `criteria`."""
    return {
        "tenant_id": tenant_id,
        "statuses": list(criteria.statuses),
        "vendor_id": criteria.vendor_id,
        "preparer_id": criteria.preparer_id,
        "due_before": criteria.due_before,
        "today": criteria.today,
    }


def conditions(criteria: ReviewFilter) -> tuple[ColumnElement[bool], ...]:
    """The criteria as conditions on the reviews table, their values named parameters
    (`values`): built once for each form of criteria (which are given, not their values)."""
    return _conditions(
        bool(criteria.statuses),
        criteria.vendor_id is not None,
        criteria.preparer_id is not None,
        criteria.due_before is not None,
        criteria.overdue,
    )


@built_once
def _conditions(
    statuses: bool, vendor: bool, preparer: bool, due_before: bool, overdue: bool | None
) -> tuple[ColumnElement[bool], ...]:
    where: list[ColumnElement[bool]] = [col(VendorReview.tenant_id) == bindparam("tenant_id")]
    if statuses:
        where.append(one_of_bound(col(VendorReview.status), "statuses"))
    if vendor:
        where.append(col(VendorReview.vendor_id) == bindparam("vendor_id"))
    if preparer:
        where.append(col(VendorReview.preparer_id) == bindparam("preparer_id"))
    if due_before:
        where.append(col(VendorReview.status).in_(OPEN_STATUSES))
        where.append(col(VendorReview.due_date) < bindparam("due_before"))
    if overdue is not None:
        late = is_overdue(bindparam("today", type_=Date))
        where.append(late if overdue else ~late)
    return tuple(where)


def listing(
    tenant_id: UUID, criteria: ReviewFilter, order_by: str | None, descending: bool
) -> tuple[Select[Any], list[SortKey], dict[str, Any]]:
    """Reviews matching `criteria` in the order asked for (soonest due first by default),
    with the sort keys and the values of the statement's parameters: it is built once for
    each form of criteria and order (paginate's `values`)."""
    statement, sort = _listing(conditions(criteria), order_by or "DUE_DATE", descending)
    return statement, sort, values(tenant_id, criteria)


@built_once
def _listing(
    where: tuple[ColumnElement[bool], ...], order_by: str, descending: bool
) -> tuple[Select[Any], list[SortKey]]:
    statement = select(VendorReview).where(*where)
    key = {
        "DUE_DATE": col(VendorReview.due_date),
        "CREATED_AT": col(VendorReview.created_at),
        "UPDATED_AT": col(VendorReview.updated_at),
    }[order_by]
    return statement, [SortKey(key, descending), SortKey(col(VendorReview.id), descending)]


@dataclass(frozen=True)
class ReviewCounts:
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


async def counts(session: AsyncSession, tenant_id: UUID, criteria: ReviewFilter) -> ReviewCounts:
    """The counts of the reviews matching `criteria`, in one statement."""
    rows = await session.execute(
        select(
            col(VendorReview.status),
            func.count(),
            func.count().filter(is_overdue(criteria.today)),
        )
        .where(*conditions(criteria))
        .group_by(col(VendorReview.status)),
        values(tenant_id, criteria),
    )
    by_status, overdue = {}, 0
    for status, n, late in rows.all():
        by_status[status] = n
        overdue += late
    return ReviewCounts(by_status, overdue)


def next_first(reviews: Any = VendorReview.__table__) -> list[Any]:  # type: ignore[attr-defined]
    """Of a vendor's open reviews (in `reviews`, the table or rows of it by another name),
    the next first: the one being worked; a scheduled one waits behind it (the oldest first,
    should there be more than one)."""
    worked = case(
        {ReviewStatus.PENDING_APPROVAL.value: 0, ReviewStatus.IN_PROGRESS.value: 1},
        value=reviews.c.status,
        else_=2,
    )
    return [worked, reviews.c.created_at, reviews.c.id]


async def next_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, VendorReview]:
    """Each vendor's review still to be done (the one being worked, else the scheduled)."""
    result = await session.execute(
        select(VendorReview)
        .where(
            col(VendorReview.tenant_id) == tenant_id,
            one_of(col(VendorReview.vendor_id), vendor_ids),
            col(VendorReview.status).in_(OPEN_STATUSES),
        )
        .order_by(col(VendorReview.vendor_id), *next_first())
    )
    found: dict[UUID, VendorReview] = {}
    for review in result.scalars():
        found.setdefault(review.vendor_id, review)
    return found


async def evidence_by_review(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, list[ReviewEvidence]]:
    order = [col(ReviewEvidence.created_at), col(ReviewEvidence.id)]
    return await grouped_by(session, ReviewEvidence, "review_id", tenant_id, review_ids, order)


async def questionnaires_by_review(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, list[ReviewQuestionnaire]]:
    order = [col(ReviewQuestionnaire.created_at), col(ReviewQuestionnaire.id)]
    return await grouped_by(session, ReviewQuestionnaire, "review_id", tenant_id, review_ids, order)


async def conditions_by_review(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, list[ReviewCondition]]:
    order = [col(ReviewCondition.created_at), col(ReviewCondition.id)]
    return await grouped_by(session, ReviewCondition, "review_id", tenant_id, review_ids, order)


async def conditions_of(
    session: AsyncSession, tenant_id: UUID, review_id: UUID
) -> list[ReviewCondition]:
    return (await conditions_by_review(session, tenant_id, [review_id])).get(review_id, [])


async def evidence_of(
    session: AsyncSession, tenant_id: UUID, review_id: UUID
) -> list[ReviewEvidence]:
    return (await evidence_by_review(session, tenant_id, [review_id])).get(review_id, [])


async def amendments_of(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, VendorReview]:
    """The newer version of each review that was amended."""
    result = await session.execute(
        select(VendorReview).where(
            col(VendorReview.tenant_id) == tenant_id,
            one_of(col(VendorReview.replaces_id), review_ids),
        )
    )
    return {review.replaces_id: review for review in result.scalars() if review.replaces_id}


async def checklists_by_review(
    session: AsyncSession, tenant_id: UUID, review_ids: Sequence[UUID]
) -> dict[UUID, list[ReviewChecklistItem]]:
    order = [col(ReviewChecklistItem.created_at), col(ReviewChecklistItem.kind)]
    return await grouped_by(session, ReviewChecklistItem, "review_id", tenant_id, review_ids, order)


async def checklist_of(
    session: AsyncSession, tenant_id: UUID, review_id: UUID
) -> list[ReviewChecklistItem]:
    return (await checklists_by_review(session, tenant_id, [review_id])).get(review_id, [])


async def offboarding_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[OffboardingItem]]:
    order = offboarding_order()
    return await grouped_by(session, OffboardingItem, "vendor_id", tenant_id, vendor_ids, order)


def offboarding_order(items: Any = OffboardingItem.__table__) -> list[Any]:  # type: ignore[attr-defined]
    return [items.c.created_at, items.c.kind]
