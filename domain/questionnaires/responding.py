"""The vendor's side of a questionnaire, through its respondent link: read it, save answers
as a draft, confirm answers carried over from last time, write in a question's thread,
submit. Everything here is scoped to the one questionnaire the link was issued for: no
function takes an id of anything else of the tenant's, so nothing else can be reached.

A vendor who answers in Excel instead (domain.questionnaires.answer_files) has its answers
saved and submitted by the same steps: `put_answers`, `add_message`, `hand_in`.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.documents import service as documents
from domain.documents.intake import ReceivedFile
from domain.documents.models import DocumentKind
from domain.documents.storage import BlobStore
from domain.events.models import EventType
from domain.questionnaires import outcome
from domain.questionnaires.answers import (
    AnswerInvalid,
    Given,
    asked,
    missing_required,
    stored_value,
)
from domain.questionnaires.definition import QuestionType
from domain.questionnaires.models import (
    OPEN_TO_VENDOR,
    AnswerReview,
    AnswerSource,
    Author,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireMessage,
    QuestionnaireStatus,
)
from domain.questionnaires.sending import announce
from domain.questionnaires.sent import Loaded, load
from domain.shared import normalize, reading
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, DomainErrors, InvalidInput
from domain.shared.models import utcnow
from domain.vendors.models import Vendor

MAX_MESSAGE = 5000
MAX_MESSAGES = 1000  # of each author, in all of a questionnaire's threads
MAX_ANSWERS_AT_ONCE = 500


@dataclass(frozen=True)
class Respondent:
    """A vendor admitted by a link: to this questionnaire only."""

    actor: Actor
    questionnaire_id: UUID


async def _questionnaire(
    session: AsyncSession, respondent: Respondent, for_update: bool = False
) -> Questionnaire:
    return await reading.one(
        session,
        respondent.actor.tenant_id,
        Questionnaire,
        respondent.questionnaire_id,
        entity="Questionnaire",
        for_update=for_update,
    )


async def questionnaire_of(session: AsyncSession, respondent: Respondent) -> Loaded:
    return await load(session, await _questionnaire(session, respondent))


def require_open(questionnaire: Questionnaire, field: str, *also: QuestionnaireStatus) -> None:
    """CONFLICT unless the vendor may still change the questionnaire's answers (or it is in
    one of the statuses `also` allows)."""
    if questionnaire.status not in (*OPEN_TO_VENDOR, *also):
        raise Conflict(
            f"The questionnaire is {questionnaire.status}: it can no longer be changed.", field
        )


async def _open(session: AsyncSession, respondent: Respondent) -> Loaded:
    """The questionnaire, locked, while the vendor may still change it."""
    questionnaire = await _questionnaire(session, respondent, for_update=True)
    require_open(questionnaire, "questionnaire")
    return await load(session, questionnaire)


def _answer(loaded: Loaded, key: str) -> QuestionnaireAnswer:
    row = loaded.answers.get(key)
    if row is None:
        questionnaire = loaded.questionnaire
        row = QuestionnaireAnswer(
            tenant_id=questionnaire.tenant_id, questionnaire_id=questionnaire.id, question_key=key
        )
        loaded.answers[key] = row
    return row


def _started(loaded: Loaded) -> None:
    if loaded.questionnaire.status == QuestionnaireStatus.SENT:
        loaded.questionnaire.status = QuestionnaireStatus.IN_PROGRESS.value


def give(row: QuestionnaireAnswer, value: Any, document_id: UUID | None = None) -> None:
    """The vendor's answer, given now. One that changes what the reviewer judged is to be
    judged again (whatever the verdict was); one given again unchanged keeps its verdict,
    but an answer the reviewer asked more about is looked at again either way."""
    changed = (row.value, row.document_id) != (value, document_id)
    row.value, row.document_id = value, document_id
    row.source, row.answered_at = AnswerSource.VENDOR.value, utcnow()
    if changed or row.review_status == AnswerReview.NEEDS_INFO:
        row.review_status, row.reviewed_by_id = AnswerReview.PENDING.value, None


def put_answers(session: AsyncSession, loaded: Loaded, values: list[tuple[str, Any]]) -> None:
    """Keep checked values (`stored_value`'s) as the vendor's answers, given now: through its
    link or in the file it filled in, alike."""
    for key, value in values:
        row = _answer(loaded, key)
        give(row, value, row.document_id if value is None else None)
        session.add(row)
    _started(loaded)


def refuse_report_answered(loaded: Loaded, key: str, field: str) -> InvalidInput | None:
    """Why the vendor may not answer `key`: its SOC report answers it (None: it may)."""
    held = loaded.answers.get(key)
    if held is not None and held.source == AnswerSource.REPORT:
        return InvalidInput("Your SOC report answers this question: it is not asked.", field)
    return None


async def save_answers(
    session: AsyncSession, respondent: Respondent, given: list[tuple[str, Given]]
) -> Loaded:
    """Save answers as a draft: each must fit its question, and the question must not be one
    the SOC report answers. An empty answer clears one. All are saved, or none (every problem
    is reported, by position). An answer to a question its condition hides is kept (the
    vendor may change back) but neither asked nor scored while hidden."""
    if len(given) > MAX_ANSWERS_AT_ONCE:
        raise InvalidInput(f"Save at most {MAX_ANSWERS_AT_ONCE} answers at once.", "answers")
    loaded = await _open(session, respondent)
    questions = {q.key: q for q in loaded.template.questions()}
    problems: list[InvalidInput] = []
    values = []
    for position, (key, answer) in enumerate(given):
        question = questions.get(key)
        if question is None:
            problems.append(
                InvalidInput(
                    f"There is no question {key[:60]!r}.", f"answers.{position}.questionKey"
                )
            )
            continue
        answered = refuse_report_answered(loaded, key, f"answers.{position}.questionKey")
        if answered is not None:
            problems.append(answered)
            continue
        if answer.document_id is not None:
            problems.append(
                InvalidInput("Files are attached with attachFile.", f"answers.{position}")
            )
            continue
        try:
            values.append((key, stored_value(question, answer)))
        except AnswerInvalid as wrong:
            problems.append(InvalidInput(str(wrong), f"answers.{position}"))
    if problems:
        raise DomainErrors(list(problems))
    put_answers(session, loaded, values)
    await audit.record(
        session,
        respondent.actor,
        "questionnaire.answers_saved",
        loaded.questionnaire,
        questions=[key for key, _ in values],
    )
    return loaded


async def confirm_carried_over(
    session: AsyncSession, respondent: Respondent, keys: list[str]
) -> Loaded:
    """The vendor confirms answers carried over from last time (all of them when `keys` is
    empty): they become its answers now."""
    loaded = await _open(session, respondent)
    carried = {
        key: row for key, row in loaded.answers.items() if row.source == AnswerSource.CARRIED_OVER
    }
    unknown = [
        InvalidInput(f"No answer to {key[:60]!r} is carried over.", f"questionKeys.{i}")
        for i, key in enumerate(keys)
        if key not in carried
    ]
    if unknown:
        raise DomainErrors(list(unknown))
    now = utcnow()
    for key in keys or list(carried):
        carried[key].source, carried[key].answered_at = AnswerSource.VENDOR.value, now
    _started(loaded)
    await audit.record(
        session,
        respondent.actor,
        "questionnaire.answers_confirmed",
        loaded.questionnaire,
        questions=sorted(keys or carried),
    )
    return loaded


async def add_message(
    session: AsyncSession, actor: Actor, loaded: Loaded, key: str, body: str, author: Author
) -> QuestionnaireMessage:
    """A message in a question's thread (the vendor's or a reviewer's)."""
    loaded.question(key, "questionKey")
    text = normalize.text(body, "body", MAX_MESSAGE, required=True)
    # counted per author: a vendor that fills its share never silences the reviewer
    held = await session.scalar(
        select(func.count()).where(
            col(QuestionnaireMessage.tenant_id) == loaded.questionnaire.tenant_id,
            col(QuestionnaireMessage.questionnaire_id) == loaded.questionnaire.id,
            col(QuestionnaireMessage.author) == author.value,
        )
    )
    if (held or 0) >= MAX_MESSAGES:
        raise InvalidInput(
            f"A questionnaire's threads hold at most {MAX_MESSAGES:,} messages from each side.",
            "body",
        )
    message = QuestionnaireMessage(
        tenant_id=loaded.questionnaire.tenant_id,
        questionnaire_id=loaded.questionnaire.id,
        question_key=key,
        author=author.value,
        # the reviewer who wrote it; a vendor's message is the vendor's, whoever brought it in
        member_id=actor.membership_id if author == Author.REVIEWER else None,
        body=text or "",
    )
    session.add(message)
    await audit.record(session, actor, "questionnaire.message_added", message)
    return message


async def comment(
    session: AsyncSession, respondent: Respondent, key: str, body: str
) -> QuestionnaireMessage:
    """The vendor writes in a question's thread, until the questionnaire is closed (also
    while the reviewer has it: to answer the reviewer)."""
    questionnaire = await _questionnaire(session, respondent, for_update=True)
    require_open(questionnaire, "questionnaire", QuestionnaireStatus.SUBMITTED)
    loaded = await load(session, questionnaire)
    return await add_message(session, respondent.actor, loaded, key, body, Author.VENDOR)


def unconfirmed(loaded: Loaded) -> list[str]:
    """The questions asked whose answer is still carried over, not confirmed by the vendor."""
    carried = {k for k, row in loaded.answers.items() if row.source == AnswerSource.CARRIED_OVER}
    return [q.key for q in asked(loaded.template, loaded.held()) if q.key in carried]


async def submit(session: AsyncSession, respondent: Respondent) -> Loaded:
    """Hand the answers to the tenant: every required question asked must be answered, and
    every answer carried over confirmed. The score is kept and the answers' findings raised."""
    loaded = await _open(session, respondent)
    held = loaded.held()
    problems = [
        InvalidInput(f"Required: {q.text}", f"answers.{q.key}")
        for q in missing_required(loaded.template, held)
    ]
    problems += [
        InvalidInput("Confirm or change the answer carried over from last time.", f"answers.{k}")
        for k in unconfirmed(loaded)
    ]
    if problems:
        raise DomainErrors(list(problems))
    await hand_in(session, respondent.actor, loaded)
    return loaded


async def hand_in(session: AsyncSession, actor: Actor, loaded: Loaded) -> None:
    """The questionnaire SUBMITTED, whatever its answers lack (the caller decides what must
    be there first): the score kept, the findings raised, `questionnaire.submitted` sent."""
    questionnaire = loaded.questionnaire
    questionnaire.status = QuestionnaireStatus.SUBMITTED.value
    questionnaire.submitted_at = utcnow()
    questionnaire.return_note = None
    await outcome.settle(session, loaded)
    await audit.record(session, actor, "questionnaire.submitted", questionnaire)
    vendor = await reading.one(
        session, questionnaire.tenant_id, Vendor, questionnaire.vendor_id, entity="Vendor"
    )
    await announce(
        session, loaded, vendor, EventType.QUESTIONNAIRE_SUBMITTED, None, score=questionnaire.score
    )


async def attach_file(
    session: AsyncSession,
    respondent: Respondent,
    store: BlobStore,
    key: str,
    received: ReceivedFile,
) -> Loaded:
    """A file answering a FILE question: kept as the vendor's document (kind
    QUESTIONNAIRE_EVIDENCE), with every check of any upload, and made the answer."""
    loaded = await _open(session, respondent)
    question = loaded.question(key, "questionKey")
    if question.type != QuestionType.FILE:
        raise InvalidInput(
            f"A {question.type} question is not answered with a file.", "questionKey"
        )
    answered = refuse_report_answered(loaded, key, "questionKey")
    if answered is not None:
        raise answered
    questionnaire = loaded.questionnaire
    # The vendor is no member: the document is kept on the system's authority, and the
    # audit trail names the respondent who attached it.
    uploaded = await documents.upload(
        session,
        Actor.system(questionnaire.tenant_id, respondent.actor.request_id),
        store,
        questionnaire.vendor_id,
        documents.DocumentDetails(
            kind=DocumentKind.QUESTIONNAIRE_EVIDENCE,
            title=f"{loaded.version.name}: {question.text}"[:300],
        ),
        received,
    )
    row = _answer(loaded, key)
    give(row, None, uploaded.document.id)
    session.add(row)
    _started(loaded)
    await audit.record(
        session,
        respondent.actor,
        "questionnaire.file_attached",
        questionnaire,
        question=key,
        documentId=uploaded.document.id,
    )
    return loaded
