"""The customer's own file given back with the answers in place.

Answers are keyed by the row of their question (`SheetQuestion.row`); a row that holds no
question of the layout, or an answer longer than an Excel cell holds (32,767 characters),
is refused on `answers` before anything is written. An empty answer leaves its cell as it
was, unless the other questions' answers are to be cleared (`clear_others`).

XLSX: the workbook is opened with openpyxl's full reader (formulas, links and rich text
kept) and each answer written as text (never a formula) into (row, answer column) of the
layout's sheet; every other cell, sheet, style, merged cell, hidden state, validation,
comment and image stays (openpyxl keeps images only with Pillow installed: a dependency of
ours for that). openpyxl does not keep shapes, text boxes or form controls, and formulas
lose the values Excel last computed (Excel computes them again on opening). An answer cell
inside a merged cell (not its first) is refused on `layout.answerColumn`. With no answer
column, one is added: "Answer" on the header row, in the first column right of all text
(and of merged cells from the header down), styled as the question column.

CSV: written back with the file's encoding, byte order mark, delimiter and line ending, an
"Answer" column added as above when there is none. Answers are guarded against formulas
(`csv_text.neutralise`); one the file's encoding cannot hold (a "✓" in a Windows-1252
file) is refused on `answers`.
"""

import io
from collections.abc import Mapping
from copy import copy
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from domain.diligence.sheets.limits import MAX_CELL_CHARS, answers_error, layout_error
from domain.diligence.sheets.model import FileFormat, Layout
from domain.diligence.sheets.opening import open_file
from domain.diligence.sheets.reading import check_layout, checked, read
from domain.diligence.sheets.text_file import TextFile, records, written
from domain.diligence.sheets.workbook import held_cells, load
from domain.questionnaires.template_xlsx.export import put
from domain.shared import csv_text

ANSWER_HEADER = "Answer"
ANSWER_WIDTH = 40
AS_TEXT = "@"


def write_answers(
    data: bytes,
    filename: str,
    layout: Layout,
    answers: Mapping[int, str],
    clear_others: bool = False,
) -> bytes:
    """The file with `answers` (by row) in the layout's answer column, as the module
    docstring says; with `clear_others`, the answer cell of every other question emptied
    (an answer the file held that nobody vouched for is not sent back). INVALID on the file,
    the layout's field or `answers` otherwise."""
    opened = open_file(data, filename)
    grid = opened.sheet(layout.sheet)
    check_layout(grid, layout)
    rows = {question.row for question in checked(read(grid, layout).questions, layout)}
    given = _given(answers, rows)
    cleared = sorted(rows - given.keys()) if clear_others else []
    if opened.format == FileFormat.XLSX:
        return _workbook_with(data, layout, given, cleared)
    assert opened.text_file is not None  # a CSV has its text
    return _text_with(opened.text_file, layout, given, cleared)


def _given(answers: Mapping[int, str], rows: set[int]) -> dict[int, str]:
    given: dict[int, str] = {}
    for row, answer in sorted(answers.items()):
        if row not in rows:
            raise answers_error(f"Row {row} holds no question of this layout.")
        if len(answer) > MAX_CELL_CHARS:
            raise answers_error(
                f"The answer for row {row} is {len(answer):,} characters; a cell holds at most "
                f"{MAX_CELL_CHARS:,}."
            )
        if answer.strip():
            given[row] = answer
    return given


def _workbook_with(data: bytes, layout: Layout, given: dict[int, str], cleared: list[int]) -> bytes:
    workbook = load(data, for_writing=True, checked=True)  # open_file checked it
    sheet = workbook[layout.sheet]
    added = layout.answer_column is None
    if layout.answer_column is None:
        column = _free_column(sheet, layout.header_row)
    else:
        column = layout.answer_column + 1
    targets = [layout.header_row] if added and layout.header_row else []
    for row in [*targets, *given]:
        cell = sheet.cell(row=row, column=column)
        if isinstance(cell, MergedCell):
            merged = next(r for r in sheet.merged_cells.ranges if cell.coordinate in r)
            raise layout_error(
                "answer_column",
                f"The cell {cell.coordinate} is inside the merged cell {merged.coord}: answers "
                f"go in its first column, {get_column_letter(merged.min_col)}.",
            )
    question_column = layout.question_column + 1
    if added:
        sheet.column_dimensions[get_column_letter(column)].width = ANSWER_WIDTH
        if layout.header_row:
            header = put(sheet, layout.header_row, column, ANSWER_HEADER)
            _style_like(header, sheet.cell(row=layout.header_row, column=question_column))
    for row, answer in given.items():
        cell = put(sheet, row, column, answer)
        if added:
            _style_like(cell, sheet.cell(row=row, column=question_column))
            cell.number_format = AS_TEXT
    for row in cleared if not added else ():
        cell = sheet.cell(row=row, column=column)
        # a merged cell's value is its first cell's; a formula is the customer's own
        if not isinstance(cell, MergedCell) and cell.data_type != "f":
            cell.value = None
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _free_column(sheet: Any, header_row: int) -> int:
    """The first column (from 1) right of every text, and of every merged cell from the
    header row down."""
    texts = (c for (_, c), cell in held_cells(sheet).items() if cell.value is not None)
    merges = (r.max_col for r in sheet.merged_cells.ranges if r.max_row >= max(header_row, 1))
    return max(max(texts, default=0), max(merges, default=0)) + 1


def _style_like(cell: Any, model: Any) -> None:
    """`cell` styled as `model` (its font, fill, border and alignment)."""
    if model.has_style:
        cell.font = copy(model.font)
        cell.fill = copy(model.fill)
        cell.border = copy(model.border)
        cell.alignment = copy(model.alignment)


def _text_with(file: TextFile, layout: Layout, given: dict[int, str], cleared: list[int]) -> bytes:
    for row, answer in given.items():
        try:
            answer.encode(file.codec)
        except UnicodeEncodeError as error:
            raise answers_error(
                f"The file is {file.encoding} text, which cannot hold "
                f"'{answer[error.start : error.end]}' (the answer for row {row}): leave it out "
                "or ask for the questionnaire as .xlsx."
            ) from None
    rows = records(file)
    column = layout.answer_column
    if column is None:
        column = max((_last_text(record) + 1 for record in rows), default=0)
        if layout.header_row:
            _set(rows[layout.header_row - 1], column, ANSWER_HEADER)
    for row, answer in given.items():
        _set(rows[row - 1], column, csv_text.neutralise(answer))
    for row in cleared:
        if column < len(rows[row - 1]):
            rows[row - 1][column] = ""
    ended = file.text.endswith(("\n", "\r"))
    return file.encode(written(file, rows, ended))


def _last_text(record: list[str]) -> int:
    return max((index for index, cell in enumerate(record) if cell.strip()), default=-1)


def _set(record: list[str], column: int, value: str) -> None:
    record.extend([""] * (column + 1 - len(record)))
    record[column] = value
