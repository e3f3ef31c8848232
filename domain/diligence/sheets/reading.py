"""The questions a layout picks out of a sheet, and the check that a layout fits its file.

A question is a row below the header row, not hidden, whose question cell holds text
(spaces and line breaks collapsed), unless the row is a section title or repeats the header
row. It carries the section in force, its reference and any answer the file holds.

A section title is a row holding one text (in a visible column), short (at most
`MAX_TITLE_CHARS`), with no "?" and not starting as questions do, that sits
- left of the question column (a title in column A, perhaps merged across), or
- in the question column itself, when it is bold, or merged across columns, or stands out
  from the questions (most of them end with "?" or have another cell filled).
It gives the section of the rows below it. A section column gives the section of its row,
and an empty section cell keeps the one above.
"""

from dataclasses import dataclass, field

from domain.diligence.sheets.grid import Grid, collapsed, letter
from domain.diligence.sheets.limits import (
    MAX_LABEL_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTIONS,
    cut,
    file_error,
    layout_error,
)
from domain.diligence.sheets.model import Layout, SheetQuestion
from domain.diligence.sheets.opening import open_file
from domain.diligence.sheets.words import asks, is_reference, starts_like_question

MAX_TITLE_CHARS = 120
OPTIONAL_COLUMNS = ("section_column", "answer_column", "reference_column")


@dataclass(frozen=True)
class Read:
    """What a layout picks out of a sheet: its questions, and the rows read as section
    titles (row, title)."""

    questions: list[SheetQuestion] = field(default_factory=list)
    titles: list[tuple[int, str]] = field(default_factory=list)


def questions(data: bytes, filename: str, layout: Layout) -> list[SheetQuestion]:
    """The questions of the file's sheet `layout.sheet`, in row order; INVALID on the layout's
    field that does not fit the file, on the file when a limit is passed."""
    grid = open_file(data, filename).sheet(layout.sheet)
    check_layout(grid, layout)
    return checked(read(grid, layout).questions, layout)


def checked(found: list[SheetQuestion], layout: Layout) -> list[SheetQuestion]:
    """`found`, unless there are none, too many, or one too long to be a question."""
    column = letter(layout.question_column)
    if not found:
        below = f"below row {layout.header_row}" if layout.header_row else "at all"
        raise layout_error("question_column", f"Column {column} holds no questions {below}.")
    if len(found) > MAX_QUESTIONS:
        raise file_error(
            f"The sheet holds {len(found):,} questions; at most {MAX_QUESTIONS:,} are imported "
            "at once: split it in several sheets."
        )
    for question in found:
        if len(question.text) > MAX_QUESTION_CHARS:
            raise layout_error(
                "question_column",
                f"The cell {column}{question.row} holds {len(question.text):,} characters, more "
                f"than a question may ({MAX_QUESTION_CHARS:,}): is column {column} the "
                "questions' column?",
            )
    return found


def check_layout(grid: Grid, layout: Layout) -> None:
    """INVALID on the first field of `layout` that does not fit the sheet."""
    if not 0 <= layout.header_row <= grid.last_row:
        raise layout_error(
            "header_row",
            f"Row {layout.header_row} is not a row of the sheet: it has rows 1 to {grid.last_row}"
            " (0: no header row).",
        )
    named = {"question_column": layout.question_column} | {
        name: getattr(layout, name) for name in OPTIONAL_COLUMNS
    }
    seen: dict[int, str] = {}
    for name, column in named.items():
        if column is None:
            continue
        if not 0 <= column < grid.width:
            last = letter(grid.width - 1) if grid.width else "none"
            where = f"column {letter(column)}" if column >= 0 else f"column {column}"
            raise layout_error(
                name, f"The sheet has no {where}: its last column holding text is {last}."
            )
        if column in seen:
            said = seen[column].removesuffix("_column")
            raise layout_error(name, f"Column {letter(column)} is the {said} column already.")
        seen[column] = name


def read(grid: Grid, layout: Layout) -> Read:
    """The questions and section titles of a sheet under a layout that fits it (see the
    module docstring)."""
    rows = [
        number
        for number in range(layout.header_row + 1, grid.last_row + 1)
        if number not in grid.hidden_rows
    ]
    header = grid.texts(layout.header_row) if layout.header_row else None
    stands_out = _titles_stand_out(grid, layout, rows)
    section: str | None = None
    found = Read()
    for number in rows:
        texts = grid.texts(number)
        if header and texts == header:
            continue  # the header again, as some sheets repeat it over each group
        title = section_title(grid, number, layout, stands_out)
        if title is not None:
            section = cut(title, MAX_LABEL_CHARS)
            found.titles.append((number, section))
            continue
        if own := collapsed(grid.cell(number, layout.section_column)):
            section = cut(own, MAX_LABEL_CHARS)
        text = collapsed(grid.cell(number, layout.question_column))
        if not text:
            continue
        reference = collapsed(grid.cell(number, layout.reference_column))
        answer = grid.cell(number, layout.answer_column)
        found.questions.append(
            SheetQuestion(
                row=number,
                text=text,
                section=section,
                reference=cut(reference, MAX_LABEL_CHARS) or None,
                answer=answer or None,
            )
        )
    return found


def _titles_stand_out(grid: Grid, layout: Layout, rows: list[int]) -> bool:
    """Whether a lone short text in the question column stands out from the questions:
    most of them ask ("?", "Do you ..."), or most have another cell filled."""
    asked = [
        (number, text) for number in rows if (text := grid.cell(number, layout.question_column))
    ]
    if not asked:
        return False
    asking = sum(1 for _, text in asked if asks(text) or starts_like_question(text))
    others = sum(1 for number, _ in asked if len(grid.texts(number)) >= 2)
    return asking >= 0.6 * len(asked) or others >= 0.8 * len(asked)


def section_title(grid: Grid, number: int, layout: Layout, stands_out: bool) -> str | None:
    """The row's text when the row is a section title (see the module docstring)."""
    texts = grid.texts(number)
    if len(texts) != 1:
        return None
    column, text = texts[0]
    if len(text) > MAX_TITLE_CHARS or asks(text) or starts_like_question(text):
        return None
    if column == layout.answer_column or (column == layout.reference_column and is_reference(text)):
        return None  # an answer, or a reference, whose question is missing
    if column < layout.question_column:
        return collapsed(text)
    if column == layout.question_column and (
        number in grid.bold_rows or grid.merged_across(number, column) or stands_out
    ):
        return collapsed(text)
    return None
