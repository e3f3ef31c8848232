"""GraphQL types of the tenant's own systems, controls and the criteria catalogue."""

from datetime import date, datetime
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.enums import ControlStatus, TrustServicesCategory
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from domain.compliance import criteria as catalogue
from domain.compliance import models
from domain.shared import policy
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


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
    update: bool = strawberry.field(description="Change it (REVIEWER, ADMIN).")
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

    @classmethod
    def from_row(cls, row: models.OwnSystem) -> "OwnSystem":
        return cls(
            system_id=row.id,
            name=row.name,
            description=row.description,
            categories=[TrustServicesCategory(c) for c in row.categories],
            created_at=row.created_at,
        )
