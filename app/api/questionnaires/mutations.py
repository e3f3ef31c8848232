"""Mutation fields of questionnaires: templates made and revised."""

import strawberry

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import uploaded
from app.api.questionnaires.errors import QuestionnaireError
from app.api.questionnaires.inputs import (
    AddStarterQuestionnaireTemplateInput,
    CreateQuestionnaireTemplateInput,
    ImportQuestionnaireTemplateInput,
    ReviseQuestionnaireTemplateInput,
)
from app.api.questionnaires.types import QuestionnaireTemplate
from app.api.relay import node_uuid
from domain.questionnaires import templates
from domain.questionnaires.template_xlsx import MAX_TEMPLATE_BYTES

TEMPLATE_INVALID = (
    "(template.<question key, section title or template>) for each thing wrong with the "
    "template: a key reused or malformed, a YES_NO without exactly YES and NO, a choice "
    "question with fewer than two choices, a weight outside 0-100, a criterion that is not "
    "one (CC6.1 ...), a condition on no earlier choice question"
)


@strawberry.type(description="Result of saving a template version.")
class QuestionnaireTemplatePayload(Payload[QuestionnaireError]):
    template: QuestionnaireTemplate | None = strawberry.field(
        default=None, description="The version saved."
    )


@strawberry.type
class QuestionnaireMutation:
    @mutation(
        "Make a questionnaire template, version 1 (REVIEWER, ADMIN).",
        errors={"INVALID": TEMPLATE_INVALID},
    )
    async def create_questionnaire_template(
        self, info: Info, input: CreateQuestionnaireTemplateInput
    ) -> QuestionnaireTemplatePayload:
        row = await templates.create(
            info.context.session, info.context.actor, input.template.read()
        )
        return QuestionnaireTemplatePayload(template=QuestionnaireTemplate.from_row(row))

    @mutation(
        "Save the next version of a template, whole (REVIEWER, ADMIN); questionnaires already "
        "sent keep the version they were sent with.",
        errors={
            "NOT_FOUND": "(templateId) for a template that is not here",
            "CONFLICT": "(templateId) when it is not the current version",
            "INVALID": TEMPLATE_INVALID + ", or (changeNote) too long",
        },
    )
    async def revise_questionnaire_template(
        self, info: Info, input: ReviseQuestionnaireTemplateInput
    ) -> QuestionnaireTemplatePayload:
        template_id = node_uuid(
            input.template_id, "QuestionnaireTemplate", "Questionnaire template", "templateId"
        )
        row = await templates.revise(
            info.context.session,
            info.context.actor,
            template_id,
            input.template.read(),
            input.change_note,
        )
        return QuestionnaireTemplatePayload(template=QuestionnaireTemplate.from_row(row))

    @mutation(
        "Add tprm's starter security questionnaire (about 40 questions in tprm's own words, "
        "mapped to the trust services criteria) as a new template of the tenant's (REVIEWER, "
        "ADMIN).",
        errors={"INVALID": "(template.template) for a name blank or over 200 characters"},
    )
    async def add_starter_questionnaire_template(
        self, info: Info, input: AddStarterQuestionnaireTemplateInput
    ) -> QuestionnaireTemplatePayload:
        row = await templates.add_starter(info.context.session, info.context.actor, input.name)
        return QuestionnaireTemplatePayload(template=QuestionnaireTemplate.from_row(row))

    @mutation(
        "Save a template from an XLSX file: a new template, or the next version of "
        "`templateId` (REVIEWER, ADMIN). A file with anything wrong is refused whole.",
        errors={
            "INVALID": "(file) for each thing wrong with the file, naming its sheet, row and "
            "column",
            "TOO_LARGE": "(file) for a file over 5 MB",
            "NOT_FOUND": "(templateId) for a template that is not here",
            "CONFLICT": "(templateId) when it is not the current version",
        },
    )
    async def import_questionnaire_template(
        self, info: Info, input: ImportQuestionnaireTemplateInput
    ) -> QuestionnaireTemplatePayload:
        file = uploaded(input.file)
        try:
            data = await file.read(MAX_TEMPLATE_BYTES + 1)
        finally:
            await file.close()
        template_id = (
            node_uuid(
                input.template_id, "QuestionnaireTemplate", "Questionnaire template", "templateId"
            )
            if input.template_id
            else None
        )
        row = await templates.import_file(
            info.context.session, info.context.actor, data, template_id, input.change_note
        )
        return QuestionnaireTemplatePayload(template=QuestionnaireTemplate.from_row(row))
