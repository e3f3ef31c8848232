"""GraphQL types of the tenant's own systems, controls and the criteria catalogue."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import (
    ControlStatus,
    CoverageState,
    SubserviceMethod,
    TrustServicesCategory,
)
from app.api.nodes import RowNode, node, to_node
from app.api.refs import (
    CsocRef,
    CuecRef,
    MemberRef,
    SocReportRef,
    SubserviceOrganizationRef,
    VendorRef,
)
from domain.compliance import coverage, models, scope
from domain.compliance import criteria as catalogue
from domain.compliance.evidence import counts_by_control, evidence_by_control
from domain.shared import policy
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="A trust services criterion (2017, revised 2022).")
class TrustServicesCriterion:
    id: str = strawberry.field(description="Its id, as CC6.1.")
    title: str = strawberry.field(
        description="What it is about, in tprm's own short words (not the AICPA's text)."
    )
    series: str = strawberry.field(description="Its series, as CC6.")
    series_title: str = strawberry.field(description="What the series is about.")
    category: TrustServicesCategory = strawberry.field(description="The category it serves.")

    @classmethod
    def of(cls, criterion: catalogue.Criterion) -> "TrustServicesCriterion":
        return cls(
            id=criterion.id,
            title=criterion.title,
            series=criterion.series,
            series_title=criterion.series_title,
            category=criterion.category,
        )


@strawberry.type(description="What the viewer may do to a control or a system now.")
class ComplianceViewerCan:
    update: bool = strawberry.field(
        description="Change it (REVIEWER, ADMIN); a control's evidence files too."
    )
    delete: bool = strawberry.field(description="Remove it (REVIEWER, ADMIN).")


def _viewer_can(info: Info) -> ComplianceViewerCan:
    writes = policy.allows(info.context.actor, Permission.COMPLIANCE_WRITE)
    return ComplianceViewerCan(update=writes, delete=writes)


@strawberry.type(
    description="One of the tenant's own controls: what it does, who owns it, the criteria "
    "it meets, how far it has come, and when it was last tested."
)
class Control(RowNode, relay.Node, model=models.Control, read=Permission.COMPLIANCE_READ):
    control_id: relay.NodeID[UUID]
    ref: str = strawberry.field(description="Its reference, unique in the tenant (AC-01).")
    title: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="What it does, and how.")
    status: ControlStatus = strawberry.field(description="DESIGNED, IMPLEMENTED or OPERATING.")
    last_tested_on: date | None = strawberry.field(description="When it was last tested.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    criteria_ids: strawberry.Private[list[str]]
    owner_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The criteria it meets, in the catalogue's order.")
    def criteria(self) -> list[TrustServicesCriterion]:
        return [
            TrustServicesCriterion.of(catalogue.BY_ID[c])
            for c in self.criteria_ids
            if c in catalogue.BY_ID
        ]

    @strawberry.field(description="The member who owns it.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> ComplianceViewerCan:
        return _viewer_can(info)

    @strawberry.field(
        description="The files that show it is in place or ran (a policy, a screenshot, an "
        "export), oldest first."
    )
    async def evidence(self, info: Info) -> list["ControlEvidence"]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[models.ControlEvidence]]:
            return await evidence_by_control(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("control-evidence", fetch).load(self.control_id)
        return [ControlEvidence.from_row(r) for r in rows or []]

    @strawberry.field(description="How many evidence files it has.")
    async def evidence_count(self, info: Info) -> int:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, int]:
            return await counts_by_control(context.session, context.actor.tenant_id, ids)

        counted = await context.loaders.keyed("control-evidence-counts", fetch).load(
            self.control_id
        )
        return counted or 0

    @classmethod
    def from_row(cls, row: models.Control) -> "Control":
        return cls(
            control_id=row.id,
            ref=row.ref,
            title=row.title,
            description=row.description,
            status=ControlStatus(row.status),
            last_tested_on=row.last_tested_on,
            created_at=row.created_at,
            updated_at=row.updated_at,
            criteria_ids=list(row.criteria),
            owner_id=row.owner_id,
        )


@strawberry.type(
    description="A file that shows one of the tenant's own controls is in place or ran (a "
    "policy, a screenshot, an export), checked and kept like a vendor's document."
)
class ControlEvidence(
    RowNode, relay.Node, model=models.ControlEvidence, read=Permission.COMPLIANCE_READ
):
    evidence_id: relay.NodeID[UUID]
    filename: str = strawberry.field(description="The file name, made safe.")
    content_type: str = strawberry.field(description="What the bytes are (checked, not claimed).")
    size_bytes: int = strawberry.field(description="Its size in bytes.")
    sha256: str = strawberry.field(description="SHA-256 of its bytes, hex.")
    note: str | None = strawberry.field(description="What it shows, in the uploader's words.")
    created_at: datetime = strawberry.field(description="When it was attached.")
    control_id: strawberry.Private[UUID]
    uploaded_by_id: strawberry.Private[UUID | None]

    @strawberry.field(
        description="Path to download it with the same bearer token (GET or HEAD; byte "
        "ranges answered)."
    )
    def download_url(self) -> str:
        return f"/control-evidence/{relay.to_base64('ControlEvidence', self.evidence_id)}/content"

    @strawberry.field(description="Who attached it.")
    def uploaded_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.uploaded_by_id)

    @strawberry.field(description="The control it is evidence of.")
    async def control(self, info: Info) -> Control | None:
        row = await info.context.loaders.rows(models.Control).load(self.control_id)
        return Control.from_row(row) if row is not None else None

    @classmethod
    def from_row(cls, row: models.ControlEvidence) -> "ControlEvidence":
        return cls(
            evidence_id=row.id,
            filename=row.filename,
            content_type=row.content_type,
            size_bytes=row.size_bytes,
            sha256=row.sha256,
            note=row.note,
            created_at=row.created_at,
            control_id=row.control_id,
            uploaded_by_id=row.uploaded_by_id,
        )


@strawberry.type(
    description="A control the tenant relies on one of its subservice organizations to run "
    "(a CSOC of its own report): entered, or taken from a CSOC of the vendor's report."
)
class ReliedCsoc(RowNode, relay.Node, model=models.ReliedCsoc, read=Permission.COMPLIANCE_READ):
    relied_csoc_id: relay.NodeID[UUID]
    text: str = strawberry.field(description="The control, in words.")
    criteria: list[str] = strawberry.field(description="The criteria it serves.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    from_csoc_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The CSOC of the vendor's report it was taken from.")
    def from_csoc(self, info: Info) -> CsocRef | None:
        return node(info, soc2.SocCsoc, self.from_csoc_id)

    @classmethod
    def from_row(cls, row: models.ReliedCsoc) -> "ReliedCsoc":
        return cls(
            relied_csoc_id=row.id,
            text=row.text,
            criteria=list(row.criteria),
            created_at=row.created_at,
            from_csoc_id=row.from_csoc_id,
        )


@strawberry.type(
    description="A vendor recorded as a subservice organization of one of the tenant's own "
    "systems, with the controls the tenant relies on it to run, and its own subservice "
    "organizations: the chain our system -> vendor -> its subservice organizations."
)
class OwnSubservice(
    RowNode, relay.Node, model=models.OwnSubservice, read=Permission.COMPLIANCE_READ
):
    own_subservice_id: relay.NodeID[UUID]
    method: SubserviceMethod = strawberry.field(
        description="How the tenant's report presents it: CARVE_OUT or INCLUSIVE."
    )
    services: str = strawberry.field(description="What it does for the system.")
    created_at: datetime = strawberry.field(description="When it was recorded.")
    vendor_id: strawberry.Private[UUID]
    system_id: strawberry.Private[UUID]

    @strawberry.field(description="The vendor.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="The tenant's own system it serves.")
    async def system(self, info: Info) -> "OwnSystem | None":
        row = await info.context.loaders.rows(models.OwnSystem).load(self.system_id)
        return OwnSystem.from_row(row) if row is not None else None

    @strawberry.field(description="The controls the tenant relies on it to run.")
    async def csocs(self, info: Info) -> list[ReliedCsoc]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[models.ReliedCsoc]]:
            return await scope.csocs_by_subservice(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("relied-csocs", fetch).load(self.own_subservice_id)
        return [ReliedCsoc.from_row(r) for r in rows or []]

    @strawberry.field(
        description="The vendor's own subservice organizations, from its current SOC 2 "
        "report: the next links of the chain."
    )
    async def chain(self, info: Info) -> list[SubserviceOrganizationRef]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[Any]]:
            return await scope.chain_by_vendor(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("subservice-chain", fetch).load(self.vendor_id)
        return [n for n in (to_node(info, r) for r in rows or []) if n is not None]

    @classmethod
    def from_row(cls, row: models.OwnSubservice) -> "OwnSubservice":
        return cls(
            own_subservice_id=row.id,
            method=SubserviceMethod(row.method),
            services=row.services,
            created_at=row.created_at,
            vendor_id=row.vendor_id,
            system_id=row.system_id,
        )


@strawberry.type(
    description="A system of the tenant's own that its SOC 2 report covers, and the "
    "categories it reports on for it."
)
class OwnSystem(RowNode, relay.Node, model=models.OwnSystem, read=Permission.COMPLIANCE_READ):
    system_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="What it is (for the system description).")
    categories: list[TrustServicesCategory] = strawberry.field(
        description="The trust services categories reported on for it."
    )
    created_at: datetime = strawberry.field(description="When it was recorded.")

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> ComplianceViewerCan:
        return _viewer_can(info)

    @strawberry.field(
        description="The vendors recorded as its subservice organizations, in the order recorded."
    )
    async def subservice_organizations(self, info: Info) -> list[OwnSubservice]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[models.OwnSubservice]]:
            return await scope.subservices_by_system(context.session, context.actor.tenant_id, ids)

        rows = await context.loaders.keyed("own-subservices", fetch).load(self.system_id)
        return [OwnSubservice.from_row(r) for r in rows or []]

    @classmethod
    def from_row(cls, row: models.OwnSystem) -> "OwnSystem":
        return cls(
            system_id=row.id,
            name=row.name,
            description=row.description,
            categories=[TrustServicesCategory(c) for c in row.categories],
            created_at=row.created_at,
        )


@strawberry.type(description="A control of the tenant's proposed to cover a CUEC.")
class ControlSuggestion:
    score: int = strawberry.field(
        description="0-100: 60 for how alike the texts are, 40 for the share of the CUEC's "
        "criteria the control meets."
    )
    shared_criteria: list[str] = strawberry.field(description="The CUEC's criteria it meets.")
    why: str = strawberry.field(description="In words.")
    row: strawberry.Private[models.Control]

    @strawberry.field(description="The control.")
    def control(self) -> Control:
        return Control.from_row(self.row)


@strawberry.type(
    description="A CUEC of a vendor's current SOC report, and what the tenant does about it: "
    "MAPPED to its own controls, NOT_APPLICABLE (with why), or a GAP."
)
class CuecCoverageItem:
    state: CoverageState = strawberry.field(description="MAPPED, NOT_APPLICABLE or GAP.")
    justification: str | None = strawberry.field(description="Why it does not apply.")
    carried_over: bool = strawberry.field(
        description="The decision was carried over from the same CUEC of an earlier report."
    )
    row: strawberry.Private[soc2.SocCuec]
    control_ids: strawberry.Private[list[UUID]]
    decided_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The CUEC, as the report says it.")
    def cuec(self, info: Info) -> CuecRef | None:
        return node(info, soc2.SocCuec, self.row.id)

    @strawberry.field(description="The report it is from.")
    def report(self, info: Info) -> SocReportRef | None:
        return node(info, soc2.SocReport, self.row.report_id)

    @strawberry.field(description="The tenant's controls that run it, by reference.")
    async def controls(self, info: Info) -> list[Control]:
        rows = await info.context.loaders.rows(models.Control).load_many(self.control_ids)
        return [Control.from_row(r) for r in rows if r is not None]

    @strawberry.field(description="Who decided it (for one carried over: who decided the first).")
    def decided_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.decided_by_id)

    @strawberry.field(
        description="The tenant's controls best fit to cover it, best first, with why (five "
        "at most; see the README for the rule)."
    )
    async def suggestions(self, info: Info) -> list[ControlSuggestion]:
        context = info.context

        async def fetch(tenant_ids: Any) -> dict[UUID, list[models.Control]]:
            return {t: await coverage.controls_of(context.session, t) for t in tenant_ids}

        # the tenant's controls read once for a whole page of CUECs
        controls = await context.loaders.keyed("tenant-controls", fetch).load(
            context.actor.tenant_id
        )
        found = await coverage.suggestions(context.session, context.actor, self.row, controls)
        return [
            ControlSuggestion(
                score=s.score, shared_criteria=list(s.shared_criteria), why=s.why, row=s.control
            )
            for s in found
        ]

    @classmethod
    def of(cls, row: soc2.SocCuec, held: coverage.Held | None) -> "CuecCoverageItem":
        held = held or coverage.Held()
        decision = held.coverage
        return cls(
            state=CoverageState(held.state.value),
            justification=decision.justification if decision else None,
            carried_over=decision is not None and decision.carried_from_id is not None,
            row=row,
            control_ids=list(held.control_ids),
            decided_by_id=decision.decided_by_id if decision else None,
        )


# How PostgreSQL writes a control on a list page (app/api/json_pages.py), as above.
json_pages.project(
    "Control",
    {
        "id": json_pages.global_id("Control"),
        **json_pages.columns("ref", "title", "description", "status", "last_tested_on"),
        "createdAt": json_pages.instant("created_at"),
        "updatedAt": json_pages.instant("updated_at"),
    },
)
