"""CSV as spreadsheets write and read it, for every file tprm exports and imports: text
decoded as Excel's "CSV UTF-8" saves it, header names as people type them, malformed lines
named, and cells guarded so that a spreadsheet opening an export runs no formula (CSV
injection), the guard taken off again when the file comes back."""

import csv
import enum
import io
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from domain.shared.errors import DomainError, DomainErrors, Forbidden, InvalidInput

MAX_FILE_BYTES = 5 * 1024 * 1024
Row = TypeVar("Row")
# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _formula_after_quotes(text: str) -> bool:
    """Whether `text` is a formula start after any number of quotes (none included)."""
    bare = text.lstrip("'")
    return bare[:1] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """Cells a spreadsheet would run as formulas get a leading quote (CSV injection); so
    does one that already looks guarded (quotes before a formula), so that `unquote` gives
    every text back whole."""
    return "'" + text if _formula_after_quotes(text) else text


def unquote(value: str) -> str:
    """Undo the export's guard against spreadsheet formulas (see `neutralise`)."""
    if value[:1] == "'" and _formula_after_quotes(value):
        return value[1:]
    return value


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without the byte order mark Excel writes; anything
    else is refused on the file (a guessed encoding would garble names silently)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput("The file is not UTF-8 text (save it as CSV UTF-8).", "file") from error


def header_key(raw: str) -> str:
    """A header as our column name: case, spacing and dashes free (`Last Tested-On` ->
    `last_tested_on`)."""
    return "_".join(raw.strip().lower().replace("-", " ").split())


def records(reader: Iterator[Row]) -> Iterator[Row]:
    """The rows of a csv reader (or DictReader); a malformed line is a clear error on the
    file."""
    try:
        yield from reader
    except csv.Error as error:
        number = getattr(reader, "line_num", 0)
        raise InvalidInput(f"Line {number}: {error}.", "file") from error


# Past this many problems of an import, the rest are counted, not listed: a wrong file is
# wrong in a few ways.
MAX_PROBLEMS = 100


def on_row(number: int, column: str, message: str) -> InvalidInput:
    """A problem with a cell of an import, said on the file: `row 4, criteria: ...` (rows
    as a spreadsheet numbers them, the header being row 1)."""
    return InvalidInput(f"row {number}, {column}: {message}", "file")


def column_of(error: DomainError, renamed: Mapping[str, str]) -> str:
    """The file's column a service's problem is about: its field, as the file names it."""
    head = (error.field or "file").split(".")[0]
    return renamed.get(head, head)


def problem_on_row(number: int, error: DomainError, renamed: Mapping[str, str]) -> InvalidInput:
    """A service's problem with a row's value, said on the file (`on_row`); a message that
    starts with the field's name ("title must not be empty.") says it once."""
    head = (error.field or "file").split(".")[0]
    message = error.message
    if message.startswith(f"{head} "):
        message = message[len(head) + 1 :]
    return on_row(number, column_of(error, renamed), message)


def refused(problems: list[InvalidInput]) -> DomainErrors:
    """An import's problems, the first MAX_PROBLEMS of them and how many more."""
    shown: list[DomainError] = list(problems[:MAX_PROBLEMS])
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        shown.append(InvalidInput(f"... and {more} more problems.", "file"))
    return DomainErrors(shown)


class Saved(enum.Enum):
    """What saving an imported row did."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


# An imported row's number, and how to save it through its area's service.
SaveRow = tuple[int, Callable[[], Awaitable[Saved]]]


@dataclass(frozen=True)
class Imported:
    """What an import did: rows created, updated and left as they were, and the columns it
    passed over."""

    created: int
    updated: int
    unchanged: int
    warnings: list[str]


async def save_rows(
    rows: Sequence[SaveRow], renamed: Mapping[str, str], warnings: list[str]
) -> Imported:
    """Each row saved in turn, every service's problem with every row said on the file
    (`problem_on_row`) and the import refused whole if there is any (the caller's
    transaction is then rolled back); a role refused ends it at once."""
    done: Counter[Saved] = Counter()
    problems: list[InvalidInput] = []
    for number, save in rows:
        try:
            done[await save()] += 1
        except Forbidden:
            raise
        except DomainErrors as error:  # another request got there first (a key taken)
            problems.extend(problem_on_row(number, e, renamed) for e in error.errors)
        except DomainError as error:
            problems.append(problem_on_row(number, error, renamed))
    if problems:
        raise refused(problems)
    return Imported(done[Saved.CREATED], done[Saved.UPDATED], done[Saved.UNCHANGED], warnings)


FIRST_ROW = 2  # the header is row 1


@dataclass(frozen=True)
class ImportSheet:
    """A file that passed the checks on the whole: its rows by number, each by our column."""

    columns: frozenset[str]  # ours that the header has
    rows: list[tuple[int, dict[str, str]]]
    warnings: list[str]


def read_import(
    data: bytes, columns: Sequence[str], required: Sequence[str], max_rows: int
) -> ImportSheet:
    """An import's rows (its size checked by the caller), or an error on the file: not
    UTF-8, no header, a malformed line, or as `import_sheet` says."""
    reader = csv.reader(io.StringIO(decode(data)))
    header = next(iter(records(reader)), None)
    if not header:
        raise InvalidInput("The file is empty.", "file")
    # blank lines are no records (as csv.DictReader reads them): rows are numbered by record
    lines = (line for line in records(reader) if line)
    return import_sheet(header, enumerate(lines, start=FIRST_ROW), columns, required, max_rows)


def import_sheet(
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    columns: Sequence[str],
    required: Sequence[str],
    max_rows: int,
) -> ImportSheet:
    """An import's rows by our columns, from a header and the rows under it (numbered as the
    file numbers them), whatever the file's format; an error on the file for a column named
    twice or a required one missing, or more than `max_rows` rows. Rows blank in every
    column of ours are passed over; columns not ours are, with a warning."""
    keys = [header_key(h or "") for h in header]
    twice = sorted({k for k in keys if k and keys.count(k) > 1})
    if twice:
        raise InvalidInput(f"The header names the column {twice[0]} twice.", "file")
    for column in required:
        if column not in keys:
            raise InvalidInput(f"The header has no {column} column.", "file")
    read = list(itertools.islice(rows, max_rows + 1))
    if len(read) > max_rows:
        raise InvalidInput(f"The file has more than {max_rows:,} rows.", "file")
    ours = [(k, i) for i, k in enumerate(keys) if k in columns]
    cells = [
        (number, {key: (values[i] if i < len(values) else "") or "" for key, i in ours})
        for number, values in read
    ]
    unknown = sorted({k for k in keys if k and k not in columns})
    return ImportSheet(
        columns=frozenset(k for k, _ in ours),
        rows=[(n, by_key) for n, by_key in cells if any(v.strip() for v in by_key.values())],
        warnings=["Ignored columns: " + ", ".join(unknown) + "."] if unknown else [],
    )
