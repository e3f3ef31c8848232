"""Mutation fields of findings: owner, due date, severity, status, remediation plan."""

from typing import Any, TypeVar
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.findings.errors import FindingError
from app.api.findings.inputs import (
    AddRemediationActionInput,
    CancelFindingFollowUpInput,
    ReceiveFindingFollowUpInput,
    ScheduleFindingFollowUpInput,
    TransitionFindingInput,
    UpdateFindingInput,
    UpdateRemediationActionInput,
)
from app.api.findings.types import Finding, FindingFollowUp, RemediationAction
from app.api.inputs import given
from app.api.relay import node_uuid
from domain.findings import follow_ups, service
from domain.findings.models import FindingStatus, FollowUpKind
from domain.shared.changes import Changes

C = TypeVar("C", bound=Changes)


@strawberry.type(description="Result of a mutation on a finding.")
class FindingPayload(Payload[FindingError]):
    finding: Finding | None = strawberry.field(default=None, description="The finding.")


@strawberry.type(description="Result of a mutation on a remediation step.")
class RemediationActionPayload(Payload[FindingError]):
    action: RemediationAction | None = strawberry.field(default=None, description="The step.")


@strawberry.type(description="Result of a mutation on a finding's follow-up.")
class FindingFollowUpPayload(Payload[FindingError]):
    follow_up: FindingFollowUp | None = strawberry.field(default=None, description="The follow-up.")


def _finding_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "Finding", "Finding", "findingId")


def _follow_up_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "FindingFollowUp", "Follow-up", "id")


def _member_uuid(global_id: relay.GlobalID | None) -> UUID | None:
    return node_uuid(global_id, "Member", "Member", "ownerId") if global_id else None


def _changes(model: type[C], input: Any) -> C:
    """The changes the client sent (null included), read by the service's model."""
    sent = given(input, model.model_fields)
    if "owner_id" in sent:
        sent["owner_id"] = _member_uuid(input.owner_id)
    return model.read(sent)


@strawberry.type
class FindingMutation:
    @mutation(
        "Set a finding's owner, due date or severity (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(findingId, or ownerId) for what is not here",
            "INVALID": "(the field) for a date out of range, a severity cleared, or a "
            "modified opinion graded below SIGNIFICANT_DEFICIENCY",
        },
    )
    async def update_finding(self, info: Info, input: UpdateFindingInput) -> FindingPayload:
        changes = _changes(service.FindingChanges, input)
        row = await service.update_finding(
            info.context.session, info.context.actor, _finding_uuid(input.finding_id), changes
        )
        return FindingPayload(finding=Finding.from_row(row))

    @mutation(
        "Move a finding along its lifecycle: OPEN -> IN_REMEDIATION -> RESOLVED or "
        "RISK_ACCEPTED (with a reason), and back to OPEN (REVIEWER, ADMIN); kept in its "
        "statusHistory.",
        errors={
            "NOT_FOUND": "(findingId, or [verification, documentId]) for what is not here",
            "INVALID_TRANSITION": "(to) for a status not among its availableTransitions",
            "INVALID": "(reason) when accepting a risk without one, or one too long; "
            "([verification, note]) when resolving without a verification, or "
            "([verification, documentId]) for another vendor's document",
        },
    )
    async def transition_finding(self, info: Info, input: TransitionFindingInput) -> FindingPayload:
        given = input.verification
        verification = (
            service.Verification(
                note=given.note,
                document_id=node_uuid(
                    given.document_id, "Document", "Document", "verification.documentId"
                )
                if given.document_id
                else None,
            )
            if given
            else None
        )
        row = await service.transition(
            info.context.session,
            info.context.actor,
            _finding_uuid(input.finding_id),
            FindingStatus(input.to.value),
            input.reason,
            verification,
        )
        return FindingPayload(finding=Finding.from_row(row))

    @mutation(
        "Add a step to a finding's remediation plan (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(findingId, or ownerId) for what is not here",
            "INVALID": "(the field) for a description or date that does not fit",
        },
    )
    async def add_remediation_action(
        self, info: Info, input: AddRemediationActionInput
    ) -> RemediationActionPayload:
        row = await service.add_action(
            info.context.session,
            info.context.actor,
            _finding_uuid(input.finding_id),
            input.description,
            _member_uuid(input.owner_id),
            input.due_date,
        )
        return RemediationActionPayload(action=RemediationAction.from_row(row))

    @mutation(
        "Change a remediation step (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(actionId, or ownerId) for what is not here",
            "INVALID": "(the field) for a value that does not fit or cannot be cleared",
        },
    )
    async def update_remediation_action(
        self, info: Info, input: UpdateRemediationActionInput
    ) -> RemediationActionPayload:
        action_id = node_uuid(
            input.action_id, "RemediationAction", "Remediation action", "actionId"
        )
        changes = _changes(service.ActionChanges, input)
        row = await service.update_action(
            info.context.session, info.context.actor, action_id, changes
        )
        return RemediationActionPayload(action=RemediationAction.from_row(row))

    @mutation(
        "Expect, by a date, what the vendor is to send that will show a finding fixed: its "
        "next SOC report, a bridge letter, or something else said in the note (REVIEWER, "
        "ADMIN). Shown on the finding and on the vendor (followUps); an EXPECTED report or "
        "bridge letter is received by tprm itself when one covering later is read.",
        errors={
            "NOT_FOUND": "(findingId) for a finding that is not here",
            "CONFLICT": "(findingId) for a finding RESOLVED or RISK_ACCEPTED, or one already "
            "waiting for ten",
            "INVALID": "(dueOn) for a day in the past, (note) missing for OTHER or too long",
        },
    )
    async def schedule_finding_follow_up(
        self, info: Info, input: ScheduleFindingFollowUpInput
    ) -> FindingFollowUpPayload:
        row = await follow_ups.schedule(
            info.context.session,
            info.context.actor,
            _finding_uuid(input.finding_id),
            FollowUpKind(input.kind.value),
            input.due_on,
            input.note,
        )
        return FindingFollowUpPayload(follow_up=FindingFollowUp.from_row(row))

    @mutation(
        "Record that the vendor sent what an EXPECTED follow-up waited for, as one of its "
        "documents (REVIEWER, ADMIN). Resolving the finding still needs its verification.",
        errors={
            "NOT_FOUND": "(id, or documentId) for what is not here, a document of another "
            "vendor too",
            "INVALID_TRANSITION": "(id) for a follow-up already RECEIVED or CANCELLED",
        },
    )
    async def receive_finding_follow_up(
        self, info: Info, input: ReceiveFindingFollowUpInput
    ) -> FindingFollowUpPayload:
        follow_up_id = _follow_up_uuid(input.id)
        document_id = node_uuid(input.document_id, "Document", "Document", "documentId")
        row = await follow_ups.receive(
            info.context.session, info.context.actor, follow_up_id, document_id
        )
        return FindingFollowUpPayload(follow_up=FindingFollowUp.from_row(row))

    @mutation(
        "No longer expect what an EXPECTED follow-up waited for, saying why (REVIEWER, ADMIN).",
        errors={
            "NOT_FOUND": "(id) for a follow-up that is not here",
            "INVALID_TRANSITION": "(id) for a follow-up already RECEIVED or CANCELLED",
            "INVALID": "(reason) when it is blank or too long",
        },
    )
    async def cancel_finding_follow_up(
        self, info: Info, input: CancelFindingFollowUpInput
    ) -> FindingFollowUpPayload:
        row = await follow_ups.cancel(
            info.context.session, info.context.actor, _follow_up_uuid(input.id), input.reason
        )
        return FindingFollowUpPayload(follow_up=FindingFollowUp.from_row(row))
