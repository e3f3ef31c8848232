"""Input types of documents."""

from datetime import date
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.enums import DocumentKind, ParseStatus
from app.api.relay import filter_uuid
from domain.documents import queries
from domain.soc2 import queries as soc2_queries


@strawberry.input(description="A vendor's file to keep (and, for SOC reports, to read).")
class UploadDocumentInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor it belongs to.")
    kind: DocumentKind = strawberry.field(description="What it is.")
    file: Upload = strawberry.field(
        description="The file (GraphQL multipart request). Larger files: POST /documents."
    )
    title: str | None = strawberry.field(default=None, description="Defaults to the file name.")
    issued_on: date | None = strawberry.field(default=None, description="When it was issued.")
    period_start: date | None = strawberry.field(
        default=None, description="Start of what it covers (a bridge letter's gap, a policy)."
    )
    period_end: date | None = strawberry.field(default=None, description="End of what it covers.")
    expires_on: date | None = strawberry.field(default=None, description="When it lapses.")


@strawberry.input(description="A document to read again.")
class ReparseDocumentInput:
    document_id: relay.GlobalID = strawberry.field(description="The document.")


@strawberry.input(description="Which documents to list; every criterion given must match.")
class DocumentFilter:
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="One vendor's. Ignored under Vendor.documents."
    )
    kind: list[DocumentKind] | None = strawberry.field(
        default=None, description="Documents of any of these kinds."
    )
    parse_status: list[ParseStatus] | None = strawberry.field(
        default=None, description="Documents whose reading is in any of these states."
    )
    review_needed: bool | None = strawberry.field(
        default=None,
        description="true: documents whose report a person must check (SocReport.review."
        "needed); false: documents whose report needs no check. Documents without a report "
        "(not read yet, or not a report) match neither.",
    )

    def criteria(self, vendor_id: UUID | None = None) -> queries.DocumentFilter:
        """The filter as the documents area reads it; `vendor_id` overrides the input's."""
        return queries.DocumentFilter(
            vendor_id=vendor_id or filter_uuid(self.vendor_id, "Vendor"),
            kinds=[k.value for k in self.kind or []],
            parse_statuses=[s.value for s in self.parse_status or []],
            where=(
                [soc2_queries.document_review_needed(self.review_needed)]
                if self.review_needed is not None
                else []
            ),
        )
