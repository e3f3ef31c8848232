"""GraphQL types of documents."""

from datetime import date, datetime
from uuid import UUID

import strawberry
from sqlalchemy import func, literal_column
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import DocumentKind, LinkDisposition, ParseStatus
from app.api.nodes import RowNode, member_of_user, node, node_by
from app.api.refs import MemberRef, SocReportRef, VendorRef
from domain.documents import models, service
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(
    description="A URL that opens one document in the viewer's browser without their token "
    "(an <iframe src>, an <a href>): good for this document of this tenant only, for a few "
    "minutes, while the viewer may still read documents. It answers byte ranges, as PDF "
    "viewers ask for them. Issuing one is recorded in the audit trail."
)
class DocumentLink:
    url: str = strawberry.field(description="Absolute URL of the file (GET or HEAD).")
    expires_at: datetime = strawberry.field(
        description="When the URL stops working; ask for a new link after that."
    )


@strawberry.type(description="A vendor's file: a report, a letter, a contract, evidence.")
class Document(RowNode, relay.Node, model=models.Document, read=Permission.DOCUMENT_READ):
    document_id: relay.NodeID[UUID]
    kind: DocumentKind = strawberry.field(
        description="What it is; SOC reports and bridge letters are read by the parser."
    )
    title: str = strawberry.field(description="Its title (the file name unless given).")
    filename: str = strawberry.field(description="The file name, made safe.")
    content_type: str = strawberry.field(description="What the bytes are (checked, not claimed).")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of its bytes, hex.")
    issued_on: date | None = strawberry.field(description="When it was issued.")
    period_start: date | None = strawberry.field(description="Start of what it covers.")
    period_end: date | None = strawberry.field(description="End of what it covers.")
    expires_on: date | None = strawberry.field(
        description="When it lapses (insurance, a certificate); null when it does not."
    )
    parse_status: ParseStatus | None = strawberry.field(
        description="QUEUED, PARSING, PARSED or FAILED; null for kinds that are not read."
    )
    parse_error: str | None = strawberry.field(description="Why the last parse failed.")
    parse_attempts: int = strawberry.field(description="How many times it has been read.")
    parsed_at: datetime | None = strawberry.field(description="When it was last read.")
    created_at: datetime = strawberry.field(description="When it was uploaded.")
    vendor_id: strawberry.Private[UUID]
    uploader_id: strawberry.Private[UUID | None]

    @strawberry.field(
        description="Path to download it with the same bearer token (for API clients; a "
        "browser showing it to a person uses `link`)."
    )
    def download_url(self) -> str:
        return f"/documents/{relay.to_base64('Document', self.document_id)}/content"

    @strawberry.field(
        description="A short-lived signed URL of the file for the viewer's browser. Each "
        "asking issues a new one and records it in the audit trail: ask for it on the "
        "screen that shows the file, not on lists."
    )
    async def link(
        self, info: Info, disposition: LinkDisposition = LinkDisposition.INLINE
    ) -> DocumentLink:
        request = info.context.request
        signer = await request.app.state.document_links.signer(info.context.session)
        token, expires_at = await service.issue_link(
            info.context.session, info.context.actor, signer, self.document_id, disposition
        )
        return DocumentLink(
            url=str(request.url_for("document_link", token=token)), expires_at=expires_at
        )

    @strawberry.field(description="Who uploaded it.")
    def uploaded_by(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.uploader_id)

    @strawberry.field(description="The vendor it belongs to.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="What the SOC parser read from it, once PARSED.")
    def report(self, info: Info) -> SocReportRef | None:
        return node_by(info, info.context.loaders.report_by_document, self.document_id)

    @classmethod
    def from_row(cls, row: models.Document) -> "Document":
        return cls(
            document_id=row.id,
            kind=models.DocumentKind(row.kind),
            title=row.title,
            filename=row.filename,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            issued_on=row.issued_on,
            period_start=row.period_start,
            period_end=row.period_end,
            expires_on=row.expires_on,
            parse_status=models.ParseStatus(row.parse_status) if row.parse_status else None,
            parse_error=row.parse_error,
            parse_attempts=row.parse_attempts,
            parsed_at=row.parsed_at,
            created_at=row.created_at,
            vendor_id=row.vendor_id,
            uploader_id=row.uploaded_by,
        )


# How PostgreSQL writes a document on a list page (app/api/json_pages.py), as above.
json_pages.project(
    "Document",
    {
        "id": json_pages.global_id("Document"),
        **json_pages.columns(
            "kind",
            "title",
            "filename",
            "content_type",
            "size_bytes",
            "sha256",
            "issued_on",
            "period_start",
            "period_end",
            "expires_on",
            "parse_status",
            "parse_error",
            "parse_attempts",
        ),
        "parsedAt": json_pages.instant("parsed_at"),
        "createdAt": json_pages.instant("created_at"),
        "downloadUrl": lambda d: func.concat(
            literal_column("'/documents/'"),
            json_pages.global_id("Document")(d),
            literal_column("'/content'"),
        ),
        # the member the uploader is here, current or removed (member_of_user)
        "uploadedBy": json_pages.tenant_rows(tenancy.Membership, "user_id", "uploaded_by"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "report": json_pages.tenant_rows(soc2.SocReport, "document_id", "id"),
    },
)
