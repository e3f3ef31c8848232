"""A filled-in answer workbook read back: first whose it is, then each row's answer, checked
by the same rules as an answer given through the respondent link (`answers.stored_value`).
Anything wrong stops the import with all that was found: the answers are saved whole, or
not at all."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from domain.events.outbox import global_id
from domain.questionnaires.answer_xlsx.layout import (
    ANSWERS_SHEET,
    ID_LABEL,
    MAX_ANSWER_FILE_BYTES,
    MAX_ANSWER_ROWS,
    MAX_QUESTIONNAIRE_ROWS,
    OPTIONAL_COLUMNS,
    QUESTIONNAIRE_SHEET,
    READ_COLUMNS,
    REVISION_LABEL,
    VERSION_LABEL,
    AnswerFileError,
)
from domain.questionnaires.answers import AnswerInvalid, Given, stored_value
from domain.questionnaires.definition import CHOICE_TYPES, Question, QuestionType, Template
from domain.questionnaires.responding import MAX_MESSAGE
from domain.questionnaires.template_xlsx import RowProblem, TemplateFileError, cells
from domain.questionnaires.template_xlsx.cells import Row
from domain.shared import normalize
from domain.shared.errors import InvalidInput

NOT_A_FILE = (
    "a file is not given in this workbook: attach it through the questionnaire's link, or "
    "ask whoever sent you the workbook to attach it"
)


@dataclass(frozen=True)
class FilledIn:
    """What a workbook gives, in its rows' order: answers (empty cells left out: they give
    no answer) and comments for the questions' threads."""

    answers: tuple[tuple[str, Given], ...]
    comments: tuple[tuple[str, str], ...]


def read_answers(
    data: bytes,
    template: Template,
    questionnaire_id: UUID,
    version: int | None = None,
    answered_by_report: Collection[str] = (),
    max_bytes: int = MAX_ANSWER_FILE_BYTES,
    answers_as_of: str | None = None,
) -> FilledIn:
    """The answers and comments of a workbook `write_answers` made for this questionnaire
    (of `template`, at `version`, showing the answers as of `answers_as_of`, each when
    given); otherwise AnswerFileError with every problem found. Questions in
    `answered_by_report` (the SOC report answers them) take no answer."""
    try:
        workbook = cells.open_workbook(data, max_bytes)
    except TemplateFileError as error:  # not a workbook, too big: said the same way
        raise AnswerFileError(error.problems) from None
    found: list[RowProblem] = []
    try:
        about = cells.sheet_rows(workbook, QUESTIONNAIRE_SHEET, MAX_QUESTIONNAIRE_ROWS, found)
        rows = cells.sheet_rows(workbook, ANSWERS_SHEET, MAX_ANSWER_ROWS, found)
    except Exception as error:  # parts openpyxl opened but could not parse
        raise AnswerFileError([RowProblem(None, None, None, cells.DAMAGED)]) from error
    finally:
        workbook.close()
    if not any(problem.sheet == QUESTIONNAIRE_SHEET for problem in found):
        _whose(about, global_id("Questionnaire", questionnaire_id), version, found)
    if not found and answers_as_of is not None:
        _current(about, answers_as_of, found)
    if found:  # a file of another questionnaire: its rows are no answers to this one
        raise AnswerFileError(found)
    filled = _filled_in(rows, template, set(answered_by_report), found)
    if found:
        raise AnswerFileError(found)
    return filled


def _whose(about: list[Row], expected: str, version: int | None, found: list[RowProblem]) -> None:
    """Problems when the Questionnaire sheet names another questionnaire (its ID, as the API
    gives it), or another version of its template, or none."""
    said = {cells.header(_cell(values, 0)): (n, _cell(values, 1)) for n, values in reversed(about)}
    if ID_LABEL not in said:
        message = (
            f'no row has "{ID_LABEL}" in column A and the questionnaire\'s ID in column B: '
            "download the questionnaire's own workbook"
        )
        found.append(RowProblem(QUESTIONNAIRE_SHEET, None, ID_LABEL, message))
        return
    number, given = said[ID_LABEL]
    if cells.text(given) != expected:
        message = (
            f'this workbook answers another questionnaire ("{cells.text(given)}", not '
            f'"{expected}"): download this questionnaire\'s own workbook'
        )
        found.append(RowProblem(QUESTIONNAIRE_SHEET, number, ID_LABEL, message))
        return
    if version is not None:
        at, written = said.get(VERSION_LABEL, (None, None))
        if cells.text(written) != str(version):
            message = (
                f'the workbook is of template version "{cells.text(written)}"; this '
                f"questionnaire asks version {version}"
            )
            found.append(RowProblem(QUESTIONNAIRE_SHEET, at, VERSION_LABEL, message))


def _current(about: list[Row], answers_as_of: str, found: list[RowProblem]) -> None:
    """A problem when the questionnaire's answers changed after the workbook was made: its
    answers would undo the newer ones."""
    said = {cells.header(_cell(values, 0)): (n, _cell(values, 1)) for n, values in about}
    at, written = said.get(REVISION_LABEL, (None, None))
    if cells.text(written) != answers_as_of:
        message = (
            "the questionnaire's answers changed after this workbook was made (through the "
            "vendor's link, or another file): download it again and copy the answers over"
        )
        found.append(RowProblem(QUESTIONNAIRE_SHEET, at, REVISION_LABEL, message))


def _columns(rows: list[Row], found: list[RowProblem]) -> dict[str, int] | None:
    """Where the columns the reader needs are, by the header in row 1; None when one is
    missing (renamed, deleted)."""
    names = [cells.header(value) for value in (rows[0][1] if rows and rows[0][0] == 1 else ())]
    at: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in (*READ_COLUMNS, *OPTIONAL_COLUMNS) and name in at:
            found.append(RowProblem(ANSWERS_SHEET, 1, name, f'two columns are headed "{name}"'))
        at.setdefault(name, index)
    for name in READ_COLUMNS:
        if name not in at:
            message = f'the header row has no "{name}" column: put back the header it had'
            found.append(RowProblem(ANSWERS_SHEET, 1, name, message))
    if any(name not in at for name in READ_COLUMNS):
        return None
    return {name: at[name] for name in (*READ_COLUMNS, *OPTIONAL_COLUMNS) if name in at}


def _cell(values: tuple[Any, ...], index: int | None) -> Any:
    return values[index] if index is not None and index < len(values) else None


def _filled_in(
    rows: list[Row], template: Template, by_report: set[str], found: list[RowProblem]
) -> FilledIn:
    columns = _columns(rows, found)
    if columns is None:
        return FilledIn((), ())
    questions = {q.key: q for q in template.questions()}
    first_row: dict[str, int] = {}
    answers: list[tuple[str, Given]] = []
    comments: list[tuple[str, str]] = []
    for number, values in rows[1:]:

        def problem(column: str, message: str, number: int = number) -> None:
            found.append(RowProblem(ANSWERS_SHEET, number, column, message))

        key = cells.text(_cell(values, columns["key"]))
        answer = _cell(values, columns["answer"])
        comment = _cell(values, columns.get("comment"))
        if not key:
            if cells.text(answer) or cells.text(comment):
                problem("key", "the key is missing: it says which question the answer is for")
            continue  # a row of the vendor's own notes
        question = questions.get(key)
        if question is None:
            problem("key", f'this questionnaire has no question with the key "{key}"')
            continue
        if key in first_row:
            problem("key", f'the key "{key}" is on row {first_row[key]} too: keep one of the two')
            continue
        first_row[key] = number
        try:
            given = given_in(question, answer)
            if not given.is_empty():
                if key in by_report:
                    raise AnswerInvalid("your SOC report answers this question: it is not asked")
                stored_value(question, given)  # the respondent link's rules, the same
                answers.append((key, given))
        except AnswerInvalid as wrong:
            problem("answer", str(wrong).rstrip("."))
        try:
            said = normalize.text(cells.text(comment), "comment", MAX_MESSAGE)
        except InvalidInput as wrong:
            problem("comment", wrong.message.rstrip("."))
        else:
            if said is not None:
                comments.append((key, said))
    return FilledIn(tuple(answers), tuple(comments))


def given_in(question: Question, value: Any) -> Given:
    """An answer cell as the answer it gives (empty: none); AnswerInvalid when it cannot be
    one of its question's type."""
    written = cells.text(value)
    if not written:
        return Given()
    if question.type in CHOICE_TYPES:
        return Given(choices=tuple(_choice(question, part) for part in cells.listed(value, ";")))
    if question.type == QuestionType.TEXT:
        return Given(text=written)
    if question.type == QuestionType.NUMBER:
        return Given(number=_number(value, written))
    if question.type == QuestionType.DATE:
        return Given(date=_date(value, written))
    raise AnswerInvalid(NOT_A_FILE)


def _choice(question: Question, written: str) -> str:
    """The choice's value a vendor means: its value as written, or its value or label in
    another case ("yes" for YES); as written when none is (stored_value refuses it)."""
    for choice in question.choices:
        if choice.value == written:
            return choice.value
    folded = written.casefold()
    for matches in (
        [c.value for c in question.choices if c.value.casefold() == folded],
        [c.value for c in question.choices if c.label.strip().casefold() == folded],
    ):
        if len(matches) == 1:
            return matches[0]
    return written


def _number(value: Any, written: str) -> Decimal:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(written)
        except InvalidOperation:
            pass
    raise AnswerInvalid(f'"{written}" is not a number: write it as 1500 or 99.5')


def _date(value: Any, written: str) -> date:
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date()
    elif isinstance(value, date):
        return value
    elif isinstance(value, str):
        try:
            return date.fromisoformat(written)
        except ValueError:
            pass
    raise AnswerInvalid(f'"{written}" is not a date: write it as 2026-12-31')
