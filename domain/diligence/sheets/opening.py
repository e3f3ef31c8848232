"""A customer's file opened as grids, by its name's extension: .xlsx a workbook; .csv, .tsv
and .txt text; anything else refused on the file, with what to send instead."""

from dataclasses import dataclass

from domain.diligence.sheets.grid import Grid
from domain.diligence.sheets.limits import MAX_FILE_BYTES, file_error, layout_error
from domain.diligence.sheets.model import FileFormat
from domain.diligence.sheets.text_file import TextFile, grid_of_records, read_text, records
from domain.diligence.sheets.workbook import read_grids
from domain.documents.intake import FileTooLarge

FORMATS = {".xlsx": FileFormat.XLSX, ".csv": FileFormat.CSV, ".tsv": FileFormat.CSV}
FORMATS |= {".txt": FileFormat.CSV}
TAB_FIRST = (".tsv", ".txt")  # Excel's "Text (Tab delimited)" and "Unicode Text"
SAVE_AS = "save it as .xlsx (Excel Workbook) or .csv"
REFUSED = {
    ".xls": f"This is an Excel 97-2003 workbook: {SAVE_AS}.",
    ".xlsm": f"This workbook holds macros: {SAVE_AS}.",
    ".xlsb": f"This is an Excel binary workbook: {SAVE_AS}.",
    ".ods": f"This is an OpenDocument spreadsheet: {SAVE_AS}.",
    ".numbers": f"This is a Numbers spreadsheet: {SAVE_AS}.",
}
NOT_A_SHEET = "This is not a spreadsheet: send the questionnaire as .xlsx, .csv or .tsv."


@dataclass(frozen=True)
class Opened:
    """A file's sheets as grids; a CSV's one sheet, named as Excel names it (the file's name
    without its extension), and how its text was saved."""

    format: FileFormat
    grids: tuple[Grid, ...]
    text_file: TextFile | None = None

    def sheet(self, name: str) -> Grid:
        """The sheet a layout names (a CSV has one, whatever the layout calls it)."""
        if self.format == FileFormat.CSV:
            return self.grids[0]
        for grid in self.grids:
            if grid.name == name:
                return grid
        names = ", ".join(f'"{grid.name}"' for grid in self.grids)
        raise layout_error("sheet", f'The file has no sheet "{name}": it has {names}.')


def extension(filename: str) -> str:
    """The name's extension, lowercased, with its dot ('' for none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _stem(filename: str) -> str:
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return (base[:dot] if dot > 0 else base).strip() or "Sheet1"


def file_format(filename: str) -> FileFormat:
    """The format the file's name says; INVALID on the file for any other."""
    named = extension(filename)
    if named in REFUSED:
        raise file_error(REFUSED[named])
    if named not in FORMATS:
        raise file_error(NOT_A_SHEET)
    return FORMATS[named]


def open_file(data: bytes, filename: str) -> Opened:
    """The file's sheets; FileTooLarge over MAX_FILE_BYTES, INVALID on the file when it is
    not what its name says or passes a limit."""
    if len(data) > MAX_FILE_BYTES:
        raise FileTooLarge(MAX_FILE_BYTES)
    if not data:
        raise file_error("The file is empty.")
    format = file_format(filename)
    if format == FileFormat.XLSX:
        return Opened(format, tuple(read_grids(data)))
    text_file = read_text(data, tab_first=extension(filename) in TAB_FIRST)
    grid = grid_of_records(_stem(filename), records(text_file))
    return Opened(format, (grid,), text_file)
