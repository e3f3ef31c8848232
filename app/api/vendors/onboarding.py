"""Mutation fields of onboarding: file, clear the checklist, approve or reject."""

from uuid import UUID

import strawberry

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.relay import node_uuid
from app.api.vendors.errors import VendorError
from app.api.vendors.inputs import (
    ApproveOnboardingRequestInput,
    FileOnboardingRequestInput,
    RejectOnboardingRequestInput,
    ResolveOnboardingRequirementInput,
)
from app.api.vendors.mutations import vendor_uuid
from app.api.vendors.types import OnboardingRequest, OnboardingRequirement
from domain.vendors import onboarding
from domain.vendors.models import RequirementStatus


@strawberry.type(description="Result of a mutation on an onboarding request.")
class OnboardingRequestPayload(Payload[VendorError]):
    request: OnboardingRequest | None = strawberry.field(default=None, description="The request.")


@strawberry.type(description="Result of resolveOnboardingRequirement.")
class OnboardingRequirementPayload(Payload[VendorError]):
    requirement: OnboardingRequirement | None = strawberry.field(
        default=None, description="The checklist item."
    )


def _request_uuid(input: ApproveOnboardingRequestInput | RejectOnboardingRequestInput) -> UUID:
    return node_uuid(input.request_id, "OnboardingRequest", "Onboarding request", "requestId")


@strawberry.type
class OnboardingMutation:
    @mutation(
        "Ask to onboard a PROSPECT (PROCUREMENT, ADMIN): its data-access profile sets its "
        "tier, the tier its checklist; the vendor moves to ONBOARDING.",
        errors={
            "NOT_FOUND": "(vendorId) for a vendor that is not here",
            "INVALID_TRANSITION": "(vendorId) when the vendor is not a PROSPECT",
            "INVALID": "(the field, as a path) for a purpose, profile or date that does not fit",
        },
    )
    async def file_onboarding_request(
        self, info: Info, input: FileOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        row = await onboarding.file_request(
            info.context.session,
            info.context.actor,
            vendor_uuid(input.vendor_id),
            input.purpose,
            input.data_access.to_dict(),
            input.needed_by,
        )
        return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))

    @mutation(
        "Clear a checklist item: SATISFIED, or WAIVED with a note (REVIEWER, ADMIN; not the "
        "request's own requester).",
        errors={
            "NOT_FOUND": "(requirementId) for an item that is not here",
            "CONFLICT": "(requirementId) when its request is already decided",
            "SELF_APPROVAL": "(requirementId) for the request's own requester",
            "INVALID": "(note) when a waiver has none",
        },
    )
    async def resolve_onboarding_requirement(
        self, info: Info, input: ResolveOnboardingRequirementInput
    ) -> OnboardingRequirementPayload:
        requirement_id = node_uuid(
            input.requirement_id,
            "OnboardingRequirement",
            "Onboarding requirement",
            "requirementId",
        )
        row = await onboarding.resolve_requirement(
            info.context.session,
            info.context.actor,
            requirement_id,
            RequirementStatus(input.status.value),
            input.note,
        )
        return OnboardingRequirementPayload(requirement=OnboardingRequirement.from_row(row))

    @mutation(
        "Approve an onboarding request once its checklist is cleared: the vendor becomes "
        "ACTIVE (REVIEWER, ADMIN; not the requester).",
        errors={
            "NOT_FOUND": "(requestId) for a request that is not here",
            "CONFLICT": "(requestId) when it is already decided",
            "SELF_APPROVAL": "(requestId) for its own requester",
            "REQUIREMENTS_PENDING": "(requestId) while checklist items are pending",
            "INVALID": "(note) for a note that does not fit",
        },
    )
    async def approve_onboarding_request(
        self, info: Info, input: ApproveOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        row = await onboarding.approve(
            info.context.session, info.context.actor, _request_uuid(input), input.note
        )
        return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))

    @mutation(
        "Reject an onboarding request with a reason: the vendor is REJECTED (REVIEWER, "
        "ADMIN; not the requester).",
        errors={
            "NOT_FOUND": "(requestId) for a request that is not here",
            "CONFLICT": "(requestId) when it is already decided",
            "SELF_APPROVAL": "(requestId) for its own requester",
            "INVALID": "(reason) when there is none",
        },
    )
    async def reject_onboarding_request(
        self, info: Info, input: RejectOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        row = await onboarding.reject(
            info.context.session, info.context.actor, _request_uuid(input), input.reason
        )
        return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))
