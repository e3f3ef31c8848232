"""The answer library: the tenant's answers to the questions its customers ask, to reuse.

Every member reads it; reviewers and admins keep it. A question is kept once: two wordings
that normalise alike (`question_key`: case folded, every run of anything but letters and
digits, of any script, made one space) are the same question, and a second is a CONFLICT.
An entry is reviewed when written and whenever someone says so (`review_entry`); it is
stale once its last review is longer ago than the tenant's `answer_stale_months`. An entry
may name up to MAX_EVIDENCE of the tenant's trust documents as its evidence
(domain.diligence.trust_documents).
"""

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from uuid import UUID

from sqlalchemy import ColumnElement, Date, Integer, Select, Text, bindparam, delete, func, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.diligence import trust_documents
from domain.diligence.models import AnswerEntry, AnswerEntryDocument
from domain.findings.rules import add_months
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
from domain.shared.models import today
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission
from domain.tenancy.queries import require_member, tenant_settings

MAX_QUESTION = 2_000
MAX_ANSWER = 20_000
MAX_EVIDENCE = 20  # trust documents an entry names as its evidence


def normalised(question: str) -> str:
    """The question as compared: in Unicode's compatibility form (full-width letters read as
    the plain ones), case folded, every run of characters that are not letters, digits or
    marks (the vowel signs of Hindi or Thai are part of their words) made one space; a
    question of none of those at all is compared as written, case folded."""
    folded = unicodedata.normalize("NFKC", question).casefold()
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in folded)
    return " ".join(kept.split()) or " ".join(folded.split())


def question_key(question: str) -> str:
    return hashlib.sha256(normalised(question).encode()).hexdigest()


def _question(value: str) -> str:
    return normalize.text(value, "question", MAX_QUESTION, required=True) or ""


def _answer(value: str) -> str:
    return normalize.text(value, "answer", MAX_ANSWER, required=True) or ""


def _tags(values: list[str]) -> list[str]:
    """As every tag (normalize.tags), and without `;`: the CSV separates tags with it."""
    tags = normalize.tags(values)
    if any(";" in tag for tag in tags):
        raise InvalidInput(
            "A tag of the library has no ';' (the CSV separates tags with it).", "tags"
        )
    return tags


async def _saved(session: AsyncSession, entry: AnswerEntry) -> None:
    """Flush, saying a question already kept as a CONFLICT."""
    try:
        async with session.begin_nested():
            session.add(entry)
            await session.flush()
    except IntegrityError:
        raise Conflict("The library already has this question.", "question") from None


@dataclass(frozen=True)
class NewEntry:
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    owner_id: UUID | None = None
    last_reviewed_on: date | None = None  # today, when not given
    evidence_document_ids: tuple[UUID, ...] = ()


def _evidence_count(ids: Sequence[UUID]) -> tuple[UUID, ...]:
    """The ids once each, in order; at most MAX_EVIDENCE."""
    once = tuple(dict.fromkeys(ids))
    if len(once) > MAX_EVIDENCE:
        raise InvalidInput(
            f"An answer names at most {MAX_EVIDENCE} documents as its evidence.",
            "evidenceDocumentIds",
        )
    return once


def checked(new: NewEntry) -> NewEntry:
    """The entry as it would be kept, every field checked; every problem raised at once."""
    problems: list[DomainError] = []
    clean = NewEntry(
        question=collecting(problems, lambda: _question(new.question), ""),
        answer=collecting(problems, lambda: _answer(new.answer), ""),
        tags=tuple(collecting(problems, lambda: _tags(list(new.tags)), [])),
        owner_id=new.owner_id,
        last_reviewed_on=collecting(problems, lambda: _reviewed(new.last_reviewed_on), None),
        evidence_document_ids=collecting(
            problems, lambda: _evidence_count(new.evidence_document_ids), ()
        ),
    )
    if problems:
        raise DomainErrors(problems)
    return clean


def _reviewed(value: date | None) -> date | None:
    if value is not None and value > today():
        raise InvalidInput("An answer cannot have been reviewed in the future.", "lastReviewedOn")
    return value


async def create_entry(session: AsyncSession, actor: Actor, new: NewEntry) -> AnswerEntry:
    """A question and its answer in the library (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    clean = checked(new)
    await require_member(session, actor.tenant_id, clean.owner_id)
    evidence = clean.evidence_document_ids
    await trust_documents.found_ids(
        session, actor.tenant_id, new.evidence_document_ids, "evidenceDocumentIds"
    )
    entry = AnswerEntry(
        tenant_id=actor.tenant_id,
        question=clean.question,
        question_key=question_key(clean.question),
        answer=clean.answer,
        tags=list(clean.tags),
        owner_id=clean.owner_id,
        last_reviewed_on=clean.last_reviewed_on or today(),
        reviewed_by_id=actor.membership_id,
    )
    await _saved(session, entry)
    await _set_evidence(session, entry, evidence)
    await audit.record(
        session, actor, "answer_entry.created", entry, evidenceDocumentIds=list(evidence) or None
    )
    return entry


async def _set_evidence(session: AsyncSession, entry: AnswerEntry, ids: Sequence[UUID]) -> None:
    """The entry's evidence made exactly `ids` (each found in the tenant already)."""
    await session.execute(
        delete(AnswerEntryDocument).where(
            col(AnswerEntryDocument.tenant_id) == entry.tenant_id,
            col(AnswerEntryDocument.entry_id) == entry.id,
        )
    )
    if not ids:
        return
    try:
        async with session.begin_nested():
            await session.execute(
                insert(AnswerEntryDocument).values(
                    [
                        {"tenant_id": entry.tenant_id, "entry_id": entry.id, "document_id": d}
                        for d in ids
                    ]
                )
            )
    except IntegrityError:
        # a document removed by another request since it was found
        raise NotFound("Document", "evidenceDocumentIds") from None


async def get_entry(
    session: AsyncSession, actor: Actor, entry_id: UUID, field: str = "id", for_update: bool = False
) -> AnswerEntry:
    policy.require(actor, Permission.DILIGENCE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        AnswerEntry,
        entry_id,
        entity="Answer",
        field=field,
        for_update=for_update,
    )


class EntryChanges(Changes):
    question: Annotated[str | None, NOT_CLEARABLE] = None
    answer: Annotated[str | None, NOT_CLEARABLE] = None
    tags: list[str] | None = None
    owner_id: UUID | None = None
    last_reviewed_on: Annotated[date | None, NOT_CLEARABLE] = None
    evidence_document_ids: list[UUID] | None = None  # replaces them all; null: none


async def update_entry(
    session: AsyncSession, actor: Actor, entry_id: UUID, update: EntryChanges
) -> AnswerEntry:
    """Change what is given of an entry (REVIEWER, ADMIN)."""
    changes = update.given()
    policy.require(actor, Permission.DILIGENCE_WRITE)
    entry = await get_entry(session, actor, entry_id, "entryId", for_update=True)
    if "question" in changes:
        entry.question = _question(changes["question"])
        entry.question_key = question_key(entry.question)
    if "answer" in changes:
        entry.answer = _answer(changes["answer"])
    if "tags" in changes:
        entry.tags = _tags(list(changes["tags"] or []))
    if "owner_id" in changes:
        await require_member(session, actor.tenant_id, changes["owner_id"])
        entry.owner_id = changes["owner_id"]
    if "last_reviewed_on" in changes:
        entry.last_reviewed_on = _reviewed(changes["last_reviewed_on"]) or entry.last_reviewed_on
        entry.reviewed_by_id = actor.membership_id
    evidence: dict[str, list[UUID]] = {}
    if "evidence_document_ids" in changes:
        given = changes["evidence_document_ids"] or []
        ids = _evidence_count(given)
        await trust_documents.found_ids(session, actor.tenant_id, given, "evidenceDocumentIds")
        evidence["evidenceDocumentIds"] = list(ids)
    await _saved(session, entry)
    if evidence:
        await _set_evidence(session, entry, evidence["evidenceDocumentIds"])
    await audit.record(session, actor, "answer_entry.updated", entry, **evidence)
    return entry


async def review_entry(session: AsyncSession, actor: Actor, entry_id: UUID) -> AnswerEntry:
    """Say the entry still holds, as of today (REVIEWER, ADMIN)."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    entry = await get_entry(session, actor, entry_id, "entryId", for_update=True)
    entry.last_reviewed_on = today()
    entry.reviewed_by_id = actor.membership_id
    await _saved(session, entry)
    # said even when it was reviewed today already: each review is a fact of its own
    await audit.record(
        session, actor, "answer_entry.reviewed", entry, reviewedOn=entry.last_reviewed_on
    )
    return entry


async def delete_entry(session: AsyncSession, actor: Actor, entry_id: UUID) -> UUID:
    """Remove an entry (REVIEWER, ADMIN); the audit trail keeps what it was."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    entry = await get_entry(session, actor, entry_id, "entryId", for_update=True)
    await audit.record_fact(
        session, actor, "answer_entry.deleted", "AnswerEntry", entry.id, question=entry.question
    )
    await session.delete(entry)
    return entry.id


def is_stale(last_reviewed_on: date, on: date, months: int) -> bool:
    """Stale once `on` is later than the last review plus the months (month ends clamped),
    as findings judge a report stale."""
    return on > add_months(last_reviewed_on, months)


def _stale(on: date | ColumnElement[date], months: int | ColumnElement[int]) -> ColumnElement[bool]:
    """`is_stale` in SQL (PostgreSQL clamps month ends alike)."""
    return col(AnswerEntry.last_reviewed_on) + func.make_interval(0, months) < on


@dataclass(frozen=True)
class EntryFilter:
    search: str | None = None  # words of the question or the answer (full text)
    tag: str | None = None
    owner_id: UUID | None = None
    stale: bool | None = None


async def list_entries(
    session: AsyncSession, actor: Actor, filter: EntryFilter, page: PageRequest
) -> Page:
    """The library by question, filtered."""
    policy.require(actor, Permission.DILIGENCE_READ)
    words = normalize.text(filter.search, "search", 200, one_line=True)
    months = None
    if filter.stale is not None:
        months = (await tenant_settings(session, actor.tenant_id)).answer_stale_months
    query, order = _entries(
        bool(words), bool(filter.tag), filter.owner_id is not None, filter.stale
    )
    values = {
        "tenant_id": actor.tenant_id,
        "search": words,
        # as tags are kept (normalize.tags)
        "tags": [" ".join(filter.tag.split()).lower()] if filter.tag else None,
        "owner_id": filter.owner_id,
        "today": today(),
        "stale_months": months,
    }
    return await paginate(session, query, order, page, values=values)


@built_once
def _entries(
    search: bool, tag: bool, owner: bool, stale: bool | None
) -> tuple[Select[Any], tuple[Any, ...]]:
    """The library's select for the criteria given (their values parameters: list_entries)
    and its order; built once for each form."""
    query = select(AnswerEntry).where(col(AnswerEntry.tenant_id) == bindparam("tenant_id"))
    if search:
        terms = func.websearch_to_tsquery("english", bindparam("search", type_=Text))
        query = query.where(col(AnswerEntry.search_vector).op("@@")(terms))
    if tag:
        query = query.where(col(AnswerEntry.tags).contains(bindparam("tags")))
    if owner:
        query = query.where(col(AnswerEntry.owner_id) == bindparam("owner_id"))
    if stale is not None:
        on = bindparam("today", type_=Date)
        old = _stale(on, bindparam("stale_months", type_=Integer))
        query = query.where(old if stale else ~old)
    return query, (col(AnswerEntry.question), col(AnswerEntry.id))
