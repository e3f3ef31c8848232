"""GraphQL types of findings and their remediation plans."""

from datetime import date, datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.enums import ActionStatus, FindingKind, FindingStatus, Severity
from app.api.nodes import RowNode, node
from app.api.refs import DocumentRef, MemberRef, VendorRef
from domain.documents import models as documents
from domain.findings import models, rules
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="One step of a finding's remediation plan.")
class RemediationAction(
    RowNode, relay.Node, model=models.RemediationAction, read=Permission.FINDING_READ
):
    action_id: relay.NodeID[UUID]
    description: str = strawberry.field(description="What will be done.")
    due_date: date | None = strawberry.field(description="By when.")
    status: ActionStatus = strawberry.field(description="OPEN, IN_PROGRESS or DONE.")
    completed_at: datetime | None = strawberry.field(description="When it was done.")
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who does it.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @classmethod
    def from_row(cls, row: models.RemediationAction) -> "RemediationAction":
        return cls(
            action_id=row.id,
            description=row.description,
            due_date=row.due_date,
            status=models.ActionStatus(row.status),
            completed_at=row.completed_at,
            owner_id=row.owner_id,
        )


@strawberry.type(description="A gap found at a vendor, as work for us: owner, due date, plan.")
class Finding(RowNode, relay.Node, model=models.Finding, read=Permission.FINDING_READ):
    finding_id: relay.NodeID[UUID]
    kind: FindingKind = strawberry.field(description="What kind of gap.")
    severity: Severity = strawberry.field(description="How urgent.")
    status: FindingStatus = strawberry.field(description="Where it stands.")
    title: str = strawberry.field(description="A line for lists.")
    description: str = strawberry.field(description="What was found, where, and why it matters.")
    due_date: date | None = strawberry.field(description="When it should be closed.")
    status_reason: str | None = strawberry.field(
        description="Why it was closed or reopened (a risk acceptance's justification)."
    )
    closed_at: datetime | None = strawberry.field(description="When it was resolved or accepted.")
    created_at: datetime = strawberry.field(description="When it was raised.")
    vendor_id: strawberry.Private[UUID]
    document_id: strawberry.Private[UUID | None]
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who owns it on our side.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="The vendor it was found at.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="The document it was raised from, if any.")
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @strawberry.field(description="The remediation plan, oldest step first.")
    async def actions(self, info: Info) -> list[RemediationAction]:
        rows = await info.context.loaders.actions_by_finding.load(self.finding_id)
        return [RemediationAction.from_row(row) for row in rows]

    @classmethod
    def from_row(cls, row: models.Finding) -> "Finding":
        return cls(
            finding_id=row.id,
            kind=rules.FindingKind(row.kind),
            severity=rules.Severity(row.severity),
            status=models.FindingStatus(row.status),
            title=row.title,
            description=row.description,
            due_date=row.due_date,
            status_reason=row.status_reason,
            closed_at=row.closed_at,
            created_at=row.created_at,
            vendor_id=row.vendor_id,
            document_id=row.document_id,
            owner_id=row.owner_id,
        )
