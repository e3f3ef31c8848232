"""The limits on a customer's file, and how a file or a layout that does not fit is told:
INVALID on `file`, or on the layout's field (`layout.questionColumn`), or on `answers`."""

from domain.shared.errors import InvalidInput, api_field

MAX_FILE_BYTES = 10 * 1024 * 1024  # refused with FileTooLarge
# An xlsx is a zip: what its parts may unpack to, all together, as its directory declares
# them (zipfile never inflates an entry past its declared size).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
# The cells, rows and merged cells a workbook declares, counted before openpyxl opens it:
# its full reader keeps each in memory (about 370 bytes a cell, measured), so this bounds
# what one file can take (about 100 MB).
MAX_CELLS = 250_000
MAX_SHEETS = 50
MAX_ROWS = 5_000  # the last row holding text, on any sheet (a CSV: its records)
MAX_COLUMNS = 100  # columns right of CV are not read
MAX_QUESTIONS = 2_000  # what one import takes
MAX_CELL_CHARS = 32_767  # what an Excel cell holds: a longer cell is cut there (a CSV field over
# 131,072 characters is refused by the csv module first, as a malformed file)
MAX_QUESTION_CHARS = 5_000  # a longer question is refused: it is likely no question
MAX_LABEL_CHARS = 200  # sections and references are cut there
HEADER_ROWS_SEARCHED = 30
SAMPLES = 3
MAX_SAMPLE_CHARS = 100


def file_error(message: str) -> InvalidInput:
    """The file cannot be read, as a whole."""
    return InvalidInput(message, "file")


def layout_error(name: str, message: str) -> InvalidInput:
    """A layout's field does not fit the file: `name` as the dataclass spells it."""
    return InvalidInput(message, f"layout.{api_field(name)}")


def answers_error(message: str) -> InvalidInput:
    return InvalidInput(message, "answers")


def cut(text: str, limit: int) -> str:
    """`text`, ending in an ellipsis where it is cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
