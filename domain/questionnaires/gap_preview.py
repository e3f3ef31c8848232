"""The gap questionnaire of a template for one vendor, from the vendor's current report as
it stands in tprm: its fields in force (a reviewer's corrections included) and its live
exceptions (those dismissed left out). See domain.questionnaires.gap for the rules."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.questionnaires import templates
from domain.questionnaires.gap import PreAnswer, ReportException, ReportFacts, Source, pre_answers
from domain.questionnaires.template_json import from_json
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2 import queries as soc2_queries
from domain.soc2.models import SocException, SocReport
from domain.vendors import service as vendors


@dataclass(frozen=True)
class GapPreview:
    report: SocReport | None  # None: the vendor has no read report, and every question is sent
    answers: list[PreAnswer]


async def facts_of(session: AsyncSession, report: SocReport) -> ReportFacts:
    exceptions = await session.scalars(
        select(SocException)
        .where(
            col(SocException.tenant_id) == report.tenant_id,
            col(SocException.report_id) == report.id,
            col(SocException.dismissed_at).is_(None),
        )
        .order_by(col(SocException.position))
    )
    opinion = (report.sources or {}).get("opinion")
    return ReportFacts(
        kind=report.kind,
        type=report.report_type,
        period_start=report.period_start,
        period_end=report.period_end,
        as_of=report.as_of,
        opinion=report.opinion,
        opinion_source=(
            Source(opinion.get("page"), opinion.get("quote")) if isinstance(opinion, dict) else None
        ),
        categories=frozenset(report.categories),
        exceptions=tuple(
            ReportException(tuple(e.criteria), e.control, e.result, e.page)
            for e in exceptions.all()
        ),
        review_needed=report.review_needed,
    )


async def preview(
    session: AsyncSession, actor: Actor, template_id: UUID, vendor_id: UUID
) -> GapPreview:
    """What the template would ask `vendor_id` and what its report already answers."""
    policy.require(actor, Permission.DOCUMENT_READ)
    template = await templates.get_template(session, actor, template_id, "id")
    vendor = await vendors.get_vendor(session, actor, vendor_id)
    latest = (
        await soc2_queries.latest_reports_by_vendor(session, actor.tenant_id, [vendor.id])
    ).get(vendor.id)
    facts = await facts_of(session, latest) if latest is not None else None
    return GapPreview(latest, pre_answers(from_json(template.definition), facts))
