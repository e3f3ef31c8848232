"""Query fields of what the tenant's customers ask of it."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.diligence.inputs import AnswerEntryFilter
from app.api.diligence.types import AnswerEntry, Subprocessor
from app.api.relay import Connection, node_uuid, page_request
from domain.diligence import library, subprocessors


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

    @strawberry.field(description="One entry of the answer library; null if it is not there.")
    async def answer_entry(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> AnswerEntry | None:
        return await AnswerEntry.by_global_id(info, id)

    @strawberry.field(
        description="The answer library by question: filtered by words, tag, owner, or "
        "staleness (stale: true lists what is due for review)."
    )
    async def answer_library(
        self,
        info: Info,
        filter: AnswerEntryFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AnswerEntry]:
        given = filter or AnswerEntryFilter()
        wanted = library.EntryFilter(
            search=given.search,
            tag=given.tag,
            owner_id=node_uuid(given.owner_id, "Member", "Member", "filter.ownerId")
            if given.owner_id
            else None,
            stale=given.stale,
        )
        order = "answer-library"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await library.list_entries(info.context.session, info.context.actor, wanted, request)
        return Connection[AnswerEntry].from_page(page, AnswerEntry.from_row, order)
