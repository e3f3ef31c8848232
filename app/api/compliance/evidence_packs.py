"""generateEvidencePack, evidencePack(id) and evidencePacks: the vendor-management evidence
for the tenant's own auditor (SOC 2 CC9.2), as CSV and PDF files downloaded over plain
HTTP (app/evidence_pack_http.py)."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.compliance.errors import ComplianceError
from app.api.context import Info
from app.api.enums import EvidencePackStatus
from app.api.errors import Payload, mutation
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from app.api.relay import Connection, page_request
from domain.compliance import evidence_pack, models
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


@strawberry.type(description="One of a READY evidence pack's files.")
class EvidencePackFile:
    url: str = strawberry.field(
        description="Where to GET it, with the same bearer token (byte ranges answered)."
    )
    filename: str = strawberry.field(description="The name it downloads as.")
    content_type: str = strawberry.field(description="text/csv or application/pdf.")
    size_bytes: int = strawberry.field(description="Its size.")


@strawberry.type(
    description="The tenant's vendor management as its own auditor asks for it (SOC 2 "
    "CC9.2): every vendor in scope with its tier, its latest signed-off review, its SOC "
    "report's period, opinion and exceptions with how each was handled, its CUEC coverage "
    "and its open findings, as CSV (a row per vendor) and as a PDF report. Poll `status` "
    "while QUEUED."
)
class EvidencePack(RowNode, relay.Node, model=models.EvidencePack, read=Permission.COMPLIANCE_READ):
    evidence_pack_id: relay.NodeID[UUID]
    status: EvidencePackStatus = strawberry.field(description="Where it stands.")
    note: str | None = strawberry.field(description="What it is for, as its requester said.")
    vendor_count: int = strawberry.field(
        description="Vendors in scope: as written once READY, as counted when asked for before."
    )
    error: str | None = strawberry.field(description="Why it FAILED.")
    created_at: datetime = strawberry.field(description="When it was asked for.")
    completed_at: datetime | None = strawberry.field(description="When it became READY or FAILED.")
    requested_by_id: strawberry.Private[UUID | None]
    row: strawberry.Private[models.EvidencePack]

    @strawberry.field(description="Who asked for it.")
    def requested_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.requested_by_id)

    def _file(self, info: Info, extension: str) -> EvidencePackFile | None:
        row = self.row
        size = row.csv_size_bytes if extension == "csv" else row.pdf_size_bytes
        if row.status != models.EvidencePackStatus.READY or size is None:
            return None
        global_id = relay.to_base64("EvidencePack", row.id)
        url = info.context.request.url_for(f"evidence_pack_{extension}", pack_id=global_id)
        return EvidencePackFile(
            url=str(url),
            filename=evidence_pack.filename(row, extension),
            content_type=evidence_pack.FORMATS[extension],
            size_bytes=size,
        )

    @strawberry.field(description="The CSV, a row per vendor in scope; null until READY.")
    def csv(self, info: Info) -> EvidencePackFile | None:
        return self._file(info, "csv")

    @strawberry.field(description="The PDF report; null until READY.")
    def pdf(self, info: Info) -> EvidencePackFile | None:
        return self._file(info, "pdf")

    @classmethod
    def from_row(cls, row: models.EvidencePack) -> "EvidencePack":
        return cls(
            evidence_pack_id=row.id,
            status=models.EvidencePackStatus(row.status),
            note=row.note,
            vendor_count=row.vendor_count,
            error=row.error,
            created_at=row.created_at,
            completed_at=row.completed_at,
            requested_by_id=row.requested_by_id,
            row=row,
        )


@strawberry.input(description="What the evidence pack is for.")
class GenerateEvidencePackInput:
    note: str | None = strawberry.field(
        default=None,
        description="What it is for, in words (FY2026 SOC 2 audit), on the PDF's cover; 500 "
        "characters at most.",
    )


@strawberry.type(description="Result of asking for an evidence pack.")
class GenerateEvidencePackPayload(Payload[ComplianceError]):
    evidence_pack: EvidencePack | None = strawberry.field(
        default=None, description="The pack: READY, or QUEUED for a worker (poll it)."
    )


@strawberry.type
class EvidencePackMutation:
    @mutation(
        "Write an evidence pack of the tenant's vendor management for its auditor (REVIEWER, "
        "ADMIN): READY at once for up to TPRM_EVIDENCE_PACK_INLINE_MAX_VENDORS vendors in "
        "scope (50), else QUEUED and written in the background.",
        errors={
            "INVALID": "(note) over 500 characters",
            "CONFLICT": "(note) when three packs of the tenant are already waiting for a worker",
        },
    )
    async def generate_evidence_pack(
        self, info: Info, input: GenerateEvidencePackInput
    ) -> GenerateEvidencePackPayload:
        row = await evidence_pack.generate(
            info.context.session,
            info.context.actor,
            info.context.store,
            input.note,
            info.context.settings.evidence_pack_inline_max_vendors,
        )
        return GenerateEvidencePackPayload(evidence_pack=EvidencePack.from_row(row))


@strawberry.type
class EvidencePackQuery:
    @strawberry.field(description="One evidence pack; null if it is not there (or not yours).")
    async def evidence_pack(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> EvidencePack | None:
        return await EvidencePack.by_global_id(info, id)

    @strawberry.field(description="The tenant's evidence packs, newest first.")
    async def evidence_packs(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[EvidencePack]:
        order = "evidence-packs"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await evidence_pack.list_packs(info.context.session, info.context.actor, request)
        return Connection[EvidencePack].from_page(page, EvidencePack.from_row, order)
