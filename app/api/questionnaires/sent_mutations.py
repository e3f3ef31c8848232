"""Mutation fields of sent questionnaires: send, keep the vendor's link, review, complete."""

import strawberry

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.questionnaires.errors import QuestionnaireError
from app.api.questionnaires.inputs import (
    CancelQuestionnaireInput,
    CommentOnQuestionnaireInput,
    QuestionnaireIdInput,
    ReissueRespondentLinkInput,
    ReturnQuestionnaireInput,
    ReviewQuestionnaireAnswerInput,
    SendQuestionnaireInput,
)
from app.api.questionnaires.sent_types import Questionnaire, QuestionnaireMessage
from app.api.relay import node_uuid
from app.respondent_links import respondent_url
from domain.questionnaires import links, reviewing, sending
from domain.questionnaires.models import AnswerReview
from domain.questionnaires.sent import get_questionnaire


@strawberry.type(description="Result of changing a questionnaire.")
class QuestionnairePayload(Payload[QuestionnaireError]):
    questionnaire: Questionnaire | None = strawberry.field(
        default=None, description="The questionnaire as it now stands."
    )


@strawberry.type(description="Result of sending a questionnaire, or issuing a new link.")
class QuestionnaireLinkPayload(Payload[QuestionnaireError]):
    questionnaire: Questionnaire | None = strawberry.field(
        default=None, description="The questionnaire."
    )
    respondent_url: str | None = strawberry.field(
        default=None,
        description="The vendor's link, shown this once (the `questionnaire.sent` event "
        "carries it to the tenant's mailer); tprm keeps only its hash.",
    )


@strawberry.type(description="Result of a message in a question's thread.")
class QuestionnaireMessagePayload(Payload[QuestionnaireError]):
    message: QuestionnaireMessage | None = strawberry.field(
        default=None, description="The message written."
    )


async def _key(info: Info) -> bytes:
    return await links.key_of(info.context.session, info.context.settings.respondent_link_key)


@strawberry.type
class SentQuestionnaireMutation:
    @mutation(
        "Send a template version to a vendor contact, with a due date (REVIEWER, ADMIN). Only "
        "what the vendor's current SOC report does not answer is asked (see "
        "QuestionnaireTemplate.gapFor); the vendor's last answers to the same template are "
        "carried over for it to confirm. The vendor answers through a respondent link, no "
        "account needed; the `questionnaire.sent` event carries it to the tenant's mailer.",
        errors={
            "NOT_FOUND": "(vendorId, templateId, contactId) for one that is not here",
            "INVALID": "(vendorId) for a TERMINATED or REJECTED vendor, (contactId) for "
            "another vendor's contact or one without an email, "
            "(dueDate) past or over a year away, (askAnyway.<n>) for a key the template lacks, "
            "(message) over 5,000 characters",
        },
    )
    async def send_questionnaire(
        self, info: Info, input: SendQuestionnaireInput
    ) -> QuestionnaireLinkPayload:
        request = sending.Sending(
            vendor_id=node_uuid(input.vendor_id, "Vendor", "Vendor", "vendorId"),
            template_id=node_uuid(
                input.template_id, "QuestionnaireTemplate", "Questionnaire template", "templateId"
            ),
            contact_id=node_uuid(input.contact_id, "VendorContact", "Contact", "contactId"),
            due_date=input.due_date,
            message=input.message,
            ask_anyway=tuple(input.ask_anyway),
        )
        sent = await sending.send(
            info.context.session, info.context.actor, await _key(info), request
        )
        return QuestionnaireLinkPayload(
            questionnaire=Questionnaire.from_row(sent.questionnaire),
            respondent_url=respondent_url(info.context.settings, sent.token),
        )

    @mutation(
        "Issue the vendor a new respondent link, the due date moved if given (REVIEWER, "
        "ADMIN): the old link stops working, and `questionnaire.sent` carries the new one.",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is COMPLETED or CANCELLED",
            "INVALID": "(dueDate) past or over a year away, (questionnaireId) when the vendor "
            "is TERMINATED or REJECTED",
        },
    )
    async def reissue_respondent_link(
        self, info: Info, input: ReissueRespondentLinkInput
    ) -> QuestionnaireLinkPayload:
        sent = await sending.reissue_link(
            info.context.session,
            info.context.actor,
            await _key(info),
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            input.due_date,
        )
        return QuestionnaireLinkPayload(
            questionnaire=Questionnaire.from_row(sent.questionnaire),
            respondent_url=respondent_url(info.context.settings, sent.token),
        )

    @mutation(
        "Stop the vendor's respondent link at once (REVIEWER, ADMIN); a new one can be issued.",
        errors={"NOT_FOUND": "(questionnaireId) for one that is not here"},
    )
    async def revoke_respondent_link(
        self, info: Info, input: QuestionnaireIdInput
    ) -> QuestionnairePayload:
        row = await sending.revoke_link(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
        )
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(row))

    @mutation(
        "Withdraw a questionnaire not yet completed (REVIEWER, ADMIN); its link stops working.",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is COMPLETED or CANCELLED already",
            "INVALID": "(reason) blank or over 2,000 characters",
        },
    )
    async def cancel_questionnaire(
        self, info: Info, input: CancelQuestionnaireInput
    ) -> QuestionnairePayload:
        row = await sending.cancel(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            input.reason,
        )
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(row))

    @mutation(
        "The reviewer's verdict on one answer of a SUBMITTED questionnaire (REVIEWER, ADMIN): "
        "ACCEPTED, NEEDS_INFO (its comment goes to the question's thread for the vendor) or "
        "NOT_APPLICABLE (neither scored nor raised as a finding).",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is not SUBMITTED",
            "INVALID": "(questionKey) for a key it lacks, (status) PENDING, (comment) missing "
            "for NEEDS_INFO or over 5,000 characters",
        },
    )
    async def review_questionnaire_answer(
        self, info: Info, input: ReviewQuestionnaireAnswerInput
    ) -> QuestionnairePayload:
        questionnaire_id = node_uuid(
            input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"
        )
        await reviewing.review_answer(
            info.context.session,
            info.context.actor,
            questionnaire_id,
            input.question_key,
            AnswerReview(input.status),
            input.comment,
        )
        row = await get_questionnaire(info.context.session, info.context.actor, questionnaire_id)
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(row))

    @mutation(
        "Write in a question's thread, for the vendor (REVIEWER, ADMIN), until the "
        "questionnaire is completed or cancelled.",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is COMPLETED or CANCELLED",
            "INVALID": "(questionKey) for a key it lacks, (body) blank or over 5,000 characters",
        },
    )
    async def comment_on_questionnaire(
        self, info: Info, input: CommentOnQuestionnaireInput
    ) -> QuestionnaireMessagePayload:
        message = await reviewing.comment(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            input.question_key,
            input.body,
        )
        return QuestionnaireMessagePayload(message=QuestionnaireMessage.of(message))

    @mutation(
        "Send a SUBMITTED questionnaire back to the vendor for more information (REVIEWER, "
        "ADMIN): the answers marked NEEDS_INFO and the note say what; "
        "`questionnaire.returned` carries the vendor's link.",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is not SUBMITTED, or its link expired or was "
            "revoked (issue a new one first)",
            "INVALID": "(note) blank or over 5,000 characters",
        },
    )
    async def return_questionnaire(
        self, info: Info, input: ReturnQuestionnaireInput
    ) -> QuestionnairePayload:
        loaded = await reviewing.return_to_vendor(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
            input.note,
        )
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(loaded.questionnaire))

    @mutation(
        "Complete a SUBMITTED questionnaire (REVIEWER, ADMIN): its score is kept, its answers' "
        "findings raised (red flags, required questions unanswered), its link stops working.",
        errors={
            "NOT_FOUND": "(questionnaireId) for one that is not here",
            "CONFLICT": "(questionnaireId) when it is not SUBMITTED",
        },
    )
    async def complete_questionnaire(
        self, info: Info, input: QuestionnaireIdInput
    ) -> QuestionnairePayload:
        loaded = await reviewing.complete(
            info.context.session,
            info.context.actor,
            node_uuid(input.questionnaire_id, "Questionnaire", "Questionnaire", "questionnaireId"),
        )
        return QuestionnairePayload(questionnaire=Questionnaire.from_row(loaded.questionnaire))
