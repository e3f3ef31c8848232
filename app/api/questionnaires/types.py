"""GraphQL types of questionnaire templates."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import ControlDomain, GapDecision, QuestionType
from app.api.nodes import RowNode, node, to_node
from app.api.refs import MemberRef, SocReportRef
from app.api.relay import node_uuid
from domain.questionnaires import definition, gap_preview, models
from domain.questionnaires.template_json import from_json
from domain.shared import policy
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


@strawberry.type(description="One answer a choice question offers.")
class TemplateChoice:
    value: str = strawberry.field(description="What an answer stores.")
    label: str = strawberry.field(description="What the respondent reads.")
    weight: int = strawberry.field(description="Points toward the score (0-100).")
    red_flag: bool = strawberry.field(description="Picking it raises a finding.")


@strawberry.type(description="When a question shows: after an earlier answer.")
class TemplateCondition:
    key: str = strawberry.field(description="The earlier question's key.")
    any_of: list[str] = strawberry.field(
        description="It shows when that question was answered with one of these values."
    )


@strawberry.type(description="A question of a template.")
class TemplateQuestion:
    section: str = strawberry.field(description="The title of the section it is in.")
    key: str = strawberry.field(
        description="Its name across versions: answers and conditions refer to it."
    )
    text: str = strawberry.field(description="What it asks.")
    type: QuestionType = strawberry.field(description="How it is answered.")
    required: bool = strawberry.field(description="Whether it must be answered to submit.")
    help: str | None = strawberry.field(description="Guidance for the respondent.")
    choices: list[TemplateChoice] = strawberry.field(
        description="What a choice question offers, in order; empty for other types."
    )
    condition: TemplateCondition | None = strawberry.field(
        description="When it shows; null: always."
    )
    criteria: list[str] = strawberry.field(
        description="The trust services criteria it maps to (CC6.1 ...): what a SOC 2 report "
        "may already answer."
    )
    domain: ControlDomain | None = strawberry.field(description="Its control domain.")

    @classmethod
    def of(cls, section: str, question: definition.Question) -> "TemplateQuestion":
        return cls(
            section=section,
            key=question.key,
            text=question.text,
            type=question.type,
            required=question.required,
            help=question.help,
            choices=[
                TemplateChoice(value=c.value, label=c.label, weight=c.weight, red_flag=c.red_flag)
                for c in question.choices
            ],
            condition=(
                TemplateCondition(
                    key=question.condition.key, any_of=list(question.condition.any_of)
                )
                if question.condition
                else None
            ),
            criteria=list(question.criteria),
            domain=question.domain,
        )


@strawberry.type(description="Where in the vendor's report a gap answer comes from.")
class GapSource:
    page: int | None = strawberry.field(description="The page, 1-based.")
    quote: str | None = strawberry.field(description="The report's own words.")


@strawberry.type(description="What the vendor's report does to one question.")
class GapAnswer:
    key: str = strawberry.field(description="The question's key.")
    decision: GapDecision = strawberry.field(description="COVERED, FLAGGED or SEND.")
    why: str = strawberry.field(
        description="In words: what covers it (report type, period, opinion), the exception "
        "that flags it, or why it is sent."
    )
    source: GapSource | None = strawberry.field(
        description="Where in the report: the opinion for COVERED, the exception for FLAGGED."
    )


@strawberry.type(
    description="A template's gap questionnaire for one vendor: what its current SOC report "
    "already answers, and what would be sent."
)
class GapPreview:
    report_row: strawberry.Private[Any]
    answers: list[GapAnswer] = strawberry.field(description="Every question, in order.")

    @strawberry.field(description="The vendor's current report; null when it has none.")
    def report(self, info: Info) -> SocReportRef | None:
        return to_node(info, self.report_row)

    @strawberry.field(description="How many questions would be sent (SEND and FLAGGED).")
    def sent_count(self) -> int:
        return sum(a.decision != GapDecision.COVERED for a in self.answers)


@strawberry.type(description="What the viewer may do to a template now.")
class QuestionnaireTemplateViewerCan:
    revise: bool = strawberry.field(
        description="reviseQuestionnaireTemplate: the role writes templates and this is the "
        "current version."
    )


@strawberry.type(
    description="One version of a questionnaire template: sections of questions, never changed "
    "once saved. Revising the current version makes the next one."
)
class QuestionnaireTemplate(
    RowNode, relay.Node, model=models.QuestionnaireTemplate, read=Permission.QUESTIONNAIRE_READ
):
    template_id: relay.NodeID[UUID]
    name: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="What it is for.")
    version: int = strawberry.field(description="1 for the first, then one more per revision.")
    change_note: str | None = strawberry.field(description="Why this version was made.")
    question_count: int = strawberry.field(description="How many questions it has.")
    created_at: datetime = strawberry.field(description="When this version was saved.")
    family_id: strawberry.Private[UUID]
    created_by_id: strawberry.Private[UUID | None]
    definition_json: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Its section titles, in order.")
    def sections(self) -> list[str]:
        return [s["title"] for s in self.definition_json["sections"]]

    @strawberry.field(
        description="Its questions in order, each naming its section: one flat list, so a "
        "screen reads a whole template in one cheap field."
    )
    def questions(self) -> list[TemplateQuestion]:
        template = from_json(self.definition_json)
        return [TemplateQuestion.of(s.title, q) for s in template.sections for q in s.questions]

    @strawberry.field(description="The member who saved this version.")
    def created_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.created_by_id)

    @strawberry.field(description="Whether this is the template's current version.")
    async def is_current(self, info: Info) -> bool:
        latest = await info.context.loaders.template_latest_version.load(self.family_id)
        return bool(latest == self.version)

    @strawberry.field(description="What the viewer may do to it now.")
    async def viewer_can(self, info: Info) -> QuestionnaireTemplateViewerCan:
        writes = policy.allows(info.context.actor, Permission.QUESTIONNAIRE_WRITE)
        return QuestionnaireTemplateViewerCan(revise=writes and await self.is_current(info))

    @strawberry.field(
        description="Its gap questionnaire for a vendor: each question COVERED by the "
        "vendor's current SOC report (with the report's words), FLAGGED by an exception on "
        "its criteria, or to SEND. NOT_FOUND for a vendor that is not here."
    )
    async def gap_for(
        self,
        info: Info,
        vendor_id: Annotated[relay.GlobalID, strawberry.argument(description="The vendor.")],
    ) -> GapPreview:
        preview = await gap_preview.preview(
            info.context.session,
            info.context.actor,
            self.template_id,
            node_uuid(vendor_id, "Vendor", "Vendor", "vendorId"),
        )
        return GapPreview(
            report_row=preview.report,
            answers=[
                GapAnswer(
                    key=a.key,
                    decision=a.decision,
                    why=a.why,
                    source=GapSource(page=a.source.page, quote=a.source.quote)
                    if a.source
                    else None,
                )
                for a in preview.answers
            ],
        )

    @classmethod
    def from_row(cls, row: models.QuestionnaireTemplate) -> "QuestionnaireTemplate":
        return cls(
            template_id=row.id,
            name=row.name,
            description=row.description,
            version=row.version,
            change_note=row.change_note,
            question_count=row.question_count,
            created_at=row.created_at,
            family_id=row.family_id,
            created_by_id=row.created_by_id,
            definition_json=row.definition,
        )


# How PostgreSQL writes a template version on a list page (app/api/json_pages.py), as above.
json_pages.project(
    "QuestionnaireTemplate",
    {
        "id": json_pages.global_id("QuestionnaireTemplate"),
        **json_pages.columns("name", "description", "version", "change_note"),
        "createdAt": json_pages.instant("created_at"),
    },
)
