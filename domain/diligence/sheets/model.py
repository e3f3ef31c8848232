"""What the sheets package gives and takes: frozen values, rows numbered as the spreadsheet
shows them (from 1) and columns counted from 0 (A is 0), as the package docstring says."""

from dataclasses import dataclass
from enum import StrEnum


class FileFormat(StrEnum):
    XLSX = "XLSX"
    CSV = "CSV"  # also tab-separated .tsv and .txt


class ColumnRole(StrEnum):
    QUESTION = "QUESTION"
    SECTION = "SECTION"
    ANSWER = "ANSWER"
    REFERENCE = "REFERENCE"
    OTHER = "OTHER"


@dataclass(frozen=True)
class Layout:
    """Where the questions are: what the preview guesses and the user confirms or corrects.
    `header_row` 0 means the sheet has no header row; a column None means there is none
    (no answer column: `write_answers` adds one)."""

    sheet: str
    header_row: int
    question_column: int
    section_column: int | None = None
    answer_column: int | None = None
    reference_column: int | None = None


@dataclass(frozen=True)
class ColumnGuess:
    """A column of a sheet as the preview reads it."""

    index: int  # from 0
    letter: str  # "B"
    header: str  # its header, "" when it has none
    role: ColumnRole  # what the guess takes it for
    samples: tuple[str, ...]  # its first few values below the header
    hidden: bool = False


@dataclass(frozen=True)
class SheetPreview:
    """A sheet and the guess of where its questions are."""

    name: str
    hidden: bool  # hidden or very hidden in Excel: never chosen by default
    header_row: int  # 0: none found
    last_row: int  # the last row holding text
    columns: tuple[ColumnGuess, ...]  # A to the last column holding text
    layout: Layout | None  # None when no column reads as questions
    questions: int  # how many `questions` would give for `layout`
    reasons: tuple[str, ...]  # why, in words


@dataclass(frozen=True)
class Preview:
    """A file before import: its sheets, each with a guess, and the one most likely to
    hold the questions."""

    format: FileFormat
    encoding: str | None  # a CSV's, as Python names it: utf-8, utf-8-sig (with BOM), cp1252 ...
    delimiter: str | None  # a CSV's: "," ";" or "\t"
    sheets: tuple[SheetPreview, ...]
    chosen: str | None  # a visible sheet with questions, the one with the most; None if none


@dataclass(frozen=True)
class SheetQuestion:
    """A question read from the file, with the row its answer is written back to."""

    row: int
    text: str  # spaces and line breaks collapsed to single spaces
    section: str | None
    reference: str | None
    answer: str | None  # an answer the file holds already
