"""Query fields of the risk register."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.relay import Connection, node_uuid, page_request
from app.api.risks.inputs import RiskFilter, RiskOrder
from app.api.risks.types import Risk
from domain.risks import queries
from domain.risks.models import RiskCategory, RiskStatus, RiskTreatment
from domain.risks.scoring import RiskBand


def _filter(given: RiskFilter) -> queries.RiskFilter:
    return queries.RiskFilter(
        statuses=tuple(RiskStatus(s.value) for s in given.status or ()),
        categories=tuple(RiskCategory(c.value) for c in given.category or ()),
        treatments=tuple(RiskTreatment(t.value) for t in given.treatment or ()),
        bands=tuple(RiskBand(b.value) for b in given.band or ()),
        owner_id=node_uuid(given.owner_id, "Member", "Member", "filter.ownerId")
        if given.owner_id
        else None,
        vendor_id=node_uuid(given.vendor_id, "Vendor", "Vendor", "filter.vendorId")
        if given.vendor_id
        else None,
        overdue=given.overdue,
        search=given.search,
    )


@strawberry.type
class RiskQuery:
    @strawberry.field(description="One of the tenant's risks; null if it is not there.")
    async def risk(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Risk | None:
        return await Risk.by_global_id(info, id)

    @strawberry.field(
        description="The tenant's risk register: filtered, the largest current score first "
        "(or the newest), paged."
    )
    async def risks(
        self,
        info: Info,
        filter: RiskFilter | None = None,
        order: RiskOrder = RiskOrder.SCORE,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Risk]:
        name = f"risks:{order.value}"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, name
        )
        criteria = _filter(filter or RiskFilter())
        return await json_pages.list_page(  # type: ignore[no-any-return]
            info,
            name,
            lambda shape: queries.list_risks(
                info.context.session,
                info.context.actor,
                criteria,
                request,
                order.value,
                shape=shape,
            ),
            lambda page: Connection[Risk].from_page(page, Risk.from_row, name),
        )
