"""An uploaded workbook opened with care, and its cells read as the text its editor sees.

The workbook is untrusted, and a small zip can unpack to gigabytes. So, in this order: the
bytes are size-checked before anything opens them; the zip's entries are counted and their
declared unpacked sizes summed before openpyxl reads it (Python's zipfile never inflates an
entry past its declared size, so the declaration bounds the work); openpyxl then streams the
sheets in read-only mode, and each sheet is read to a fixed number of rows and columns.
"""

import io
import re
import zipfile
from datetime import date, datetime, time
from typing import Any

import openpyxl

from domain.questionnaires.definition import MAX_WEIGHT
from domain.questionnaires.template_xlsx.layout import (
    MAX_COLUMNS,
    MAX_SCANNED_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_ENTRIES,
    RowProblem,
    file_error,
)

Row = tuple[int, tuple[Any, ...]]  # the row number Excel shows, and the row's cells
TRUE_WORDS, FALSE_WORDS = {"YES", "Y", "TRUE", "1"}, {"NO", "N", "FALSE", "0"}
NOT_XLSX = "this is not an Excel workbook: save it as .xlsx"
DAMAGED = "the workbook is damaged (Excel may be able to repair it)"


def open_workbook(data: bytes, max_bytes: int) -> Any:
    """The workbook in read-only mode, once the bytes and the zip they hold look sane."""
    if len(data) > max_bytes:
        raise file_error(f"the file is {len(data):,} bytes, over the {max_bytes:,} allowed")
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception as error:  # whatever zipfile makes of bytes that are not a zip
        raise file_error(NOT_XLSX) from error
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        raise file_error(
            f"the workbook unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB"
            f" or more than {MAX_ZIP_ENTRIES} parts"
        )
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True, keep_links=False
        )
    except Exception as error:  # a zip, but not one openpyxl can read as a workbook
        workbook = any(entry.filename == "xl/workbook.xml" for entry in entries)
        raise file_error(DAMAGED if workbook else NOT_XLSX) from error


def sheet_rows(workbook: Any, sheet: str, max_rows: int, found: list[RowProblem]) -> list[Row]:
    """The rows of a sheet (its name in any case) that are not blank, the first row among
    them; a missing sheet or one too long is a problem, and no rows."""
    by_name = {name.strip().lower(): name for name in workbook.sheetnames}
    if sheet.lower() not in by_name:
        found.append(RowProblem(sheet, None, None, f'the workbook has no sheet named "{sheet}"'))
        return []
    worksheet = workbook[by_name[sheet.lower()]]
    if not hasattr(worksheet, "iter_rows"):
        found.append(RowProblem(sheet, None, None, "this sheet is a chart, not a sheet of cells"))
        return []
    worksheet.reset_dimensions()  # the size a file declares may be wrong: read what is there
    rows: list[Row] = []
    cells = worksheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS, values_only=True)
    for number, values in enumerate(cells, start=1):
        if number > MAX_SCANNED_ROWS:
            message = f"nothing may be below row {MAX_SCANNED_ROWS}: delete the rows from here"
            found.append(RowProblem(sheet, number, None, message))
            return []
        if any(value is not None and text(value) for value in values):
            if len(rows) > max_rows:  # the header, and max_rows more
                message = f"a sheet holds at most {max_rows} rows below its header"
                found.append(RowProblem(sheet, number, None, message))
                return []
            rows.append((number, tuple(values)))
    return rows


def text(value: Any) -> str:
    """A cell as the text its editor sees there, without surrounding spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def word(value: Any) -> str:
    """A fixed word as it is spelled here: "single choice" and "Single-Choice" both read
    SINGLE_CHOICE."""
    return "_".join(text(value).replace("-", " ").split()).upper()


def header(value: Any) -> str:
    """A column's name as it is spelled here: "Show if key" reads show_if_key."""
    return word(value).lower()


def listed(value: Any, separators: str) -> tuple[str, ...]:
    """The parts of a list in a cell, split on the `separators` pattern."""
    return tuple(part.strip() for part in re.split(separators, text(value)) if part.strip())


def flag(value: Any, blank: bool) -> bool | None:
    """Yes or no however written (TRUE, y, 1 ...), `blank` when empty; None when neither."""
    if isinstance(value, bool):
        return value
    said = word(value)
    if not said:
        return blank
    return True if said in TRUE_WORDS else False if said in FALSE_WORDS else None


def weight(value: Any) -> int | None:
    """A whole number from 0 to MAX_WEIGHT (5, 5.0 and "5" alike), 0 when empty; None when
    it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    if isinstance(value, int):
        return value if 0 <= value <= MAX_WEIGHT else None
    written = text(value)
    if not written:
        return 0
    if not re.fullmatch(r"[0-9]{1,3}(\.0*)?", written):
        return None
    return weight(int(written.split(".")[0]))
