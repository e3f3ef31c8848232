"""Query fields of the vendors area."""

from typing import Annotated, Any

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.inputs import OrderDirection
from app.api.loaders import prime
from app.api.relay import Connection, filter_uuid, page_request
from app.api.selection import selected
from app.api.vendors.inputs import VendorFilter, VendorOrder
from app.api.vendors.types import Vendor
from domain.findings import queries as finding_queries
from domain.shared import policy
from domain.shared.pagination import Page
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.vendors import queries, service
from domain.vendors.queries import SortBy
from domain.vendors.queries import VendorFilter as Criteria


def _criteria(f: VendorFilter | None) -> Criteria:
    f = f or VendorFilter()
    return Criteria(
        statuses=[s.value for s in f.status or []],
        tiers=[t.value for t in f.tier or []],
        categories=[c.value for c in f.category or []],
        owner_id=filter_uuid(f.owner_id, "Member"),
        tag=f.tag,
        created_after=f.created_after,
        created_before=f.created_before,
        updated_after=f.updated_after,
        updated_before=f.updated_before,
        search=f.search,
    )


@strawberry.type
class VendorQuery:
    @strawberry.field(description="One vendor; null if it is not there (or not yours).")
    async def vendor(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Vendor | None:
        return await Vendor.by_global_id(info, id)

    @strawberry.field(description="The vendor inventory: filtered, searched, ordered, paged.")
    async def vendors(
        self,
        info: Info,
        filter: VendorFilter | None = None,
        order_by: VendorOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Vendor]:
        criteria = _criteria(filter)
        field = order_by.field.value if order_by else None
        descending = bool(order_by and order_by.direction == OrderDirection.DESC)
        order = queries.order_name(criteria, field, descending)
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        sort_by = _sort_by(info, field)

        async def by_fields(page: Page) -> Connection[Vendor]:
            await _prime(info, page.rows)
            return Connection[Vendor].from_page(page, Vendor.from_row, order)

        return await json_pages.list_page(  # type: ignore[no-any-return]
            info,
            order,
            lambda shape: service.list_vendors(
                info.context.session,
                info.context.actor,
                criteria,
                field,
                descending,
                request,
                sort_by,
                shape=shape,
            ),
            by_fields,
        )


def _sort_by(info: Info, field: str | None) -> SortBy | None:
    """The sort key of an order by what another area knows of each vendor."""
    actor = info.context.actor
    if field == "OPEN_FINDINGS":
        policy.require(actor, Permission.FINDING_READ)
        return finding_queries.open_count
    if field == "LATEST_REPORT_OPINION":
        policy.require(actor, Permission.DOCUMENT_READ)
        return soc2_queries.latest_report_opinion_rank
    if field == "LATEST_REPORT_PERIOD_END":
        policy.require(actor, Permission.DOCUMENT_READ)
        return soc2_queries.latest_report_period_end
    return None


async def _prime(info: Info, rows: list[Any]) -> None:
    """Batch-load what the page's rows were asked for, before their fields resolve: each
    row's fields then read it at once instead of waiting, fifty times, for a loader."""
    loaders = info.context.loaders
    # a row's fields, whether asked through `edges { node }` or `nodes`
    fields = {
        path.removeprefix(prefix)
        for path in selected(info)
        for prefix in ("edges.node.", "nodes.")
        if path.startswith(prefix)
    }
    ids = [row.id for row in rows]
    if {"contactsCount", "fourthPartiesCount"} & fields:
        await prime(loaders.counts_by_vendor, ids)
    if "findingCounts" in fields and policy.allows(info.context.actor, Permission.FINDING_READ):
        await prime(loaders.finding_counts_by_vendor, ids)
    if "latestSocReport" in fields:
        await prime(loaders.latest_report_by_vendor, ids)
    if "businessOwner" in fields:
        # Their users come in the same statement (see Loaders._members).
        await prime(
            loaders.membership_by_id, [r.business_owner_id for r in rows if r.business_owner_id]
        )
