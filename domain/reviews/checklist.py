"""What a periodic review checks, set from the vendor's tier when the review starts.

By the tenant's settings (TierFloor, as onboarding's checklist): the current SOC report
(`review_soc_report_from_tier`, MEDIUM and up by default) and, when that report's period
ended longer ago than `bridge_letter_gap_months`, a bridge letter; the report's CUECs
(`review_cuecs_from_tier`, HIGH and up); the contract and data-processing terms
(`review_contract_terms_from_tier`, every tier); a completed security questionnaire
(`review_questionnaire_from_tier`, HIGH and up: attach one to the review, or say why not);
and always the vendor's open findings.
Each item is DONE, or NOT_APPLICABLE with why, before the review can be submitted.
"""

from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from domain.findings.rules import add_months
from domain.reviews import queries
from domain.reviews.models import ChecklistKind, ReviewChecklistItem, VendorReview
from domain.soc2 import queries as soc2_queries
from domain.tenancy.queries import tenant_settings
from domain.tenancy.settings import TenantSettings
from domain.vendors.models import Vendor


def required_kinds(
    tier: str, settings: TenantSettings, report_end: date | None, today: date
) -> list[ChecklistKind]:
    """What a review of a vendor of `tier`, whose latest report ends on `report_end`, checks."""
    kinds = []
    if settings.review_soc_report_from_tier.reached_by(tier):
        kinds.append(ChecklistKind.SOC_REPORT_REVIEWED)
        gap = settings.bridge_letter_gap_months
        if report_end is not None and add_months(report_end, gap) < today:
            kinds.append(ChecklistKind.BRIDGE_LETTER)
    if settings.review_cuecs_from_tier.reached_by(tier):
        kinds.append(ChecklistKind.CUECS_CONSIDERED)
    kinds.append(ChecklistKind.OPEN_FINDINGS_REVIEWED)
    if settings.review_contract_terms_from_tier.reached_by(tier):
        kinds.append(ChecklistKind.CONTRACT_TERMS)
    if settings.review_questionnaire_from_tier.reached_by(tier):
        kinds.append(ChecklistKind.SECURITY_QUESTIONNAIRE)
    return kinds


async def create(session: AsyncSession, review: VendorReview, vendor: Vendor) -> None:
    """The review's checklist, from its vendor's tier and latest report, as it starts."""
    latest = (
        await soc2_queries.latest_reports_by_vendor(session, vendor.tenant_id, [vendor.id])
    ).get(vendor.id)
    report_end = (latest.period_end or latest.as_of) if latest else None
    settings = await tenant_settings(session, vendor.tenant_id)
    have = {item.kind for item in await queries.checklist_of(session, review.tenant_id, review.id)}
    today = datetime.now(UTC).date()
    for kind in required_kinds(vendor.tier, settings, report_end, today):
        if kind.value not in have:
            session.add(
                ReviewChecklistItem(tenant_id=review.tenant_id, review_id=review.id, kind=kind)
            )
    await session.flush()
