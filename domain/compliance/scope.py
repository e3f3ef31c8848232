"""Vendors in the tenant's own SOC 2 scope: a vendor recorded as a subservice organization
of one of the tenant's own systems (carve-out or inclusive), with the controls the tenant
relies on it to run (its CSOCs: entered, or taken from a CSOC of the vendor's own report),
so the tenant's own system description can list them. The vendor's own subservice
organizations (from its current SOC 2 report) complete the chain: our system -> vendor ->
its subservice organizations."""

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.compliance.criteria import BY_ID
from domain.compliance.models import OwnSubservice, OwnSystem, ReliedCsoc
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, DomainErrors, InvalidInput
from domain.shared.loading import one_of
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocCsoc, SocReport, SocSubserviceOrganization
from domain.vendors.models import Vendor
from parsers.soc2.result import Kind, SubserviceMethod

MAX_CSOCS = 200  # relied on per subservice organization


async def _subservice(
    session: AsyncSession, actor: Actor, subservice_id: UUID, field: str
) -> OwnSubservice:
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    return await reading.one(
        session,
        actor.tenant_id,
        OwnSubservice,
        subservice_id,
        entity="Subservice organization",
        field=field,
        for_update=True,
    )


async def record(
    session: AsyncSession,
    actor: Actor,
    system_id: UUID,
    vendor_id: UUID,
    method: SubserviceMethod,
    services: str,
) -> OwnSubservice:
    """Record the vendor as a subservice organization of the system (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    system = await reading.one(
        session, actor.tenant_id, OwnSystem, system_id, entity="System", field="systemId"
    )
    vendor = await reading.one(
        session, actor.tenant_id, Vendor, vendor_id, entity="Vendor", field="vendorId"
    )
    row = OwnSubservice(
        tenant_id=actor.tenant_id,
        system_id=system.id,
        vendor_id=vendor.id,
        method=SubserviceMethod(method).value,
        services=normalize.text(services, "services", 2000) or "",
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        raise Conflict(
            "The vendor is a subservice organization of this system already.", "vendorId"
        ) from None
    await audit.record(session, actor, "own_subservice.recorded", row)
    return row


async def update(
    session: AsyncSession,
    actor: Actor,
    subservice_id: UUID,
    method: SubserviceMethod | None,
    services: str | None,
) -> OwnSubservice:
    """Change how the system's report presents it, or what it does for the system."""
    row = await _subservice(session, actor, subservice_id, "id")
    if method is not None:
        row.method = SubserviceMethod(method).value
    if services is not None:
        row.services = normalize.text(services, "services", 2000) or ""
    await audit.record(session, actor, "own_subservice.updated", row)
    return row


async def remove(session: AsyncSession, actor: Actor, subservice_id: UUID) -> UUID:
    """The vendor is no subservice organization of the system any more; the system's id."""
    row = await _subservice(session, actor, subservice_id, "id")
    await audit.record_fact(
        session,
        actor,
        "own_subservice.removed",
        "OwnSubservice",
        row.id,
        vendorId=str(row.vendor_id),
        systemId=str(row.system_id),
    )
    await session.delete(row)
    return row.system_id


async def rely_on(
    session: AsyncSession,
    actor: Actor,
    subservice_id: UUID,
    text: str | None,
    criteria: Sequence[str],
    from_csoc_id: UUID | None,
) -> ReliedCsoc:
    """A control the tenant relies on the subservice organization to run: `text` (and
    `criteria`) entered, or taken from `from_csoc_id`, a CSOC of the vendor's own report."""
    row = await _subservice(session, actor, subservice_id, "subserviceId")
    if from_csoc_id is not None and (text or criteria):
        raise InvalidInput(
            "Give the control's text (and criteria), or the CSOC to take it from: not both.",
            "fromCsocId",
        )
    if from_csoc_id is not None:
        csoc = await reading.one(
            session, actor.tenant_id, SocCsoc, from_csoc_id, entity="CSOC", field="fromCsocId"
        )
        report = await reading.find(session, actor.tenant_id, SocReport, csoc.report_id)
        if report is None or report.vendor_id != row.vendor_id:
            raise InvalidInput("The CSOC is of another vendor's report.", "fromCsocId")
        text, criteria = csoc.text, list(csoc.criteria)
    said = normalize.text(text, "text", 5000, required=True)
    wanted = [c.strip().upper() for c in criteria]
    unknown = [
        InvalidInput(f"{c!r} is not a trust services criterion such as CC6.1.", f"criteria.{i}")
        for i, c in enumerate(wanted)
        if c not in BY_ID
    ]
    if unknown:
        raise DomainErrors(list(unknown))
    held = await csocs_by_subservice(session, actor.tenant_id, [row.id])
    if len(held.get(row.id, [])) >= MAX_CSOCS:
        raise InvalidInput(
            f"A subservice organization is relied on for at most {MAX_CSOCS} controls.",
            "subserviceId",
        )
    relied = ReliedCsoc(
        tenant_id=actor.tenant_id,
        subservice_id=row.id,
        text=said or "",
        criteria=list(dict.fromkeys(wanted)),
        from_csoc_id=from_csoc_id,
    )
    session.add(relied)
    await session.flush()
    await audit.record(session, actor, "own_subservice.csoc_added", relied)
    return relied


async def stop_relying(session: AsyncSession, actor: Actor, csoc_id: UUID) -> UUID:
    """The tenant no longer relies on that control; the subservice organization's id."""
    policy.require(actor, Permission.COMPLIANCE_WRITE)
    relied = await reading.one(
        session, actor.tenant_id, ReliedCsoc, csoc_id, entity="CSOC relied on", field="id"
    )
    await audit.record_fact(
        session,
        actor,
        "own_subservice.csoc_removed",
        "OwnSubservice",
        relied.subservice_id,
        text=relied.text,
    )
    await session.delete(relied)
    return relied.subservice_id


async def subservices_by_system(
    session: AsyncSession, tenant_id: UUID, system_ids: Sequence[UUID]
) -> dict[UUID, list[OwnSubservice]]:
    rows = await session.scalars(
        select(OwnSubservice)
        .where(
            col(OwnSubservice.tenant_id) == tenant_id,
            one_of(col(OwnSubservice.system_id), list(system_ids)),
        )
        .order_by(col(OwnSubservice.created_at), col(OwnSubservice.id))
    )
    found: dict[UUID, list[OwnSubservice]] = {}
    for row in rows.all():
        found.setdefault(row.system_id, []).append(row)
    return found


async def csocs_by_subservice(
    session: AsyncSession, tenant_id: UUID, subservice_ids: Sequence[UUID]
) -> dict[UUID, list[ReliedCsoc]]:
    rows = await session.scalars(
        select(ReliedCsoc)
        .where(
            col(ReliedCsoc.tenant_id) == tenant_id,
            one_of(col(ReliedCsoc.subservice_id), list(subservice_ids)),
        )
        .order_by(col(ReliedCsoc.created_at), col(ReliedCsoc.id))
    )
    found: dict[UUID, list[ReliedCsoc]] = {}
    for row in rows.all():
        found.setdefault(row.subservice_id, []).append(row)
    return found


async def chain_by_vendor(
    session: AsyncSession, tenant_id: UUID, vendor_ids: Sequence[UUID]
) -> dict[UUID, list[SocSubserviceOrganization]]:
    """Each vendor's own subservice organizations, from its current SOC 2 report (dismissed
    ones left out): the next links of the chain."""
    current = soc2_queries.latest_reports_of_each_kind(tenant_id, (Kind.SOC2,)).subquery()
    rows = await session.execute(
        select(current.c.vendor_id, SocSubserviceOrganization)
        .join(current, current.c.id == col(SocSubserviceOrganization.report_id))
        .where(
            col(SocSubserviceOrganization.tenant_id) == tenant_id,
            col(SocSubserviceOrganization.dismissed_at).is_(None),
            one_of(current.c.vendor_id, list(vendor_ids)),
        )
        .order_by(col(SocSubserviceOrganization.position))
    )
    found: dict[UUID, list[SocSubserviceOrganization]] = {}
    for vendor_id, organization in rows.all():
        found.setdefault(vendor_id, []).append(organization)
    return found
