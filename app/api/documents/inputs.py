"""Input types of documents."""

from datetime import date

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.enums import DocumentKind, ParseStatus


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


@strawberry.input(description="Which documents to list.")
class DocumentFilter:
    vendor_id: relay.GlobalID | None = strawberry.field(default=None, description="One vendor's.")
    kind: list[DocumentKind] | None = strawberry.field(default=None, description="Any of these.")
    parse_status: list[ParseStatus] | None = strawberry.field(
        default=None, description="Any of these."
    )
    review_needed: bool | None = strawberry.field(
        default=None,
        description="true: documents whose report a person must check (SocReport.review."
        "needed); false: documents whose report needs no check. Documents without a report "
        "(not read yet, or not a report) match neither.",
    )
