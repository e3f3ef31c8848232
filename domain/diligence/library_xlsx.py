"""The answer library as a workbook: written with the CSV's columns, read back into the same
rows the CSV gives (domain.shared.csv_text.ImportSheet), so that one path checks and saves
the rows of either (domain.diligence.library_csv).

Cells are written as text (a question starting with "=" is never a formula), so a workbook
needs no guard against formulas and none is taken off when it comes back. A workbook that
comes in is checked by sheets.xlsx_guard before openpyxl opens it; its first visible
worksheet is read, its first row the header, its rows numbered as the spreadsheet numbers
them. A date in a cell may be a real date or text.
"""

import io
from collections.abc import Sequence

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from domain.diligence.sheets.workbook import held_cells, load
from domain.questionnaires.template_xlsx.cells import text
from domain.questionnaires.template_xlsx.export import put
from domain.shared import csv_text
from domain.shared.errors import InvalidInput

SHEET = "Answer library"
WIDTHS = {"question": 60, "answer": 80}


def write_workbook(columns: Sequence[str], rows: list[list[str]]) -> bytes:
    """One sheet, SHEET: a bold, frozen header of `columns` over `rows`, every cell text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    for number, name in enumerate(columns, start=1):
        put(sheet, 1, number, name).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = WIDTHS.get(name, 24)
    for row_number, values in enumerate(rows, start=2):
        for number, value in enumerate(values, start=1):
            put(sheet, row_number, number, value)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_import(
    data: bytes, columns: Sequence[str], required: Sequence[str], max_rows: int
) -> csv_text.ImportSheet:
    """The rows of the workbook's first visible worksheet, as csv_text.import_sheet reads
    them; an error on the file when it is no workbook, passes a limit of the guard, or has
    no visible worksheet."""
    workbook = load(data)
    visible = [s for s in workbook.worksheets if s.sheet_state == "visible"]
    if not visible:
        raise InvalidInput("The workbook has no visible worksheet.", "file")
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), cell in held_cells(visible[0]).items():
        if written := text(cell.value):
            by_row.setdefault(row, {})[column] = written
    header_cells = by_row.pop(1, {})
    if not header_cells and not by_row:
        raise InvalidInput("The file is empty.", "file")
    header = [header_cells.get(c, "") for c in range(1, max(header_cells, default=0) + 1)]
    rows = (
        (number, [cells.get(c, "") for c in range(1, len(header) + 1)])
        for number, cells in sorted(by_row.items())
    )
    return csv_text.import_sheet(header, rows, columns, required, max_rows)
