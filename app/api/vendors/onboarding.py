"""Mutation fields of onboarding: file, clear the checklist, approve or reject."""

from uuid import UUID

import strawberry

from app.api.context import Info
from app.api.errors import UserError, mutation
from app.api.relay import node_uuid
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
class OnboardingRequestPayload:
    request: OnboardingRequest | None = strawberry.field(default=None, description="The request.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of resolveOnboardingRequirement.")
class OnboardingRequirementPayload:
    requirement: OnboardingRequirement | None = strawberry.field(
        default=None, description="The checklist item."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


def _request_uuid(input: ApproveOnboardingRequestInput | RejectOnboardingRequestInput) -> UUID:
    return node_uuid(input.request_id, "OnboardingRequest", "Onboarding request", "requestId")


@strawberry.type
class OnboardingMutation:
    @strawberry.mutation(
        description="Ask to onboard a PROSPECT (PROCUREMENT): sets its tier and checklist."
    )
    async def file_onboarding_request(
        self, info: Info, input: FileOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        async with mutation(info) as m:
            row = await onboarding.file_request(
                m.session,
                m.actor,
                vendor_uuid(input.vendor_id),
                input.purpose,
                input.data_access.to_dict(),
                input.needed_by,
            )
            return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))
        return OnboardingRequestPayload(errors=m.errors)

    @strawberry.mutation(description="Clear a checklist item: SATISFIED or WAIVED (REVIEWER).")
    async def resolve_onboarding_requirement(
        self, info: Info, input: ResolveOnboardingRequirementInput
    ) -> OnboardingRequirementPayload:
        async with mutation(info) as m:
            requirement_id = node_uuid(
                input.requirement_id,
                "OnboardingRequirement",
                "Onboarding requirement",
                "requirementId",
            )
            row = await onboarding.resolve_requirement(
                m.session,
                m.actor,
                requirement_id,
                RequirementStatus(input.status.value),
                input.note,
            )
            return OnboardingRequirementPayload(requirement=OnboardingRequirement.from_row(row))
        return OnboardingRequirementPayload(errors=m.errors)

    @strawberry.mutation(description="Approve onboarding: the vendor becomes ACTIVE (REVIEWER).")
    async def approve_onboarding_request(
        self, info: Info, input: ApproveOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        async with mutation(info) as m:
            row = await onboarding.approve(m.session, m.actor, _request_uuid(input), input.note)
            return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))
        return OnboardingRequestPayload(errors=m.errors)

    @strawberry.mutation(description="Reject onboarding with a reason: the vendor is REJECTED.")
    async def reject_onboarding_request(
        self, info: Info, input: RejectOnboardingRequestInput
    ) -> OnboardingRequestPayload:
        async with mutation(info) as m:
            row = await onboarding.reject(m.session, m.actor, _request_uuid(input), input.reason)
            return OnboardingRequestPayload(request=OnboardingRequest.from_row(row))
        return OnboardingRequestPayload(errors=m.errors)
