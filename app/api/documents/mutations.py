"""Mutation fields of documents: upload (GraphQL multipart) and re-parse."""

import strawberry

from app.api.context import Info
from app.api.documents.errors import DocumentError
from app.api.documents.inputs import ReparseDocumentInput, UploadDocumentInput
from app.api.documents.types import Document
from app.api.errors import Payload, mutation
from app.api.inputs import uploaded
from app.api.relay import node_uuid
from app.api.uploads import receiving
from domain.documents import service
from domain.documents.models import DocumentKind
from domain.shared.policy import Permission


@strawberry.type(description="Result of uploadDocument.")
class UploadDocumentPayload(Payload[DocumentError]):
    document: Document | None = strawberry.field(default=None, description="The document.")
    duplicate: bool = strawberry.field(
        default=False,
        description="The vendor already had this exact file: this is that document, unchanged.",
    )


@strawberry.type(description="Result of reparseDocument.")
class DocumentPayload(Payload[DocumentError]):
    document: Document | None = strawberry.field(default=None, description="The document.")


async def _upload(info: Info, input: UploadDocumentInput) -> UploadDocumentPayload:
    # Stored before the transaction opened (app/api/uploads.py), unless the checks refused it
    # there: then reading it again here says what is wrong.
    permission = Permission.DOCUMENT_UPLOAD
    async with receiving(info.context, uploaded(input.file), permission) as (received, stored):
        uploaded_document = await service.upload(
            info.context.session,
            info.context.actor,
            info.context.store,
            node_uuid(input.vendor_id, "Vendor", "Vendor", "vendorId"),
            service.DocumentDetails(
                kind=DocumentKind(input.kind.value),
                title=input.title,
                issued_on=input.issued_on,
                period_start=input.period_start,
                period_end=input.period_end,
                expires_on=input.expires_on,
            ),
            received,
            stored,
        )
    return UploadDocumentPayload(
        document=Document.from_row(uploaded_document.document),
        duplicate=uploaded_document.duplicate,
    )


@strawberry.type
class DocumentMutation:
    @mutation(
        "Upload a vendor's document (GraphQL multipart request); SOC reports and bridge "
        "letters are then read in the background: poll parseStatus (REVIEWER, PROCUREMENT, "
        "ADMIN). The same bytes again for the vendor return the document kept (duplicate).",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here",
            "INVALID": "(file, or the field) for a type that is not accepted, a report that "
            "is not a PDF, or a value that does not fit",
            "TOO_LARGE": "(file) for a file over TPRM_MAX_UPLOAD_BYTES",
        },
    )
    async def upload_document(
        self, info: Info, input: UploadDocumentInput
    ) -> UploadDocumentPayload:
        return await _upload(info, input)

    @mutation(
        "Read a SOC report or bridge letter again, in the background (REVIEWER, ADMIN); "
        "reviewers' corrections stay in force.",
        errors={
            "NOT_FOUND": "(documentId) for a document that is not here",
            "INVALID": "(documentId) for a kind of document that is not read",
        },
    )
    async def reparse_document(self, info: Info, input: ReparseDocumentInput) -> DocumentPayload:
        document_id = node_uuid(input.document_id, "Document", "Document", "documentId")
        row = await service.reparse(info.context.session, info.context.actor, document_id)
        return DocumentPayload(document=Document.from_row(row))
