"""Query fields of findings."""

from typing import Annotated

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.findings.inputs import FindingFilter, FindingOrder
from app.api.findings.types import Finding
from app.api.pages import FindingCounts, finding_counts, findings_page
from app.api.relay import Connection


@strawberry.type
class FindingQuery:
    @strawberry.field(description="One finding; null if it is not there (or not yours).")
    async def finding(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> Finding | None:
        return await Finding.by_global_id(info, id)

    @strawberry.field(
        description="The tenant's findings: filtered, ordered (newest first unless orderBy "
        "says otherwise), paged. A criterion naming another tenant's ID matches nothing."
    )
    async def findings(
        self,
        info: Info,
        filter: FindingFilter | None = None,
        order_by: FindingOrder | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Finding]:
        criteria = (filter or FindingFilter()).criteria()
        return await findings_page(info, criteria, order_by, first, after, last, before)

    @strawberry.field(
        description="How many findings match the filter, by status and by severity, with "
        "the open and overdue ones: a findings board's column headers in one field."
    )
    async def finding_counts(
        self, info: Info, filter: FindingFilter | None = None
    ) -> FindingCounts:
        criteria = (filter or FindingFilter()).criteria()
        return FindingCounts.of(await finding_counts(info, criteria))
