"""Queries and mutations of the questionnaires the tenant's customers send it: preview a
file, import it with the layout confirmed, answer its questions, and get it back answered
(GET /customer-questionnaires/{id}/answered: app/customer_questionnaire_http.py)."""

from datetime import date
from typing import Annotated, Any
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.context import Info
from app.api.diligence.customer_types import (
    CustomerQuestion,
    CustomerQuestionnaire,
    CustomerQuestionnairePreview,
)
from app.api.diligence.errors import DiligenceError
from app.api.errors import Payload, mutation
from app.api.inputs import given, uploaded
from app.api.relay import Connection, node_uuid, page_request
from domain.diligence import customer_questionnaires as questionnaires
from domain.diligence import sheets

FILE_DESCRIPTION = (
    "The customer's file (GraphQL multipart request): .xlsx, or .csv, .tsv or .txt in any "
    "common encoding and delimiter; at most 10 MB."
)
FILE_INVALID = (
    "(file) for a file tprm cannot read (another format, a password, too many cells, rows "
    "or sheets), saying what to send instead"
)


@strawberry.input(description="Where a questionnaire's questions are in its file.")
class SheetLayoutInput:
    sheet: str = strawberry.field(description="The sheet's name (a CSV's: any).")
    header_row: int = strawberry.field(description="The header row, from 1; 0: none.")
    question_column: int = strawberry.field(description="The questions' column, from 0 (A).")
    section_column: int | None = strawberry.field(default=None, description="Sections' column.")
    answer_column: int | None = strawberry.field(
        default=None, description="Answers' column; none: an Answer column is added on export."
    )
    reference_column: int | None = strawberry.field(
        default=None, description="The column of the customer's question numbers."
    )

    def to_layout(self) -> sheets.Layout:
        return sheets.Layout(
            sheet=self.sheet,
            header_row=self.header_row,
            question_column=self.question_column,
            section_column=self.section_column,
            answer_column=self.answer_column,
            reference_column=self.reference_column,
        )


@strawberry.input(description="A customer's file to read before importing it.")
class PreviewCustomerQuestionnaireInput:
    file: Upload = strawberry.field(description=FILE_DESCRIPTION)


@strawberry.input(description="A customer's questionnaire to import from its file.")
class ImportCustomerQuestionnaireInput:
    file: Upload = strawberry.field(description=FILE_DESCRIPTION)
    customer: str = strawberry.field(description="The customer who sent it (at most 200).")
    title: str | None = strawberry.field(
        default=None, description="What to call it (at most 200); the file's name if none."
    )
    due_on: date | None = strawberry.field(default=None, description="When it is due back.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The member who sees it answered."
    )
    layout: SheetLayoutInput | None = strawberry.field(
        default=None,
        description="Where its questions are, as the preview showed or the user corrected; "
        "none: the preview's guess.",
    )


@strawberry.input(description="What to change of a customer's questionnaire: the fields given.")
class UpdateCustomerQuestionnaireInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    customer: str | None = strawberry.field(default=strawberry.UNSET, description="The customer.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="Its title.")
    due_on: date | None = strawberry.field(
        default=strawberry.UNSET, description="When it is due back; null: no date."
    )
    owner_id: relay.GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="A member; null: nobody."
    )


@strawberry.input(description="A customer's questionnaire to remove.")
class DeleteCustomerQuestionnaireInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")


@strawberry.input(description="A member's answer to a customer's question.")
class AnswerCustomerQuestionInput:
    question_id: relay.GlobalID = strawberry.field(description="The CustomerQuestion.")
    answer: str | None = strawberry.field(
        description="The answer (at most 20,000 characters); null or blank: none (UNANSWERED)."
    )
    save_to_library: bool = strawberry.field(
        default=False,
        description="Also keep it in the answer library: the entry it came from, or the one "
        "of the same question, or a new one.",
    )


@strawberry.input(description="One of the answers suggested for a question, to take.")
class UseSuggestedAnswerInput:
    question_id: relay.GlobalID = strawberry.field(description="The CustomerQuestion.")
    suggestion: str = strawberry.field(description="The suggestion's key (AnswerSuggestion.key).")
    save_to_library: bool = strawberry.field(
        default=False, description="Also keep it in the answer library."
    )


@strawberry.input(description="Questions whose suggested answers to accept as they are.")
class AcceptSuggestedAnswersInput:
    question_ids: list[relay.GlobalID] = strawberry.field(
        description=f"The CustomerQuestions, 1 to {questionnaires.MAX_ACCEPTED}, all SUGGESTED."
    )
    save_to_library: bool = strawberry.field(
        default=False, description="Also keep each answer in the answer library."
    )


@strawberry.type(description="Result of previewCustomerQuestionnaire.")
class PreviewCustomerQuestionnairePayload(Payload[DiligenceError]):
    preview: CustomerQuestionnairePreview | None = strawberry.field(
        default=None, description="The file as tprm reads it."
    )


@strawberry.type(description="Result of changing a customer's questionnaire.")
class CustomerQuestionnairePayload(Payload[DiligenceError]):
    questionnaire: CustomerQuestionnaire | None = strawberry.field(
        default=None, description="The questionnaire."
    )


@strawberry.type(description="Result of deleteCustomerQuestionnaire.")
class DeleteCustomerQuestionnairePayload(Payload[DiligenceError]):
    deleted_questionnaire_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the questionnaire removed."
    )


@strawberry.type(description="Result of answering a customer's question.")
class CustomerQuestionPayload(Payload[DiligenceError]):
    question: CustomerQuestion | None = strawberry.field(
        default=None, description="The question, answered."
    )


@strawberry.type(description="Result of acceptSuggestedAnswers.")
class AcceptSuggestedAnswersPayload(Payload[DiligenceError]):
    questions: list[CustomerQuestion] = strawberry.field(
        default_factory=list, description="The questions accepted, in the order given."
    )


def _questionnaire_uuid(value: relay.GlobalID) -> UUID:
    return node_uuid(value, "CustomerQuestionnaire", "Customer questionnaire", "questionnaireId")


def _question_uuid(value: relay.GlobalID, field: str = "questionId") -> UUID:
    return node_uuid(value, "CustomerQuestion", "Question", field)


def _owner(value: relay.GlobalID | None) -> UUID | None:
    return node_uuid(value, "Member", "Member", "ownerId") if value else None


async def _read(file: Upload) -> tuple[bytes, str | None]:
    """The upload's bytes, one more than the limit at most (to say it is over), and name."""
    upload = uploaded(file)
    try:
        return await upload.read(sheets.MAX_FILE_BYTES + 1), upload.filename
    finally:
        await upload.close()


ANSWER_ERRORS = {
    "NOT_FOUND": "(questionId) for a question that is not here",
    "INVALID": "(answer) over 20,000 characters; (question) over 2,000 characters when "
    "saved to the library",
}


@strawberry.type
class CustomerQuestionnaireMutation:
    @mutation(
        "Read a customer's file without keeping it (REVIEWER, ADMIN): its sheets, hidden "
        "ones too, each sheet's header row and columns with what tprm takes them for, and "
        "the layout it would import; the user corrects it before importCustomerQuestionnaire.",
        errors={"INVALID": FILE_INVALID, "TOO_LARGE": "(file) for a file over 10 MB"},
    )
    async def preview_customer_questionnaire(
        self, info: Info, input: PreviewCustomerQuestionnaireInput
    ) -> PreviewCustomerQuestionnairePayload:
        data, filename = await _read(input.file)
        preview = await questionnaires.preview_file(
            info.context.session, info.context.actor, data, filename
        )
        return PreviewCustomerQuestionnairePayload(preview=CustomerQuestionnairePreview.of(preview))

    @mutation(
        "Import a customer's questionnaire from its file (REVIEWER, ADMIN), read with the "
        "layout given (or the preview's guess): every question, its section and number, "
        "each answered where the customer's file holds an answer or the tenant has said the "
        "same before (SUGGESTED), else UNANSWERED. Refused whole on any problem.",
        errors={
            "INVALID": FILE_INVALID + "; (layout.sheet, layout.headerRow, "
            "layout.questionColumn ...) for a layout that does not fit the file or gives no "
            "question; (layout) when none is given and no column reads as questions; "
            "(customer, title) blank or over 200 characters",
            "NOT_FOUND": "(ownerId) for a member that is not here",
            "TOO_LARGE": "(file) for a file over 10 MB",
        },
    )
    async def import_customer_questionnaire(
        self, info: Info, input: ImportCustomerQuestionnaireInput
    ) -> CustomerQuestionnairePayload:
        data, filename = await _read(input.file)
        row = await questionnaires.import_questionnaire(
            info.context.session,
            info.context.actor,
            info.context.store,
            data,
            filename,
            questionnaires.NewQuestionnaire(
                customer=input.customer,
                title=input.title,
                due_on=input.due_on,
                owner_id=_owner(input.owner_id),
                layout=input.layout.to_layout() if input.layout else None,
            ),
        )
        return CustomerQuestionnairePayload(questionnaire=CustomerQuestionnaire.from_row(row))

    @mutation(
        "Change what is given of a customer's questionnaire (REVIEWER, ADMIN).",
        errors={
            "INVALID": "(customer, title) blank or over 200 characters, or cleared",
            "NOT_FOUND": "(questionnaireId, ownerId) for what is not here",
        },
    )
    async def update_customer_questionnaire(
        self, info: Info, input: UpdateCustomerQuestionnaireInput
    ) -> CustomerQuestionnairePayload:
        sent: dict[str, Any] = given(input, questionnaires.QuestionnaireChanges.model_fields)
        if "owner_id" in sent:
            sent["owner_id"] = _owner(input.owner_id)
        row = await questionnaires.update_questionnaire(
            info.context.session,
            info.context.actor,
            _questionnaire_uuid(input.questionnaire_id),
            questionnaires.QuestionnaireChanges.read(sent),
        )
        return CustomerQuestionnairePayload(questionnaire=CustomerQuestionnaire.from_row(row))

    @mutation(
        "Remove a customer's questionnaire and its answers (REVIEWER, ADMIN); what was saved "
        "to the library stays there.",
        errors={"NOT_FOUND": "(questionnaireId) for a questionnaire that is not here"},
    )
    async def delete_customer_questionnaire(
        self, info: Info, input: DeleteCustomerQuestionnaireInput
    ) -> DeleteCustomerQuestionnairePayload:
        removed = await questionnaires.delete_questionnaire(
            info.context.session, info.context.actor, _questionnaire_uuid(input.questionnaire_id)
        )
        return DeleteCustomerQuestionnairePayload(
            deleted_questionnaire_id=relay.GlobalID("CustomerQuestionnaire", str(removed))
        )

    @mutation(
        "Answer a customer's question in the member's own words (REVIEWER, ADMIN): EDITED, "
        "with who and when; null or blank makes it UNANSWERED again.",
        errors={
            **ANSWER_ERRORS,
            "INVALID": ANSWER_ERRORS["INVALID"] + "; (saveToLibrary) with no answer",
        },
    )
    async def answer_customer_question(
        self, info: Info, input: AnswerCustomerQuestionInput
    ) -> CustomerQuestionPayload:
        row = await questionnaires.answer_question(
            info.context.session,
            info.context.actor,
            _question_uuid(input.question_id),
            input.answer,
            input.save_to_library,
        )
        return CustomerQuestionPayload(question=CustomerQuestion.from_row(row))

    @mutation(
        "Take one of the answers suggested for a customer's question (REVIEWER, ADMIN): "
        "ACCEPTED, from that suggestion's source, with who and when.",
        errors={
            **ANSWER_ERRORS,
            "INVALID": ANSWER_ERRORS["INVALID"]
            + "; (suggestion) for a key not among the question's suggestions now",
        },
    )
    async def use_suggested_answer(
        self, info: Info, input: UseSuggestedAnswerInput
    ) -> CustomerQuestionPayload:
        row = await questionnaires.use_suggestion(
            info.context.session,
            info.context.actor,
            _question_uuid(input.question_id),
            input.suggestion,
            input.save_to_library,
        )
        return CustomerQuestionPayload(question=CustomerQuestion.from_row(row))

    @mutation(
        "Accept the answers tprm suggested for these questions as they are (REVIEWER, "
        "ADMIN): ACCEPTED, with who and when. All of them, or none when one is not SUGGESTED.",
        errors={
            "NOT_FOUND": "(questionIds) for a question that is not here",
            "INVALID": f"(questionIds) none or over {questionnaires.MAX_ACCEPTED}, or one "
            "that is not SUGGESTED (its number said)",
        },
    )
    async def accept_suggested_answers(
        self, info: Info, input: AcceptSuggestedAnswersInput
    ) -> AcceptSuggestedAnswersPayload:
        rows = await questionnaires.accept_suggested(
            info.context.session,
            info.context.actor,
            [_question_uuid(i, "questionIds") for i in input.question_ids],
            input.save_to_library,
        )
        return AcceptSuggestedAnswersPayload(
            questions=[CustomerQuestion.from_row(row) for row in rows]
        )


@strawberry.input(description="Which customers' questionnaires to list.")
class CustomerQuestionnaireFilter:
    search: str | None = strawberry.field(
        default=None, description="Words of the customer's name or the title."
    )
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Its owner.")


@strawberry.type
class CustomerQuestionnaireQuery:
    @strawberry.field(description="One customer's questionnaire; null if it is not there.")
    async def customer_questionnaire(
        self, info: Info, id: Annotated[relay.GlobalID, strawberry.argument(description="Its ID.")]
    ) -> CustomerQuestionnaire | None:
        return await CustomerQuestionnaire.by_global_id(info, id)

    @strawberry.field(description="The questionnaires customers sent the tenant, newest first.")
    async def customer_questionnaires(
        self,
        info: Info,
        filter: CustomerQuestionnaireFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[CustomerQuestionnaire]:
        given_filter = filter or CustomerQuestionnaireFilter()
        wanted = questionnaires.QuestionnaireFilter(
            search=given_filter.search,
            owner_id=node_uuid(given_filter.owner_id, "Member", "Member", "filter.ownerId")
            if given_filter.owner_id
            else None,
        )
        order = "customer-questionnaires"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await questionnaires.list_questionnaires(
            info.context.session, info.context.actor, wanted, request
        )
        return Connection[CustomerQuestionnaire].from_page(
            page, CustomerQuestionnaire.from_row, order
        )
