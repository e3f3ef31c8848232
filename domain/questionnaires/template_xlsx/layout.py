"""The workbook's sheets and columns, the limits on reading one, and how a problem with one is
told: shared by the export and the import, so the two cannot drift apart."""

from dataclasses import dataclass

from domain.shared.errors import InvalidInput

TEMPLATE_SHEET, QUESTIONS_SHEET, CHOICES_SHEET = "Template", "Questions", "Choices"
TEMPLATE_LABELS = ("name", "description")
QUESTION_COLUMNS = (
    "section",
    "key",
    "question",
    "type",
    "required",
    "help",
    "criteria",
    "domain",
    "show_if_key",
    "show_if_any_of",
)
CHOICE_COLUMNS = ("key", "value", "label", "weight", "red_flag")

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
MAX_TEMPLATE_ROWS = 100
MAX_QUESTION_ROWS = 2_000
MAX_CHOICE_ROWS = 10_000
# Rows looked at on a sheet, blank ones included: a single cell far down makes openpyxl yield
# every empty row above it.
MAX_SCANNED_ROWS = 50_000
MAX_COLUMNS = 50  # a column further right is not read: its header counts as missing


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with a workbook, where its editor finds it: `sheet` is None for the
    file as a whole, `row` the number Excel shows (None for a whole sheet), `column` a header
    name such as "type" (on the Template sheet, the row's label: "name")."""

    sheet: str | None
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = self.sheet or "file"
        if self.row is not None:
            place += f" row {self.row}"
        if self.column:
            place += f", {self.column}"
        return f"{place}: {self.message}"


class TemplateFileError(InvalidInput):
    """The workbook holds no template that could be saved; `problems` lists all that was
    found, in the order of the sheets."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"The template file cannot be imported: {shown}{more}.", "file")


def file_error(message: str) -> TemplateFileError:
    """A problem with the file as a whole."""
    return TemplateFileError([RowProblem(None, None, None, message)])
