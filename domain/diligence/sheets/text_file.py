"""A CSV or tab-separated file, read as its spreadsheet saved it and written back the same way.

Encoding: a byte order mark says it (UTF-8, UTF-16 LE or BE: Excel's "Unicode text");
without one, text that is valid UTF-8 is UTF-8; anything else is a single-byte or legacy
encoding, told by charset-normalizer, except that Windows-1252 (what Excel writes on a
Western Windows) is taken whenever it reads the file as cleanly as the best guess: on short
files the detector often ranks another code page first that would turn "à" into "ŕ".
UTF-16 without a byte order mark (Excel never writes one) reads as binary, and is refused.

Delimiter: comma, semicolon or tab, whichever splits the first records into the same number
of cells most often (a tie goes to tab for .tsv and .txt, else comma, semicolon, tab).

Rows are records, as a spreadsheet shows them: a quoted cell with a line break in it is one
row. Written back, a file keeps its encoding, byte order mark, delimiter and line ending; its
values are unchanged, though quotes may differ where the csv module quotes otherwise.
"""

import codecs
import csv
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass

import charset_normalizer

from domain.diligence.sheets.grid import Grid, grid_of
from domain.diligence.sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, file_error

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its mark begins the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
WESTERN = "cp1252"
DELIMITERS = (",", ";", "\t")
SNIFFED_CHARS = 64 * 1024
SNIFFED_RECORDS = 50
# Bytes no text file holds: a PDF, a zip (an .xlsx named .csv), an OLE2 file (.xls).
BINARY_STARTS = {
    b"%PDF": "This is a PDF, not a spreadsheet: send the questionnaire as .xlsx or .csv.",
    b"PK\x03\x04": "This is a zip file (perhaps an Excel workbook), not CSV text: name it .xlsx.",
    b"\xd0\xcf\x11\xe0": "This is an Excel 97-2003 workbook, not CSV text: save it as .xlsx.",
}
NOT_TEXT = "This is not a text file: send the questionnaire as .xlsx or .csv."
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class TextFile:
    """A text file's characters and how they were saved."""

    text: str
    codec: str  # as Python names it
    bom: bytes
    delimiter: str
    newline: str  # "\r\n" or "\n", as the file ends its lines

    @property
    def encoding(self) -> str:
        """The name the preview shows: utf-8-sig for UTF-8 with a byte order mark."""
        return "utf-8-sig" if self.bom == codecs.BOM_UTF8 else self.codec

    def encode(self, text: str) -> bytes:
        """Text saved as this file was; UnicodeEncodeError for what its encoding lacks."""
        return self.bom + text.encode(self.codec)


def read_text(data: bytes, tab_first: bool) -> TextFile:
    """The file decoded, its delimiter sniffed; InvalidInput on the file when it is no text."""
    text, codec, bom = _decode(data)
    if CONTROL.search(text):  # the whole text (10 MB at most): a NUL anywhere is no text
        raise file_error(NOT_TEXT)
    newline = "\r\n" if "\r\n" in text[:SNIFFED_CHARS] else "\n"
    return TextFile(text, codec, bom, _delimiter(text, tab_first), newline)


def _decode(data: bytes) -> tuple[str, str, bytes]:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, bom
            except UnicodeDecodeError as error:
                raise file_error(f"The file is marked as {codec} text but is not.") from error
    for start, message in BINARY_STARTS.items():
        if data.startswith(start):
            raise file_error(message)
    if b"\x00" in data[:SNIFFED_CHARS]:
        raise file_error(NOT_TEXT)
    try:
        return data.decode("utf-8"), "utf-8", b""
    except UnicodeDecodeError:
        pass
    codec = _legacy_codec(data)
    try:
        return data.decode(codec), codec, b""
    except UnicodeDecodeError as error:
        raise file_error(NOT_TEXT) from error


def _legacy_codec(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    western = charset_normalizer.from_bytes(data, cp_isolation=[WESTERN]).best()
    if western is not None and (best is None or western.chaos <= best.chaos):
        return WESTERN
    if best is None:
        raise file_error("The file's text encoding cannot be told: save it as CSV UTF-8.")
    return codecs.lookup(best.encoding).name


def _delimiter(text: str, tab_first: bool) -> str:
    sample = text[:SNIFFED_CHARS]

    def agreeing(delimiter: str) -> int:
        """How many of the first records split into the most common number of cells."""
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            records = list(itertools.islice(reader, SNIFFED_RECORDS))
        except csv.Error:
            return 0
        widths = Counter(len(r) for r in records if len(r) > 1 and any(c.strip() for c in r))
        return widths.most_common(1)[0][1] if widths else 0

    order = ("\t", ",", ";") if tab_first else DELIMITERS
    return max(order, key=agreeing)  # the first of the best: the order breaks ties


def records(file: TextFile) -> list[list[str]]:
    """The file's records, blank ones too (written back as they were); InvalidInput on the
    file when one is malformed or text goes past MAX_ROWS."""
    reader = csv.reader(io.StringIO(file.text, newline=""), delimiter=file.delimiter)
    read: list[list[str]] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number > MAX_ROWS and any(cell.strip() for cell in record):
                raise file_error(f"The file has text past row {MAX_ROWS:,}.")
            read.append(record)
    except csv.Error as error:
        raise file_error(f"Line {reader.line_num}: {error}.") from error
    return read


def grid_of_records(name: str, rows: list[list[str]]) -> Grid:
    texts = {
        (number, column): cell.strip()[:MAX_CELL_CHARS]
        for number, record in enumerate(rows, start=1)
        for column, cell in enumerate(record[:MAX_COLUMNS])
        if cell.strip()
    }
    return grid_of(name, texts)


def written(file: TextFile, rows: list[list[str]], ended: bool) -> str:
    """Records as the file's text: its delimiter and line ending, a last line ending only
    if the file had one (`ended`)."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=file.delimiter, lineterminator=file.newline).writerows(rows)
    text = out.getvalue()
    return text if ended else text.removesuffix(file.newline)
