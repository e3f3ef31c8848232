"""The questionnaires the tenant's customers send it: imported from their own file, answered
question by question from what the tenant knows, and given back in that same file.

Every member reads them; reviewers and admins import and answer (DILIGENCE_WRITE).

Import: the file is read with the layout the user confirmed after a preview (or, with
none, the preview's guess: domain.diligence.sheets), parsed in a thread so a large workbook
stalls no one else. A file that cannot be read, a layout that does not fit it, or one that
gives no question is refused whole. The file's bytes go to the object store (by tenant and
SHA-256, as documents' do) before its rows are written: a failure in between leaves an
unreferenced blob, never a row without its file.

Each question starts UNANSWERED, or SUGGESTED with the answer the customer's file held
(FILE), else with the best suggestion (domain.diligence.suggestions) from the library or the
subprocessor list that scores `matching.MATCH_SCORE` or more: the same question, however
worded. A member then accepts suggested answers (ACCEPTED), takes one of the suggestions
offered (ACCEPTED, from its source), or writes the answer (EDITED); who did and when is
kept. On request the answer goes into the library: it updates the library entry it came
from, or the entry of the same question, or makes a new one.

Export: the customer's file with the ACCEPTED and EDITED answers in its answer column and
every other question's answer cell empty: SUGGESTED answers are not sent before a member has
looked at them, even those the file held, nor one a member cleared.
"""

import functools
import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

import anyio
from sqlalchemy import Select, Text, bindparam, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.diligence import library, sheets
from domain.diligence.matching import MATCH_SCORE
from domain.diligence.models import (
    AnswerEntry,
    CustomerAnswerStatus,
    CustomerQuestion,
    CustomerQuestionnaire,
    SuggestionSource,
)
from domain.diligence.sheets import Layout, Preview, SheetQuestion
from domain.diligence.suggestions import Suggestion, suggest
from domain.documents.intake import FileTooLarge, safe_filename
from domain.documents.storage import BlobStore
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import (
    Conflict,
    DomainError,
    DomainErrors,
    InvalidInput,
    NotFound,
    collecting,
)
from domain.shared.loading import one_of, one_of_bound
from domain.shared.models import today, utcnow
from domain.shared.pagination import Page, PageRequest, SortKey, built_once, paginate
from domain.shared.policy import Permission
from domain.tenancy.queries import require_member

MAX_CUSTOMER = 200
MAX_TITLE = 200
MAX_SHEET_NAME = 255  # as kept (Excel's own are 31 at most)
MAX_ACCEPTED = 500  # questions accepted in one call
MAX_SUGGESTIONS = 10
# the sources an import may answer from unasked: what says the same as the tenant said before
PREFILLED = (SuggestionSource.LIBRARY, SuggestionSource.SUBPROCESSORS)
SENT = (CustomerAnswerStatus.ACCEPTED, CustomerAnswerStatus.EDITED)
CONTENT_TYPES = {
    sheets.FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    sheets.FileFormat.CSV: "text/csv",
}


def _checked_size(data: bytes) -> None:
    if len(data) > sheets.MAX_FILE_BYTES:
        raise FileTooLarge(sheets.MAX_FILE_BYTES)


async def preview_file(
    session: AsyncSession, actor: Actor, data: bytes, filename: str | None
) -> Preview:
    """What tprm reads in a customer's file before it is imported (REVIEWER, ADMIN): its
    sheets, columns and guessed layout. Nothing is kept but the audit trail's note of it."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    _checked_size(data)
    name = safe_filename(filename)
    preview = await anyio.to_thread.run_sync(sheets.preview, data, name)
    await audit.record_fact(
        session,
        actor,
        "customer_questionnaire.previewed",
        "CustomerQuestionnaireFile",
        None,
        filename=name,
        sha256=hashlib.sha256(data).hexdigest(),
        sizeBytes=len(data),
        chosenSheet=preview.chosen,
    )
    return preview


@dataclass(frozen=True)
class NewQuestionnaire:
    customer: str
    title: str | None = None  # the file's name, when none
    due_on: date | None = None
    owner_id: UUID | None = None
    layout: Layout | None = None  # the preview's guess, when none


def _customer(value: str) -> str:
    return normalize.text(value, "customer", MAX_CUSTOMER, required=True, one_line=True) or ""


def _title(value: str | None, fallback: str) -> str:
    given = normalize.text(value, "title", MAX_TITLE, one_line=True)
    return given or fallback[:MAX_TITLE]


def _guessed(data: bytes, filename: str) -> Layout:
    """The preview's layout of its chosen sheet; INVALID on the layout when it has none."""
    preview = sheets.preview(data, filename)
    chosen = next((s for s in preview.sheets if s.name == preview.chosen), None)
    if chosen is None or chosen.layout is None:
        raise InvalidInput(
            "No column of this file reads as questions: give the layout (the preview shows "
            "each sheet's columns).",
            "layout",
        )
    return chosen.layout


def _read(data: bytes, filename: str, layout: Layout | None) -> tuple[Layout, list[SheetQuestion]]:
    """The layout and the questions it gives (in a worker thread: openpyxl is slow)."""
    used = layout or _guessed(data, filename)
    read = sheets.questions(data, filename, used)
    if not read:
        raise InvalidInput(
            "The layout gives no questions: choose the column that holds them.",
            "layout.questionColumn",
        )
    return used, read


def _prefill(question: CustomerQuestion, held: str | None, offered: Sequence[Suggestion]) -> None:
    """A new question's first answer: the file's own, else the best of what says the same."""
    if held:
        question.answer = held[: library.MAX_ANSWER]
        question.status = CustomerAnswerStatus.SUGGESTED
        question.source = SuggestionSource.FILE
        return
    best = next((s for s in offered if s.source in PREFILLED and s.score >= MATCH_SCORE), None)
    if best is not None:
        question.answer = best.answer
        question.status = CustomerAnswerStatus.SUGGESTED
        question.source = best.source
        question.library_entry_id = best.library_entry_id


async def import_questionnaire(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    data: bytes,
    filename: str | None,
    new: NewQuestionnaire,
) -> CustomerQuestionnaire:
    """A customer's questionnaire from its file (REVIEWER, ADMIN), its questions prefilled
    where the tenant has said the same before. Refused whole on any problem."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    _checked_size(data)
    name = safe_filename(filename)
    problems: list[DomainError] = []
    customer = collecting(problems, lambda: _customer(new.customer), "")
    title = collecting(problems, lambda: _title(new.title, name), "")
    if new.layout is not None and len(new.layout.sheet) > MAX_SHEET_NAME:
        # no workbook has such a sheet; a CSV's one sheet takes any name, kept here
        problems.append(
            InvalidInput(f"A sheet's name has at most {MAX_SHEET_NAME} characters.", "layout.sheet")
        )
    if problems:
        raise DomainErrors(problems)
    await require_member(session, actor.tenant_id, new.owner_id)
    layout, read = await anyio.to_thread.run_sync(_read, data, name, new.layout)
    sha256 = hashlib.sha256(data).hexdigest()
    await store.put(actor.tenant_id, sha256, io.BytesIO(data))
    questionnaire = CustomerQuestionnaire(
        tenant_id=actor.tenant_id,
        customer=customer,
        title=title,
        due_on=new.due_on,
        owner_id=new.owner_id,
        filename=name,
        format=sheets.file_format(name),
        size_bytes=len(data),
        sha256=sha256,
        sheet=layout.sheet,
        header_row=layout.header_row,
        question_column=layout.question_column,
        section_column=layout.section_column,
        answer_column=layout.answer_column,
        reference_column=layout.reference_column,
        imported_by_id=actor.membership_id,
    )
    session.add(questionnaire)
    await session.flush()
    offered = await suggest(session, actor.tenant_id, [q.text for q in read])
    rows = []
    for position, (found, suggestions) in enumerate(zip(read, offered, strict=True), start=1):
        row = CustomerQuestion(
            tenant_id=actor.tenant_id,
            questionnaire_id=questionnaire.id,
            position=position,
            row=found.row,
            section=found.section,
            reference=found.reference,
            text=found.text,
            question_key=library.question_key(found.text),
        )
        _prefill(row, found.answer, suggestions)
        rows.append(row)
    session.add_all(rows)
    await audit.record(
        session,
        actor,
        "customer_questionnaire.imported",
        questionnaire,
        questions=len(rows),
        suggested=sum(r.status == CustomerAnswerStatus.SUGGESTED for r in rows),
    )
    return questionnaire


async def get_questionnaire(
    session: AsyncSession,
    actor: Actor,
    questionnaire_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> CustomerQuestionnaire:
    policy.require(actor, Permission.DILIGENCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        CustomerQuestionnaire,
        questionnaire_id,
        entity="Customer questionnaire",
        field=field,
        for_update=for_update,
    )


class QuestionnaireChanges(Changes):
    customer: Annotated[str | None, NOT_CLEARABLE] = None
    title: Annotated[str | None, NOT_CLEARABLE] = None
    due_on: date | None = None
    owner_id: UUID | None = None


async def update_questionnaire(
    session: AsyncSession, actor: Actor, questionnaire_id: UUID, update: QuestionnaireChanges
) -> CustomerQuestionnaire:
    """Change what is given of a questionnaire's details (REVIEWER, ADMIN)."""
    changes = update.given()
    policy.require(actor, Permission.DILIGENCE_WRITE)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    if "customer" in changes:
        questionnaire.customer = _customer(changes["customer"])
    if "title" in changes:
        questionnaire.title = _title(changes["title"], questionnaire.filename)
    if "due_on" in changes:
        questionnaire.due_on = changes["due_on"]
    if "owner_id" in changes:
        await require_member(session, actor.tenant_id, changes["owner_id"])
        questionnaire.owner_id = changes["owner_id"]
    await audit.record(session, actor, "customer_questionnaire.updated", questionnaire)
    return questionnaire


async def delete_questionnaire(session: AsyncSession, actor: Actor, questionnaire_id: UUID) -> UUID:
    """Remove a questionnaire and its answers (REVIEWER, ADMIN); the library keeps what was
    saved to it, the audit trail what the questionnaire was."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    questionnaire = await get_questionnaire(
        session, actor, questionnaire_id, "questionnaireId", for_update=True
    )
    await audit.record_fact(
        session,
        actor,
        "customer_questionnaire.deleted",
        "CustomerQuestionnaire",
        questionnaire.id,
        customer=questionnaire.customer,
        title=questionnaire.title,
        sha256=questionnaire.sha256,
    )
    await session.delete(questionnaire)
    await session.flush()
    return questionnaire.id


@dataclass(frozen=True)
class QuestionnaireFilter:
    search: str | None = None  # words of the customer or the title
    owner_id: UUID | None = None


async def list_questionnaires(
    session: AsyncSession, actor: Actor, filter: QuestionnaireFilter, page: PageRequest
) -> Page:
    """The customers' questionnaires, newest first."""
    policy.require(actor, Permission.DILIGENCE_READ)
    words = normalize.text(filter.search, "search", 200, one_line=True)
    query, order = _questionnaires(bool(words), filter.owner_id is not None)
    values = {
        "tenant_id": actor.tenant_id,
        "search": normalize.containing(words) if words else None,
        "owner_id": filter.owner_id,
    }
    return await paginate(session, query, order, page, values=values)


@built_once
def _questionnaires(search: bool, owner: bool) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The list of questionnaires' select for the criteria given (their values parameters:
    list_questionnaires) and its order; built once for each form."""
    query = select(CustomerQuestionnaire).where(
        col(CustomerQuestionnaire.tenant_id) == bindparam("tenant_id")
    )
    if search:
        like = bindparam("search", type_=Text)
        query = query.where(
            col(CustomerQuestionnaire.customer).ilike(like)
            | col(CustomerQuestionnaire.title).ilike(like)
        )
    if owner:
        query = query.where(col(CustomerQuestionnaire.owner_id) == bindparam("owner_id"))
    order = (
        SortKey(col(CustomerQuestionnaire.created_at), descending=True),
        SortKey(col(CustomerQuestionnaire.id), descending=True),
    )
    return query, order


async def progress_by_questionnaire(
    session: AsyncSession, tenant_id: UUID, questionnaire_ids: Sequence[UUID]
) -> dict[UUID, dict[CustomerAnswerStatus, int]]:
    """How many questions of each questionnaire stand at each status, in one statement."""
    rows = await session.execute(
        select(col(CustomerQuestion.questionnaire_id), col(CustomerQuestion.status), func.count())
        .where(
            col(CustomerQuestion.tenant_id) == tenant_id,
            one_of(col(CustomerQuestion.questionnaire_id), questionnaire_ids),
        )
        .group_by(col(CustomerQuestion.questionnaire_id), col(CustomerQuestion.status))
    )
    counts: dict[UUID, dict[CustomerAnswerStatus, int]] = {}
    for questionnaire_id, status, count in rows.all():
        counts.setdefault(questionnaire_id, {})[CustomerAnswerStatus(status)] = count
    return counts


@dataclass(frozen=True)
class QuestionFilter:
    statuses: tuple[CustomerAnswerStatus, ...] = ()
    section: str | None = None


async def list_questions(
    session: AsyncSession,
    actor: Actor,
    questionnaire_id: UUID,
    filter: QuestionFilter,
    page: PageRequest,
) -> Page:
    """A questionnaire's questions in the file's order."""
    questionnaire = await get_questionnaire(session, actor, questionnaire_id)
    query, order = _questions(bool(filter.statuses), filter.section is not None)
    values = {
        "tenant_id": actor.tenant_id,
        "questionnaire_id": questionnaire.id,
        "statuses": [s.value for s in filter.statuses],
        "section": filter.section,
    }
    return await paginate(session, query, order, page, default_size=50, values=values)


@built_once
def _questions(statuses: bool, section: bool) -> tuple[Select[Any], tuple[Any, ...]]:
    """A questionnaire's questions' select for the criteria given (their values
    parameters: list_questions) and its order; built once for each form."""
    query = select(CustomerQuestion).where(
        col(CustomerQuestion.tenant_id) == bindparam("tenant_id"),
        col(CustomerQuestion.questionnaire_id) == bindparam("questionnaire_id"),
    )
    if statuses:
        query = query.where(one_of_bound(col(CustomerQuestion.status), "statuses"))
    if section:
        query = query.where(col(CustomerQuestion.section) == bindparam("section"))
    order = (col(CustomerQuestion.position), col(CustomerQuestion.id))
    return query, order


async def get_question(
    session: AsyncSession,
    actor: Actor,
    question_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> CustomerQuestion:
    policy.require(actor, Permission.DILIGENCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        CustomerQuestion,
        question_id,
        entity="Question",
        field=field,
        for_update=for_update,
    )


async def suggestions_for(
    session: AsyncSession, actor: Actor, questions: Sequence[str], limit: int
) -> list[list[Suggestion]]:
    """What tprm suggests for each of these questions, best first (every member)."""
    policy.require(actor, Permission.DILIGENCE_READ)
    return await suggest(session, actor.tenant_id, questions, min(limit, MAX_SUGGESTIONS))


async def _entry_for(
    session: AsyncSession, actor: Actor, question: CustomerQuestion
) -> AnswerEntry | None:
    """The library entry the question's answer came from, else the one of the same question."""
    if question.library_entry_id is not None:
        entry = await reading.find(session, actor.tenant_id, AnswerEntry, question.library_entry_id)
        if entry is not None:
            return entry
    return await session.scalar(
        select(AnswerEntry).where(
            col(AnswerEntry.tenant_id) == actor.tenant_id,
            col(AnswerEntry.question_key) == question.question_key,
        )
    )


async def _save_to_library(session: AsyncSession, actor: Actor, question: CustomerQuestion) -> None:
    """The question's answer into the library, as its entry's answer reviewed today."""
    answer = question.answer or ""
    entry = await _entry_for(session, actor, question)
    if entry is None:
        entry = await library.create_entry(
            session, actor, library.NewEntry(question=question.text, answer=answer)
        )
    elif entry.answer != answer:
        if question.source == SuggestionSource.LIBRARY:
            # suggested from the entry before it changed: never to undo the change
            raise Conflict(
                f"The library's answer to question {question.position} has changed since it "
                "was suggested: take the new one (useSuggestedAnswer) or write the answer.",
                "saveToLibrary",
            )
        changes = library.EntryChanges(answer=answer, last_reviewed_on=today())
        entry = await library.update_entry(session, actor, entry.id, changes)
    else:
        entry = await library.review_entry(session, actor, entry.id)
    question.library_entry_id = entry.id


def _answered(question: CustomerQuestion, actor: Actor, status: CustomerAnswerStatus) -> None:
    question.status = status
    question.answered_by_id = actor.membership_id
    question.answered_at = utcnow()


async def answer_question(
    session: AsyncSession,
    actor: Actor,
    question_id: UUID,
    answer: str | None,
    save_to_library: bool = False,
) -> CustomerQuestion:
    """A member's own answer (REVIEWER, ADMIN): EDITED; none (null or blank) makes the
    question UNANSWERED again."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    question = await get_question(session, actor, question_id, "questionId", for_update=True)
    text = normalize.text(answer, "answer", library.MAX_ANSWER)
    if text is None and save_to_library:
        raise InvalidInput("An empty answer cannot go into the library.", "saveToLibrary")
    question.answer = text
    question.source = None
    question.library_entry_id = None
    if text is None:
        question.status = CustomerAnswerStatus.UNANSWERED
        question.answered_by_id = None
        question.answered_at = None
    else:
        _answered(question, actor, CustomerAnswerStatus.EDITED)
        if save_to_library:
            await _save_to_library(session, actor, question)
    await audit.record(session, actor, "customer_question.answered", question)
    return question


async def use_suggestion(
    session: AsyncSession,
    actor: Actor,
    question_id: UUID,
    suggestion: str,
    save_to_library: bool = False,
) -> CustomerQuestion:
    """One of the suggestions offered for the question (its `key`), taken as its answer
    (REVIEWER, ADMIN): ACCEPTED, from that suggestion's source."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    question = await get_question(session, actor, question_id, "questionId", for_update=True)
    [offered] = await suggest(session, actor.tenant_id, [question.text], MAX_SUGGESTIONS)
    chosen = next((s for s in offered if s.key == suggestion), None)
    if chosen is None:
        raise InvalidInput(
            "That answer is not among the question's suggestions now: ask for them again.",
            "suggestion",
        )
    question.answer = chosen.answer
    question.source = chosen.source
    question.library_entry_id = chosen.library_entry_id
    _answered(question, actor, CustomerAnswerStatus.ACCEPTED)
    if save_to_library:
        await _save_to_library(session, actor, question)
    await audit.record(session, actor, "customer_question.answered", question)
    return question


async def accept_suggested(
    session: AsyncSession,
    actor: Actor,
    question_ids: Sequence[UUID],
    save_to_library: bool = False,
) -> list[CustomerQuestion]:
    """Accept the answers tprm suggested for these questions, as they are (REVIEWER, ADMIN):
    ACCEPTED. Every question must be here and SUGGESTED, or none is accepted."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    wanted = list(dict.fromkeys(question_ids))
    if not wanted or len(wanted) > MAX_ACCEPTED:
        raise InvalidInput(f"Give between 1 and {MAX_ACCEPTED} questions to accept.", "questionIds")
    found = {
        q.id: q
        for q in await session.scalars(
            select(CustomerQuestion)
            .where(
                col(CustomerQuestion.tenant_id) == actor.tenant_id,
                one_of(col(CustomerQuestion.id), wanted),
            )
            .order_by(col(CustomerQuestion.id))
            .with_for_update()
        )
    }
    if len(found) != len(wanted):
        raise NotFound("Question", "questionIds")
    questions = [found[i] for i in wanted]
    unsuggested = [q for q in questions if q.status != CustomerAnswerStatus.SUGGESTED]
    if unsuggested:
        numbers = ", ".join(str(q.position) for q in unsuggested[:10])
        raise InvalidInput(
            f"Only suggested answers are accepted; not so question {numbers}.", "questionIds"
        )
    for question in questions:
        _answered(question, actor, CustomerAnswerStatus.ACCEPTED)
        if save_to_library:
            await _save_to_library(session, actor, question)
        await audit.record(session, actor, "customer_question.accepted", question)
    return questions


@dataclass(frozen=True)
class AnsweredFile:
    """What the customer's file needs to be written with its answers: `write` it (slow:
    in a worker thread, after the transaction)."""

    filename: str
    content_type: str
    original: bytes
    layout: Layout
    answers: Mapping[int, str]

    def write(self) -> bytes:
        """The file with these answers, every other question's answer cell emptied."""
        return sheets.write_answers(
            self.original, self.filename, self.layout, self.answers, clear_others=True
        )

    @property
    def answered_name(self) -> str:
        stem, dot, extension = self.filename.rpartition(".")
        return f"{stem} (answered).{extension}" if dot else f"{self.filename} (answered)"


def layout_of(questionnaire: CustomerQuestionnaire) -> Layout:
    return Layout(
        sheet=questionnaire.sheet,
        header_row=questionnaire.header_row,
        question_column=questionnaire.question_column,
        section_column=questionnaire.section_column,
        answer_column=questionnaire.answer_column,
        reference_column=questionnaire.reference_column,
    )


async def answered_file(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    questionnaire_id: UUID,
    field: str = "id",
) -> AnsweredFile:
    """The customer's file and its ACCEPTED and EDITED answers by row (every member)."""
    questionnaire = await get_questionnaire(session, actor, questionnaire_id, field)
    rows = await session.execute(
        select(col(CustomerQuestion.row), col(CustomerQuestion.answer)).where(
            col(CustomerQuestion.tenant_id) == actor.tenant_id,
            col(CustomerQuestion.questionnaire_id) == questionnaire.id,
            col(CustomerQuestion.status).in_(SENT),
        )
    )
    original = io.BytesIO()
    await store.copy_to(actor.tenant_id, questionnaire.sha256, original)
    return AnsweredFile(
        filename=questionnaire.filename,
        content_type=CONTENT_TYPES[sheets.FileFormat(questionnaire.format)],
        original=original.getvalue(),
        layout=layout_of(questionnaire),
        answers={row: answer for row, answer in rows.all() if answer},
    )


async def write_answered(answered: AnsweredFile) -> bytes:
    """`answered.write()` in a worker thread: openpyxl never stalls other requests."""
    return await anyio.to_thread.run_sync(functools.partial(answered.write))
