"""attachControlEvidence (GraphQL multipart upload) and removeControlEvidence: the files
that show one of the tenant's own controls is in place or ran. Downloads:
GET /control-evidence/{id}/content (app/control_evidence_http.py)."""

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.compliance.errors import ComplianceError
from app.api.compliance.types import Control, ControlEvidence
from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import uploaded
from app.api.relay import node_uuid
from app.api.uploads import receiving
from domain.compliance import evidence, service
from domain.shared.policy import Permission


@strawberry.input(description="A file to keep as evidence of one of the tenant's controls.")
class AttachControlEvidenceInput:
    control_id: relay.GlobalID = strawberry.field(description="The control.")
    file: Upload = strawberry.field(
        description="The file (GraphQL multipart request): a PDF, PNG, JPEG, Word, Excel, "
        "PowerPoint or text file, up to TPRM_MAX_UPLOAD_BYTES."
    )
    note: str | None = strawberry.field(
        default=None, description="What it shows (at most 2,000 characters)."
    )


@strawberry.input(description="An evidence file to take off its control.")
class RemoveControlEvidenceInput:
    evidence_id: relay.GlobalID = strawberry.field(description="The ControlEvidence.")


@strawberry.type(description="Result of attachControlEvidence.")
class AttachControlEvidencePayload(Payload[ComplianceError]):
    evidence: ControlEvidence | None = strawberry.field(
        default=None, description="The evidence file."
    )
    duplicate: bool = strawberry.field(
        default=False,
        description="The control had this exact file already: this is that one, unchanged.",
    )


@strawberry.type(description="Result of removeControlEvidence.")
class RemoveControlEvidencePayload(Payload[ComplianceError]):
    removed_evidence_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the evidence file taken off."
    )
    control: Control | None = strawberry.field(default=None, description="Its control now.")


async def _attach(info: Info, input: AttachControlEvidenceInput) -> AttachControlEvidencePayload:
    permission = Permission.COMPLIANCE_WRITE
    async with receiving(info.context, uploaded(input.file), permission) as (received, stored):
        attached = await evidence.attach(
            info.context.session,
            info.context.actor,
            info.context.store,
            node_uuid(input.control_id, "Control", "Control", "controlId"),
            received,
            input.note,
            stored,
        )
    return AttachControlEvidencePayload(
        evidence=ControlEvidence.from_row(attached.evidence), duplicate=attached.duplicate
    )


@strawberry.type
class ControlEvidenceMutation:
    @mutation(
        "Keep a file as evidence of one of the tenant's controls (REVIEWER, ADMIN; GraphQL "
        f"multipart request), checked like a vendor's document; {evidence.MAX_PER_CONTROL} "
        "files at most per control. The same bytes again for the control return the file "
        "kept (duplicate).",
        errors={
            "NOT_FOUND": "(controlId) for a control that is not here",
            "INVALID": "(file) for a type that is not accepted, an empty file or one named "
            "as what it is not (a .pdf that is no PDF), (note) over 2,000 characters, "
            f"(controlId) for a control with {evidence.MAX_PER_CONTROL} files already",
            "TOO_LARGE": "(file) for a file over TPRM_MAX_UPLOAD_BYTES",
        },
    )
    async def attach_control_evidence(
        self, info: Info, input: AttachControlEvidenceInput
    ) -> AttachControlEvidencePayload:
        return await _attach(info, input)

    @mutation(
        "Take an evidence file off its control (REVIEWER, ADMIN); the audit trail keeps what "
        "it was.",
        errors={"NOT_FOUND": "(evidenceId) for an evidence file that is not here"},
    )
    async def remove_control_evidence(
        self, info: Info, input: RemoveControlEvidenceInput
    ) -> RemoveControlEvidencePayload:
        evidence_id = node_uuid(input.evidence_id, "ControlEvidence", "Evidence", "evidenceId")
        control_id = await evidence.remove(info.context.session, info.context.actor, evidence_id)
        control = await service.get_control(info.context.session, info.context.actor, control_id)
        return RemoveControlEvidencePayload(
            removed_evidence_id=relay.GlobalID("ControlEvidence", str(evidence_id)),
            control=Control.from_row(control),
        )
