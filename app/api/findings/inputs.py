"""Input types of findings."""

from datetime import date

import strawberry
from strawberry import relay

from app.api.enums import ActionStatus, FindingKind, FindingStatus, Severity


@strawberry.input(description="Which findings to list.")
class FindingFilter:
    vendor_id: relay.GlobalID | None = strawberry.field(default=None, description="One vendor's.")
    document_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Raised from this document."
    )
    status: list[FindingStatus] | None = strawberry.field(default=None, description="Any of these.")
    severity: list[Severity] | None = strawberry.field(default=None, description="Any of these.")
    kind: list[FindingKind] | None = strawberry.field(default=None, description="Any of these.")


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateFindingInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="Our member who owns it."
    )
    due_date: date | None = strawberry.field(default=strawberry.UNSET, description="Due date.")
    severity: Severity | None = strawberry.field(
        default=strawberry.UNSET, description="A reviewer's severity."
    )


@strawberry.input(description="Move a finding along.")
class SetFindingStatusInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    status: FindingStatus = strawberry.field(description="Where it goes.")
    reason: str | None = strawberry.field(
        default=None, description="Why; required to accept a risk."
    )


@strawberry.input(description="A step of a finding's remediation plan.")
class AddRemediationActionInput:
    finding_id: relay.GlobalID = strawberry.field(description="The finding.")
    description: str = strawberry.field(description="What will be done.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who does it.")
    due_date: date | None = strawberry.field(default=None, description="By when.")


@strawberry.input(description="Fields to change; omitted ones keep their value, null clears.")
class UpdateRemediationActionInput:
    action_id: relay.GlobalID = strawberry.field(description="The step.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What will be done."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="Who does it."
    )
    due_date: date | None = strawberry.field(default=strawberry.UNSET, description="By when.")
    status: ActionStatus | None = strawberry.field(
        default=strawberry.UNSET, description="OPEN, IN_PROGRESS or DONE."
    )
