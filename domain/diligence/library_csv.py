"""The answer library as CSV or XLSX: out in the columns the import reads, and in, matched by
the question as normalised (domain.diligence.library.question_key), so an export imports
back unchanged.

Columns: `question`, `answer` (both required), `tags` (separated by `;`), `owner_email` (a
member), `last_reviewed_on` (YYYY-MM-DD). A blank cell clears its field, except
`last_reviewed_on`, which a blank leaves (a new entry: today); a column the file lacks
leaves that field. An import lands whole or not at all: every problem of every row is
reported at once, each naming its row and column; then each entry is created or updated
through the library's service, with its own audit event, and the counts as one more.
A file named .xlsx is read as a workbook (domain.diligence.library_xlsx), into the same rows
a CSV gives, checked by the same code; any other is CSV. Limits: UTF-8, 5 MB, 5,000 rows.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

import anyio
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.diligence import library, library_xlsx
from domain.diligence.models import AnswerEntry
from domain.diligence.sheets.opening import REFUSED, extension
from domain.documents.intake import FileTooLarge
from domain.shared import csv_text, policy
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, InvalidInput, collecting
from domain.shared.loading import one_of
from domain.shared.policy import Permission
from domain.tenancy.queries import member_ids_by_email

COLUMNS = ("question", "answer", "tags", "owner_email", "last_reviewed_on")
REQUIRED = ("question", "answer")
MAX_ROWS = 5_000
TAG_SEPARATOR = "; "
_COLUMN_OF_FIELD = {"lastReviewedOn": "last_reviewed_on", "ownerId": "owner_email"}


# --- out -------------------------------------------------------------------------------------


# How a file's cells guard text a spreadsheet would run as a formula, and undo it: a CSV by a
# leading quote (csv_text.neutralise); a workbook's cells are text, and need no guard.
Guard = Callable[[str], str]


def _unguarded(text: str) -> str:
    return text


async def _rows(session: AsyncSession, actor: Actor, guard: Guard) -> list[list[str]]:
    """The library's rows in COLUMNS, by question."""
    policy.require(actor, Permission.DILIGENCE_READ)
    emails = {m: e for e, m in (await member_ids_by_email(session, actor.tenant_id)).items()}
    entries = await session.scalars(
        select(AnswerEntry)
        .where(col(AnswerEntry.tenant_id) == actor.tenant_id)
        .order_by(col(AnswerEntry.question), col(AnswerEntry.id))
    )
    return [
        [
            guard(entry.question),
            guard(entry.answer),
            # each tag guarded: a spreadsheet splitting the cell sees each as a cell
            TAG_SEPARATOR.join(guard(t) for t in entry.tags),
            guard(emails.get(entry.owner_id, "") if entry.owner_id else ""),
            entry.last_reviewed_on.isoformat(),
        ]
        for entry in entries
    ]


async def export_csv(session: AsyncSession, actor: Actor) -> str:
    """The library as CSV text, by question."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(await _rows(session, actor, csv_text.neutralise))
    return out.getvalue()


async def export_xlsx(session: AsyncSession, actor: Actor) -> bytes:
    """The library as a workbook, by question: the CSV's columns, on one sheet."""
    rows = await _rows(session, actor, _unguarded)
    # openpyxl in a worker thread: a large library never stalls other requests
    return await anyio.to_thread.run_sync(library_xlsx.write_workbook, COLUMNS, rows)


# --- in --------------------------------------------------------------------------------------


def _read(data: bytes, filename: str | None) -> tuple[csv_text.ImportSheet, Guard]:
    """The file's rows, and how its text is taken out of the export's guard: a workbook by
    the name's extension .xlsx, a CSV otherwise (Excel's older formats refused)."""
    if len(data) > csv_text.MAX_FILE_BYTES:
        raise FileTooLarge(csv_text.MAX_FILE_BYTES)
    named = extension(filename or "")
    if named in REFUSED:
        raise InvalidInput(REFUSED[named], "file")
    if named == ".xlsx":
        return library_xlsx.read_import(data, COLUMNS, REQUIRED, MAX_ROWS), _unguarded
    return csv_text.read_import(data, COLUMNS, REQUIRED, MAX_ROWS), csv_text.unquote


def _date(value: str) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(
            f"expected a date as YYYY-MM-DD, got {value.strip()!r}.", "last_reviewed_on"
        ) from None


def _owner(value: str, members: dict[str, UUID], plain: Guard) -> UUID | None:
    email = plain(value.strip()).lower()
    if not email:
        return None
    if email not in members:
        raise InvalidInput(f"{email} is not a member here.", "owner_email")
    return members[email]


def _on_row(number: int, error: DomainError) -> InvalidInput:
    return csv_text.problem_on_row(number, error, _COLUMN_OF_FIELD)


@dataclass(frozen=True)
class _Planned:
    number: int
    entry: library.NewEntry  # checked
    existing: AnswerEntry | None


def _as_kept(entry: AnswerEntry) -> library.NewEntry:
    return library.NewEntry(
        question=entry.question,
        answer=entry.answer,
        tags=tuple(entry.tags),
        owner_id=entry.owner_id,
        last_reviewed_on=entry.last_reviewed_on,
    )


def _plan_row(
    number: int,
    cells: dict[str, str],
    columns: frozenset[str],
    members: dict[str, UUID],
    found: AnswerEntry | None,
    plain: Guard,
) -> _Planned | list[DomainError]:
    problems: list[DomainError] = []
    base = _as_kept(found) if found else library.NewEntry(question="", answer="")
    wanted = replace(
        base,
        question=plain(cells["question"]),
        answer=plain(cells["answer"]),
    )
    if "tags" in columns:
        tags = tuple(plain(t.strip()) for t in cells["tags"].split(";") if t.strip())
        wanted = replace(wanted, tags=tags)
    if "owner_email" in columns:
        owner = collecting(problems, lambda: _owner(cells["owner_email"], members, plain), None)
        wanted = replace(wanted, owner_id=owner)
    if "last_reviewed_on" in columns and cells["last_reviewed_on"].strip():
        reviewed = collecting(problems, lambda: _date(cells["last_reviewed_on"]), None)
        wanted = replace(wanted, last_reviewed_on=reviewed)
    entry = collecting(problems, lambda: library.checked(wanted), wanted)
    return problems if problems else _Planned(number, entry, found)


async def _existing(
    session: AsyncSession, tenant_id: UUID, keys: list[str]
) -> dict[str, AnswerEntry]:
    result = await session.scalars(
        select(AnswerEntry)
        .where(col(AnswerEntry.tenant_id) == tenant_id, one_of(col(AnswerEntry.question_key), keys))
        .with_for_update()
    )
    return {entry.question_key: entry for entry in result}


async def _plan(
    session: AsyncSession, actor: Actor, sheet: csv_text.ImportSheet, plain: Guard
) -> list[_Planned]:
    members = await member_ids_by_email(session, actor.tenant_id)
    keys = [library.question_key(plain(c["question"])) for _, c in sheet.rows]
    existing = await _existing(session, actor.tenant_id, keys)
    problems: list[InvalidInput] = []
    plans: list[_Planned] = []
    first_row: dict[str, int] = {}
    for (number, cells), key in zip(sheet.rows, keys, strict=True):
        if cells["question"].strip() and key in first_row:
            message = f"the same question is on row {first_row[key]}."
            problems.append(csv_text.on_row(number, "question", message))
        first_row.setdefault(key, number)
        planned = _plan_row(number, cells, sheet.columns, members, existing.get(key), plain)
        if isinstance(planned, list):
            order = {column: i for i, column in enumerate(COLUMNS)}
            planned.sort(
                key=lambda e: order.get(csv_text.column_of(e, _COLUMN_OF_FIELD), len(order))
            )
            problems.extend(_on_row(number, p) for p in planned)
        else:
            plans.append(planned)
    if problems:
        raise csv_text.refused(problems)
    return plans


def _changes(existing: AnswerEntry, wanted: library.NewEntry) -> dict[str, object]:
    now = _as_kept(existing)
    fields = ("question", "answer", "tags", "owner_id", "last_reviewed_on")
    changed = {f: getattr(wanted, f) for f in fields if getattr(wanted, f) != getattr(now, f)}
    if "tags" in changed:
        changed["tags"] = list(wanted.tags)
    return changed


async def import_file(
    session: AsyncSession, actor: Actor, data: bytes, filename: str | None = None
) -> csv_text.Imported:
    """Create or update library entries from a CSV or (named .xlsx) a workbook, matched by
    question (REVIEWER, ADMIN): every row or none, every problem reported at once."""
    policy.require(actor, Permission.DILIGENCE_WRITE)
    # in a worker thread: openpyxl reading a workbook never stalls other requests
    sheet, plain = await anyio.to_thread.run_sync(_read, data, filename)
    plans = await _plan(session, actor, sheet, plain)

    def saving(plan: _Planned) -> csv_text.SaveRow:
        async def save() -> csv_text.Saved:
            if plan.existing is None:
                await library.create_entry(session, actor, plan.entry)
                return csv_text.Saved.CREATED
            changes = _changes(plan.existing, plan.entry)
            if not changes:
                return csv_text.Saved.UNCHANGED
            update = library.EntryChanges.read(changes)
            await library.update_entry(session, actor, plan.existing.id, update)
            return csv_text.Saved.UPDATED

        return plan.number, save

    to_save = [saving(plan) for plan in plans]
    result = await csv_text.save_rows(to_save, _COLUMN_OF_FIELD, sheet.warnings)
    await audit.record_fact(
        session,
        actor,
        "answer_entry.imported",
        "AnswerLibraryImport",
        None,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return result
