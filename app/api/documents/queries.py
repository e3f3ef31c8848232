"""Query fields of documents."""

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.documents.inputs import DocumentFilter
from app.api.documents.types import Document
from app.api.relay import Connection, optional_uuid, page_request
from domain.documents import queries, service
from domain.soc2 import queries as soc2_queries


@strawberry.type
class DocumentQuery:
    @strawberry.field(description="One document; null if it is not there (or not yours).")
    async def document(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Document | None:
        return await Document.by_global_id(info, id)

    @strawberry.field(description="Documents, newest first; poll parseStatus after an upload.")
    async def documents(
        self,
        info: Info,
        filter: DocumentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Document]:
        f = filter or DocumentFilter()
        vendor_id = None
        if f.vendor_id is not None:
            # Another tenant's (or a malformed) vendor ID matches nothing, like a missing one.
            vendor_id = optional_uuid(f.vendor_id, "Vendor") or UUID(int=0)
        criteria = queries.DocumentFilter(
            vendor_id=vendor_id,
            kinds=[k.value for k in f.kind or []],
            parse_statuses=[s.value for s in f.parse_status or []],
            where=(
                [soc2_queries.document_review_needed(f.review_needed)]
                if f.review_needed is not None
                else []
            ),
        )
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, "documents"
        )
        page = await service.list_documents(
            info.context.session, info.context.actor, criteria, request
        )
        return Connection[Document].from_page(page, Document.from_row, "documents")
