"""A customer's security questionnaire as the spreadsheet it came in: previewed, read, and
given back answered in the customer's own layout. Pure: bytes in, values or bytes out, no
database.

API
---
    preview(data, filename) -> Preview
        every sheet (hidden ones too, marked), its header row, its columns with a few sample
        values, and a guess: a Layout, how many questions it gives, and why, in words.
        `Preview.chosen` is the visible sheet with the most questions (hidden sheets never
        are chosen; the user may still pick one).
    questions(data, filename, layout) -> list[SheetQuestion]
        the questions under a layout the user confirmed or corrected, in row order, each
        with the row its answer goes back to, its section, reference and any answer the
        file holds. A layout that does not fit the file is INVALID on its field
        (`layout.sheet`, `layout.headerRow`, `layout.questionColumn`, ...).
    write_answers(data, filename, layout, answers: Mapping[int, str]) -> bytes
        the customer's own file with the answers (by row) in its answer column, or in an
        "Answer" column added when it has none.

Rows count from 1 as the spreadsheet shows them (`header_row` 0: no header row); columns
from 0 (A is 0; `ColumnGuess.letter` gives the letter).

Files
-----
By the name's extension: .xlsx (openpyxl), .csv, .tsv and .txt (text, comma, semicolon or
tab separated; `text_file` says how its encoding and delimiter are told). .xls, .xlsm,
.xlsb, .ods, anything else, a PDF or a zip that is not a workbook, a workbook protected
with a password: INVALID on `file`, saying what to send instead. A CSV has one sheet,
whatever a layout calls it. Chart sheets are left out.

Limits (`limits`): 10 MB a file (FileTooLarge); an .xlsx unpacking to 50 MB and 1,000 parts
at most, holding 250,000 cells at most (counted before openpyxl opens it: `xlsx_guard`);
50 sheets; text down to row 5,000 on any sheet; columns A to CV read; 2,000 questions an
import; a question of 5,000 characters at most (a longer one is refused: it is likely the
wrong column); sections and references cut at 200 characters, any cell at Excel's 32,767.
Whatever passes a limit is refused whole: nothing is half read.

Guessing (`headers`, `guessing`, `reading`): the header row is the row of the first 30
with the most header words (question, answer, response, section, domain, ID, # ...) among
rows of two short texts or more, so title rows, merged banners and notes above it are passed
over; a merged header cell names its first column, and a second header row under merged
headers names their columns too. Each column is scored as questions (header words; cells
ending with "?", starting as questions do, long, many), answers (header words, yes/no values,
comments as a fallback), references (short IDs such as 1.1, A.2, SIG-12) and sections (header
words, or short repeated titles left of the questions); section titles may also be rows of
their own among the questions. Hidden rows are passed over; hidden columns are not guessed
(a layout may name one).
"""

from domain.diligence.sheets.limits import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    MAX_ROWS,
    MAX_SHEETS,
)
from domain.diligence.sheets.model import (
    ColumnGuess,
    ColumnRole,
    FileFormat,
    Layout,
    Preview,
    SheetPreview,
    SheetQuestion,
)
from domain.diligence.sheets.opening import file_format
from domain.diligence.sheets.previewing import preview
from domain.diligence.sheets.reading import questions
from domain.diligence.sheets.writing import write_answers

__all__ = [
    "MAX_CELLS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_QUESTIONS",
    "MAX_QUESTION_CHARS",
    "MAX_ROWS",
    "MAX_SHEETS",
    "ColumnGuess",
    "ColumnRole",
    "FileFormat",
    "Layout",
    "Preview",
    "SheetPreview",
    "SheetQuestion",
    "file_format",
    "preview",
    "questions",
    "write_answers",
]
