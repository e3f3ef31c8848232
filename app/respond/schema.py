"""The respondent schema: one questionnaire, read and answered through its link. Its root
fields take no ids of anything: what they touch is the questionnaire the link admits to
(Context.questionnaire_id), so nothing else of the tenant's can be named, let alone reached."""

import datetime as dt
import enum
from decimal import Decimal

import strawberry
from strawberry.extensions import ParserCache
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.enums import QuestionnaireStatus
from app.api.errors import ErrorPolicy, Payload, UserError, code, mutation
from app.api.input_text import StorableText
from app.api.inputs import uploaded
from app.api.schema import limits
from app.api.uploads import chunks
from app.api.validated import validated_once
from app.respond.types import (
    AttachedFile,
    RespondentMessage,
    RespondentQuestionnaire,
    questions,
)
from app.settings import Settings
from domain.documents import intake
from domain.documents.models import Document
from domain.questionnaires import answers, responding
from domain.questionnaires.sent import Loaded, messages_of
from domain.shared import reading
from domain.vendors.models import Vendor


def _respondent(info: Info) -> responding.Respondent:
    context = info.context
    assert context.questionnaire_id is not None  # the respondent view always sets it
    return responding.Respondent(context.actor, context.questionnaire_id)


async def _view(info: Info, loaded: Loaded) -> RespondentQuestionnaire:
    session, questionnaire = info.context.session, loaded.questionnaire
    vendor = await reading.one(
        session, questionnaire.tenant_id, Vendor, questionnaire.vendor_id, entity="Vendor"
    )
    document_ids = [a.document_id for a in loaded.answers.values() if a.document_id]
    documents = await reading.by_ids(session, questionnaire.tenant_id, Document, document_ids)
    files = {
        a.question_key: AttachedFile(
            filename=documents[a.document_id].filename,
            size_bytes=documents[a.document_id].size_bytes,
        )
        for a in loaded.answers.values()
        if a.document_id in documents
    }
    messages = await messages_of(session, questionnaire.tenant_id, [questionnaire.id])
    held = loaded.held()
    return RespondentQuestionnaire(
        title=loaded.version.name,
        description=loaded.version.description,
        vendor_name=vendor.name,
        due_date=questionnaire.due_date,
        status=QuestionnaireStatus(questionnaire.status),
        message=questionnaire.message,
        return_note=questionnaire.return_note,
        questions=questions(loaded, files),
        messages=[RespondentMessage.of(m) for m in messages.get(questionnaire.id, [])],
        missing_required=[q.key for q in answers.missing_required(loaded.template, held)],
    )


@strawberry.enum(name="ErrorCode", description="Why a mutation changed nothing.")
class RespondentErrorCode(enum.Enum):
    INVALID = code("INVALID")
    CONFLICT = code("CONFLICT")
    TOO_LARGE = code("TOO_LARGE")


@strawberry.type(name="Error", description="A problem with what was sent.")
class RespondentError(UserError):
    code: RespondentErrorCode = strawberry.field(description="Stable code to switch on.")


@strawberry.type(name="QuestionnairePayload", description="The questionnaire after the change.")
class RespondentPayload(Payload[RespondentError]):
    questionnaire: RespondentQuestionnaire | None = strawberry.field(
        default=None, description="As it now stands."
    )


@strawberry.type(name="MessagePayload", description="The message written.")
class RespondentMessagePayload(Payload[RespondentError]):
    message: RespondentMessage | None = strawberry.field(default=None, description="It.")


@strawberry.input(name="AnswerInput", description="An answer: the one field its type takes.")
class AnswerInput:
    question_key: str = strawberry.field(description="The question's key.")
    choices: list[str] | None = strawberry.field(
        default=None, description="YES_NO, SINGLE_CHOICE (one value), MULTIPLE_CHOICE."
    )
    text: str | None = strawberry.field(default=None, description="TEXT.")
    number: Decimal | None = strawberry.field(default=None, description="NUMBER.")
    date: dt.date | None = strawberry.field(default=None, description="DATE.")

    def given(self) -> answers.Given:
        return answers.Given(
            choices=tuple(self.choices) if self.choices is not None else None,
            text=self.text,
            number=self.number,
            date=self.date,
        )


@strawberry.input(name="SaveAnswersInput", description="Answers to save as a draft.")
class SaveAnswersInput:
    answers: list[AnswerInput] = strawberry.field(
        description="Each replaces that question's answer; an empty one clears it."
    )


@strawberry.input(name="ConfirmInput", description="Answers carried over, confirmed.")
class ConfirmInput:
    question_keys: list[str] = strawberry.field(
        default_factory=list, description="Which; empty: every one carried over."
    )


@strawberry.input(name="CommentInput", description="A message in a question's thread.")
class CommentInput:
    question_key: str = strawberry.field(description="The question.")
    body: str = strawberry.field(description="What to say (at most 5,000 characters).")


@strawberry.input(name="AttachFileInput", description="A file answering a FILE question.")
class AttachFileInput:
    question_key: str = strawberry.field(description="The question.")
    file: Upload = strawberry.field(description="The file (GraphQL multipart request).")


@strawberry.type(name="Query", description="What a respondent can read.")
class RespondentQuery:
    @strawberry.field(description="The questionnaire your link is for.")
    async def questionnaire(self, info: Info) -> RespondentQuestionnaire:
        loaded = await responding.questionnaire_of(info.context.session, _respondent(info))
        return await _view(info, loaded)


CHANGEABLE = "(questionnaire) when it is submitted, completed or cancelled"


@strawberry.type(name="Mutation", description="What a respondent can do.")
class RespondentMutation:
    @mutation(
        "Save answers as a draft; all or none.",
        errors={
            "INVALID": "(answers.<n>) for an answer that does not fit its question, "
            "(answers.<n>.questionKey) for a key there is not or a question your SOC report "
            "answers",
            "CONFLICT": CHANGEABLE,
        },
        by_role=False,
    )
    async def save_answers(self, info: Info, input: SaveAnswersInput) -> RespondentPayload:
        given = [(a.question_key, a.given()) for a in input.answers]
        loaded = await responding.save_answers(info.context.session, _respondent(info), given)
        return RespondentPayload(questionnaire=await _view(info, loaded))

    @mutation(
        "Confirm answers carried over from last time: they become your answers now.",
        errors={
            "INVALID": "(questionKeys.<n>) for a question with no answer carried over",
            "CONFLICT": CHANGEABLE,
        },
        by_role=False,
    )
    async def confirm_carried_over_answers(
        self, info: Info, input: ConfirmInput
    ) -> RespondentPayload:
        loaded = await responding.confirm_carried_over(
            info.context.session, _respondent(info), input.question_keys
        )
        return RespondentPayload(questionnaire=await _view(info, loaded))

    @mutation(
        "Write in a question's thread, for the reviewer (also while the reviewer has it).",
        errors={
            "INVALID": "(questionKey) for a key there is not, (body) blank or too long, or "
            "when the vendor has written 1,000 messages in the questionnaire's threads",
            "CONFLICT": "(questionnaire) when it is completed or cancelled",
        },
        by_role=False,
    )
    async def comment_on_question(
        self, info: Info, input: CommentInput
    ) -> RespondentMessagePayload:
        message = await responding.comment(
            info.context.session, _respondent(info), input.question_key, input.body
        )
        return RespondentMessagePayload(message=RespondentMessage.of(message))

    @mutation(
        "Answer a FILE question with a file (a GraphQL multipart request), checked like any "
        "upload.",
        errors={
            "INVALID": "(questionKey) for a question not answered by a file, (file) for a "
            "type that is not accepted",
            "TOO_LARGE": "(file) over the upload limit",
            "CONFLICT": CHANGEABLE,
        },
        by_role=False,
    )
    async def attach_file(self, info: Info, input: AttachFileInput) -> RespondentPayload:
        file = uploaded(input.file)
        received = await intake.receive(
            chunks(file), file.filename, info.context.settings.max_upload_bytes
        )
        try:
            loaded = await responding.attach_file(
                info.context.session,
                _respondent(info),
                info.context.store,
                input.question_key,
                received,
            )
        finally:
            received.file.close()
        return RespondentPayload(questionnaire=await _view(info, loaded))

    @mutation(
        "Submit your answers to the reviewer.",
        errors={
            "INVALID": "(answers.<key>) for each required question unanswered, and each "
            "answer carried over not yet confirmed",
            "CONFLICT": CHANGEABLE,
        },
        by_role=False,
    )
    async def submit_questionnaire(self, info: Info) -> RespondentPayload:
        loaded = await responding.submit(info.context.session, _respondent(info))
        return RespondentPayload(questionnaire=await _view(info, loaded))


def build_respondent_schema(settings: Settings) -> strawberry.Schema:
    """The respondent schema, under the same limits as the members' (depth, aliases, tokens,
    cost): one request of a link is one request's worth of work."""
    return strawberry.Schema(
        query=RespondentQuery,
        mutation=RespondentMutation,
        extensions=[
            *limits(settings),
            StorableText,
            ErrorPolicy,
            lambda: ParserCache(maxsize=64),
            validated_once(maxsize=64),
        ],
    )
