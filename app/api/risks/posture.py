"""The posture dashboard: the risk register's heat map and largest risks beside the work
overdue, CUEC coverage, vendors' report standing and exceptions by domain, in one query."""

import enum
from collections import Counter
from typing import Annotated

import strawberry

from app.api.compliance_figures import CuecCoverageCounts, ExceptionDomainTrends
from app.api.context import Info
from app.api.enums import RiskBand
from app.api.nodes import to_node
from app.api.refs import VendorRef
from app.api.risks.types import Risk, settings_of
from domain.risks import posture, scoring
from domain.tenancy.settings import TenantSettings


@strawberry.enum(description="Which rating of a risk to place it by.")
class RiskRatingKind(enum.Enum):
    CURRENT = "CURRENT"
    INHERENT = "INHERENT"


@strawberry.type(description="One cell of the heat map: the OPEN risks rated so.")
class RiskHeatMapCell:
    likelihood: int = strawberry.field(description="1 to 5.")
    impact: int = strawberry.field(description="1 to 5.")
    score: int = strawberry.field(description="Likelihood x impact.")
    band: RiskBand = strawberry.field(description="The cell's band, by the tenant's settings.")
    count: int = strawberry.field(description="OPEN risks in it.")


@strawberry.type(description="The OPEN risks of one band.")
class RiskBandCount:
    band: RiskBand = strawberry.field(description="The band.")
    count: int = strawberry.field(description="OPEN risks whose current score falls in it.")


@strawberry.type(
    description="The vendors in use (ACTIVE or OFFBOARDING) by their current SOC report."
)
class VendorReportStanding:
    in_use: int = strawberry.field(description="Vendors in use.")
    modified_opinion: int = strawberry.field(
        description="Whose current report's opinion is QUALIFIED, ADVERSE or DISCLAIMER."
    )
    stale: int = strawberry.field(
        description="Whose current report's period ended longer ago than staleReportMonths."
    )
    without_report: int = strawberry.field(description="With no SOC report read.")
    modified_opinion_rows: strawberry.Private[tuple[object, ...]]
    stale_rows: strawberry.Private[tuple[object, ...]]

    @strawberry.field(description="The first 20 of those with a modified opinion, by name.")
    def modified_opinion_vendors(self, info: Info) -> list[VendorRef]:
        return [n for n in (to_node(info, v) for v in self.modified_opinion_rows) if n]

    @strawberry.field(description="The first 20 of those with a stale report, by name.")
    def stale_vendors(self, info: Info) -> list[VendorRef]:
        return [n for n in (to_node(info, v) for v in self.stale_rows) if n]


def _cells(counted: Counter[posture.Cell], settings: TenantSettings) -> list[RiskHeatMapCell]:
    return [
        RiskHeatMapCell(
            likelihood=likelihood,
            impact=impact,
            score=likelihood * impact,
            band=scoring.band(likelihood * impact, settings),
            count=counted[(likelihood, impact)],
        )
        for likelihood in reversed(scoring.LEVELS)
        for impact in scoring.LEVELS
    ]


@strawberry.type(description="The tenant's posture now, for a dashboard.")
class Posture:
    open_risks: int = strawberry.field(description="OPEN risks.")
    overdue_risks: int = strawberry.field(
        description="OPEN risks whose acceptance has expired or whose review date has passed."
    )
    top_risks: list[Risk] = strawberry.field(
        description="The OPEN risks with the largest current scores, newest first among equals."
    )
    overdue_reviews: int = strawberry.field(description="Vendor reviews past their due date.")
    open_findings: int = strawberry.field(description="Findings OPEN or IN_REMEDIATION.")
    overdue_findings: int = strawberry.field(description="Open findings past their due date.")
    cuec_coverage: CuecCoverageCounts = strawberry.field(
        description="How the CUECs of the vendors' current reports are covered."
    )
    vendor_reports: VendorReportStanding = strawberry.field(
        description="Vendors in use with a modified opinion, a stale report, or none."
    )
    exceptions_by_domain: ExceptionDomainTrends = strawberry.field(
        description="The exceptions of the vendors' current SOC 2 reports by control domain."
    )
    found: strawberry.Private[posture.Posture]
    settings: strawberry.Private[TenantSettings]

    @strawberry.field(
        description="Every cell of the 5 x 5 heat map with the OPEN risks in it: likelihood "
        "from 5 down, impact from 1 up (a grid's rows, top to bottom)."
    )
    def risk_heat_map(
        self,
        rating: Annotated[
            RiskRatingKind,
            strawberry.argument(description="CURRENT (residual once assessed) or INHERENT."),
        ] = RiskRatingKind.CURRENT,
    ) -> list[RiskHeatMapCell]:
        counted = (
            self.found.current_cells
            if rating is RiskRatingKind.CURRENT
            else self.found.inherent_cells
        )
        return _cells(counted, self.settings)

    @strawberry.field(description="The OPEN risks by the band of their current score, LOW first.")
    def risks_by_band(self) -> list[RiskBandCount]:
        by_band: Counter[scoring.RiskBand] = Counter()
        for (likelihood, impact), n in self.found.current_cells.items():
            by_band[scoring.band(likelihood * impact, self.settings)] += n
        return [RiskBandCount(band=b, count=by_band[b]) for b in scoring.RiskBand]


@strawberry.type
class PostureQuery:
    @strawberry.field(
        description="The tenant's posture now, for a dashboard: its risks by heat-map cell "
        "and the largest, the work overdue, CUEC coverage, vendors' report standing, and "
        "exceptions by control domain."
    )
    async def posture(
        self,
        info: Info,
        top_risks: Annotated[
            int, strawberry.argument(description="How many of the largest risks: 0 to 20.")
        ] = 5,
    ) -> Posture:
        found = await posture.posture(info.context.session, info.context.actor, top_risks)
        reports = found.reports
        return Posture(
            open_risks=found.open_risks,
            overdue_risks=found.overdue_risks,
            top_risks=[Risk.from_row(r) for r in found.top_risks],
            overdue_reviews=found.overdue_reviews,
            open_findings=found.open_findings,
            overdue_findings=found.overdue_findings,
            cuec_coverage=CuecCoverageCounts.of(found.coverage),
            vendor_reports=VendorReportStanding(
                in_use=reports.in_use,
                modified_opinion=reports.modified_opinion,
                stale=reports.stale,
                without_report=reports.without_report,
                modified_opinion_rows=reports.modified_opinion_vendors,
                stale_rows=reports.stale_vendors,
            ),
            exceptions_by_domain=ExceptionDomainTrends.of(found.exceptions),
            found=found,
            settings=await settings_of(info),
        )
