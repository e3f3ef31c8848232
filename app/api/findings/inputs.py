"""Input types of findings."""

import enum
from datetime import date
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.enums import (
    ActionStatus,
    ControlGrade,
    FindingKind,
    FindingStatus,
    FollowUpKind,
    RootCause,
    Severity,
    Tier,
)
from app.api.inputs import OrderDirection
from app.api.relay import filter_uuid
from domain.findings import queries


@strawberry.input(description="Which findings to list or count; every criterion given must match.")
class FindingFilter:
    vendor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Found at this vendor. Ignored under Vendor.findings."
    )
    document_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Raised from this document."
    )
    status: list[FindingStatus] | None = strawberry.field(
        default=None, description="Findings in any of these statuses."
    )
    severity: list[Severity] | None = strawberry.field(
        default=None, description="Findings of any of these severities."
    )
    kind: list[FindingKind] | None = strawberry.field(
        default=None, description="Findings of any of these kinds."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Owned by this Member."
    )
    unowned: bool | None = strawberry.field(
        default=None, description="true: only findings nobody owns yet."
    )
    overdue: bool | None = strawberry.field(
        default=None,
        description="true: open (OPEN or IN_REMEDIATION) and past their due date (UTC); "
        "false: all others.",
    )
    due_before: date | None = strawberry.field(
        default=None, description="Open and due before this date: what falls due soon."
    )
    vendor_tier: list[Tier] | None = strawberry.field(
        default=None, description="Found at a vendor whose tier in force is any of these."
    )
    text: str | None = strawberry.field(
        default=None,
        description="Words that must each appear in the title or description (any case); "
        "the first 8 words count.",
    )

    def criteria(self, vendor_id: UUID | None = None) -> queries.FindingFilter:
        """The filter as the findings area reads it; `vendor_id` overrides the input's."""
        return queries.FindingFilter(
            vendor_id=vendor_id or filter_uuid(self.vendor_id, "Vendor"),
            document_id=filter_uuid(self.document_id, "Document"),
            statuses=[s.value for s in self.status or []],
            severities=[s.value for s in self.severity or []],
            kinds=[k.value for k in self.kind or []],
            owner_id=filter_uuid(self.owner_id, "Member"),
            unowned=bool(self.unowned),
            overdue=self.overdue,
            due_before=self.due_before,
            vendor_tiers=[t.value for t in self.vendor_tier or []],
            text=self.text,
        )


@strawberry.enum(description="What findings can be ordered by.")
class FindingOrderField(enum.Enum):
    SEVERITY = "SEVERITY"
    DUE_DATE = "DUE_DATE"
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="Order of a findings list; ties go to the newer finding's ID.")
class FindingOrder:
    field: FindingOrderField = strawberry.field(
        description="SEVERITY (LOW to CRITICAL ascending), DUE_DATE (findings without a due "
        "date after every dated one ascending), CREATED_AT or UPDATED_AT."
    )
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="ASC or DESC."
    )


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateFindingInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="Our member who owns it; null: nobody."
    )
    due_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="Due date; null: none."
    )
    severity: Severity | None = strawberry.field(
        default=strawberry.UNSET,
        description="A reviewer's severity; null is INVALID (a finding always has one).",
    )
    root_cause: RootCause | None = strawberry.field(
        default=strawberry.UNSET, description="Why the gap exists; null: not said."
    )
    grade: ControlGrade | None = strawberry.field(
        default=strawberry.UNSET,
        description="The control failure's grade; a modified opinion's is at least "
        "SIGNIFICANT_DEFICIENCY (lower, or null, is INVALID).",
    )


@strawberry.input(description="What a finding was reassessed on before it is RESOLVED.")
class FindingVerificationInput:
    note: str = strawberry.field(
        description="The evidence: a newer report without the exception, a bridge letter, a "
        "re-test, ..."
    )
    document_id: relay.GlobalID | None = strawberry.field(
        default=None, description="A document of the vendor that shows it."
    )


@strawberry.input(description="Move a finding along its lifecycle.")
class TransitionFindingInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    to: FindingStatus = strawberry.field(
        description="Where it goes: one of the finding's availableTransitions."
    )
    reason: str | None = strawberry.field(
        default=None,
        description="Why; kept in the status history. Required to accept a risk.",
    )
    verification: FindingVerificationInput | None = strawberry.field(
        default=None, description="Required to resolve it: what it was reassessed on."
    )


@strawberry.input(description="A step of a finding's remediation plan.")
class AddRemediationActionInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    description: str = strawberry.field(description="What will be done.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The Member who does it."
    )
    due_date: date | None = strawberry.field(default=None, description="By when.")


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateRemediationActionInput:
    action_id: relay.GlobalID = strawberry.field(description="The step.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What will be done; null is INVALID."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The Member who does it; null: nobody."
    )
    due_date: date | None = strawberry.field(
        default=strawberry.UNSET, description="By when; null: no date."
    )
    status: ActionStatus | None = strawberry.field(
        default=strawberry.UNSET, description="OPEN, IN_PROGRESS or DONE; null is INVALID."
    )


@strawberry.input(description="Expect, by a date, what will show a finding fixed.")
class ScheduleFindingFollowUpInput:
    finding_id: relay.GlobalID = strawberry.field(
        description="The finding; one still being worked (not RESOLVED or RISK_ACCEPTED)."
    )
    kind: FollowUpKind = strawberry.field(
        description="NEXT_SOC_REPORT, BRIDGE_LETTER, or OTHER (said in the note)."
    )
    due_on: date = strawberry.field(description="The day it is expected by: today or later.")
    note: str | None = strawberry.field(
        default=None, description="What exactly is expected; required for OTHER."
    )


@strawberry.input(description="The vendor sent what a follow-up expected.")
class ReceiveFindingFollowUpInput:
    id: relay.GlobalID = strawberry.field(description="The FindingFollowUp, EXPECTED.")
    document_id: relay.GlobalID = strawberry.field(
        description="What was received: a document of the follow-up's vendor."
    )


@strawberry.input(description="A follow-up no longer expected.")
class CancelFindingFollowUpInput:
    id: relay.GlobalID = strawberry.field(description="The FindingFollowUp, EXPECTED.")
    reason: str = strawberry.field(description="Why it is no longer expected.")
