"""A template written out as a workbook its author can edit comfortably in Excel, and that
reads back equal."""

import io
import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.questionnaires.definition import (
    MAX_WEIGHT,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
)
from domain.questionnaires.template_xlsx.layout import (
    CHOICE_COLUMNS,
    CHOICES_SHEET,
    MAX_CHOICE_ROWS,
    MAX_QUESTION_ROWS,
    QUESTION_COLUMNS,
    QUESTIONS_SHEET,
    TEMPLATE_LABELS,
    TEMPLATE_SHEET,
)

Value = str | int | float | date | None

WIDTHS = {
    "section": 24,
    "key": 34,
    "question": 70,
    "type": 19,
    "required": 10,
    "help": 50,
    "criteria": 18,
    "domain": 28,
    "show_if_key": 34,
    "show_if_any_of": 18,
    "value": 26,
    "label": 50,
    "weight": 9,
    "red_flag": 10,
}
WRAPPED = {"question", "help", "label"}
TOP_WRAPPED = Alignment(wrap_text=True, vertical="top")
YES_OR_NO = ["yes", "no"]


# What XML 1.0, and so a workbook, cannot hold: control characters, lone surrogates (JSON's
# "\ud800" makes one) and U+FFFE, U+FFFF.
NOT_IN_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def put(sheet: Any, row: int, column: int, value: Value) -> Any:
    """A cell holding `value`; text stays text (never a formula) and loses what XML cannot
    hold. The answer workbook writes its cells this way too."""
    if isinstance(value, str):
        value = NOT_IN_XML.sub("", value) or None
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text starting with "=" stays text: openpyxl would write a formula
    return cell


def _table(sheet: Any, columns: Sequence[str], rows: list[list[Value]]) -> None:
    """A bold, frozen header row over `rows`, with widths and wrapping by column."""
    for number, name in enumerate(columns, start=1):
        put(sheet, 1, number, name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS[name]
    for row_number, values in enumerate(rows, start=2):
        for number, (name, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = put(sheet, row_number, number, value)
            if name in WRAPPED:
                cell.alignment = TOP_WRAPPED
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _validate(sheet: Any, columns: Sequence[str], column: str, validation: Any, rows: int) -> None:
    """`validation` on the column, down to the last row the import reads, so that rows an
    editor adds get it too."""
    letter = get_column_letter(columns.index(column) + 1)
    validation.add(f"{letter}2:{letter}{rows + 1}")
    sheet.add_data_validation(validation)


def drop_down(words: list[str]) -> DataValidation:
    """A list to pick from; Excel takes at most 255 characters in such a list (a test checks
    ours)."""
    return DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True)


def _question_row(section: Section, question: Question) -> list[Value]:
    condition = question.condition
    return [
        section.title,
        question.key,
        question.text,
        question.type.value,
        "yes" if question.required else "no",
        question.help,
        ", ".join(question.criteria),
        question.domain.value if question.domain else None,
        condition.key if condition else None,
        ", ".join(condition.any_of) if condition else None,
    ]


def write_template(template: Template) -> bytes:
    """The template as an XLSX workbook, laid out as the package docstring says."""
    workbook = openpyxl.Workbook()
    about = workbook.active
    about.title = TEMPLATE_SHEET
    for row, (label, value) in enumerate(
        zip(TEMPLATE_LABELS, (template.name, template.description), strict=True), start=1
    ):
        put(about, row, 1, label).font = Font(bold=True)
        put(about, row, 2, value).alignment = TOP_WRAPPED
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100

    questions = workbook.create_sheet(QUESTIONS_SHEET)
    rows = [_question_row(s, q) for s in template.sections for q in s.questions]
    _table(questions, QUESTION_COLUMNS, rows)
    for column, words in (
        ("type", [t.value for t in QuestionType]),
        ("required", YES_OR_NO),
        ("domain", [d.value for d in ControlDomain]),
    ):
        _validate(questions, QUESTION_COLUMNS, column, drop_down(words), MAX_QUESTION_ROWS)

    choices = workbook.create_sheet(CHOICES_SHEET)
    _table(
        choices,
        CHOICE_COLUMNS,
        [
            [q.key, c.value, c.label, c.weight, "yes" if c.red_flag else "no"]
            for q in template.questions()
            for c in q.choices
        ],
    )
    _validate(choices, CHOICE_COLUMNS, "red_flag", drop_down(YES_OR_NO), MAX_CHOICE_ROWS)
    whole = DataValidation(
        type="whole",
        operator="between",
        formula1="0",
        formula2=str(MAX_WEIGHT),
        showErrorMessage=True,
        error=f"A weight is a whole number from 0 to {MAX_WEIGHT}.",
    )
    _validate(choices, CHOICE_COLUMNS, "weight", whole, MAX_CHOICE_ROWS)

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
