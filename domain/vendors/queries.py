"""Reads of the vendors area: one vendor, the filtered and searched list, and batch loads."""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple
from uuid import UUID

from sqlalchemy import Select, Subquery, Text, Uuid, and_, bindparam, column, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlmodel import col

from domain.shared.loading import grouped_by, one_of_bound
from domain.shared.pagination import Page, PageRequest, Shape, SortKey, built_once, paginate
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


def search_terms(text: str) -> str | None:
    """The tsquery of a search: each word a prefix, all required ('acm clo' finds 'Acme
    Cloud'); None if no words."""
    words = [w.strip(".-@").lower() for w in _WORD.findall(text)][:8]
    words = [w for w in words if w]
    if not words:
        return None
    # Lexemes are quoted, so no user text is read as tsquery syntax.
    return " & ".join("'" + w.replace("'", "''") + "':*" for w in words)


def _search_query() -> Any:
    """The search's tsquery, its terms the parameter `search` (search_terms)."""
    # A scalar subquery is evaluated once per statement; a bare call would be parsed
    # again for every match it ranks (the config cast keeps it from being folded).
    terms = bindparam("search", type_=Text)
    return select(func.to_tsquery(literal("simple").cast(REGCONFIG), terms)).scalar_subquery()


@dataclass(frozen=True)
class VendorListing:
    """The select and order of a vendor list, built once for its form (the criteria given,
    not their values; the order), and the values of its parameters (paginate's `values`)."""

    statement: Select[Any]
    sort: list[SortKey] = field(default_factory=list)
    ranked: bool = False  # ordered by relevance: every match is read anyway
    # A search selects the matches' ids: this reads the page's vendors whole.
    rows_of: Callable[[Subquery], Select[Any]] | None = None
    values: dict[str, Any] = field(default_factory=dict)


def _values(tenant_id: UUID, criteria: VendorFilter, terms: str | None) -> dict[str, Any]:
    return {
        "tenant_id": tenant_id,
        "statuses": list(criteria.statuses),
        "tiers": list(criteria.tiers),
        "categories": list(criteria.categories),
        "owner_id": criteria.owner_id,
        "tag": [criteria.tag.strip().lower()] if criteria.tag else None,
        "created_after": criteria.created_after,
        "created_before": criteria.created_before,
        "updated_after": criteria.updated_after,
        "updated_before": criteria.updated_before,
        "search": terms,
    }


class _Given(NamedTuple):
    """Which criteria of a VendorFilter are given: the form of its conditions."""

    statuses: bool
    tiers: bool
    categories: bool
    owner: bool
    tag: bool
    created_after: bool
    created_before: bool
    updated_after: bool
    updated_before: bool

    @classmethod
    def of(cls, criteria: VendorFilter) -> "_Given":
        return cls(
            bool(criteria.statuses),
            bool(criteria.tiers),
            bool(criteria.categories),
            criteria.owner_id is not None,
            bool(criteria.tag),
            criteria.created_after is not None,
            criteria.created_before is not None,
            criteria.updated_after is not None,
            criteria.updated_before is not None,
        )


def _filters(c: Any, given: _Given) -> list[Any]:
    """The criteria given as conditions on vendor columns `c` (the table's, or the
    search's), their values parameters (_values)."""
    conditions = []
    if given.statuses:
        conditions.append(one_of_bound(c.status, "statuses"))
    if given.tiers:
        conditions.append(one_of_bound(c.tier, "tiers"))
    if given.categories:
        conditions.append(one_of_bound(c.category, "categories"))
    if given.owner:
        conditions.append(c.business_owner_id == bindparam("owner_id"))
    if given.tag:
        conditions.append(c.tags.contains(bindparam("tag", type_=c.tags.type)))
    if given.created_after:
        conditions.append(c.created_at >= bindparam("created_after"))
    if given.created_before:
        conditions.append(c.created_at < bindparam("created_before"))
    if given.updated_after:
        conditions.append(c.updated_at >= bindparam("updated_after"))
    if given.updated_before:
        conditions.append(c.updated_at < bindparam("updated_before"))
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
# the tenant's id and the id column of the statement it orders.
SortBy = Callable[[Any, Any], Any]


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
    terms = search_terms(criteria.search) if criteria.search else None
    order = "RELEVANCE" if terms is not None and ranked(criteria, order_by) else order_by
    built = _listing(_Given.of(criteria), terms is not None, order or "NAME", descending, sort_by)
    return replace(built, values=_values(tenant_id, criteria, terms))


@built_once
def _listing(
    given: _Given, searching: bool, order_by: str, descending: bool, sort_by: SortBy | None
) -> VendorListing:
    table = Vendor.__table__.c  # type: ignore[attr-defined]
    tenant_id = bindparam("tenant_id", type_=table.tenant_id.type)
    if not searching:
        # The search document is for the index only; rows never need it.
        statement = (
            select(Vendor)
            .options(defer(Vendor.search_vector))  # type: ignore[arg-type]
            .where(table.tenant_id == tenant_id, *_filters(table, given))
        )
        key = sort_by(tenant_id, table.id) if sort_by else table[SORTABLE.get(order_by, "name")]
        return VendorListing(statement, [SortKey(key, descending), SortKey(table.id, descending)])
    # Searching reads the definer function, which uses the full-text index for this
    # tenant's matches and returns only the columns filtered, sorted and ranked on.
    query = _search_query()
    matches = (
        func.tprm_vendor_search(query)
        .table_valued(*(column(name, table[name].type) for name in _MATCH_COLUMNS))
        .alias("matches")
    )
    statement = select(matches.c.id).where(*_filters(matches.c, given))

    def rows_of(page: Subquery) -> Select[Any]:
        return (
            select(Vendor)
            .options(defer(Vendor.search_vector))  # type: ignore[arg-type]
            .join(page, and_(table.tenant_id == tenant_id, table.id == page.c.id))
        )

    if order_by == "RELEVANCE":
        rank = func.ts_rank_cd(matches.c.search_vector, query)
        sort = [SortKey(rank, descending=True), SortKey(matches.c.name), SortKey(matches.c.id)]
        return VendorListing(statement, sort, ranked=True, rows_of=rows_of)
    key = sort_by(tenant_id, matches.c.id) if sort_by else matches.c[SORTABLE[order_by]]
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
        values=listing.values,
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
