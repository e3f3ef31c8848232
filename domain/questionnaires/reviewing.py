"""The reviewer's side of a questionnaire: a verdict on each answer (ACCEPTED, NEEDS_INFO
with a word back to the vendor, NOT_APPLICABLE), the question's thread, return to the
vendor for more information, and completion."""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.events.models import EventType
from domain.questionnaires import links, outcome
from domain.questionnaires.models import (
    OPEN_TO_VENDOR,
    AnswerReview,
    Author,
    QuestionnaireAnswer,
    QuestionnaireMessage,
    QuestionnaireStatus,
    RespondentLink,
)
from domain.questionnaires.responding import add_message
from domain.questionnaires.sending import announce
from domain.questionnaires.sent import Loaded, get_questionnaire, load
from domain.shared import normalize, policy
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, InvalidInput
from domain.shared.models import utcnow
from domain.shared.policy import Permission
from domain.vendors import service as vendors


async def _loaded(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, *allowed: QuestionnaireStatus
) -> Loaded:
    policy.require(actor, Permission.QUESTIONNAIRE_WRITE)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    if allowed and questionnaire.status not in allowed:
        raise Conflict(
            f"The questionnaire is {questionnaire.status}; this needs it {' or '.join(allowed)}.",
            "questionnaireId",
        )
    return await load(session, questionnaire)


async def review_answer(
    session: AsyncSession,
    actor: Actor,
    questionnaire_id: UUID,
    key: str,
    verdict: AnswerReview,
    comment: str | None,
) -> QuestionnaireAnswer:
    """The reviewer's verdict on one answer of a submitted questionnaire. NEEDS_INFO takes a
    comment, written to the question's thread for the vendor."""
    loaded = await _loaded(session, actor, questionnaire_id, QuestionnaireStatus.SUBMITTED)
    loaded.question(key, "questionKey")
    if verdict == AnswerReview.PENDING:
        raise InvalidInput("A verdict is ACCEPTED, NEEDS_INFO or NOT_APPLICABLE.", "status")
    said = normalize.text(comment, "comment", 5000)
    if verdict == AnswerReview.NEEDS_INFO and said is None:
        raise InvalidInput("Say what the vendor should add.", "comment")
    held = loaded.answers.get(key)
    if verdict == AnswerReview.NEEDS_INFO and held is not None and held.source == "REPORT":
        raise InvalidInput(
            "The vendor's SOC report answers this question, so the vendor cannot: send it "
            "again with askAnyway to ask it.",
            "status",
        )
    answer = loaded.answers.get(key) or QuestionnaireAnswer(
        tenant_id=actor.tenant_id, questionnaire_id=loaded.questionnaire.id, question_key=key
    )
    answer.review_status, answer.reviewed_by_id = verdict.value, actor.membership_id
    session.add(answer)
    if said is not None:
        await add_message(session, actor, loaded, key, said, Author.REVIEWER)
    await audit.record(session, actor, "questionnaire.answer_reviewed", answer)
    return answer


async def comment(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, key: str, body: str
) -> QuestionnaireMessage:
    """A reviewer writes in a question's thread (until the questionnaire is closed)."""
    loaded = await _loaded(
        session, actor, questionnaire_id, *OPEN_TO_VENDOR, QuestionnaireStatus.SUBMITTED
    )
    return await add_message(session, actor, loaded, key, body, Author.REVIEWER)


async def _live_link(session: AsyncSession, loaded: Loaded) -> RespondentLink | None:
    return (
        await session.scalars(
            select(RespondentLink)
            .where(
                col(RespondentLink.tenant_id) == loaded.questionnaire.tenant_id,
                col(RespondentLink.questionnaire_id) == loaded.questionnaire.id,
                links.live(),
            )
            .order_by(col(RespondentLink.created_at).desc())
            .limit(1)
        )
    ).first()


async def return_to_vendor(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, note: str
) -> Loaded:
    """Send a submitted questionnaire back to the vendor for more information: the answers
    marked NEEDS_INFO and `note` say what. The vendor's link must still work (issue a new
    one first otherwise): the `questionnaire.returned` event carries it."""
    loaded = await _loaded(session, actor, questionnaire_id, QuestionnaireStatus.SUBMITTED)
    said = normalize.text(note, "note", 5000, required=True)
    link = await _live_link(session, loaded)
    if link is None:
        raise Conflict(
            "The vendor's link has expired or was revoked: issue a new one, then return it.",
            "questionnaireId",
        )
    questionnaire = loaded.questionnaire
    questionnaire.status, questionnaire.return_note = QuestionnaireStatus.RETURNED.value, said
    await audit.record(session, actor, "questionnaire.returned", questionnaire)
    vendor = await vendors.get_vendor(session, actor, questionnaire.vendor_id)
    needs = [k for k, a in loaded.answers.items() if a.review_status == AnswerReview.NEEDS_INFO]
    await announce(
        session,
        loaded,
        vendor,
        EventType.QUESTIONNAIRE_RETURNED,
        link.id,
        note=said,
        needsInfo=sorted(needs),
    )
    return loaded


async def complete(session: AsyncSession, actor: Actor, questionnaire_id: UUID) -> Loaded:
    """Close a submitted questionnaire: its score is kept, its findings raised, and its
    links stop working."""
    loaded = await _loaded(session, actor, questionnaire_id, QuestionnaireStatus.SUBMITTED)
    questionnaire = loaded.questionnaire
    questionnaire.status = QuestionnaireStatus.COMPLETED.value
    questionnaire.completed_at, questionnaire.completed_by_id = utcnow(), actor.membership_id
    await outcome.settle(session, loaded)
    await links.revoke_all(session, actor.tenant_id, questionnaire.id)
    await audit.record(session, actor, "questionnaire.completed", questionnaire)
    return loaded
