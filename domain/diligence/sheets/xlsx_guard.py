"""An uploaded workbook looked over before openpyxl opens it.

openpyxl's full reader (needed for merged cells, hidden rows and columns, bold text, and to
write a file back whole) keeps every cell in memory, and makes one for every cell of a
merged range: a 3 MB file can hold a million cells, a one-line `mergeCell` covers 17
billion. So, before it opens anything: the zip's directory is read (entries counted, their
declared unpacked sizes summed; zipfile never inflates an entry past its declared size),
then each XML part is streamed through expat with nothing kept but a count of the cells,
rows and merged cells it declares (and of the sheets the workbook lists), which stops at the
first part past a limit. Entity
declarations are refused on the way (the "billion laughs"), so openpyxl never meets one.
"""

import io
import zipfile
from typing import Any
from xml.parsers import expat

from openpyxl.utils.cell import range_boundaries

from domain.diligence.sheets.limits import (
    MAX_CELLS,
    MAX_SHEETS,
    MAX_UNPACKED_BYTES,
    MAX_ZIP_ENTRIES,
    file_error,
)
from domain.shared.errors import InvalidInput

# An OLE2 compound file: what Excel 97-2003 saves, and what Excel makes of an .xlsx
# protected with a password to open it.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NOT_XLSX = "This is not an Excel workbook: save it as .xlsx (Excel Workbook)."
OLE2_FILE = (
    "This is an Excel 97-2003 workbook (.xls) or a workbook protected with a password: open "
    "it in Excel, remove the password if it has one, and save it as .xlsx."
)
DAMAGED = "The workbook is damaged: open it in Excel, let Excel repair it, and save it again."
TOO_MANY_CELLS = (
    f"The workbook holds more than {MAX_CELLS:,} cells: keep the questionnaire's sheets only, "
    "or clear the formatting of empty rows and columns."
)
# The parts openpyxl may parse as XML. Not .vml: Excel's is often not well-formed XML, and
# openpyxl (keeping no macros) writes its own.
SCANNED = (".xml", ".rels")
CHUNK = 64 * 1024


class _TooMany(Exception):
    pass


class _TooManySheets(Exception):
    pass


class _Counter:
    """Counts what openpyxl would make of a part's elements: a cell per `c`, a row per
    `row`, and a cell per cell of a merged range; and the workbook's sheets."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.held = 0
        self.sheets = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]  # namespaces are not resolved: "x:c" is a cell too
        if local in ("c", "row"):
            self.held += 1
        elif local == "mergeCell":
            self.held += _area(attributes.get("ref", ""))
        elif local == "sheet":
            self.sheets += 1
            if self.sheets > MAX_SHEETS:
                raise _TooManySheets
        if self.held > self.allowed:
            raise _TooMany


def _area(ref: str) -> int:
    try:
        first_column, first_row, last_column, last_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return 0  # openpyxl refuses it itself
    if None in (first_column, first_row, last_column, last_row):
        return MAX_CELLS + 1  # a whole row or column
    # a range written backwards (B9:A1) is the same range to a reader: its bounds taken in
    # either order, so no range counts less than the cells it covers
    width = abs(last_column - first_column) + 1  # type: ignore[operator]
    height = abs(last_row - first_row) + 1  # type: ignore[operator]
    return width * height


def _no_entities(*_: Any) -> None:
    raise file_error(DAMAGED)


def _count(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, allowed: int) -> int:
    counter = _Counter(allowed)
    parser = expat.ParserCreate()
    parser.StartElementHandler = counter.start
    parser.EntityDeclHandler = _no_entities
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return counter.held


def check_workbook(data: bytes) -> None:
    """InvalidInput on the file unless the bytes are an .xlsx within the limits."""
    if data.startswith(OLE2):
        raise file_error(OLE2_FILE)
    if data.startswith(b"%PDF"):
        raise file_error("This is a PDF, not a spreadsheet: send the questionnaire as .xlsx.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise file_error(NOT_XLSX) from error
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise file_error(
            f"The workbook unpacks to more than {MAX_UNPACKED_BYTES // (1024 * 1024)} MB or "
            f"more than {MAX_ZIP_ENTRIES:,} parts."
        )
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise file_error(NOT_XLSX)
    if any(entry.flag_bits & 0x1 for entry in entries):  # zip encryption: no workbook uses it
        raise file_error(NOT_XLSX)
    held = 0
    try:
        for entry in entries:
            if entry.filename.lower().endswith(SCANNED):
                held += _count(archive, entry, MAX_CELLS - held)
    except _TooMany:
        raise file_error(TOO_MANY_CELLS) from None
    except _TooManySheets:
        raise file_error(f"The workbook has more than {MAX_SHEETS} sheets.") from None
    except InvalidInput:
        raise
    except Exception as error:  # malformed XML, a damaged entry
        raise file_error(DAMAGED) from error
