"""Mutation fields of findings: owner, due date, severity, status, remediation plan."""

from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import UserError, mutation
from app.api.findings.inputs import (
    AddRemediationActionInput,
    SetFindingStatusInput,
    UpdateFindingInput,
    UpdateRemediationActionInput,
)
from app.api.findings.types import Finding, RemediationAction
from app.api.inputs import given
from app.api.relay import node_uuid
from domain.findings import service
from domain.findings.models import FindingStatus


@strawberry.type(description="Result of a mutation on a finding.")
class FindingPayload:
    finding: Finding | None = strawberry.field(default=None, description="The finding.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of a mutation on a remediation step.")
class RemediationActionPayload:
    action: RemediationAction | None = strawberry.field(default=None, description="The step.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


def _finding_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "Finding", "Finding", "findingId")


def _member_uuid(global_id: relay.GlobalID | None) -> UUID | None:
    return node_uuid(global_id, "Member", "Member", "ownerId") if global_id else None


def _given(input: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The input fields the client sent (null included), converted for the service."""
    out = given(input, names)
    if "owner_id" in out:
        out["owner_id"] = _member_uuid(input.owner_id)
    return out


@strawberry.type
class FindingMutation:
    @strawberry.mutation(description="Set a finding's owner, due date or severity (REVIEWER).")
    async def update_finding(self, info: Info, input: UpdateFindingInput) -> FindingPayload:
        async with mutation(info) as m:
            changes = _given(input, ("owner_id", "due_date", "severity"))
            if changes.get("severity", "") is None:
                changes.pop("severity")  # severity cannot be cleared
            row = await service.update_finding(
                m.session, m.actor, _finding_uuid(input.finding_id), changes
            )
            return FindingPayload(finding=Finding.from_row(row))
        return FindingPayload(errors=m.errors)

    @strawberry.mutation(
        description="Move a finding: IN_REMEDIATION, RESOLVED, RISK_ACCEPTED (with a reason), "
        "or back to OPEN (REVIEWER)."
    )
    async def set_finding_status(self, info: Info, input: SetFindingStatusInput) -> FindingPayload:
        async with mutation(info) as m:
            row = await service.set_status(
                m.session,
                m.actor,
                _finding_uuid(input.finding_id),
                FindingStatus(input.status.value),
                input.reason,
            )
            return FindingPayload(finding=Finding.from_row(row))
        return FindingPayload(errors=m.errors)

    @strawberry.mutation(description="Add a step to a finding's remediation plan (REVIEWER).")
    async def add_remediation_action(
        self, info: Info, input: AddRemediationActionInput
    ) -> RemediationActionPayload:
        async with mutation(info) as m:
            row = await service.add_action(
                m.session,
                m.actor,
                _finding_uuid(input.finding_id),
                input.description,
                _member_uuid(input.owner_id),
                input.due_date,
            )
            return RemediationActionPayload(action=RemediationAction.from_row(row))
        return RemediationActionPayload(errors=m.errors)

    @strawberry.mutation(description="Change a remediation step (REVIEWER).")
    async def update_remediation_action(
        self, info: Info, input: UpdateRemediationActionInput
    ) -> RemediationActionPayload:
        async with mutation(info) as m:
            action_id = node_uuid(
                input.action_id, "RemediationAction", "Remediation action", "actionId"
            )
            changes = _given(input, ("description", "owner_id", "due_date", "status"))
            for required in ("description", "status"):
                if required in changes and changes[required] is None:
                    changes.pop(required)  # cannot be cleared
            row = await service.update_action(m.session, m.actor, action_id, changes)
            return RemediationActionPayload(action=RemediationAction.from_row(row))
        return RemediationActionPayload(errors=m.errors)
