"""Query fields of documents."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.documents.inputs import DocumentFilter
from app.api.documents.types import Document
from app.api.pages import documents_page
from app.api.relay import Connection


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
        criteria = (filter or DocumentFilter()).criteria()
        return await documents_page(info, criteria, first, after, last, before)
