"""GraphQL types of what the tenant's customers ask of it."""

from datetime import date
from uuid import UUID

import strawberry

from app.api.context import Info
from app.api.enums import DataCategory, SocStanding
from app.api.nodes import node, to_node
from app.api.refs import SocReportRef, VendorRef
from domain.diligence import subprocessors
from domain.vendors import models as vendors


@strawberry.type(
    description="A vendor the tenant lists to its customers as a subprocessor, and its SOC "
    "standing."
)
class Subprocessor:
    name: str = strawberry.field(description="The vendor's name.")
    domain: str = strawberry.field(description="Its web domain.")
    service: str | None = strawberry.field(description="What it does for the tenant.")
    data_categories: list[DataCategory] = strawberry.field(
        description="The data it touches, from its data-access profile."
    )
    locations: list[str] = strawberry.field(description="Where it hosts it (regions).")
    soc_standing: SocStanding = strawberry.field(
        description="CURRENT, STALE (past staleReportMonths) or NONE read."
    )
    soc_period_end: date | None = strawberry.field(
        description="The end (or as-of date) of its current SOC report."
    )
    vendor_id: strawberry.Private[UUID]
    report: strawberry.Private[object | None]

    @strawberry.field(description="The vendor.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.vendor_id)

    @strawberry.field(description="Its current SOC report (latest read SOC 1, 2 or 3).")
    def soc_report(self, info: Info) -> SocReportRef | None:
        return to_node(info, self.report)

    @classmethod
    def of(cls, entry: subprocessors.Subprocessor) -> "Subprocessor":
        report = entry.report
        return cls(
            name=entry.vendor.name,
            domain=entry.vendor.domain,
            service=entry.vendor.services_provided,
            data_categories=[DataCategory(c) for c in entry.data_categories],
            locations=entry.locations,
            soc_standing=entry.standing,
            soc_period_end=(report.period_end or report.as_of) if report else None,
            vendor_id=entry.vendor.id,
            report=report,
        )
