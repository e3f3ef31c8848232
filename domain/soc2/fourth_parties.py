"""A report's subservice organizations become the vendor's fourth parties."""

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.shared.actor import Actor
from domain.soc2.comparison import organization_key
from domain.soc2.models import SocReport, SocSubserviceOrganization
from domain.vendors import relations
from domain.vendors.models import FourthParty, Vendor


async def _our_vendor(session: AsyncSession, report: SocReport, name: str) -> Vendor | None:
    """Our record of the organization: the same name once case, punctuation, legal suffixes
    and a parenthesised short name are set aside ("Amazon Web Services, Inc." = "Amazon Web
    Services"); the first word narrows the search."""
    key = organization_key(name)
    if not key:
        return None
    first = key.split()[0]
    candidates = await session.execute(
        select(Vendor)
        .where(
            col(Vendor.tenant_id) == report.tenant_id,
            func.lower(col(Vendor.name)).startswith(first),
        )
        .limit(50)
    )
    for vendor in candidates.scalars():
        if vendor.id != report.vendor_id and organization_key(vendor.name) == key:
            return vendor
    return None


async def sync(session: AsyncSession, report: SocReport) -> None:
    """Add each subservice organization the vendor's fourth parties lack (by name)."""
    parties = await session.execute(
        select(col(FourthParty.name)).where(
            col(FourthParty.tenant_id) == report.tenant_id,
            col(FourthParty.vendor_id) == report.vendor_id,
        )
    )
    known = {organization_key(name) for name in parties.scalars()}
    subservices = await session.execute(
        select(SocSubserviceOrganization)
        .where(
            col(SocSubserviceOrganization.tenant_id) == report.tenant_id,
            col(SocSubserviceOrganization.report_id) == report.id,
            col(SocSubserviceOrganization.dismissed_at).is_(None),
        )
        .order_by(col(SocSubserviceOrganization.position))
    )
    actor = Actor.system(report.tenant_id)
    for organization in subservices.scalars():
        key = organization_key(organization.name)
        if not key or key in known:
            continue
        known.add(key)
        ours = await _our_vendor(session, report, organization.name)
        await relations.add_fourth_party(
            session,
            actor,
            report.vendor_id,
            organization.name[:200],
            organization.services,
            ours.id if ours else None,
        )
