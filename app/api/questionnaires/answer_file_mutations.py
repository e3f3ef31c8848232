"""The mutation that brings back a questionnaire the vendor answered in Excel, for vendors
who will not use their link (GET /questionnaires/{id}.xlsx gives the workbook)."""

import strawberry

from app.api.context import Info
from app.api.errors import mutation
from app.api.inputs import uploaded
from app.api.questionnaires.inputs import ImportQuestionnaireAnswersInput
from app.api.questionnaires.sent_mutations import QuestionnairePayload
from app.api.questionnaires.sent_types import Questionnaire
from app.api.relay import node_uuid
from domain.questionnaires import answer_files
from domain.questionnaires.answer_xlsx import MAX_ANSWER_FILE_BYTES


@strawberry.type
class QuestionnaireAnswerFileMutation:
    @mutation(
        "Save the answers a vendor wrote in its questionnaire's workbook (GET "
        "/questionnaires/{id}.xlsx) as the vendor's, its comments in the questions' threads, "
        "and unless `submit` is false submit the questionnaire for it (REVIEWER, ADMIN): "
        "required questions left unanswered become findings. An empty answer cell leaves the "
        "answer as it was; a file with anything wrong saves nothing.",
        errors={
            "INVALID": "(file) for each thing wrong with the file, naming its sheet, row and "
            "column: not a workbook, another questionnaire's, a key column missing, a key "
            "unknown or repeated, an answer that does not fit its question or is the SOC "
            "report's to give",
            "TOO_LARGE": "(file) for a file over 5 MB",
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is no longer the vendor's to answer "
            "(SUBMITTED, COMPLETED, CANCELLED)",
        },
    )
    async def import_questionnaire_answers(
        self, info: Info, input: ImportQuestionnaireAnswersInput
    ) -> QuestionnairePayload:
        file = uploaded(input.file)
        try:
            data = await file.read(MAX_ANSWER_FILE_BYTES + 1)
        finally:
            await file.close()
        loaded = await answer_files.import_answers(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            data,
            input.submit,
        )
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(loaded.questionnaire))
