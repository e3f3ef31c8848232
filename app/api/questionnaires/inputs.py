"""Inputs of questionnaire mutations: a template is given whole, as written; a sent
questionnaire is named by its ID."""

from datetime import date

import strawberry
from strawberry import relay
from strawberry.file_uploads import Upload

from app.api.enums import AnswerReview, ControlDomain, QuestionType
from domain.questionnaires import definition


@strawberry.input(description="One answer a choice question offers.")
class TemplateChoiceInput:
    value: str = strawberry.field(description="What an answer stores (stable across versions).")
    label: str = strawberry.field(description="What the respondent reads.")
    weight: int = strawberry.field(default=0, description="Points toward the score (0-100).")
    red_flag: bool = strawberry.field(default=False, description="Picking it raises a finding.")


@strawberry.input(description="Show a question only after an earlier answer.")
class TemplateConditionInput:
    key: str = strawberry.field(description="The earlier question's key (a choice question).")
    any_of: list[str] = strawberry.field(description="The answers it shows after.")


@strawberry.input(description="A question as written.")
class TemplateQuestionInput:
    key: str = strawberry.field(
        description="Its name across versions: lower-case letters, digits and _."
    )
    text: str = strawberry.field(description="What it asks.")
    type: QuestionType = strawberry.field(description="How it is answered.")
    required: bool = strawberry.field(default=True, description="Must it be answered?")
    help: str | None = strawberry.field(default=None, description="Guidance.")
    choices: list[TemplateChoiceInput] = strawberry.field(
        default_factory=list,
        description="For a choice question (YES_NO: exactly YES and NO); none for others.",
    )
    condition: TemplateConditionInput | None = strawberry.field(
        default=None, description="When it shows; null: always."
    )
    criteria: list[str] = strawberry.field(
        default_factory=list, description="Trust services criteria it maps to (CC6.1 ...)."
    )
    domain: ControlDomain | None = strawberry.field(default=None, description="Control domain.")

    def read(self) -> definition.Question:
        return definition.Question(
            key=self.key,
            text=self.text,
            type=self.type,
            required=self.required,
            help=self.help,
            choices=tuple(
                definition.Choice(c.value, c.label, c.weight, c.red_flag) for c in self.choices
            ),
            condition=(
                definition.Condition(self.condition.key, tuple(self.condition.any_of))
                if self.condition
                else None
            ),
            criteria=tuple(self.criteria),
            domain=self.domain,
        )


@strawberry.input(description="A section as written.")
class TemplateSectionInput:
    title: str = strawberry.field(description="Its heading.")
    questions: list[TemplateQuestionInput] = strawberry.field(description="In order.")


@strawberry.input(description="A whole template as written.")
class TemplateInput:
    name: str = strawberry.field(description="Its name.")
    description: str = strawberry.field(default="", description="What it is for.")
    sections: list[TemplateSectionInput] = strawberry.field(description="In order.")

    def read(self) -> definition.Template:
        return definition.Template(
            name=self.name,
            description=self.description,
            sections=tuple(
                definition.Section(s.title, tuple(q.read() for q in s.questions))
                for s in self.sections
            ),
        )


@strawberry.input(description="A new template.")
class CreateQuestionnaireTemplateInput:
    template: TemplateInput = strawberry.field(description="The template as written.")


@strawberry.input(description="tprm's starter questionnaire, as a template of the tenant's.")
class AddStarterQuestionnaireTemplateInput:
    name: str | None = strawberry.field(
        default=None, description="Its name in this tenant; null: the starter's own."
    )


@strawberry.input(description="A template from an XLSX file (as exported, or written by hand).")
class ImportQuestionnaireTemplateInput:
    file: Upload = strawberry.field(
        description="The .xlsx file (sheets Template, Questions, Choices)."
    )
    template_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="Its current version, to save the file as the next; null: a new template.",
    )
    change_note: str | None = strawberry.field(default=None, description="Why, for a new version.")


@strawberry.input(description="A vendor's answers, in the questionnaire's workbook.")
class ImportQuestionnaireAnswersInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    file: Upload = strawberry.field(
        description="The .xlsx file GET /questionnaires/{id}.xlsx gave, filled in by the vendor."
    )
    submit: bool = strawberry.field(
        default=True,
        description="Submit the questionnaire for the vendor once the answers are saved; "
        "false: save them as a draft.",
    )


@strawberry.input(description="The next version of a template.")
class ReviseQuestionnaireTemplateInput:
    template_id: relay.GlobalID = strawberry.field(description="Its current version.")
    template: TemplateInput = strawberry.field(description="The new version, whole.")
    change_note: str | None = strawberry.field(
        default=None, description="Why, for whoever reads the versions later."
    )


@strawberry.input(description="Send a template version to a vendor contact.")
class SendQuestionnaireInput:
    vendor_id: relay.GlobalID = strawberry.field(description="The vendor asked.")
    template_id: relay.GlobalID = strawberry.field(
        description="The template version to send (any version; usually the current one)."
    )
    contact_id: relay.GlobalID = strawberry.field(
        description="The vendor's contact who answers (must have an email address)."
    )
    due_date: date = strawberry.field(description="When the vendor is to submit (not past).")
    message: str | None = strawberry.field(
        default=None, description="A note to the vendor, carried by the event to the mailer."
    )
    ask_anyway: list[str] = strawberry.field(
        default_factory=list,
        description="Keys of questions the vendor's SOC report covers, to ask all the same.",
    )


@strawberry.input(description="Issue the vendor a new respondent link.")
class ReissueRespondentLinkInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    due_date: date | None = strawberry.field(
        default=None, description="A new due date; the link works 30 days past it."
    )


@strawberry.input(description="A questionnaire, named.")
class QuestionnaireIdInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")


@strawberry.input(description="Withdraw a questionnaire.")
class CancelQuestionnaireInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    reason: str = strawberry.field(description="Why (kept in the audit trail).")


@strawberry.input(description="The reviewer's verdict on one answer.")
class ReviewQuestionnaireAnswerInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    question_key: str = strawberry.field(description="The question's key.")
    status: AnswerReview = strawberry.field(description="ACCEPTED, NEEDS_INFO or NOT_APPLICABLE.")
    comment: str | None = strawberry.field(
        default=None,
        description="Written to the question's thread for the vendor; required for NEEDS_INFO.",
    )


@strawberry.input(description="A message in a question's thread.")
class CommentOnQuestionnaireInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    question_key: str = strawberry.field(description="The question's key.")
    body: str = strawberry.field(description="What to say (at most 5,000 characters).")


@strawberry.input(description="Send a submitted questionnaire back for more information.")
class ReturnQuestionnaireInput:
    questionnaire_id: relay.GlobalID = strawberry.field(description="The questionnaire.")
    note: str = strawberry.field(description="What the vendor is to add.")
