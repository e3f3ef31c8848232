"""A file's preview: each sheet with its header row, its columns and the guess of where the
questions are, and the sheet most likely to hold them."""

from domain.diligence.sheets.grid import Grid, collapsed, letter
from domain.diligence.sheets.guessing import Column, columns_of, guess
from domain.diligence.sheets.headers import Headers, header_row, headers
from domain.diligence.sheets.limits import (
    MAX_QUESTIONS,
    MAX_SAMPLE_CHARS,
    SAMPLES,
    cut,
)
from domain.diligence.sheets.model import (
    ColumnGuess,
    ColumnRole,
    Layout,
    Preview,
    SheetPreview,
)
from domain.diligence.sheets.opening import open_file
from domain.diligence.sheets.reading import Read, read

TITLES_NAMED = 3


def preview(data: bytes, filename: str) -> Preview:
    """What the file holds and where its questions likely are; INVALID (or FileTooLarge) on
    the file when it cannot be read."""
    opened = open_file(data, filename)
    sheets = tuple(sheet_preview(grid) for grid in opened.grids)
    shown = [sheet for sheet in sheets if not sheet.hidden and sheet.layout and sheet.questions]
    chosen = max(shown, key=lambda sheet: sheet.questions, default=None)  # the first of the best
    text_file = opened.text_file
    return Preview(
        format=opened.format,
        encoding=text_file.encoding if text_file else None,
        delimiter=text_file.delimiter if text_file else None,
        sheets=sheets,
        chosen=chosen.name if chosen else None,
    )


def sheet_preview(grid: Grid) -> SheetPreview:
    found = headers(grid, header_row(grid))
    columns = columns_of(grid, found)
    guessed = guess(columns)
    reasons = [_header_reason(grid, found)]
    layout = None
    found_rows = Read()
    if guessed.question is not None:
        layout = Layout(
            sheet=grid.name,
            header_row=found.row,
            question_column=guessed.question,
            section_column=guessed.section,
            answer_column=guessed.answer,
            reference_column=guessed.reference,
        )
        found_rows = read(grid, layout)
    reasons.extend(guessed.reasons)
    if layout is not None:
        reasons.extend(_rows_reasons(grid, layout, found_rows))
    roles = {
        index: role
        for index, role in (
            (guessed.question, ColumnRole.QUESTION),
            (guessed.section, ColumnRole.SECTION),
            (guessed.answer, ColumnRole.ANSWER),
            (guessed.reference, ColumnRole.REFERENCE),
        )
        if index is not None
    }
    return SheetPreview(
        name=grid.name,
        hidden=grid.hidden,
        header_row=found.row,
        last_row=grid.last_row,
        columns=tuple(_column_guess(column, roles.get(column.index)) for column in columns),
        layout=layout,
        questions=len(found_rows.questions),
        reasons=tuple(reasons),
    )


def _column_guess(column: Column, role: ColumnRole | None) -> ColumnGuess:
    return ColumnGuess(
        index=column.index,
        letter=letter(column.index),
        header=column.header,
        role=role or ColumnRole.OTHER,
        samples=tuple(cut(value, MAX_SAMPLE_CHARS) for value in column.values[:SAMPLES]),
        hidden=column.hidden,
    )


def _header_reason(grid: Grid, found: Headers) -> str:
    row = found.row
    if row == 0:
        return "no row reads as a header: the questions are looked for from row 1"
    names = ", ".join(f"'{collapsed(text)}'" for _, text in grid.texts(row))
    said = f"row {row} is the header row: {names}"
    if found.first_body_row > row + 1:
        said += f", with a second header row under its merged cells (row {row + 1})"
    return said + (" (the rows above it are passed over)" if row > 1 else "")


def _counted(count: int, what: str) -> str:
    return f"{count:,} {what}" if count == 1 else f"{count:,} {what}s"


def _rows_reasons(grid: Grid, layout: Layout, found: Read) -> list[str]:
    count = len(found.questions)
    below = f"below row {layout.header_row}" if layout.header_row else "from row 1"
    said = [f"{_counted(count, 'question')} {below}"]
    if count > MAX_QUESTIONS:
        said.append(f"more than the {MAX_QUESTIONS:,} questions one import takes")
    rows = range(layout.header_row + 1, grid.last_row + 1)
    hidden = [number for number in rows if number in grid.hidden_rows and grid.texts(number)]
    if hidden:
        said.append(f"{_counted(len(hidden), 'hidden row')} passed over")
    titles = found.titles
    if titles:
        named = ", ".join(f"'{cut(title, 40)}' (row {n})" for n, title in titles[:TITLES_NAMED])
        said.append(f"{_counted(len(titles), 'section title row')}, such as {named}")
    return said
