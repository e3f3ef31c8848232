"""The header row of a sheet, and each column's header.

The header row is looked for in the first `HEADER_ROWS_SEARCHED` rows: the row with the
most short cells whose words name a kind of column (question, answer, section, ID ...; the
first such row on a tie), among rows of two texts or more, none ending with "?". A row of
one text is a title, a caption or a note, and no header: unless that text alone is a
column's name ("Question") and spans no columns. Title rows, logos, blank rows and notes
above the header are so passed over.

A merged cell names its first column only. A header merged across columns ("Response" over
C and D) may have a second header row under it ("Yes/No", "Comments"): a row with text under
merged headers and nowhere else, two short texts or more. Its columns are then named by
both ("Response Yes/No").
"""

from dataclasses import dataclass

from domain.diligence.sheets.grid import Grid
from domain.diligence.sheets.limits import HEADER_ROWS_SEARCHED
from domain.diligence.sheets.words import STRONG_QUESTION_WORDS, asks, hint, words

MAX_HEADER_CHARS = 80


@dataclass(frozen=True)
class Headers:
    """A sheet's header row (0: none), its columns' names, and the first row below them."""

    row: int
    names: tuple[str, ...]
    first_body_row: int


def _named(text: str) -> bool:
    return hint(text) is not None


def header_row(grid: Grid) -> int:
    """The header row's number, 0 when none looks like one."""
    best, best_named = 0, 0
    for number in range(1, min(grid.last_row, HEADER_ROWS_SEARCHED) + 1):
        texts = grid.texts(number)
        if not texts or number in grid.hidden_rows:
            continue
        if any(asks(text) for _, text in texts):
            continue
        if len(texts) == 1 and not _lone_header(grid, number, *texts[0]):
            continue
        named = sum(1 for _, text in texts if len(text) <= MAX_HEADER_CHARS and _named(text))
        if named > best_named:
            best, best_named = number, named
    return best


def _lone_header(grid: Grid, row: int, column: int, text: str) -> bool:
    said = words(text)
    return (
        len(said) <= 2
        and bool(set(said) & STRONG_QUESTION_WORDS)
        and not grid.merged_across(row, column)
    )


def headers(grid: Grid, row: int) -> Headers:
    """The columns' names on header row `row` (and on a second header row under it)."""
    if row == 0:
        return Headers(0, ("",) * grid.width, 1)
    top = grid.row(row)
    spans = [m for m in grid.merged if m.across and m.first_row <= row <= m.last_row]
    under = {c: m for m in spans for c in range(m.first_column, m.last_column + 1)}
    below = grid.row(row + 1)
    below_texts = [(c, text) for c, text in enumerate(below) if text]
    second = (
        len(below_texts) >= 2
        and all(c in under for c, _ in below_texts)
        and not any(len(text) > MAX_HEADER_CHARS or asks(text) for _, text in below_texts)
    )
    if not second:
        return Headers(row, top, row + 1)
    names = tuple(
        " ".join(part for part in (top[under[c].first_column], below[c]) if part)
        if c in under
        else top[c]
        for c in range(grid.width)
    )
    return Headers(row, names, row + 2)
