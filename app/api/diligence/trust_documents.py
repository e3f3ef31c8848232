"""The tenant's own documents it shares with its customers: uploadTrustDocument (GraphQL
multipart request), updateTrustDocument, removeTrustDocument, trustDocument(id) and
trustDocuments. Downloads: GET /trust-documents/{id}/content (app/trust_documents_http.py)."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.diligence.errors import DiligenceError
from app.api.enums import TrustDocumentKind
from app.api.errors import Payload, mutation
from app.api.inputs import given, uploaded
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from app.api.relay import Connection, node_uuid, page_request
from app.api.uploads import receiving
from domain.diligence import models, trust_documents
from domain.shared import policy
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


@strawberry.type(description="What the viewer may do to a trust document now.")
class TrustDocumentViewerCan:
    update: bool = strawberry.field(description="Change its details (REVIEWER, ADMIN).")
    remove: bool = strawberry.field(description="Remove it (REVIEWER, ADMIN).")


@strawberry.type(
    description="A document of the tenant's own that it shares with its customers (its SOC 2 "
    "report, a policy, a certificate, a pen-test summary), checked and kept like a vendor's "
    "document."
)
class TrustDocument(
    RowNode, relay.Node, model=models.TrustDocument, read=Permission.DILIGENCE_READ
):
    document_id: relay.NodeID[UUID]
    title: str = strawberry.field(description="Its title, as customers see it.")
    kind: TrustDocumentKind = strawberry.field(description="What it is.")
    description: str | None = strawberry.field(description="What it covers.")
    valid_until: date | None = strawberry.field(
        description="The last day it holds (a certificate's expiry, a report's next due)."
    )
    filename: str = strawberry.field(description="The file name, made safe.")
    content_type: str = strawberry.field(description="What the bytes are (checked, not claimed).")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of its bytes, hex.")
    created_at: datetime = strawberry.field(description="When it was uploaded.")
    updated_at: datetime = strawberry.field(description="When its details last changed.")
    uploaded_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Valid until a day before today: to renew.")
    def expired(self) -> bool:
        return trust_documents.is_expired(self.valid_until, today())

    @strawberry.field(
        description="Path to download it with the same bearer token (GET or HEAD; byte "
        "ranges answered)."
    )
    def download_url(self) -> str:
        return f"/trust-documents/{relay.to_base64('TrustDocument', self.document_id)}/content"

    @strawberry.field(description="Who uploaded it.")
    def uploaded_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.uploaded_by_id)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> TrustDocumentViewerCan:
        writes = policy.allows(info.context.actor, Permission.DILIGENCE_WRITE)
        return TrustDocumentViewerCan(update=writes, remove=writes)

    @classmethod
    def from_row(cls, row: models.TrustDocument) -> "TrustDocument":
        return cls(
            document_id=row.id,
            title=row.title,
            kind=TrustDocumentKind(row.kind),
            description=row.description,
            valid_until=row.valid_until,
            filename=row.filename,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            created_at=row.created_at,
            updated_at=row.updated_at,
            uploaded_by_id=row.uploaded_by_id,
        )


# --- inputs ----------------------------------------------------------------------------------


@strawberry.input(description="A document of the tenant's own to share with its customers.")
class UploadTrustDocumentInput:
    file: Upload = strawberry.field(
        description="The file (GraphQL multipart request): a PDF, PNG, JPEG, Word, Excel, "
        "PowerPoint or text file, up to TPRM_MAX_UPLOAD_BYTES."
    )
    title: str = strawberry.field(description="Its title (at most 200 characters).")
    kind: TrustDocumentKind = strawberry.field(description="What it is.")
    description: str | None = strawberry.field(
        default=None, description="What it covers (at most 2,000 characters)."
    )
    valid_until: date | None = strawberry.field(
        default=None, description="The last day it holds; none: it does not expire."
    )


@strawberry.input(description="What to change of a trust document's details: the fields given.")
class UpdateTrustDocumentInput:
    document_id: relay.GlobalID = strawberry.field(description="The TrustDocument.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Its title.")
    kind: TrustDocumentKind | None = strawberry.field(
        default=strawberry.UNSET, description="What it is."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it covers; null: nothing said."
    )
    valid_until: date | None = strawberry.field(
        default=strawberry.UNSET, description="The last day it holds; null: it does not expire."
    )


@strawberry.input(description="A trust document to remove.")
class RemoveTrustDocumentInput:
    document_id: relay.GlobalID = strawberry.field(description="The TrustDocument.")


@strawberry.input(description="Which trust documents to list.")
class TrustDocumentFilter:
    kind: TrustDocumentKind | None = strawberry.field(default=None, description="Of this kind.")
    expired: bool | None = strawberry.field(
        default=None, description="true: valid until a day before today; false: not expired."
    )


# --- queries ---------------------------------------------------------------------------------


@strawberry.type
class TrustDocumentQuery:
    @strawberry.field(description="One trust document; null if it is not there.")
    async def trust_document(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> TrustDocument | None:
        return await TrustDocument.by_global_id(info, id)

    @strawberry.field(
        description="The documents the tenant shares with its customers, by title; filtered "
        "by kind or expiry (expired: true lists what to renew)."
    )
    async def trust_documents(
        self,
        info: Info,
        filter: TrustDocumentFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[TrustDocument]:
        chosen = filter or TrustDocumentFilter()
        wanted = trust_documents.DocumentFilter(kind=chosen.kind, expired=chosen.expired)
        order = "trust-documents"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await trust_documents.list_documents(
            info.context.session, info.context.actor, wanted, request
        )
        return Connection[TrustDocument].from_page(page, TrustDocument.from_row, order)


# --- mutations -------------------------------------------------------------------------------


@strawberry.type(description="Result of uploadTrustDocument.")
class UploadTrustDocumentPayload(Payload[DiligenceError]):
    document: TrustDocument | None = strawberry.field(default=None, description="The document.")
    duplicate: bool = strawberry.field(
        default=False,
        description="The tenant had this exact file already: this is that one, unchanged.",
    )


@strawberry.type(description="Result of updateTrustDocument.")
class TrustDocumentPayload(Payload[DiligenceError]):
    document: TrustDocument | None = strawberry.field(default=None, description="The document.")


@strawberry.type(description="Result of removeTrustDocument.")
class RemoveTrustDocumentPayload(Payload[DiligenceError]):
    removed_document_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the document removed."
    )


def document_uuid(value: relay.GlobalID, field: str = "documentId") -> UUID:
    return node_uuid(value, "TrustDocument", "Document", field)


def details(input: UploadTrustDocumentInput) -> trust_documents.TrustDocumentDetails:
    return trust_documents.TrustDocumentDetails(
        title=input.title,
        kind=input.kind,
        description=input.description,
        valid_until=input.valid_until,
    )


async def _upload(info: Info, input: UploadTrustDocumentInput) -> UploadTrustDocumentPayload:
    permission = Permission.DILIGENCE_WRITE
    async with receiving(info.context, uploaded(input.file), permission) as (received, stored):
        kept = await trust_documents.upload(
            info.context.session,
            info.context.actor,
            info.context.store,
            details(input),
            received,
            stored,
        )
    return UploadTrustDocumentPayload(
        document=TrustDocument.from_row(kept.document), duplicate=kept.duplicate
    )


@strawberry.type
class TrustDocumentMutation:
    @mutation(
        "Keep a document of the tenant's own to share with its customers (REVIEWER, ADMIN; "
        "GraphQL multipart request), checked like a vendor's document. The same bytes again "
        "return the document kept (duplicate), its details unchanged.",
        errors={
            "INVALID": "(file) for a type that is not accepted, an empty file or one named "
            "as what it is not (a .pdf that is no PDF), (title) blank or over 200 characters, "
            "(description) over 2,000 characters",
            "TOO_LARGE": "(file) for a file over TPRM_MAX_UPLOAD_BYTES",
        },
    )
    async def upload_trust_document(
        self, info: Info, input: UploadTrustDocumentInput
    ) -> UploadTrustDocumentPayload:
        return await _upload(info, input)

    @mutation(
        "Change what is given of a trust document's details (REVIEWER, ADMIN); its file stays.",
        errors={
            "INVALID": "(title) blank or over 200 characters, (description) over 2,000 "
            "characters, or a field that cannot be cleared given null",
            "NOT_FOUND": "(documentId) for a document that is not here",
        },
    )
    async def update_trust_document(
        self, info: Info, input: UpdateTrustDocumentInput
    ) -> TrustDocumentPayload:
        sent: dict[str, Any] = given(input, trust_documents.TrustDocumentChanges.model_fields)
        row = await trust_documents.update_document(
            info.context.session,
            info.context.actor,
            document_uuid(input.document_id),
            trust_documents.TrustDocumentChanges.read(sent),
        )
        return TrustDocumentPayload(document=TrustDocument.from_row(row))

    @mutation(
        "Remove a trust document (REVIEWER, ADMIN), and with it from the evidence of the "
        "library's answers; the audit trail keeps what it was and which answers it backed.",
        errors={"NOT_FOUND": "(documentId) for a document that is not here"},
    )
    async def remove_trust_document(
        self, info: Info, input: RemoveTrustDocumentInput
    ) -> RemoveTrustDocumentPayload:
        removed = await trust_documents.remove_document(
            info.context.session, info.context.actor, document_uuid(input.document_id)
        )
        return RemoveTrustDocumentPayload(
            removed_document_id=relay.GlobalID("TrustDocument", str(removed))
        )
