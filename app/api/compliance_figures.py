"""Figures of the tenant's own house shown by more than one area: how the CUECs of its
vendors' reports are covered, and their exceptions by control domain (the compliance area's
own queries, and the posture dashboard of the risk register)."""

import strawberry

from app.api.enums import ExceptionDomain
from domain.compliance import coverage, exception_trends


@strawberry.type(description="How the CUECs of the vendors' current reports stand.")
class CuecCoverageCounts:
    total: int = strawberry.field(description="CUECs of the current reports (not dismissed).")
    mapped: int = strawberry.field(description="Run by one or more of the tenant's controls.")
    not_applicable: int = strawberry.field(description="Held not applicable, with why.")
    gaps: int = strawberry.field(description="Neither: work for the tenant.")
    percent: int | None = strawberry.field(
        description="Mapped or not applicable, 0-100; null without CUECs."
    )

    @classmethod
    def of(cls, found: coverage.Counts) -> "CuecCoverageCounts":
        return cls(
            total=found.total,
            mapped=found.mapped,
            not_applicable=found.not_applicable,
            gaps=found.gaps,
            percent=found.percent,
        )


@strawberry.type(description="One control domain across the tenant's vendors.")
class ExceptionDomainTrend:
    domain: ExceptionDomain = strawberry.field(description="The domain.")
    vendors: int = strawberry.field(
        description="Vendors with an exception of it in their current SOC 2 report."
    )
    exceptions: int = strawberry.field(description="Those exceptions.")
    recurring_vendors: int = strawberry.field(
        description="Of those vendors, how many had one of it in their report before too."
    )


@strawberry.type(description="Exceptions by control domain across the tenant's vendors.")
class ExceptionDomainTrends:
    vendors_with_reports: int = strawberry.field(
        description="Vendors with a read SOC 2 report: what `vendors` is out of."
    )
    domains: list[ExceptionDomainTrend] = strawberry.field(
        description="The domains that occur, the most vendors first."
    )

    @classmethod
    def of(cls, found: exception_trends.Trends) -> "ExceptionDomainTrends":
        return cls(
            vendors_with_reports=found.vendors_with_reports,
            domains=[
                ExceptionDomainTrend(
                    domain=t.domain,
                    vendors=t.vendors,
                    exceptions=t.exceptions,
                    recurring_vendors=t.recurring_vendors,
                )
                for t in found.domains
            ],
        )
