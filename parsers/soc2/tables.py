"""Stage 4, tables: rebuild tables from word x-positions under a detected header.

Columns come from the header's labels, refined by the white gutters of the body below it. Rows
start at a new ID or criterion in the anchor column (or, without one, at a larger vertical gap).
A table goes on across pages, with or without a repeated header; a row cut by a page break
continues. Lines that do not fit the columns are criteria banners over rows, "Management's
response" notes under a row, or the end of the table.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.criteria import normalise_criteria, starts_with_criterion
from parsers.soc2.headers import Column, Header, Role, TableKind, header_score
from parsers.soc2.layout import Line, join_texts
from parsers.soc2.pdf import Word
from parsers.soc2.rows import RowLine, segment
from parsers.soc2.sections import Document, Part, is_heading_like
from parsers.soc2.verdicts import Verdict, is_verdict, read_result

_NOTE_START = re.compile(r"^management'?s?'?\s+(?:response|comments?)\b", re.I)
_KEY = re.compile(r"^(?:[A-Z]{2,6}\d{0,2}\s?-\s?\d{1,3}\b|control objective \d)", re.I)
# what an ID column holds: a short code ("1.01", "CC6.1.3", "AC-04", "DS - 1", "CSOC2", "7"),
# not the wrapped end of a sentence ("review.")
_ID_LIKE = re.compile(r"^(?=[^a-z]*\d|[A-Z]{2,})[A-Z0-9][A-Za-z0-9.\-\u2013_/() ]{0,15}$")


def normalise_id(printed: str) -> str:
    """A control ID as printed, whitespace collapsed: "DS - 1" -> "DS-1"."""
    return re.sub(r"\s*([-.])\s*", r"\1", " ".join(printed.split())).strip(" .:")


@dataclass(frozen=True)
class Cell:
    """A cell's text as printed, one (page, text) fragment per visual line."""

    fragments: tuple[tuple[int, str], ...]

    @property
    def text(self) -> str:
        return join_texts(t for _p, t in self.fragments)

    @property
    def page(self) -> int:
        return self.fragments[0][0]

    def page_of(self, passage: str) -> int:
        """The page a passage of the cell starts on (a cell cut by a page break spans two)."""
        if self.fragments[-1][0] == self.page:
            return self.page
        at = self.text.find(passage[:40])
        if at < 0:
            return self.page
        for i, (page, _text) in enumerate(self.fragments):
            if len(join_texts(t for _p, t in self.fragments[: i + 1])) > at:
                return page
        return self.page


@dataclass(frozen=True)
class Row:
    """A table row: its cells by role, the criteria of a banner over it, and a note under it."""

    cells: tuple[tuple[Role, Cell], ...]
    banner_criteria: tuple[str, ...]
    note: Cell | None
    page: int

    def cell(self, role: Role) -> Cell | None:
        """The first cell with that role, if the row has one with text."""
        return next((c for r, c in self.cells if r is role and c.fragments), None)

    def text(self, role: Role) -> str:
        """The text of the role's cell, or ""."""
        found = self.cell(role)
        return found.text if found else ""


@dataclass(frozen=True)
class Table:
    """A table of one kind, its columns, and its rows in order."""

    kind: TableKind
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    part: Part
    page: int


def _boundaries(header: Header, doc: Document, start: int) -> list[float]:
    """Column boundaries: the body's white gutter between neighbouring labels, else label edges."""
    lines = doc.lines
    body: list[Line] = []
    for j in range(start, min(start + 80, len(lines))):
        ln = lines[j]
        # the table's own lines only: stop at another header or a wide gap before what follows
        if ln.page != header.page or doc.header_at(j):
            break
        if body and ln.top - body[-1].bottom > 2.0 * min(b.height for b in body[:5]):
            break
        if body and _ends_table(ln, body, header.columns):
            break
        body.append(ln)
    cols = header.columns
    # a caption or banner runs across the space between two labels; it says nothing of columns
    body = [ln for ln in body if not _spans_labels(ln, cols)]
    width = int(max([w.x1 for ln in body for w in ln.words] + [c.right for c in cols]) + 2)
    # how many words cover each point across the page: +1 where a word starts, -1 after it ends
    steps = [0] * (width + 3)
    for ln in body:
        for w in ln.words:
            steps[max(0, int(w.x0))] += 1
            steps[min(width, int(w.x1) + 1)] -= 1
    cover = list(itertools.accumulate(steps))
    tolerance = max(0, int(0.08 * len(body)))
    bounds = []
    for a, b in itertools.pairwise(cols):
        lo, hi = int((a.left + a.right) / 2), int(min(b.right, width))
        # a clean gutter first; a few overflowing words (or a banner) are tolerated only if none
        best = _gutter(cover, lo, hi, b.left, 0) or _edge(body, lo, b.left)
        best = best or _gutter(cover, lo, hi, b.left, tolerance)
        bounds.append(best if best is not None else b.left - 2.0)
    return bounds


def _edge(body: Sequence[Line], lo: int, label_left: float) -> float | None:
    """In a table set too tight for a white gutter, the column's left edge: the x where most of
    the column's lines start, aligned, with no word running across it."""
    starts: dict[int, list[float]] = {}
    for ln in body:
        for w in ln.words:
            if lo < w.x0 <= label_left + 2:
                starts.setdefault(int(w.x0), []).append(w.x0)
    if not starts:
        return None
    _x, found = max(starts.items(), key=lambda item: (len(item[1]), item[0]))
    if len(found) < max(2, 0.1 * len(body)):
        return None
    edge = min(found)
    crossing = sum(1 for ln in body for w in ln.words if w.x0 < edge - 0.5 and w.x1 > edge + 0.5)
    return edge - 0.25 if crossing <= max(1, 0.05 * len(body)) else None


def _ends_table(line: Line, body: Sequence[Line], cols: Sequence[Column]) -> bool:
    """After a table: a heading printed larger than its rows, or a sentence of prose across
    its columns (a banner over rows is short, or names a criterion)."""
    typical = sorted(ln.height for ln in body)[len(body) // 2]
    if line.height > 1.25 * typical and is_heading_like(line):
        return True
    if not line.text.endswith(".") or len(line.text.split()) <= 8 or _NOTE_START.match(line.text):
        return False  # a note under a row ("Management's response: ...") is part of the table
    reach = 2 if len(cols) > 2 else 1  # a sentence runs across most of the columns
    for x0, x1 in _runs(line):
        for a, b in zip(cols, cols[reach:], strict=False):
            if x0 < a.right and x1 > b.left:
                return not starts_with_criterion(line.text)
    return False


def _runs(line: Line) -> list[tuple[float, float]]:
    """The line's words in runs set like prose (closer than 0.6 of the line's height)."""
    runs: list[tuple[float, float]] = []
    for w in line.words:
        if runs and w.x0 - runs[-1][1] < 0.6 * line.height:
            runs[-1] = (runs[-1][0], w.x1)
        else:
            runs.append((w.x0, w.x1))
    return runs


def _spans_labels(line: Line, cols: Sequence[Column]) -> bool:
    """True when one run of closely spaced words reaches from one label into the next."""
    runs = _runs(line)
    # a cell that starts a hair left of a label's end is the next column's, not a banner
    slack = 0.3 * line.height
    return any(
        x0 < a.right - slack and x1 > b.left for x0, x1 in runs for a, b in itertools.pairwise(cols)
    )


def _gutter(cover: list[int], lo: int, hi: int, label_left: float, allowed: int) -> float | None:
    """The right edge of the white run in [lo, hi] between two columns: the widest one that ends
    by the next label's left edge (labels may be centred over their cells), else the one that
    ends nearest to it."""
    runs: list[tuple[int, float]] = []  # (width, right edge)
    x = lo
    while x <= hi:
        if cover[x] <= allowed:
            run_start = x
            while x <= hi and cover[x] <= allowed:
                x += 1
            # a run that reaches past the label (a column empty on this page) stops at the label
            end = min(float(x), label_left) if run_start <= label_left else float(x)
            # a gutter is wider than the gap after a bullet glyph
            if x - run_start >= 3:
                runs.append((int(end) - run_start, end - 1.0))
        x += 1
    before = [r for r in runs if r[1] <= label_left + 2]
    if before:
        return max(before)[1]
    return min(runs, key=lambda r: abs(r[1] - label_left))[1] if runs else None


class _Builder:
    """Records one table's lines while the document's lines stream past; rows are cut at the end
    (parsers.soc2.rows), when every line and the space between them is known."""

    def __init__(self, header: Header, bounds: list[float], part: Part) -> None:
        self.header = header
        self.bounds = bounds
        self.part = part
        self.lines: list[RowLine] = []
        self.notes: dict[int, list[Line]] = {}  # row-line index -> note lines under it
        self.note_x = 0.0  # where the open note's first line starts
        self.banner: tuple[str, ...] = ()
        self.in_note = False
        self.in_banner = False
        self.after_break = True
        self.banner_line: Line | None = None
        self.last: Line | None = None
        self.heights: list[float] = []
        roles = [c.role for c in header.columns]
        self.anchor: int | None = None
        self.anchor_is_key = False
        if Role.ID in roles:
            self.anchor = roles.index(Role.ID)
        elif Role.CRITERIA in roles and header.kind in (TableKind.CONTROLS, TableKind.MAPPING):
            self.anchor, self.anchor_is_key = roles.index(Role.CRITERIA), True
        self.result_col = roles.index(Role.RESULT) if Role.RESULT in roles else None

    @property
    def has_rows(self) -> bool:
        return bool(self.lines)

    def assign(self, line: Line) -> list[list[str]] | None:
        """Each column's words on this line, or None when the line does not fit the columns.

        Words are taken in runs (words spaced as in prose); a run belongs to the column it starts
        in. A run that starts in a later column may run on across the next one (a test that
        spans the results column: "... therefore, no testing was performed"); one that starts in
        the first column and crosses a column edge is a banner or prose, not a table line."""
        cols: list[list[str]] = [[] for _ in self.header.columns]
        words = line.words
        gaps = sorted(b.x0 - a.x1 for a, b in itertools.pairwise(words))
        space = gaps[len(gaps) // 3] if len(gaps) >= 3 else 0.3 * line.height
        limit = min(max(1.3 * space, 0.2 * line.height), 0.6 * line.height)
        runs: list[list[Word]] = []
        for w in words:
            if runs and w.x0 - runs[-1][-1].x1 < limit:
                runs[-1].append(w)
            else:
                runs.append([w])
        for run in runs:
            k = bisect.bisect_right(self.bounds, run[0].x0 + 0.5)
            crosses = any(run[0].x0 + 1 < b < run[-1].x1 - 1 for b in self.bounds)
            if crosses and k == 0:
                return None
            if crosses:
                # a run crossing a gutter must still be set like prose, not two cells side by side
                inner = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
                if inner and max(inner) > 0.6 * line.height:
                    return None
            cols[k].extend(w.text for w in run)
        return cols

    def is_key(self, text: str) -> bool:
        """Whether anchor-column text opens a row: an ID, or a criterion or key in a criteria
        column."""
        if not self.anchor_is_key:
            return bool(_ID_LIKE.match(text.split(" ", 1)[0] if len(text) > 16 else text))
        return starts_with_criterion(text) or bool(_KEY.match(text))

    def is_subrow(self, previous: Sequence[RowLine], block: Sequence[RowLine]) -> bool:
        """A block of its own test and result under a row's control: one of several tests of
        that control (a keyless block whose result starts a verdict of its own). At the top of
        a page, after a row whose result has no verdict yet, it is that row's rest."""
        roles = [c.role for c in self.header.columns]
        if Role.RESULT not in roles or Role.TEST not in roles:
            return False
        test, result = roles.index(Role.TEST), roles.index(Role.RESULT)
        if block[0].line.page != previous[-1].line.page:
            before = " ".join(w for rl in previous for w in rl.cols[result])
            if before and all(r.verdict is Verdict.UNCERTAIN for r in read_result(before)):
                return False
        if not all(any(rl.cols[k] for rl in block) for k in (test, result)):
            return False
        control = roles.index(Role.CONTROL) if Role.CONTROL in roles else None
        if control is not None and any(rl.cols[control] for rl in block):
            return False
        text = " ".join(w for rl in block for w in rl.cols[result])
        test_text = " ".join(w for rl in block for w in rl.cols[test])
        # a new test and its result start as sentences; the rest of a cell cut by a page break
        # goes on in lower case ("... could not be provided.")
        if not (text[:1].isupper() and (test_text[:1].isupper() or not test_text[:1].isalnum())):
            return False
        return any(r.verdict is not Verdict.UNCERTAIN for r in read_result(text))

    def opens_row(self, cols: list[list[str]]) -> bool:
        """Whether a line plainly starts a row: a key in the anchor column, or without an
        anchor, text in the first column."""
        if self.anchor is not None:
            text = " ".join(cols[self.anchor])
            return bool(text) and self.is_key(text)
        return bool(cols[0])

    def add(self, cols: list[list[str]], line: Line) -> None:
        """Record a table line."""
        self.lines.append(RowLine(line, cols, self.banner, self.after_break or self.in_banner))
        self.after_break = False
        self.last = line
        self.in_banner = False
        if len(self.heights) < 50:
            self.heights.append(line.height)

    def add_note(self, line: Line) -> None:
        """A line of a note ("Management's response: ...") under the last row."""
        note = self.notes.setdefault(len(self.lines) - 1, [])
        if not note:
            self.note_x = line.x0
        note.append(line)
        self.last = line

    def is_footnote(self, line: Line) -> bool:
        """Smaller print than the table's own lines: a page footnote that must not end the table."""
        if len(self.heights) < 3:
            return False
        # line boxes grow with tall glyphs and brackets: the lower quartile is the text's size
        typical = sorted(self.heights)[len(self.heights) // 4]
        return line.height < 0.85 * typical

    def take_banner(self, line: Line) -> None:
        """A line over the rows: a criterion sets the rows' criteria, other titles clear them."""
        if starts_with_criterion(line.text):
            self.banner = tuple(normalise_criteria(line.text[:14]))
        elif not self.in_banner:
            self.banner = ()
        self.in_banner = True
        self.banner_line = line

    def continues_banner(self, line: Line) -> bool:
        """The wrapped second line of a banner: set tight under it, from the same left edge."""
        above = self.banner_line
        if not self.in_banner or above is None or above.page != line.page:
            return False
        return line.top - above.bottom < 0.4 * line.height and line.x0 <= above.x0 + 1

    def _drop_empty_anchor(self) -> None:
        """An ID column printed empty in every row (the label is there, the IDs are not) keys
        nothing: the criteria column anchors the rows instead, or none does."""
        if self.anchor is None or self.anchor_is_key or len(self.lines) < 4:
            return
        if any(rl.cols[self.anchor] for rl in self.lines):
            return
        roles = [c.role for c in self.header.columns]
        if Role.CRITERIA in roles and self.header.kind in (TableKind.CONTROLS, TableKind.MAPPING):
            self.anchor, self.anchor_is_key = roles.index(Role.CRITERIA), True
        else:
            self.anchor = None

    def build(self) -> Table:
        """The frozen table: rows cut, notes attached, the results column found by content."""
        index_of = {id(rl): i for i, rl in enumerate(self.lines)}
        self._drop_empty_anchor()
        groups = segment(
            self.lines,
            self.anchor,
            self.is_key,
            self.result_col,
            self.is_subrow,
            criteria_anchor_splits=not self.anchor_is_key,
        )
        rows: list[Row] = []
        columns = _with_results_column(self.header.columns, groups)
        for group in groups:
            fragments: dict[int, list[tuple[int, str]]] = {}
            for rl in group:
                for k, words in enumerate(rl.cols):
                    if words:
                        fragments.setdefault(k, []).append((rl.line.page, " ".join(words)))
            if group and getattr(group[0], "subrow", False) and rows:
                # one of several tests of the row above: its ID, criteria and control are that row's
                for k, col in enumerate(columns):
                    if col.role in (Role.ID, Role.CRITERIA, Role.CONTROL) and k not in fragments:
                        inherited = rows[-1].cell(col.role)
                        if inherited is not None:
                            fragments[k] = list(inherited.fragments)
            cells = tuple(
                (col.role, Cell(tuple(fragments.get(k, [])))) for k, col in enumerate(columns)
            )
            note_lines = [ln for rl in group for ln in self.notes.get(index_of[id(rl)], [])]
            note = Cell(tuple((ln.page, ln.text) for ln in note_lines)) if note_lines else None
            if note is not None and group[0].subrow and rows and rows[-1].note is None:
                # a note under the last of a control's tests answers the control's row as well
                rows[-1] = dataclasses.replace(rows[-1], note=note)
            rows.append(Row(cells, group[0].banner, note, group[0].line.page))
        kind = self.header.kind
        if kind is TableKind.CONTROLS and not any(c.role is Role.RESULT for c in columns):
            kind = TableKind.UNREAD_CONTROLS
        return Table(kind, columns, tuple(rows), self.part, self.header.page)


def _with_results_column(
    columns: Sequence[Column], groups: Sequence[Sequence[RowLine]]
) -> tuple[Column, ...]:
    """A column whose cells are mostly verdicts is the results column, whatever its label."""
    if any(c.role is Role.RESULT for c in columns) or not groups:
        return tuple(columns)
    best: tuple[float, int] | None = None
    for k, col in enumerate(columns):
        if col.role in (Role.ID, Role.CRITERIA):
            continue
        cells = [" ".join(w for rl in g for w in rl.cols[k]) for g in groups]
        cells = [c for c in cells if c]
        if len(cells) < max(2, 0.3 * len(groups)):
            continue
        share = sum(1 for c in cells if is_verdict(c)) / len(cells)
        if share >= 0.6 and (best is None or share > best[0]):
            best = (share, k)
    if best is None:
        return tuple(columns)
    k = best[1]
    found = columns[k]
    return (
        *columns[:k],
        Column(Role.RESULT, found.label, found.left, found.right),
        *columns[k + 1 :],
    )


def _misread_row(header: Header, active: _Builder, line: Line) -> bool:
    """A "header" found inside an open table that is one of its rows: its words happen to be
    label words ("... performed ... Re-performed the control ... No deviations"). Either it is
    laid out exactly like the open table with other roles, or it fits the table's columns as a
    row set close under the table's last line."""
    ours = active.header.columns
    if header.signature == active.header.signature:
        return False
    if len(header.columns) == len(ours) and all(
        abs(a.left - b.left) < 8 for a, b in zip(header.columns, ours, strict=True)
    ):
        return True
    last = active.last
    if last is None or last.page != line.page or line.top - last.bottom > 1.5 * line.height:
        return False
    if header_score(line) >= 0.75:
        return False  # labels through and through: a new table's header
    cols = active.assign(line)
    return cols is not None and sum(1 for c in cols if c) >= 2


def _part_at(doc: Document, index: int) -> Part:
    for section in doc.sections:
        if section.start <= index < section.end:
            return section.part
    return Part.FRONT


def _banner_ahead(builder: _Builder, doc: Document, index: int) -> bool:
    """A line that does not fit is a banner when a table line or header follows within 3 lines."""
    lines = doc.lines
    for j in range(index + 1, min(index + 4, len(lines))):
        if doc.header_at(j) or builder.assign(lines[j]) is not None:
            return True
    return False


def find_tables(doc: Document) -> list[Table]:
    """Every table with a recognised header, in document order."""
    lines = doc.lines
    tables: list[Table] = []
    active: _Builder | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        header = None if line.page in doc.toc_pages else doc.header_at(index)
        if header is not None and active is not None and _misread_row(header, active, line):
            header = None
        if header is not None:
            bounds = _boundaries(header, doc, index + header.lines)
            part = _part_at(doc, index)
            # the same header again (a new page) goes on with the table; other labels (another
            # organization's CSOCs) start a new one
            same = (
                active is not None
                and active.part is part
                and active.header.signature == header.signature
                and [c.label for c in active.header.columns] == [c.label for c in header.columns]
            )
            if active is not None and same:
                active.bounds, active.in_note = bounds, False
            else:
                if active and active.has_rows:
                    tables.append(active.build())
                active = _Builder(header, bounds, part)
            index += header.lines
            continue
        if active is not None and not _feed(active, lines, index, doc):
            if active.has_rows:
                tables.append(active.build())
            active = None
        index += 1
    if active and active.has_rows:
        tables.append(active.build())
    return tables


def _heading_over_prose(builder: _Builder, lines: Sequence[Line], index: int) -> bool:
    """A heading printed larger than the rows with prose under it: the next part of the report,
    not a banner over more rows."""
    line = lines[index]
    if index + 1 >= len(lines) or not builder.heights or not is_heading_like(line):
        return False
    if line.height <= 1.12 * sorted(builder.heights)[len(builder.heights) // 2]:
        return False
    nxt = lines[index + 1]
    prose = builder.assign(nxt) is None and len(nxt.text.split()) > 8 and not is_heading_like(nxt)
    return prose and not starts_with_criterion(nxt.text)


def _feed(builder: _Builder, lines: Sequence[Line], index: int, doc: Document) -> bool:
    """Take one line into the table; False when the line ends it."""
    line = lines[index]
    if _part_at(doc, index) is not builder.part:
        return False
    if builder.is_footnote(line):
        return True
    if builder.lines and not builder.in_note and _heading_over_prose(builder, lines, index):
        return False
    cols = builder.assign(line)
    if builder.in_note:
        last = builder.last
        gap = (
            last is not None
            and line.page == last.page
            and line.top - last.bottom > 1.4 * line.height
        )
        banner = starts_with_criterion(line.text) or bool(_KEY.match(line.text))
        # without an anchor column, a row after a note is also set apart from it
        apart = (
            last is None or line.page != last.page or line.top - last.bottom > 0.55 * line.height
        )
        # a row's line: a key, or words in two columns at once (a note is one run of prose)
        row_start = cols is not None and (
            (builder.opens_row(cols) and (builder.anchor is not None or apart))
            or sum(1 for c in cols if c) >= 2
        )
        # a note's lines start where the note does; a line set inside a column is the table's
        indented = last is not None and line.x0 > builder.note_x + 2 * line.height
        # a row's key where the anchor column is: the next row, whatever the rest of its line
        first = line.words[0]
        column = bisect.bisect_right(builder.bounds, first.x0 + 0.5)
        alone = len(line.words) == 1 or (
            bisect.bisect_right(builder.bounds, line.words[1].x0 + 0.5) != column
        )
        keyed = (
            builder.anchor == column
            and alone
            and builder.is_key(first.text)
            and len(first.text) > 1
        )
        if row_start or gap or banner or indented or keyed or is_heading_like(line):
            builder.in_note = False
            builder.after_break = True
        else:
            builder.add_note(line)
            return True
    if cols is not None and builder.continues_banner(line):
        builder.banner_line = line
        return True
    if cols is not None:
        builder.add(cols, line)
        return True
    if _NOTE_START.match(line.text) and builder.has_rows:
        builder.in_note = True
        builder.add_note(line)
        return True
    if _banner_ahead(builder, doc, index):
        builder.take_banner(line)
        return True
    return False


def note_text(note: Cell) -> str:
    """A note's text without its "Management's response:" label."""
    return _NOTE_START.sub("", note.text, count=1).lstrip(" :.-\u2013\u2014")
