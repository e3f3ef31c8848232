"""A sheet as the guesser and the reader see it, whichever file it came from: the text of its
cells by row, and what a workbook adds to that (hidden rows and columns, merged cells,
rows in bold). Rows count from 1, columns from 0."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Merge:
    """A merged cell: its text is in its first (top left) cell, the others are empty."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @property
    def across(self) -> bool:
        return self.last_column > self.first_column

    def covers(self, row: int, column: int) -> bool:
        return (
            self.first_row <= row <= self.last_row
            and self.first_column <= column <= self.last_column
        )


@dataclass(frozen=True)
class Grid:
    """A sheet's text; make one with `grid_of`."""

    name: str
    rows: tuple[tuple[str, ...], ...]  # rows[n - 1] is row n, without its trailing blanks
    width: int  # columns up to the last one holding text
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    merged: tuple[Merge, ...] = ()
    bold_rows: frozenset[int] = frozenset()  # rows whose every text is bold
    merge_starts: Mapping[tuple[int, int], Merge] = field(default_factory=dict)

    @property
    def last_row(self) -> int:
        return len(self.rows)

    def row(self, number: int) -> tuple[str, ...]:
        """Row `number`, as wide as the sheet ("" where empty)."""
        cells = self.rows[number - 1] if 1 <= number <= len(self.rows) else ()
        return cells + ("",) * (self.width - len(cells))

    def cell(self, row: int, column: int | None) -> str:
        if column is None or not 1 <= row <= len(self.rows):
            return ""
        cells = self.rows[row - 1]
        return cells[column] if column < len(cells) else ""

    def texts(self, number: int) -> list[tuple[int, str]]:
        """The cells of a row that hold text, in visible columns: (column, text)."""
        cells = self.rows[number - 1] if 1 <= number <= len(self.rows) else ()
        return [
            (column, text)
            for column, text in enumerate(cells)
            if text and column not in self.hidden_columns
        ]

    def merged_across(self, row: int, column: int) -> bool:
        """Whether the cell is the first of a merged cell spanning columns."""
        merge = self.merge_starts.get((row, column))
        return merge is not None and merge.across


def grid_of(
    name: str,
    texts: Mapping[tuple[int, int], str],
    hidden: bool = False,
    hidden_rows: Iterable[int] = (),
    hidden_columns: Iterable[int] = (),
    merged: Iterable[Merge] = (),
    bold_rows: Iterable[int] = (),
) -> Grid:
    """A grid of the cells holding text, by (row, column)."""
    last_row = max((row for row, _ in texts), default=0)
    width = max((column + 1 for _, column in texts), default=0)
    cells: list[list[str]] = [[] for _ in range(last_row)]
    for (row, column), text in sorted(texts.items()):
        line = cells[row - 1]
        line.extend([""] * (column - len(line)))
        line.append(text)
    merges = tuple(merged)
    return Grid(
        name=name,
        rows=tuple(tuple(line) for line in cells),
        width=width,
        hidden=hidden,
        hidden_rows=frozenset(hidden_rows),
        hidden_columns=frozenset(hidden_columns),
        merged=merges,
        bold_rows=frozenset(bold_rows),
        merge_starts={(m.first_row, m.first_column): m for m in merges},
    )


def letter(column: int) -> str:
    """A column's letter as Excel shows it: 0 is A, 27 is AB."""
    return get_column_letter(column + 1)


def collapsed(text: str) -> str:
    """Text with its spaces and line breaks collapsed to single spaces."""
    return " ".join(text.split())
