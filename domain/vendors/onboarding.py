"""Onboarding: procurement files a request, the tier sets a checklist, a reviewer decides."""

from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from domain.audit import service as audit
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, InvalidInput
from domain.shared.policy import Permission
from domain.vendors import checklist, service
from domain.vendors.errors import InvalidTransition, RequirementsPending, SelfApproval
from domain.vendors.models import (
    OnboardingRequest,
    OnboardingRequirement,
    OnboardingStatus,
    RequirementStatus,
    Tier,
    VendorStatus,
)


async def file_request(
    session: AsyncSession,
    actor: Actor,
    vendor_id: UUID,
    purpose: str,
    data_access: dict[str, Any],
    needed_by: date | None,
) -> OnboardingRequest:
    """Ask to onboard a prospect: its profile sets the tier, the tier sets the checklist."""
    policy.require(actor, Permission.ONBOARDING_REQUEST)
    assert actor.user_id is not None, "onboarding is requested by a person"
    vendor = await service.get_vendor(session, actor, vendor_id)
    if vendor.status != VendorStatus.PROSPECT:
        raise InvalidTransition(
            vendor.status, VendorStatus.ONBOARDING.value, "Only a PROSPECT can be onboarded."
        )
    clean_purpose = normalize.text(purpose, "purpose", 5000, required=True)
    assert clean_purpose is not None
    if needed_by is not None and needed_by < datetime.now(UTC).date():
        raise InvalidInput("neededBy must not be in the past.", "neededBy")
    profile = service.profile_from(data_access)
    await service.update_vendor(
        session, actor, vendor_id, service.VendorChanges.read({"data_access": profile})
    )
    request = OnboardingRequest(
        tenant_id=actor.tenant_id,
        vendor_id=vendor.id,
        purpose=clean_purpose,
        needed_by=needed_by,
        data_access=profile.model_dump(mode="json"),
        tier_at_request=vendor.tier,
        requested_by=actor.user_id,
    )
    session.add(request)
    await session.flush()
    await checklist.sync(session, actor.tenant_id, request, Tier(vendor.tier))
    await service.move(session, actor, vendor, VendorStatus.ONBOARDING, clean_purpose)
    await audit.record(session, actor, "onboarding.requested", request)
    return request


def may_decide(actor: Actor) -> bool:
    """Whether `actor` may decide onboarding requests (the request's own requester aside)."""
    return policy.allows(actor, Permission.ONBOARDING_DECIDE) and not actor.delegated


async def _pending(session: AsyncSession, actor: Actor, request_id: UUID) -> OnboardingRequest:
    policy.require_to_decide(actor, Permission.ONBOARDING_DECIDE)
    # Locked: two reviewers deciding at once queue, and the second sees it decided.
    request = await reading.one(
        session,
        actor.tenant_id,
        OnboardingRequest,
        request_id,
        entity="Onboarding request",
        field="requestId",
        for_update=True,
    )
    if request.status != OnboardingStatus.PENDING:
        raise Conflict(f"This onboarding request is already {request.status}.", "requestId")
    if request.requested_by == actor.user_id:
        raise SelfApproval("The requester of an onboarding cannot decide it.")
    return request


async def _decide(
    session: AsyncSession,
    actor: Actor,
    request: OnboardingRequest,
    outcome: OnboardingStatus,
    reason: str | None,
) -> OnboardingRequest:
    request.status = outcome.value
    request.decided_by = actor.user_id
    request.decided_at = datetime.now(UTC)
    request.decision_reason = reason
    session.add(request)
    vendor = await service.get_vendor(session, actor, request.vendor_id)
    to = VendorStatus.ACTIVE if outcome == OnboardingStatus.APPROVED else VendorStatus.REJECTED
    await service.move(session, actor, vendor, to, reason or f"onboarding {outcome.value.lower()}")
    action = (
        "onboarding.approved" if outcome == OnboardingStatus.APPROVED else "onboarding.rejected"
    )
    await audit.record(session, actor, action, request)
    return request


async def approve(
    session: AsyncSession, actor: Actor, request_id: UUID, note: str | None
) -> OnboardingRequest:
    """A reviewer other than the requester approves; every checklist item must be cleared."""
    request = await _pending(session, actor, request_id)
    vendor = await service.get_vendor(session, actor, request.vendor_id, for_update=True)
    items = await checklist.sync(session, actor.tenant_id, request, Tier(vendor.tier))
    open_items = [r.kind for r in items if r.status == RequirementStatus.PENDING]
    if open_items:
        raise RequirementsPending(open_items)
    return await _decide(
        session, actor, request, OnboardingStatus.APPROVED, normalize.text(note, "note", 5000)
    )


async def reject(
    session: AsyncSession, actor: Actor, request_id: UUID, reason: str
) -> OnboardingRequest:
    """A reviewer other than the requester rejects, saying why; the vendor becomes REJECTED."""
    request = await _pending(session, actor, request_id)
    return await _decide(
        session,
        actor,
        request,
        OnboardingStatus.REJECTED,
        normalize.text(reason, "reason", 5000, required=True),
    )


async def resolve_requirement(
    session: AsyncSession,
    actor: Actor,
    requirement_id: UUID,
    status: RequirementStatus,
    note: str | None,
) -> OnboardingRequirement:
    """Mark a checklist item satisfied (with evidence) or waived (with a justification); as
    with the decision itself, never by the requester."""
    policy.require_to_decide(actor, Permission.ONBOARDING_DECIDE)
    requirement = await reading.one(
        session,
        actor.tenant_id,
        OnboardingRequirement,
        requirement_id,
        entity="Onboarding requirement",
        field="requirementId",
        for_update=True,
    )
    request = await reading.find(
        session, actor.tenant_id, OnboardingRequest, requirement.request_id
    )
    if request is None or request.status != OnboardingStatus.PENDING:
        raise Conflict("The onboarding request is already decided.", "requirementId")
    if request.requested_by == actor.user_id:
        raise SelfApproval(
            "The requester of an onboarding cannot clear its checklist.", "requirementId"
        )
    if status == RequirementStatus.PENDING:
        raise InvalidInput("Resolve as SATISFIED or WAIVED.", "status")
    requirement.note = normalize.text(
        note, "note", 5000, required=status == RequirementStatus.WAIVED
    )
    requirement.status = status.value
    requirement.resolved_by = actor.user_id
    requirement.resolved_at = datetime.now(UTC)
    session.add(requirement)
    await session.flush()
    await audit.record(session, actor, "onboarding.requirement_resolved", requirement)
    return requirement
