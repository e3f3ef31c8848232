"""GraphQL types of findings and their remediation plans."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import (
    ActionStatus,
    ControlGrade,
    FindingKind,
    FindingStatus,
    FollowUpKind,
    FollowUpStatus,
    RootCause,
    Severity,
)
from app.api.nodes import RowNode, node, node_by, to_node
from app.api.refs import (
    DocumentRef,
    MemberRef,
    RiskRef,
    SocExceptionRef,
    SocReportRef,
    VendorRef,
)
from domain.documents import models as documents
from domain.findings import follow_ups, models, rules, service
from domain.findings import queries as finding_queries
from domain.risks import queries as risk_queries
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="One step of a finding's remediation plan.")
class RemediationAction(
    RowNode, relay.Node, model=models.RemediationAction, read=Permission.FINDING_READ
):
    action_id: relay.NodeID[UUID]
    description: str = strawberry.field(description="What will be done.")
    due_date: date | None = strawberry.field(
        description="When it should be done; null for no date."
    )
    status: ActionStatus = strawberry.field(description="OPEN, IN_PROGRESS or DONE.")
    completed_at: datetime | None = strawberry.field(description="When it was done.")
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who does it; null until someone is named.")
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


@strawberry.type(description="Who reassessed a finding before it was RESOLVED, when, on what.")
class FindingVerification:
    note: str = strawberry.field(description="The evidence, in words.")
    verified_at: datetime = strawberry.field(description="When it was reassessed.")
    verified_by_id: strawberry.Private[UUID | None]
    document_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who reassessed it; null for tprm itself (a newer reading).")
    def verified_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.verified_by_id)

    @strawberry.field(
        description="The document that shows it (a newer report, a bridge letter, a re-test); "
        "null when none was named."
    )
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)


@strawberry.type(description="One move of a finding's status: who, when, why.")
class FindingStatusChange:
    from_status: FindingStatus | None = strawberry.field(
        description="Before; null for the finding's raising."
    )
    to_status: FindingStatus = strawberry.field(description="The status it moved to.")
    reason: str | None = strawberry.field(description="Why, as the mover gave it.")
    changed_at: datetime = strawberry.field(description="When it moved.")
    changed_by_id: strawberry.Private[UUID | None]

    @strawberry.field(
        description="Who; null for tprm itself (raising, resolving on a new reading)."
    )
    def changed_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.changed_by_id)

    @classmethod
    def from_row(cls, row: models.FindingStatusChange) -> "FindingStatusChange":
        return cls(
            from_status=models.FindingStatus(row.from_status) if row.from_status else None,
            to_status=models.FindingStatus(row.to_status),
            reason=row.reason,
            changed_at=row.changed_at,
            changed_by_id=row.changed_by_id,
        )


@strawberry.type(description="What the viewer may do to a finding now (their role and its state).")
class FindingViewerCan:
    update: bool = strawberry.field(description="updateFinding: owner, due date, severity.")
    transition: bool = strawberry.field(
        description="transitionFinding: true when availableTransitions is not empty."
    )
    plan: bool = strawberry.field(
        description="addRemediationAction and updateRemediationAction: work on the remediation plan."
    )
    schedule_follow_up: bool = strawberry.field(
        description="scheduleFindingFollowUp: false once the finding is closed (RESOLVED or "
        "RISK_ACCEPTED)."
    )

    @classmethod
    def of(cls, actor: Actor, status: models.FindingStatus) -> "FindingViewerCan":
        may_write = policy.allows(actor, Permission.FINDING_WRITE)
        return cls(
            update=may_write,
            transition=bool(service.available_moves(actor, status)),
            plan=may_write,
            schedule_follow_up=follow_ups.can_schedule(actor, status),
        )


@strawberry.type(
    description="What the viewer may do to a follow-up now (their role and its state)."
)
class FindingFollowUpViewerCan:
    receive: bool = strawberry.field(description="receiveFindingFollowUp: it is EXPECTED.")
    cancel: bool = strawberry.field(description="cancelFindingFollowUp: it is EXPECTED.")

    @classmethod
    def of(cls, actor: Actor, status: models.FollowUpStatus) -> "FindingFollowUpViewerCan":
        may = follow_ups.can_settle(actor, status)
        return cls(receive=may, cancel=may)


@strawberry.type(
    description="What a vendor is to send by a date that will show a finding fixed (its next "
    "SOC report, a bridge letter, ...): EXPECTED until RECEIVED with the document, or "
    "CANCELLED with why."
)
class FindingFollowUp(
    RowNode, relay.Node, model=models.FindingFollowUp, read=Permission.FINDING_READ
):
    follow_up_id: relay.NodeID[UUID]
    kind: FollowUpKind = strawberry.field(description="What is expected.")
    due_on: date = strawberry.field(description="The day it is expected by.")
    note: str | None = strawberry.field(
        description="What exactly is expected, in words (always given for OTHER)."
    )
    status: FollowUpStatus = strawberry.field(description="EXPECTED, RECEIVED or CANCELLED.")
    status_reason: str | None = strawberry.field(
        description="Why it was cancelled, or how tprm received it by itself; null otherwise."
    )
    received_at: datetime | None = strawberry.field(description="When it was received.")
    created_at: datetime = strawberry.field(description="When it was scheduled.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    finding_id: strawberry.Private[UUID]
    vendor_id: strawberry.Private[UUID]
    received_document_id: strawberry.Private[UUID | None]
    created_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="EXPECTED and its day has passed (UTC).")
    def overdue(self) -> bool:
        return follow_ups.is_overdue(self.status.value, self.due_on, today())

    @strawberry.field(description="The finding it will show fixed.")
    def finding(self, info: Info) -> "Finding | None":
        return node(info, models.Finding, self.finding_id)

    @strawberry.field(description="The vendor that is to send it: the finding's.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(
        description="The document of the vendor it was received as; null until RECEIVED."
    )
    def received_document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.received_document_id)

    @strawberry.field(description="Who scheduled it.")
    def created_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.created_by_id)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> FindingFollowUpViewerCan:
        return FindingFollowUpViewerCan.of(info.context.actor, self.status)

    @classmethod
    def from_row(cls, row: models.FindingFollowUp) -> "FindingFollowUp":
        return cls(
            follow_up_id=row.id,
            kind=models.FollowUpKind(row.kind),
            due_on=row.due_on,
            note=row.note,
            status=models.FollowUpStatus(row.status),
            status_reason=row.status_reason,
            received_at=row.received_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            finding_id=row.finding_id,
            vendor_id=row.vendor_id,
            received_document_id=row.received_document_id,
            created_by_id=row.created_by_id,
        )


@strawberry.type(description="A gap found at a vendor, as work for us: owner, due date, plan.")
class Finding(RowNode, relay.Node, model=models.Finding, read=Permission.FINDING_READ):
    finding_id: relay.NodeID[UUID]
    kind: FindingKind = strawberry.field(description="What kind of gap.")
    severity: Severity = strawberry.field(
        description="How urgent: set from the rule and the vendor's tier when raised; a reviewer may change it, and a new reading never lowers it."
    )
    status: FindingStatus = strawberry.field(
        description="Where it stands; availableTransitions says where the viewer may move it."
    )
    title: str = strawberry.field(description="A line for lists.")
    description: str = strawberry.field(description="What was found, where, and why it matters.")
    due_date: date | None = strawberry.field(description="When it should be closed.")
    status_reason: str | None = strawberry.field(
        description="Why it was closed or reopened (a risk acceptance's justification)."
    )
    closed_at: datetime | None = strawberry.field(description="When it was resolved or accepted.")
    created_at: datetime = strawberry.field(description="When it was raised.")
    updated_at: datetime = strawberry.field(
        description="When it last changed (its status, owner, due date, severity or text)."
    )
    root_cause: RootCause | None = strawberry.field(
        description="Why the gap exists; null until a reviewer says."
    )
    grade: ControlGrade | None = strawberry.field(
        description="How grave the vendor's control failure is (a modified opinion is at "
        "least SIGNIFICANT_DEFICIENCY); null for gaps that are not a control failure (a stale "
        "report) until a reviewer grades them."
    )
    verification: FindingVerification | None = strawberry.field(
        description="Who reassessed it, when and on what, before it was RESOLVED; null "
        "otherwise (reopening clears it)."
    )
    source_key: strawberry.Private[str]
    vendor_id: strawberry.Private[UUID]
    document_id: strawberry.Private[UUID | None]
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who owns it on our side.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="The vendor it was found at.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="The document it was raised from; null if raised by hand.")
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @strawberry.field(
        description="The report it was raised from (the document's reading); null if raised "
        "by hand or from a document that is not a report."
    )
    def report(self, info: Info) -> SocReportRef | None:
        if self.document_id is None:
            return None
        return node_by(info, info.context.loaders.report_by_document, self.document_id)

    @strawberry.field(
        description="The report's exception it was raised from (its page, the auditor's "
        "words); null for findings of other kinds, or once a re-reading no longer has it."
    )
    def exception(self, info: Info) -> SocExceptionRef | None:
        return node_by(info, info.context.loaders.exception_by_source_key, self.source_key)

    @strawberry.field(description="Every status move, oldest first; the first is its raising.")
    async def status_history(self, info: Info) -> list[FindingStatusChange]:
        rows = await info.context.loaders.status_history_by_finding.load(self.finding_id)
        return [FindingStatusChange.from_row(row) for row in rows]

    @strawberry.field(
        description="The statuses the viewer may move it to now with transitionFinding, in "
        "lifecycle order; empty for a role that may not."
    )
    def available_transitions(self, info: Info) -> list[FindingStatus]:
        return service.available_moves(info.context.actor, self.status)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> FindingViewerCan:
        return FindingViewerCan.of(info.context.actor, self.status)

    @strawberry.field(description="The remediation plan, oldest step first.")
    async def actions(self, info: Info) -> list[RemediationAction]:
        rows = await info.context.loaders.actions_by_finding.load(self.finding_id)
        return [RemediationAction.from_row(row) for row in rows]

    @strawberry.field(
        description="What the vendor is to send that will show it fixed, soonest due first, "
        "whatever their status."
    )
    async def follow_ups(self, info: Info) -> list[FindingFollowUp]:
        rows = await info.context.loaders.follow_ups_by_finding.load(self.finding_id)
        return [FindingFollowUp.from_row(row) for row in rows]

    @strawberry.field(
        description="The risks of the tenant's register it feeds, the largest current score first."
    )
    async def risks(self, info: Info) -> list[RiskRef]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[Any]]:
            return await risk_queries.risks_by_finding(
                context.session, context.actor.tenant_id, ids
            )

        rows = await context.loaders.keyed("risks-by-finding", fetch).load(self.finding_id)
        return [n for n in (to_node(info, r) for r in rows or []) if n is not None]

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
            updated_at=row.updated_at,
            root_cause=models.RootCause(row.root_cause) if row.root_cause else None,
            grade=models.ControlGrade(row.grade) if row.grade else None,
            verification=FindingVerification(
                note=row.verification_note,
                verified_at=row.verified_at,
                verified_by_id=row.verified_by_id,
                document_id=row.verification_document_id,
            )
            if row.verification_note and row.verified_at
            else None,
            source_key=row.source_key,
            vendor_id=row.vendor_id,
            document_id=row.document_id,
            owner_id=row.owner_id,
        )


# How PostgreSQL writes these types on a list page (app/api/json_pages.py), as above.
json_pages.project(
    "RemediationAction",
    {
        "id": json_pages.global_id("RemediationAction"),
        **json_pages.columns("description", "due_date", "status"),
        "completedAt": json_pages.instant("completed_at"),
        "owner": json_pages.tenant_rows(tenancy.Membership, "id", "owner_id"),
    },
)
json_pages.project(
    "FindingFollowUp",
    {
        "id": json_pages.global_id("FindingFollowUp"),
        **json_pages.columns("kind", "due_on", "note", "status", "status_reason"),
        "receivedAt": json_pages.instant("received_at"),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
        "overdue": lambda follow_up: finding_queries.follow_up_is_overdue(today(), follow_up),
        "finding": json_pages.tenant_rows(models.Finding, "id", "finding_id"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "receivedDocument": json_pages.tenant_rows(
            documents.Document, "id", "received_document_id"
        ),
        "createdBy": json_pages.tenant_rows(tenancy.Membership, "id", "created_by_id"),
        "viewerCan": json_pages.Decided(
            {"status": models.FollowUpStatus},
            lambda actor, follow_up: FindingFollowUpViewerCan.of(actor, follow_up.status),
        ),
    },
)
json_pages.project(
    "Finding",
    {
        "id": json_pages.global_id("Finding"),
        **json_pages.columns(
            "kind",
            "severity",
            "status",
            "title",
            "description",
            "due_date",
            "status_reason",
            "root_cause",
            "grade",
        ),
        "closedAt": json_pages.instant("closed_at"),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
        "owner": json_pages.tenant_rows(tenancy.Membership, "id", "owner_id"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "document": json_pages.tenant_rows(documents.Document, "id", "document_id"),
        "report": json_pages.tenant_rows(soc2.SocReport, "document_id", "document_id"),
        "exception": json_pages.One(
            soc2.SocException.__table__,  # type: ignore[attr-defined]
            finding_queries.exception_of,
        ),
        "actions": json_pages.Many(
            json_pages.tenant_rows(models.RemediationAction, "finding_id"),
            lambda action: [action.c.created_at, action.c.id],
        ),
        "availableTransitions": json_pages.Decided(
            {"status": models.FindingStatus},
            lambda actor, finding: service.available_moves(actor, finding.status),
        ),
        "viewerCan": json_pages.Decided(
            {"status": models.FindingStatus},
            lambda actor, finding: FindingViewerCan.of(actor, finding.status),
        ),
    },
)
