"""Query fields of the tenant's own scope and controls."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api.compliance.inputs import ControlFilter
from app.api.compliance.types import (
    Control,
    CuecCoverageItem,
    OwnSubservice,
    OwnSystem,
    TrustServicesCriterion,
)
from app.api.compliance_figures import CuecCoverageCounts, ExceptionDomainTrends
from app.api.context import Info
from app.api.enums import CoverageState
from app.api.relay import Connection, node_uuid, page_request
from domain.compliance import coverage, exception_trends, scope, service
from domain.compliance import criteria as catalogue
from domain.compliance.models import ControlStatus
from domain.shared import policy
from domain.shared.errors import Forbidden
from domain.shared.policy import Permission


@strawberry.type
class ComplianceQuery:
    @strawberry.field(
        description="The 2017 trust services criteria (revised 2022), points of focus left "
        "out, titled in tprm's own short words: what controls and questions map to."
    )
    def trust_services_criteria(self, info: Info) -> list[TrustServicesCriterion]:
        if not policy.allows(info.context.actor, Permission.COMPLIANCE_READ):
            raise Forbidden()
        return [TrustServicesCriterion.of(c) for c in catalogue.CRITERIA]

    @strawberry.field(description="One of the tenant's controls; null if it is not there.")
    async def control(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Control | None:
        return await Control.by_global_id(info, id)

    @strawberry.field(description="The tenant's own controls, by reference.")
    async def controls(
        self,
        info: Info,
        filter: ControlFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Control]:
        given = filter or ControlFilter()
        wanted = service.ControlFilter(
            statuses=tuple(ControlStatus(s.value) for s in given.status or ()),
            criterion=given.criterion,
            owner_id=node_uuid(given.owner_id, "Member", "Member", "filter.ownerId")
            if given.owner_id
            else None,
            search=given.search,
        )
        order = "controls"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await service.list_controls(
            info.context.session, info.context.actor, wanted, request
        )
        return Connection[Control].from_page(page, Control.from_row, order)

    @strawberry.field(description="The systems the tenant's own SOC 2 report covers, by name.")
    async def own_systems(self, info: Info) -> list[OwnSystem]:
        rows = await service.list_systems(info.context.session, info.context.actor)
        return [OwnSystem.from_row(row) for row in rows]

    @strawberry.field(
        description="The CUECs of the vendors' current SOC reports and what the tenant does "
        "about each (of one vendor, in one state, when asked): tenant-wide, `state: GAP` "
        "lists the orphan CUECs no control of the tenant's runs."
    )
    async def cuec_coverage(
        self,
        info: Info,
        vendor_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this vendor's.")
        ] = None,
        state: Annotated[
            CoverageState | None, strawberry.argument(description="Only in this state.")
        ] = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[CuecCoverageItem]:
        vendor = node_uuid(vendor_id, "Vendor", "Vendor", "vendorId") if vendor_id else None
        order = "cuec-coverage"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await coverage.list_items(
            info.context.session,
            info.context.actor,
            vendor,
            coverage.CoverageState(state.value) if state else None,
            request,
        )
        held = await coverage.held_by_cuec(
            info.context.session, info.context.actor.tenant_id, [row.id for row in page.rows]
        )
        return Connection[CuecCoverageItem].from_page(
            page, lambda row: CuecCoverageItem.of(row, held.get(row.id)), order
        )

    @strawberry.field(
        description="How the CUECs of the vendors' current reports stand: tenant-wide, or of "
        "one vendor."
    )
    async def cuec_coverage_counts(
        self,
        info: Info,
        vendor_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this vendor's.")
        ] = None,
    ) -> CuecCoverageCounts:
        vendor = node_uuid(vendor_id, "Vendor", "Vendor", "vendorId") if vendor_id else None
        found = await coverage.counts(info.context.session, info.context.actor, vendor)
        return CuecCoverageCounts.of(found)

    @strawberry.field(
        description="The vendors recorded as subservice organizations of the tenant's own "
        "systems (of one system, when asked), each with what it is relied on for and its "
        "own subservice organizations: one flat list, for the system description."
    )
    async def own_subservice_organizations(
        self,
        info: Info,
        system_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only this system's.")
        ] = None,
    ) -> list[OwnSubservice]:
        if not policy.allows(info.context.actor, Permission.COMPLIANCE_READ):
            raise Forbidden()
        systems = await service.list_systems(info.context.session, info.context.actor)
        wanted = [s.id for s in systems]
        if system_id is not None:
            only = node_uuid(system_id, "OwnSystem", "System", "systemId")
            wanted = [i for i in wanted if i == only]
        found = await scope.subservices_by_system(
            info.context.session, info.context.actor.tenant_id, wanted
        )
        return [OwnSubservice.from_row(r) for i in wanted for r in found.get(i, [])]

    @strawberry.field(
        description="Exceptions of the vendors' current SOC 2 reports by control domain "
        '("access exceptions at 9 of 40 vendors"), with how often each recurs from a '
        "vendor's report before."
    )
    async def exception_domain_trends(self, info: Info) -> ExceptionDomainTrends:
        found = await exception_trends.trends(info.context.session, info.context.actor)
        return ExceptionDomainTrends.of(found)
