"""What a vendor owes before its onboarding is approved, kept in step with its tier."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from domain.tenancy import queries as tenancy_queries
from domain.tenancy.settings import TenantSettings
from domain.vendors import queries
from domain.vendors.models import (
    OnboardingRequest,
    OnboardingRequirement,
    OnboardingStatus,
    RequirementKind,
    Tier,
    Vendor,
)


def required_kinds(tier: Tier, settings: TenantSettings) -> list[RequirementKind]:
    """What a vendor of this tier owes before approval, by the tenant's rules."""
    kinds = []
    for kind, floor in (
        (RequirementKind.SECURITY_REVIEW, settings.security_review_from_tier),
        (RequirementKind.SOC2_REPORT_OR_QUESTIONNAIRE, settings.soc2_or_questionnaire_from_tier),
    ):
        if floor.reached_by(tier):
            kinds.append(kind)
    return kinds


async def sync(
    session: AsyncSession, tenant_id: UUID, request: OnboardingRequest, tier: Tier
) -> list[OnboardingRequirement]:
    """The request's checklist, with every item the vendor's tier now owes added.

    A vendor whose tier rose after filing (a new profile, an override, new thresholds)
    owes what its new tier owes; an item once asked for is never dropped.
    """
    settings = await tenancy_queries.tenant_settings(session, tenant_id)
    items = (await queries.requirements_by_request(session, tenant_id, [request.id]))[request.id]
    have = {item.kind for item in items}
    for kind in required_kinds(tier, settings):
        if kind.value not in have:
            item = OnboardingRequirement(
                tenant_id=tenant_id, request_id=request.id, kind=kind.value
            )
            session.add(item)
            items.append(item)
    await session.flush()
    return items


async def sync_pending(
    session: AsyncSession, tenant_id: UUID, vendor_ids: list[UUID] | None
) -> None:
    """Bring the checklists of pending requests (of these vendors, or all) up to their tiers."""
    statement = (
        select(OnboardingRequest, col(Vendor.tier))
        .join(
            Vendor,
            (col(Vendor.tenant_id) == col(OnboardingRequest.tenant_id))
            & (col(Vendor.id) == col(OnboardingRequest.vendor_id)),
        )
        .where(
            col(OnboardingRequest.tenant_id) == tenant_id,
            col(OnboardingRequest.status) == OnboardingStatus.PENDING.value,
        )
    )
    if vendor_ids is not None:
        statement = statement.where(col(OnboardingRequest.vendor_id).in_(vendor_ids))
    for request, tier in (await session.execute(statement)).all():
        await sync(session, tenant_id, request, Tier(tier))
