"""An .xlsx opened with openpyxl's full reader, once `xlsx_guard` has bounded what it holds,
and its sheets read as grids.

Why the full reader and not read_only: merged cells, hidden rows and hidden columns are
only known to the full reader, and `write_answers` needs it anyway to write the file back
whole; reading and writing through the same reader also means both see the same rows.
Its memory grows with the cells, so the guard counts them first (`MAX_CELLS`).
"""

import io
import warnings
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from domain.diligence.sheets.grid import Grid, Merge, grid_of
from domain.diligence.sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, file_error
from domain.diligence.sheets.xlsx_guard import DAMAGED, check_workbook
from domain.questionnaires.template_xlsx.cells import text
from domain.shared.errors import InvalidInput


def load(data: bytes, for_writing: bool = False, checked: bool = False) -> Any:
    """The workbook, checked first (unless `checked` already). For reading, formulas give
    the values Excel last computed; for writing, the formulas themselves, links and rich
    text are kept."""
    if not checked:
        check_workbook(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns of what it does not support in a file (extensions, a missing
            # default style); a customer's file is read all the same.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(
                io.BytesIO(data),
                data_only=not for_writing,
                keep_links=for_writing,
                rich_text=for_writing,
            )
    except InvalidInput:
        raise
    except Exception as error:  # a zip with a workbook.xml that openpyxl cannot read
        raise file_error(DAMAGED) from error
    return workbook


def read_grids(data: bytes) -> list[Grid]:
    """Every sheet of cells, in the workbook's order (chart sheets are left out)."""
    workbook = load(data)
    return [grid_of_sheet(sheet) for sheet in workbook.worksheets]


def held_cells(sheet: Worksheet) -> dict[tuple[int, int], Any]:
    """The cells the file holds, by (row, column from 1). `iter_rows` would make a cell for
    every blank one of the rectangle too."""
    return sheet._cells  # type: ignore[no-any-return]


def grid_of_sheet(sheet: Worksheet) -> Grid:
    texts: dict[tuple[int, int], str] = {}
    for (row, column), cell in held_cells(sheet).items():
        if column <= MAX_COLUMNS and (written := text(cell.value)):
            texts[(row, column - 1)] = written[:MAX_CELL_CHARS]
    last_row = max((row for row, _ in texts), default=0)
    if last_row > MAX_ROWS:
        raise file_error(
            f'The sheet "{sheet.title}" has text down to row {last_row:,}; a sheet is read '
            f"to row {MAX_ROWS:,} at most."
        )
    hidden_columns = {
        column - 1
        for dimension in sheet.column_dimensions.values()
        if dimension.hidden and dimension.min is not None and dimension.max is not None
        for column in range(dimension.min, min(dimension.max, MAX_COLUMNS) + 1)
    }
    return grid_of(
        sheet.title,
        texts,
        hidden=sheet.sheet_state != "visible",
        hidden_rows=(n for n, dimension in sheet.row_dimensions.items() if dimension.hidden),
        hidden_columns=hidden_columns,
        merged=(
            Merge(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1)
            for r in sheet.merged_cells.ranges
        ),
        bold_rows=_bold_rows(sheet, texts),
    )


def _bold_rows(sheet: Worksheet, texts: dict[tuple[int, int], str]) -> set[int]:
    """Rows holding one text, in bold: section titles often are. (Only those are looked at:
    a cell's font is slow to read.)"""
    by_row: dict[int, list[int]] = {}
    for row, column in texts:
        by_row.setdefault(row, []).append(column)
    cells = held_cells(sheet)
    return {
        row
        for row, columns in by_row.items()
        if len(columns) == 1 and bool(cells[(row, columns[0] + 1)].font.b)
    }
