"""GraphQL types of sent questionnaires, as the tenant's reviewers see them."""

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry
from sqlalchemy import select
from strawberry import relay

from app.api import json_pages
from app.api.context import Info
from app.api.enums import (
    AnswerReview,
    AnswerSource,
    Author,
    GapDecision,
    QuestionnaireDelivery,
    QuestionnaireStatus,
)
from app.api.nodes import RowNode, node
from app.api.questionnaires.types import QuestionnaireTemplate, TemplateQuestion
from app.api.refs import DocumentRef, MemberRef, SocReportRef, VendorRef
from domain.documents import models as documents
from domain.questionnaires import answers, models, sent
from domain.questionnaires.definition import Question
from domain.questionnaires.models import OPEN_TO_VENDOR
from domain.questionnaires.template_json import from_json
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.policy import Permission
from domain.soc2 import models as soc2
from domain.tenancy import models as tenancy
from domain.vendors import models as vendors


@strawberry.type(description="A section's score.")
class SectionScore:
    title: str = strawberry.field(description="The section's title.")
    score: int | None = strawberry.field(
        description="0-100 from the weights of its answers; null when nothing in it is scored."
    )


@strawberry.type(description="Whether the vendor got its link.")
class QuestionnaireDeliveryState:
    status: QuestionnaireDelivery = strawberry.field(description="Where delivery stands.")
    last_sent_at: datetime | None = strawberry.field(
        description="When the last event carrying the link was appended."
    )
    link_expires_at: datetime | None = strawberry.field(
        description="When the vendor's current link stops working; null: it has none."
    )


@strawberry.type(description="What the vendor's SOC report did to a question when it was sent.")
class QuestionnaireGap:
    decision: GapDecision = strawberry.field(description="COVERED or FLAGGED.")
    note: str = strawberry.field(description="In words: what covers it, or the exception.")
    page: int | None = strawberry.field(description="The report's page, 1-based.")
    quote: str | None = strawberry.field(description="The report's own words.")
    sent_anyway: bool = strawberry.field(
        description="A COVERED question the reviewer chose to ask all the same."
    )


@strawberry.type(description="The answer a questionnaire holds for one question.")
class QuestionnaireAnswer:
    choices: list[str] = strawberry.field(
        description="The choice values picked (one for YES_NO and SINGLE_CHOICE)."
    )
    text: str | None = strawberry.field(description="A TEXT answer.")
    number: Decimal | None = strawberry.field(description="A NUMBER answer.")
    date: dt.date | None = strawberry.field(description="A DATE answer.")
    source: AnswerSource = strawberry.field(description="Where it came from.")
    answered_at: datetime | None = strawberry.field(description="When it was last given.")
    document_id: strawberry.Private[UUID | None]

    @strawberry.field(description="A FILE answer: the document the vendor attached.")
    def document(self, info: Info) -> DocumentRef | None:
        return node(info, documents.Document, self.document_id)

    @classmethod
    def of(cls, question: Question, row: models.QuestionnaireAnswer) -> "QuestionnaireAnswer":
        given = answers.given_of(question, row.value, row.document_id)
        return cls(
            choices=list(given.choices or ()),
            text=given.text,
            number=given.number,
            date=given.date,
            source=AnswerSource(row.source),
            answered_at=row.answered_at,
            document_id=row.document_id,
        )


@strawberry.type(
    description="One question of a sent questionnaire, with what it holds: the question as "
    "its version asks it, whether it shows and is asked, the answer, what the SOC report did "
    "to it, and the reviewer's verdict."
)
class QuestionnaireItem:
    question: TemplateQuestion = strawberry.field(description="The question, as sent.")
    shown: bool = strawberry.field(
        description="False when its condition hides it (its answer, if any, is not counted)."
    )
    asked: bool = strawberry.field(
        description="Shown and not answered by the SOC report: the vendor answers it."
    )
    answer: QuestionnaireAnswer | None = strawberry.field(
        description="What it holds; null: nothing yet."
    )
    gap: QuestionnaireGap | None = strawberry.field(
        description="What the SOC report did to it; null: the report had nothing to say."
    )
    review_status: AnswerReview = strawberry.field(description="The reviewer's verdict.")
    red_flag: bool = strawberry.field(description="The answer picks a red-flag choice.")
    reviewed_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="Who gave the verdict.")
    def reviewed_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.reviewed_by_id)


@strawberry.type(description="A message in a question's thread.")
class QuestionnaireMessage:
    question_key: str = strawberry.field(description="The question it is about.")
    author: Author = strawberry.field(description="VENDOR or REVIEWER.")
    body: str = strawberry.field(description="What was said.")
    created_at: datetime = strawberry.field(description="When.")
    member_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The reviewer who wrote it; null for the vendor.")
    def member(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.member_id)

    @classmethod
    def of(cls, row: models.QuestionnaireMessage) -> "QuestionnaireMessage":
        return cls(
            question_key=row.question_key,
            author=Author(row.author),
            body=row.body,
            created_at=row.created_at,
            member_id=row.member_id,
        )


@strawberry.type(description="What the viewer may do to a questionnaire now.")
class QuestionnaireViewerCan:
    review: bool = strawberry.field(
        description="reviewQuestionnaireAnswer, returnQuestionnaire, completeQuestionnaire: "
        "it is SUBMITTED and the role reviews."
    )
    reissue_link: bool = strawberry.field(
        description="reissueRespondentLink: it is not closed and the role sends questionnaires."
    )
    cancel: bool = strawberry.field(description="cancelQuestionnaire.")

    @classmethod
    def of(cls, actor: Actor, status: str) -> "QuestionnaireViewerCan":
        writes = policy.allows(actor, Permission.QUESTIONNAIRE_WRITE)
        closed = status in (models.QuestionnaireStatus.COMPLETED, "CANCELLED")
        return cls(
            review=writes and status == models.QuestionnaireStatus.SUBMITTED,
            reissue_link=writes and (status in OPEN_TO_VENDOR or status == "SUBMITTED"),
            cancel=writes and not closed,
        )


def _items(loaded: sent.Loaded) -> list[QuestionnaireItem]:
    held = loaded.held()
    shown = {q.key for q in answers.shown(loaded.template, held)}
    asked = {q.key for q in answers.asked(loaded.template, held)}
    flagged = {c.question.key for c in answers.concerns(loaded.template, held) if c.red_flags}
    items = []
    for section in loaded.template.sections:
        for question in section.questions:
            row = loaded.answers.get(question.key)
            answered = row is not None and sent.held_of(row).answered
            items.append(
                QuestionnaireItem(
                    question=TemplateQuestion.of(section.title, question),
                    shown=question.key in shown,
                    asked=question.key in asked,
                    answer=QuestionnaireAnswer.of(question, row)
                    if row is not None and answered
                    else None,
                    gap=QuestionnaireGap(
                        decision=GapDecision(row.gap_decision),
                        note=row.gap_note or "",
                        page=row.gap_page,
                        quote=row.gap_quote,
                        sent_anyway=row.send_anyway,
                    )
                    if row is not None and row.gap_decision
                    else None,
                    review_status=AnswerReview(row.review_status)
                    if row is not None
                    else AnswerReview.PENDING,
                    red_flag=question.key in flagged,
                    reviewed_by_id=row.reviewed_by_id if row is not None else None,
                )
            )
    return items


@strawberry.type(
    description="A questionnaire sent to a vendor contact: one template version, its answers "
    "(the vendor's, the SOC report's, and those carried over), their review, and its score."
)
class Questionnaire(
    RowNode, relay.Node, model=models.Questionnaire, read=Permission.QUESTIONNAIRE_READ
):
    questionnaire_id: relay.NodeID[UUID]
    status: QuestionnaireStatus = strawberry.field(description="Where it stands.")
    contact_name: str = strawberry.field(description="Who was asked, as when it was sent.")
    contact_email: str = strawberry.field(description="Their email, as when it was sent.")
    due_date: date = strawberry.field(description="When the vendor is to submit.")
    message: str | None = strawberry.field(description="The sender's note to the vendor.")
    score: int | None = strawberry.field(
        description="0-100 from the weights of its answers, kept when submitted and "
        "completed; null before, or when nothing is scored. It informs a review; it never "
        "changes the vendor's tier."
    )
    section_scores: list[SectionScore] = strawberry.field(description="Each section's score.")
    return_note: str | None = strawberry.field(
        description="What the reviewer asked for when returning it."
    )
    sent_at: datetime = strawberry.field(description="When it was sent.")
    submitted_at: datetime | None = strawberry.field(description="When last submitted.")
    completed_at: datetime | None = strawberry.field(description="When completed.")
    row: strawberry.Private[models.Questionnaire]

    @strawberry.field(description="The vendor asked.")
    def vendor(self, info: Info) -> VendorRef | None:
        return node(info, vendors.Vendor, self.row.vendor_id)

    @strawberry.field(description="The template version it asks.")
    async def template(self, info: Info) -> QuestionnaireTemplate | None:
        row = await info.context.loaders.rows(models.QuestionnaireTemplate).load(
            self.row.template_id
        )
        return QuestionnaireTemplate.from_row(row) if row is not None else None

    @strawberry.field(description="The SOC report its gap pre-answers came from.")
    def report(self, info: Info) -> SocReportRef | None:
        return node(info, soc2.SocReport, self.row.report_id)

    @strawberry.field(description="Who sent it.")
    def sent_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.row.sent_by_id)

    @strawberry.field(description="Who completed it.")
    def completed_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.row.completed_by_id)

    @strawberry.field(description="Whether the vendor got its link.")
    async def delivery(self, info: Info) -> QuestionnaireDeliveryState:
        context = info.context

        async def fetch(ids: Any) -> dict[UUID, sent.DeliveryState]:
            return await sent.delivery_states(context.session, context.actor.tenant_id, ids)

        state = await context.loaders.keyed("questionnaire-delivery", fetch).load(self.row.id)
        return QuestionnaireDeliveryState(
            status=state.status,
            last_sent_at=state.last_event_at,
            link_expires_at=state.link_expires_at,
        )

    @strawberry.field(
        description="Every question in order, each naming its section, with what it holds: "
        "one flat list, so a screen reads the whole questionnaire in one cheap field."
    )
    async def items(self, info: Info) -> list[QuestionnaireItem]:
        loaders = info.context.loaders
        version = await loaders.rows(models.QuestionnaireTemplate).load(self.row.template_id)
        answers = await loaders.answers_by_questionnaire.load(self.row.id)
        return _items(sent.Loaded(self.row, version, from_json(version.definition), answers))

    @strawberry.field(description="Every message of every question's thread, oldest first.")
    async def messages(self, info: Info) -> list[QuestionnaireMessage]:
        rows = await info.context.loaders.messages_by_questionnaire.load(self.row.id)
        return [QuestionnaireMessage.of(m) for m in rows]

    @strawberry.field(description="What the viewer may do to it now.")
    def viewer_can(self, info: Info) -> QuestionnaireViewerCan:
        return QuestionnaireViewerCan.of(info.context.actor, self.row.status)

    @classmethod
    def from_row(cls, row: models.Questionnaire) -> "Questionnaire":
        return cls(
            questionnaire_id=row.id,
            status=QuestionnaireStatus(row.status),
            contact_name=row.contact_name,
            contact_email=row.contact_email,
            due_date=row.due_date,
            message=row.message,
            score=row.score,
            section_scores=[
                SectionScore(title=s["title"], score=s["score"]) for s in row.section_scores
            ],
            return_note=row.return_note,
            sent_at=row.sent_at,
            submitted_at=row.submitted_at,
            completed_at=row.completed_at,
            row=row,
        )


# How PostgreSQL writes a questionnaire on a list page (app/api/json_pages.py), as above.
json_pages.project(
    "QuestionnaireDeliveryState",
    {
        **json_pages.columns("status"),
        "lastSentAt": json_pages.instant("last_sent_at"),
        "linkExpiresAt": json_pages.instant("link_expires_at"),
    },
)
json_pages.project(
    "Questionnaire",
    {
        "id": json_pages.global_id("Questionnaire"),
        **json_pages.columns(
            "status", "contact_name", "contact_email", "due_date", "message", "score", "return_note"
        ),
        "sentAt": json_pages.instant("sent_at"),
        "submittedAt": json_pages.instant("submitted_at"),
        "completedAt": json_pages.instant("completed_at"),
        "vendor": json_pages.tenant_rows(vendors.Vendor, "id", "vendor_id"),
        "template": json_pages.tenant_rows(models.QuestionnaireTemplate, "id", "template_id"),
        "report": json_pages.tenant_rows(soc2.SocReport, "id", "report_id"),
        "sentBy": json_pages.tenant_rows(tenancy.Membership, "id", "sent_by_id"),
        "completedBy": json_pages.tenant_rows(tenancy.Membership, "id", "completed_by_id"),
        "delivery": json_pages.One(
            sent.deliveries(),
            lambda questionnaire, delivery, state: select(state).where(
                delivery.c.tenant_id == questionnaire.c.tenant_id,
                delivery.c.id == questionnaire.c.id,
            ),
        ),
        "viewerCan": json_pages.Decided(
            {"status": models.QuestionnaireStatus},
            lambda actor, questionnaire: QuestionnaireViewerCan.of(actor, questionnaire.status),
        ),
    },
)
