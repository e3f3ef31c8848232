"""Query fields of findings."""

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.findings.inputs import FindingFilter
from app.api.findings.types import Finding
from app.api.relay import Connection, optional_uuid, page_request
from domain.findings import queries, service

_NOTHING = UUID(int=0)  # an ID of another tenant or type matches nothing, like a missing one


@strawberry.type
class FindingQuery:
    @strawberry.field(description="One finding; null if it is not there (or not yours).")
    async def finding(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Finding | None:
        return await Finding.by_global_id(info, id)

    @strawberry.field(description="Findings, newest first.")
    async def findings(
        self,
        info: Info,
        filter: FindingFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Finding]:
        f = filter or FindingFilter()
        criteria = queries.FindingFilter(
            vendor_id=(optional_uuid(f.vendor_id, "Vendor") or _NOTHING) if f.vendor_id else None,
            document_id=(optional_uuid(f.document_id, "Document") or _NOTHING)
            if f.document_id
            else None,
            statuses=[s.value for s in f.status or []],
            severities=[s.value for s in f.severity or []],
            kinds=[k.value for k in f.kind or []],
        )
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, "findings"
        )
        page = await service.list_findings(
            info.context.session, info.context.actor, criteria, request
        )
        return Connection[Finding].from_page(page, Finding.from_row, "findings")
