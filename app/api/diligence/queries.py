"""Query fields of what the tenant's customers ask of it."""

import strawberry

from app.api.context import Info
from app.api.diligence.types import Subprocessor
from app.api.relay import Connection, page_request
from domain.diligence import subprocessors


@strawberry.type
class DiligenceQuery:
    @strawberry.field(
        description="The vendors the tenant uses that are flagged as subprocessors, by name, "
        "each with its service, data, locations and SOC standing: the list customers ask for "
        "(also as CSV: GET /subprocessors.csv)."
    )
    async def subprocessors(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Subprocessor]:
        order = "subprocessors"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await subprocessors.list_subprocessors(
            info.context.session, info.context.actor, request
        )
        return Connection[Subprocessor].from_page(page, Subprocessor.of, order)
