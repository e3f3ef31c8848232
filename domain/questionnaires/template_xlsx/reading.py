"""A workbook read back into a template: the sheets, then the cells, then `problems()`. The
first step that finds anything wrong stops the import with all it found: a template is
returned whole and valid, or not at all."""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from domain.questionnaires import definition
from domain.questionnaires.definition import (
    MAX_WEIGHT,
    Choice,
    Condition,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
)
from domain.questionnaires.template_xlsx import cells
from domain.questionnaires.template_xlsx.cells import Row
from domain.questionnaires.template_xlsx.layout import (
    CHOICE_COLUMNS,
    CHOICES_SHEET,
    MAX_CHOICE_ROWS,
    MAX_QUESTION_ROWS,
    MAX_TEMPLATE_BYTES,
    MAX_TEMPLATE_ROWS,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
    TEMPLATE_SHEET,
    RowProblem,
    TemplateFileError,
    file_error,
)
from domain.questionnaires.template_xlsx.placing import placed


@dataclass
class Read:
    """The workbook's cells as parts of a template, each with the row it came from."""

    name: str = ""
    description: str = ""
    name_row: int | None = None
    questions: list[tuple[int, str, Question]] = field(default_factory=list)  # row, section
    choices: dict[str, list[tuple[int, Choice]]] = field(default_factory=dict)  # by key


def read_template(data: bytes, max_bytes: int = MAX_TEMPLATE_BYTES) -> Template:
    """The valid template a workbook holds, laid out as the package docstring says; otherwise
    TemplateFileError with every problem found."""
    workbook = cells.open_workbook(data, max_bytes)
    found: list[RowProblem] = []
    try:
        about = cells.sheet_rows(workbook, TEMPLATE_SHEET, MAX_TEMPLATE_ROWS, found)
        questions = cells.sheet_rows(workbook, QUESTIONS_SHEET, MAX_QUESTION_ROWS, found)
        choices = cells.sheet_rows(workbook, CHOICES_SHEET, MAX_CHOICE_ROWS, found)
    except Exception as error:  # parts openpyxl opened but could not parse
        raise file_error(cells.DAMAGED) from error
    finally:
        workbook.close()
    if found:
        raise TemplateFileError(found)
    read = _read_cells(about, questions, choices, found)
    if found:
        raise TemplateFileError(found)
    template = _template(read)
    if said := definition.problems(template):
        raise TemplateFileError(placed(said, read.name_row, read.questions, read.choices))
    return template


def _columns(
    sheet: str, rows: list[Row], expected: Sequence[str], found: list[RowProblem]
) -> dict[str, int] | None:
    """Where each expected column is, by the header in row 1; None when one is missing."""
    names = [cells.header(value) for value in (rows[0][1] if rows and rows[0][0] == 1 else ())]
    at: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in expected and name in at:
            found.append(RowProblem(sheet, 1, name, f'two columns are headed "{name}"'))
        at.setdefault(name, index)
    missing = [name for name in expected if name not in at]
    for name in missing:
        message = f'the header row has no "{name}" column (it needs {", ".join(expected)})'
        found.append(RowProblem(sheet, 1, name, message))
    return None if missing else {name: at[name] for name in expected}


def _about(rows: list[Row], read: Read, found: list[RowProblem]) -> None:
    for number, values in reversed(rows):  # the first row with a label counts
        label = cells.header(values[0])
        if label == "name":
            read.name, read.name_row = cells.text(values[1]), number
        elif label == "description":
            read.description = cells.text(values[1])
    if read.name_row is None:
        message = 'no row has "name" in column A and the template\'s name in column B'
        found.append(RowProblem(TEMPLATE_SHEET, None, "name", message))


def _one_of(kind: str, given: Any, words: Sequence[str]) -> str:
    shown = cells.text(given)
    said = f'"{shown}" is not a {kind}' if shown else f"the {kind} is missing"
    return f"{said}: use one of {', '.join(words)}"


def _question(number: int, row: dict[str, Any], found: list[RowProblem]) -> Question:
    def problem(column: str, message: str) -> None:
        found.append(RowProblem(QUESTIONS_SHEET, number, column, message))

    type = QuestionType.TEXT  # when the type cannot be read: the row is refused anyway
    try:
        type = QuestionType(cells.word(row["type"]))
    except ValueError:
        problem("type", _one_of("question type", row["type"], list(QuestionType)))
    required = cells.flag(row["required"], blank=True)
    if required is None:
        problem("required", f'"{cells.text(row["required"])}" is neither yes nor no')
    domain = None
    if cells.text(row["domain"]):
        try:
            domain = ControlDomain(cells.word(row["domain"]))
        except ValueError:
            problem("domain", _one_of("control domain", row["domain"], list(ControlDomain)))
    shown_after = cells.text(row["show_if_key"])
    any_of = cells.listed(row["show_if_any_of"], ",")
    return Question(
        key=cells.text(row["key"]),
        text=cells.text(row["question"]),
        type=type,
        required=bool(required),
        help=cells.text(row["help"]) or None,
        criteria=tuple(c.upper() for c in cells.listed(row["criteria"], r"[,;\s]")),
        domain=domain,
        condition=Condition(shown_after, any_of) if shown_after or any_of else None,
    )


def _choice(number: int, row: dict[str, Any], keys: set[str], found: list[RowProblem]) -> Choice:
    def problem(column: str, message: str) -> None:
        found.append(RowProblem(CHOICES_SHEET, number, column, message))

    key = cells.text(row["key"])
    if not key:
        problem("key", "the key is missing: it names the question the choice belongs to")
    elif key not in keys:
        problem("key", f'no question on the {QUESTIONS_SHEET} sheet has the key "{key}"')
    weight = cells.weight(row["weight"])
    if weight is None:
        given = cells.text(row["weight"])
        problem("weight", f'"{given}" is not a whole number from 0 to {MAX_WEIGHT}')
    red_flag = cells.flag(row["red_flag"], blank=False)
    if red_flag is None:
        problem("red_flag", f'"{cells.text(row["red_flag"])}" is neither yes nor no')
    return Choice(cells.text(row["value"]), cells.text(row["label"]), weight or 0, bool(red_flag))


def _read_cells(
    about: list[Row], questions: list[Row], choices: list[Row], found: list[RowProblem]
) -> Read:
    read = Read()
    _about(about, read, found)
    question_columns = _columns(QUESTIONS_SHEET, questions, QUESTION_COLUMNS, found)
    choice_columns = _columns(CHOICES_SHEET, choices, CHOICE_COLUMNS, found)
    if question_columns is None or choice_columns is None:
        return read
    section = ""
    for number, values in questions[1:]:
        row = {name: values[index] for name, index in question_columns.items()}
        section = cells.text(row["section"]) or section  # a blank continues the one above
        if not section:
            message = "the first question has no section"
            found.append(RowProblem(QUESTIONS_SHEET, number, "section", message))
        read.questions.append((number, section, _question(number, row, found)))
    if not read.questions:
        found.append(RowProblem(QUESTIONS_SHEET, 2, None, "the sheet has no questions"))
    keys = {question.key for _, _, question in read.questions}
    for number, values in choices[1:]:
        row = {name: values[index] for name, index in choice_columns.items()}
        choice = _choice(number, row, keys, found)
        read.choices.setdefault(cells.text(row["key"]), []).append((number, choice))
    return read


def _template(read: Read) -> Template:
    given: set[str] = set()

    def with_choices(question: Question) -> Question:
        """The choices rows of its key, to the first question of a key (a later one is
        refused for repeating the key, and for nothing else)."""
        rows = [] if question.key in given else read.choices.get(question.key, [])
        given.add(question.key)
        return replace(question, choices=tuple(choice for _, choice in rows))

    sections = tuple(
        Section(title, tuple(with_choices(question) for _, _, question in rows))
        for title, rows in itertools.groupby(read.questions, key=lambda row: row[1])
    )
    return Template(read.name, read.description, sections)
