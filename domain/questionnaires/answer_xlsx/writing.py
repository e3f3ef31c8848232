"""A questionnaire written out as the workbook its vendor fills in: every question it may
answer, with what it answered so far, in cells that read back as they were written."""

import io
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import openpyxl
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from domain.questionnaires.answer_xlsx.layout import (
    ANSWER_COLUMNS,
    ANSWERS_SHEET,
    ID_LABEL,
    QUESTIONNAIRE_SHEET,
    REVISION_LABEL,
    VERSION_LABEL,
    About,
)
from domain.questionnaires.answers import Given, given_of, shown
from domain.questionnaires.definition import (
    CHOICE_TYPES,
    Choice,
    Question,
    QuestionType,
    Section,
    Template,
)
from domain.questionnaires.gap import Decision
from domain.questionnaires.models import AnswerReview, AnswerSource, QuestionnaireAnswer
from domain.questionnaires.sent import held_of
from domain.questionnaires.template_xlsx.export import TOP_WRAPPED, Value, put

WIDTHS = {
    "key": 26,
    "section": 20,
    "question": 60,
    "type": 17,
    "choices": 30,
    "required": 10,
    "asked": 24,
    "answer": 36,
    "comment": 40,
    "note": 50,
}
WRAPPED = {"question", "choices", "answer", "comment", "note"}
FILLED_IN = {"answer", "comment"}  # the vendor's cells: the only ones left unlocked
FIXED = PatternFill("solid", start_color="F2F2F2")  # the cells tprm wrote, to be left alone
HIDDEN = Font(color="808080", italic=True)  # a question an earlier answer hides for now
ISO_DATE = "yyyy-mm-dd"
AS_TEXT = "@"  # Excel keeps what is typed as text: "1-2" stays "1-2", not a date
EXCEL_DIGITS = 15  # the significant digits a number cell keeps
# Excel takes at most 255 characters in a drop-down's list.
MAX_DROP_DOWN = 255

HINTS = {
    QuestionType.YES_NO: "YES or NO.",
    QuestionType.SINGLE_CHOICE: "One value of the choices.",
    QuestionType.MULTIPLE_CHOICE: "One or more values of the choices, separated by ;",
    QuestionType.TEXT: "",
    QuestionType.NUMBER: "A number.",
    QuestionType.DATE: "A date, as 2026-12-31.",
    QuestionType.FILE: "A file is not given in this workbook: attach it through the "
    "questionnaire's link, or send it to whoever sent you this file.",
}


def _answer_cell(question: Question, given: Given) -> Value:
    """An answer as the vendor writes it: choices' values separated by ;, a number, a date,
    the text; nothing for a FILE question."""
    if question.type in CHOICE_TYPES:
        return "; ".join(given.choices or ()) or None
    if question.type == QuestionType.NUMBER and given.number is not None:
        return _number(given.number)
    if question.type == QuestionType.DATE:
        return given.date
    if question.type == QuestionType.TEXT:
        return given.text or None
    return None


def _number(number: Decimal) -> Value:
    """A number as a number cell where Excel holds it exactly (15 significant digits at
    most, as a double keeps them); any other is written as text, which reads back exact."""
    if len(number.as_tuple().digits) > EXCEL_DIGITS:
        return str(number)
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else str(number)


def _asked(question: Question, template: Template) -> str:
    condition = question.condition
    if condition is None:
        return "yes"
    earlier = next(q for q in template.questions() if q.key == condition.key)
    verb = "includes" if earlier.type == QuestionType.MULTIPLE_CHOICE else "is"
    return f"only if {condition.key} {verb} {' or '.join(condition.any_of)}"


def _note(question: Question, row: QuestionnaireAnswer | None) -> str | None:
    said = [question.help or "", HINTS[question.type]]
    if row is not None:
        if row.document_id is not None:
            said.append("A file is attached already.")
        if row.source == AnswerSource.CARRIED_OVER:
            said.append("Your answer from last time: keep it to confirm it, or change it.")
        if row.review_status == AnswerReview.NEEDS_INFO:
            said.append("The reviewer asked for more on this answer: say it in the comment.")
        if row.gap_decision == Decision.FLAGGED:
            page = f" (page {row.gap_page})" if row.gap_page else ""
            said.append(f"Your SOC report has an exception here{page}: {row.gap_note or ''}")
    return "\n".join(s for s in said if s) or None


def _row(
    section: Section, question: Question, template: Template, row: QuestionnaireAnswer | None
) -> dict[str, Value]:
    given = given_of(question, row.value, row.document_id) if row is not None else Given()
    return {
        "key": question.key,
        "section": section.title,
        "question": question.text,
        "type": question.type.value,
        "choices": "\n".join(_choice(c) for c in question.choices) or None,
        "required": "yes" if question.required else "no",
        "asked": _asked(question, template),
        "answer": _answer_cell(question, given),
        "comment": None,
        "note": _note(question, row),
    }


def _choice(choice: Choice) -> str:
    """A choice's value, and its label where that says more ("TOTP = App codes", "YES")."""
    same = choice.label.strip().casefold() == choice.value.casefold()
    return choice.value if same else f"{choice.value} = {choice.label}"


def _drop_down(question: Question) -> DataValidation | None:
    """A list of the choices for a question of one choice, where Excel can take it as one."""
    if question.type not in (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE):
        return None
    values = [c.value for c in question.choices]
    listed = ",".join(values)
    if any("," in v or '"' in v for v in values) or len(listed) > MAX_DROP_DOWN:
        return None
    return DataValidation(
        type="list",
        formula1=f'"{listed}"',
        allow_blank=True,
        showErrorMessage=True,
        # Excel repairs a workbook whose message is longer than 224 characters
        error=f"Pick one of {', '.join(values)}."[:224],
    )


def _answers_sheet(
    sheet: Any, template: Template, answers: Mapping[str, QuestionnaireAnswer]
) -> None:
    held = {key: held_of(row) for key, row in answers.items()}
    visible = {q.key for q in shown(template, held)}
    for number, name in enumerate(ANSWER_COLUMNS, start=1):
        put(sheet, 1, number, name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS[name]
    lists: dict[tuple[str, ...], DataValidation] = {}
    row_number = 1
    for section in template.sections:
        for question in section.questions:
            row = answers.get(question.key)
            if row is not None and row.source == AnswerSource.REPORT:
                continue  # the SOC report answers it: not asked
            row_number += 1
            values = _row(section, question, template, row)
            for number, name in enumerate(ANSWER_COLUMNS, start=1):
                cell = put(sheet, row_number, number, values[name])
                if name in WRAPPED:
                    cell.alignment = TOP_WRAPPED
                if name in FILLED_IN:
                    cell.protection = Protection(locked=False)
                    cell.number_format = _format(question) if name == "answer" else AS_TEXT
                else:
                    cell.fill = FIXED
                if question.key not in visible:
                    cell.font = HIDDEN
            drop_down = _drop_down(question)
            if drop_down is not None:
                kept = lists.setdefault(tuple(c.value for c in question.choices), drop_down)
                kept.add(f"{get_column_letter(ANSWER_COLUMNS.index('answer') + 1)}{row_number}")
    for validation in lists.values():
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(ANSWER_COLUMNS))}{row_number}"
    # Locked, with no password: what tprm wrote is plainly not to be typed over, yet nothing
    # stops a vendor who must (the reader checks every key anyway).
    protection = sheet.protection
    protection.sheet = True
    protection.formatColumns = protection.formatRows = protection.autoFilter = False


def _format(question: Question) -> str:
    if question.type == QuestionType.DATE:
        return ISO_DATE
    return "General" if question.type == QuestionType.NUMBER else AS_TEXT


def _questionnaire_sheet(sheet: Any, about: About) -> None:
    lines: list[tuple[str, Value]] = [
        (ID_LABEL, about.global_id),
        ("template", about.template_name),
        (VERSION_LABEL, about.template_version),
        (REVISION_LABEL, about.answers_as_of),
        ("vendor", about.vendor_name or None),
        ("due_date", about.due_date),
        ("returned_because", about.return_note),
        (
            "how",
            f"Write your answers in the answer column of the {ANSWERS_SHEET} sheet, and "
            "anything you want to tell the reviewer about a question in its comment column. "
            "An empty answer leaves the question as it was. Keep the key column and this "
            "sheet as they are: they say which questionnaire and question each answer is for.",
        ),
    ]
    for number, (label, value) in enumerate(lines, start=1):
        put(sheet, number, 1, label).font = Font(bold=True)
        cell = put(sheet, number, 2, value)
        cell.alignment = TOP_WRAPPED
        if label == "due_date":
            cell.number_format = ISO_DATE
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 100
    sheet.protection.sheet = True


def write_answers(
    template: Template, about: About, answers: Mapping[str, QuestionnaireAnswer]
) -> bytes:
    """The questionnaire as an XLSX workbook for its vendor, laid out as the package
    docstring says: the answers sheet first, where Excel opens."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = ANSWERS_SHEET
    _answers_sheet(sheet, template, answers)
    _questionnaire_sheet(workbook.create_sheet(QUESTIONNAIRE_SHEET), about)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
