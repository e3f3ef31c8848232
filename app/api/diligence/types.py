"""GraphQL types of what the tenant's customers ask of it."""

from datetime import date, datetime
from typing import Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.diligence.trust_documents import TrustDocument
from app.api.enums import DataCategory, SocStanding
from app.api.nodes import RowNode, node, to_node
from app.api.refs import MemberRef, SocReportRef, VendorRef
from domain.diligence import library, models, subprocessors, trust_documents
from domain.shared import policy
from domain.shared.models import today
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy
from domain.tenancy.queries import tenant_settings
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


@strawberry.type(description="What the viewer may do to a library entry now.")
class AnswerEntryViewerCan:
    update: bool = strawberry.field(description="Change it, say it reviewed (REVIEWER, ADMIN).")
    delete: bool = strawberry.field(description="Remove it (REVIEWER, ADMIN).")


@strawberry.type(
    description="A question the tenant has answered for its customers, and its answer, to "
    "reuse: tagged, owned, reviewed now and then."
)
class AnswerEntry(RowNode, relay.Node, model=models.AnswerEntry, read=Permission.DILIGENCE_READ):
    entry_id: relay.NodeID[UUID]
    question: str = strawberry.field(description="The question.")
    answer: str = strawberry.field(description="The answer.")
    tags: list[str] = strawberry.field(description="Its labels.")
    last_reviewed_on: date = strawberry.field(description="When it was last reviewed.")
    created_at: datetime = strawberry.field(description="When it was written.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    owner_id: strawberry.Private[UUID | None]
    reviewed_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who keeps it.")
    def owner(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.owner_id)

    @strawberry.field(description="The member who last said it holds.")
    def reviewed_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.reviewed_by_id)

    @strawberry.field(
        description="Last reviewed longer ago than the tenant's answerStaleMonths: to look at."
    )
    async def stale(self, info: Info) -> bool:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, int]:
            return {i: (await tenant_settings(context.session, i)).answer_stale_months for i in ids}

        months = await context.loaders.keyed("answer-stale-months", fetch).load(
            context.actor.tenant_id
        )
        return library.is_stale(self.last_reviewed_on, today(), months)

    @strawberry.field(description="The trust documents that back the answer, by title.")
    async def evidence(self, info: Info) -> list[TrustDocument]:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, list[models.TrustDocument]]:
            return await trust_documents.documents_by_entry(
                context.session, context.actor.tenant_id, ids
            )

        rows = await context.loaders.keyed("answer-entry-evidence", fetch).load(self.entry_id)
        return [TrustDocument.from_row(r) for r in rows or []]

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> AnswerEntryViewerCan:
        writes = policy.allows(info.context.actor, Permission.DILIGENCE_WRITE)
        return AnswerEntryViewerCan(update=writes, delete=writes)

    @classmethod
    def from_row(cls, row: models.AnswerEntry) -> "AnswerEntry":
        return cls(
            entry_id=row.id,
            question=row.question,
            answer=row.answer,
            tags=list(row.tags),
            last_reviewed_on=row.last_reviewed_on,
            created_at=row.created_at,
            updated_at=row.updated_at,
            owner_id=row.owner_id,
            reviewed_by_id=row.reviewed_by_id,
        )
