"""What a respondent sees of its questionnaire: the questions it is asked, its own answers,
what the SOC report answered for it, and the threads. Never weights, red flags, scores,
reviewers' names or anything else of the tenant's."""

import datetime as dt
from decimal import Decimal

import strawberry

from app.api.enums import AnswerReview, Author, QuestionnaireStatus, QuestionType
from domain.questionnaires import answers
from domain.questionnaires.definition import Question
from domain.questionnaires.gap import Decision
from domain.questionnaires.models import AnswerSource, QuestionnaireAnswer, QuestionnaireMessage
from domain.questionnaires.sent import Loaded


@strawberry.type(name="Choice", description="One answer a choice question offers.")
class RespondentChoice:
    value: str = strawberry.field(description="What to send in `choices`.")
    label: str = strawberry.field(description="What to show.")


@strawberry.type(name="AttachedFile", description="A file given as an answer.")
class AttachedFile:
    filename: str = strawberry.field(description="Its name as uploaded.")
    size_bytes: int = strawberry.field(description="Its size.")


@strawberry.type(name="Answer", description="Your answer to a question.")
class RespondentAnswer:
    choices: list[str] = strawberry.field(description="The choice values picked.")
    text: str | None = strawberry.field(description="A TEXT answer.")
    number: Decimal | None = strawberry.field(description="A NUMBER answer.")
    date: dt.date | None = strawberry.field(description="A DATE answer.")
    file: AttachedFile | None = strawberry.field(description="A FILE answer.")
    carried_over: bool = strawberry.field(
        description="Your answer from last time: confirm it (confirmCarriedOverAnswers) or "
        "change it before submitting."
    )


@strawberry.type(
    name="ReportNote",
    description="What your SOC report says to a question: it answers it (COVERED, not asked), "
    "or it has an exception on it (FLAGGED: asked, tell us what was done about it).",
)
class ReportNote:
    covered: bool = strawberry.field(description="True: answered by the report, not asked.")
    note: str = strawberry.field(description="In words.")
    page: int | None = strawberry.field(description="The report's page.")
    quote: str | None = strawberry.field(description="The report's words.")


@strawberry.type(name="Question", description="A question of your questionnaire.")
class RespondentQuestion:
    key: str = strawberry.field(description="Its key: name it in answers and comments.")
    section: str = strawberry.field(description="The title of its section.")
    text: str = strawberry.field(description="What it asks.")
    help: str | None = strawberry.field(description="Guidance.")
    type: QuestionType = strawberry.field(description="How it is answered.")
    required: bool = strawberry.field(description="Must be answered to submit.")
    choices: list[RespondentChoice] = strawberry.field(description="For a choice question.")
    shown: bool = strawberry.field(
        description="False while an earlier answer hides it (it shows after another answer)."
    )
    asked: bool = strawberry.field(description="Shown, and not answered by your SOC report.")
    answer: RespondentAnswer | None = strawberry.field(description="Your answer; null: none.")
    report: ReportNote | None = strawberry.field(description="What your SOC report says to it.")
    needs_more_information: bool = strawberry.field(
        description="The reviewer asked for more: see the question's thread."
    )


@strawberry.type(name="Message", description="A message in a question's thread.")
class RespondentMessage:
    question_key: str = strawberry.field(description="The question it is about.")
    author: Author = strawberry.field(description="VENDOR (you) or REVIEWER.")
    body: str = strawberry.field(description="What was said.")
    created_at: dt.datetime = strawberry.field(description="When.")

    @classmethod
    def of(cls, row: QuestionnaireMessage) -> "RespondentMessage":
        return cls(
            question_key=row.question_key,
            author=Author(row.author),
            body=row.body,
            created_at=row.created_at,
        )


def _answer(
    question: Question, row: QuestionnaireAnswer | None, files: dict[str, AttachedFile]
) -> RespondentAnswer | None:
    if row is None or row.source == AnswerSource.REPORT:
        return None
    given = answers.given_of(question, row.value, row.document_id)
    if given.is_empty():
        return None
    return RespondentAnswer(
        choices=list(given.choices or ()),
        text=given.text,
        number=given.number,
        date=given.date,
        file=files.get(question.key),
        carried_over=row.source == AnswerSource.CARRIED_OVER,
    )


def _report(row: QuestionnaireAnswer | None) -> ReportNote | None:
    if row is None or row.gap_decision not in (Decision.COVERED, Decision.FLAGGED):
        return None
    return ReportNote(
        covered=row.gap_decision == Decision.COVERED and not row.send_anyway,
        note=row.gap_note or "",
        page=row.gap_page,
        quote=row.gap_quote,
    )


def questions(loaded: Loaded, files: dict[str, AttachedFile]) -> list[RespondentQuestion]:
    held = loaded.held()
    shown = {q.key for q in answers.shown(loaded.template, held)}
    asked = {q.key for q in answers.asked(loaded.template, held)}
    found = []
    for section in loaded.template.sections:
        for question in section.questions:
            row = loaded.answers.get(question.key)
            found.append(
                RespondentQuestion(
                    key=question.key,
                    section=section.title,
                    text=question.text,
                    help=question.help,
                    type=question.type,
                    required=question.required,
                    choices=[
                        RespondentChoice(value=c.value, label=c.label) for c in question.choices
                    ],
                    shown=question.key in shown,
                    asked=question.key in asked,
                    answer=_answer(question, row, files),
                    report=_report(row),
                    needs_more_information=row is not None
                    and row.review_status == AnswerReview.NEEDS_INFO,
                )
            )
    return found


@strawberry.type(name="Questionnaire", description="The questionnaire you were sent.")
class RespondentQuestionnaire:
    title: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(description="What it is for.")
    vendor_name: str = strawberry.field(description="Whom it was sent to: your company.")
    due_date: dt.date = strawberry.field(description="When to submit it by.")
    status: QuestionnaireStatus = strawberry.field(
        description="SENT, IN_PROGRESS or RETURNED: yours to answer; SUBMITTED: with the reviewer."
    )
    message: str | None = strawberry.field(description="The sender's note.")
    return_note: str | None = strawberry.field(
        description="What the reviewer asked for when returning it."
    )
    questions: list[RespondentQuestion] = strawberry.field(description="Every question, in order.")
    messages: list[RespondentMessage] = strawberry.field(
        description="Every message of every thread, oldest first."
    )
    missing_required: list[str] = strawberry.field(
        description="Keys of required questions asked and not yet answered: submit refuses them."
    )
