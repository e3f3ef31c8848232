"""Reads of the vendors area: one vendor, the filtered and searched list, and batch loads."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Select, Subquery, Uuid, and_, column, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlmodel import col

from domain.shared.loading import grouped_by
from domain.shared.pagination import Page, PageRequest, Shape, SortKey, paginate
from domain.vendors.models import (
    FourthParty,
    OnboardingRequest,
    OnboardingRequirement,
    Vendor,
    VendorContact,
    VendorStatusChange,
)


async def by_domain(session: AsyncSession, tenant_id: UUID, domain: str) -> Vendor | None:
    result = await session.execute(
        select(Vendor).where(col(Vendor.tenant_id) == tenant_id, col(Vendor.domain) == domain)
    )
    return result.scalars().first()


async def vendor_id_by_name(session: AsyncSession, tenant_id: UUID, name: str) -> UUID | None:
    """Our vendor of that name (case-insensitive), if exactly one."""
    result = await session.execute(
        select(col(Vendor.id))
        .where(col(Vendor.tenant_id) == tenant_id, func.lower(col(Vendor.name)) == name.lower())
        .limit(2)
    )
    ids = result.scalars().all()
    return ids[0] if len(ids) == 1 else None


@dataclass(frozen=True)
class VendorFilter:
    statuses: Sequence[str] = ()
    tiers: Sequence[str] = ()
    categories: Sequence[str] = ()
    owner_id: UUID | None = None
    tag: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    search: str | None = None


# What vendors(orderBy:) sorts by, as column names (of the table or of the search).
SORTABLE = {
    "NAME": "name",
    "CREATED_AT": "created_at",
    "UPDATED_AT": "updated_at",
    "TIER": "tier_rank",
    "STATUS": "status",
}

_WORD = re.compile(r"[\w@.-]+", re.UNICODE)


def search_query(text: str) -> Any | None:
    """Each word a prefix, all required: 'acm clo' finds 'Acme Cloud'. None if no words."""
    words = [w.strip(".-@").lower() for w in _WORD.findall(text)][:8]
    words = [w for w in words if w]
    if not words:
        return None
    # Lexemes are quoted, so no user text is read as tsquery syntax.
    expression = " & ".join("'" + w.replace("'", "''") + "':*" for w in words)
    # A scalar subquery is evaluated once per statement; a bare call would be parsed
    # again for every match it ranks (the config cast keeps it from being folded).
    return select(func.to_tsquery(literal("simple").cast(REGCONFIG), expression)).scalar_subquery()


@dataclass(frozen=True)
class VendorListing:
    statement: Select[Any]
    sort: list[SortKey] = field(default_factory=list)
    ranked: bool = False  # ordered by relevance: every match is read anyway
    # A search selects the matches' ids: this reads the page's vendors whole.
    rows_of: Callable[[Subquery], Select[Any]] | None = None


def _filters(c: Any, criteria: VendorFilter) -> list[Any]:
    """The criteria as conditions on vendor columns `c` (the table's, or the search's)."""
    conditions = []
    if criteria.statuses:
        conditions.append(c.status.in_(criteria.statuses))
    if criteria.tiers:
        conditions.append(c.tier.in_(criteria.tiers))
    if criteria.categories:
        conditions.append(c.category.in_(criteria.categories))
    if criteria.owner_id:
        conditions.append(c.business_owner_id == criteria.owner_id)
    if criteria.tag:
        conditions.append(c.tags.contains([criteria.tag.strip().lower()]))
    if criteria.created_after:
        conditions.append(c.created_at >= criteria.created_after)
    if criteria.created_before:
        conditions.append(c.created_at < criteria.created_before)
    if criteria.updated_after:
        conditions.append(c.updated_at >= criteria.updated_after)
    if criteria.updated_before:
        conditions.append(c.updated_at < criteria.updated_before)
    return conditions


# What the search function (migration 0007) returns of each match.
_MATCH_COLUMNS = (
    "id",
    "name",
    "status",
    "tier",
    "tier_rank",
    "category",
    "business_owner_id",
    "tags",
    "created_at",
    "updated_at",
    "search_vector",
)


def ranked(criteria: VendorFilter, order_by: str | None) -> bool:
    """Whether the list is ordered by relevance: a search with no other order asked for."""
    return bool(criteria.search) and order_by in (None, "RELEVANCE")


def order_name(criteria: VendorFilter, order_by: str | None, descending: bool) -> str:
    """The name of the list's order, which its cursors carry: a cursor from another order
    is refused, not misread."""
    return f"{order_by or 'NAME'}:{int(descending)}:{int(ranked(criteria, order_by))}"


# A sort key the areas above supply (open findings, the latest report): an expression on
# the id column of the statement it orders.
SortBy = Callable[[Any], Any]


def listing(
    tenant_id: UUID,
    criteria: VendorFilter,
    order_by: str | None,
    descending: bool,
    sort_by: SortBy | None = None,
) -> VendorListing:
    """The select and order for vendors(filter, orderBy): relevance first when searching.
    `sort_by` orders by what another area knows of each vendor, instead of `order_by`'s
    column."""
    query = search_query(criteria.search) if criteria.search else None
    table = Vendor.__table__.c  # type: ignore[attr-defined]
    if query is None:
        # The search document is for the index only; rows never need it.
        statement = (
            select(Vendor)
            .options(defer(Vendor.search_vector))  # type: ignore[arg-type]
            .where(table.tenant_id == tenant_id, *_filters(table, criteria))
        )
        key = sort_by(table.id) if sort_by else table[SORTABLE.get(order_by or "NAME", "name")]
        return VendorListing(statement, [SortKey(key, descending), SortKey(table.id, descending)])
    # Searching reads the definer function, which uses the full-text index for this
    # tenant's matches and returns only the columns filtered, sorted and ranked on.
    matches = (
        func.tprm_vendor_search(query)
        .table_valued(*(column(name, table[name].type) for name in _MATCH_COLUMNS))
        .alias("matches")
    )
    statement = select(matches.c.id).where(*_filters(matches.c, criteria))

    def rows_of(page: Subquery) -> Select[Any]:
        return (
            select(Vendor)
            .options(defer(Vendor.search_vector))  # type: ignore[arg-type]
            .join(page, and_(table.tenant_id == tenant_id, table.id == page.c.id))
        )

    if ranked(criteria, order_by):
        rank = func.ts_rank_cd(matches.c.search_vector, query)
        sort = [SortKey(rank, descending=True), SortKey(matches.c.name), SortKey(matches.c.id)]
        return VendorListing(statement, sort, ranked=True, rows_of=rows_of)
    key = sort_by(matches.c.id) if sort_by else matches.c[SORTABLE[order_by or "NAME"]]
    sort = [SortKey(key, descending), SortKey(matches.c.id, descending)]
    return VendorListing(statement, sort, rows_of=rows_of)


async def page(
    session: AsyncSession,
    listing: VendorListing,
    request: PageRequest,
    count: bool = True,
    shape: Shape | None = None,
) -> Page:
    """One page of vendors (whole rows, or as `shape` writes them) in the listing's order;
    `count`: with the total."""
    return await paginate(
        session,
        listing.statement,
        listing.sort,
        request,
        count_in_page=listing.ranked,
        count=count,
        rows_of=listing.rows_of,
        shape=shape,
    )


# The orders a vendor's lists are read in, each of its table (or rows of it by another
# name, as a page PostgreSQL writes reads them: app/api/json_pages.py).


def oldest_first(rows: Any) -> list[Any]:
    """Contacts and fourth parties: as they were added."""
    return [rows.c.created_at, rows.c.id]


def status_history_order(changes: Any = VendorStatusChange.__table__) -> list[Any]:  # type: ignore[attr-defined]
    return [changes.c.changed_at, changes.c.id]


def onboarding_order(requests: Any = OnboardingRequest.__table__) -> list[Any]:  # type: ignore[attr-defined]
    """Newest first: the first is the vendor's current request."""
    return [requests.c.created_at.desc(), requests.c.id]


def requirements_order(requirements: Any = OnboardingRequirement.__table__) -> list[Any]:  # type: ignore[attr-defined]
    return [requirements.c.kind]


async def contacts_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[VendorContact]]:
    order = oldest_first(VendorContact.__table__)  # type: ignore[attr-defined]
    return await grouped_by(session, VendorContact, "vendor_id", tenant_id, vendor_ids, order)


async def fourth_parties_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[FourthParty]]:
    order = oldest_first(FourthParty.__table__)  # type: ignore[attr-defined]
    return await grouped_by(session, FourthParty, "vendor_id", tenant_id, vendor_ids, order)


async def status_history(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[VendorStatusChange]]:
    order = status_history_order()
    return await grouped_by(session, VendorStatusChange, "vendor_id", tenant_id, vendor_ids, order)


async def onboarding_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[OnboardingRequest]]:
    """Every onboarding request of each vendor, newest first."""
    order = onboarding_order()
    return await grouped_by(session, OnboardingRequest, "vendor_id", tenant_id, vendor_ids, order)


async def requirements_by_request(
    session: AsyncSession, tenant_id: UUID, request_ids: Sequence[UUID]
) -> dict[UUID, list[OnboardingRequirement]]:
    order = requirements_order()
    return await grouped_by(
        session, OnboardingRequirement, "request_id", tenant_id, request_ids, order
    )


class VendorCounts(NamedTuple):
    contacts: int = 0
    fourth_parties: int = 0


def _count_of(model: Any, tenant_id: Any, vendor_id: Any) -> Any:
    return (
        select(func.count())
        .where(model.tenant_id == tenant_id, model.vendor_id == vendor_id)
        .scalar_subquery()
    )


def contacts_count(tenant_id: Any, vendor_id: Any) -> Any:
    """How many contacts the vendor whose id is `vendor_id` (a column) has."""
    return _count_of(VendorContact, tenant_id, vendor_id)


def fourth_parties_count(tenant_id: Any, vendor_id: Any) -> Any:
    """How many fourth parties the vendor whose id is `vendor_id` (a column) has."""
    return _count_of(FourthParty, tenant_id, vendor_id)


async def counts_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, VendorCounts]:
    """How many contacts and fourth parties each vendor has, in one statement."""
    ids = (
        func.unnest(literal(list(vendor_ids), ARRAY(Uuid())))
        .table_valued("id")
        .render_derived(name="ids")
    )
    result = await session.execute(
        select(
            ids.c.id,
            contacts_count(tenant_id, ids.c.id),
            fourth_parties_count(tenant_id, ids.c.id),
        )
    )
    return {vendor_id: VendorCounts(contacts, parties) for vendor_id, contacts, parties in result}
