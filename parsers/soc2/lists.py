"""Stage 4b, lists: bulleted and numbered items under a heading, with wrapped lines re-joined and
the page each item starts on; paragraphs stand in when a section has no list."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.headers import Role, TableKind, detect_header
from parsers.soc2.layout import Line
from parsers.soc2.sections import Document, classify_title, is_heading_like
from parsers.soc2.tables import Cell, Table

BULLET = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7*\u2013\u2014-]|o(?=\s)|[\ue000-\uf8ff])\s*"
)
NUMBER = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s*")
_INTRO = re.compile(
    r"^(?:the following|this section|in order for|[\w' ]{0,40}(?:has|have) (?:been )?"
    r"(?:designed|determined|identified))",
    re.I,
)


# "(CC6.1, CC6.2)" or "Related criteria: CC6.1" closing an item
_TRAILING_CRITERIA = re.compile(
    r"\s*(?:\(\s*(?:related criteri(?:a|on)\s*:?\s*)?(?P<a>(?:CC|PI|A|C|P)\s?\d[^()]*)\)"
    r"|[-\u2013\u2014;]?\s*related criteri(?:a|on)\s*:?\s*(?P<b>(?:CC|PI|A|C|P)\s?\d.*))\s*\.?$",
    re.I,
)


@dataclass(frozen=True)
class Item:
    """A list item: its text without the bullet or number, and the page it starts on."""

    text: str
    page: int


def _marker(text: str) -> re.Match[str] | None:
    return BULLET.match(text) or NUMBER.match(text)


def _items_from(lines: Sequence[Line]) -> list[Item]:
    """Bulleted or numbered items; a wrapped line joins the item above it."""
    items: list[tuple[int, list[str], float]] = []
    previous: Line | None = None
    for line in lines:
        mark = _marker(line.text)
        if mark and len(line.text) > mark.end():
            lone_marker = len(line.words) > 1 and len(line.words[0].text) <= 3
            text_x = line.words[1].x0 if lone_marker else line.x0
            items.append((line.page, [line.text[mark.end() :]], text_x))
        elif items and previous is not None:
            same_page = line.page == previous.page
            gap = line.top - previous.bottom if same_page else 0.0
            indented = line.x0 >= items[-1][2] - 2
            if (indented and gap < 0.9 * line.height) or (same_page and gap < 0.35 * line.height):
                items[-1][1].append(line.text)
            else:
                break
        previous = line
    return [Item(Cell(tuple((page, t) for t in texts)).text, page) for page, texts, _x in items]


def _paragraphs(lines: Sequence[Line]) -> Iterator[tuple[int, list[Line]]]:
    block: list[Line] = []
    for line in lines:
        if block and (
            line.page != block[-1].page or line.top - block[-1].bottom > 0.6 * line.height
        ):
            yield block[0].page, block
            block = []
        block.append(line)
    if block:
        yield block[0].page, block


def section_lines(doc: Document, heading: re.Pattern[str]) -> Iterator[list[Line]]:
    """For each heading matching the pattern (outside the contents), the lines up to the next
    heading, part heading or table header."""
    lines = doc.lines
    for index, line in enumerate(lines):
        if line.page in doc.toc_pages or not heading.match(line.text):
            continue
        body: list[Line] = []
        previous = line
        for j in range(index + 1, min(index + 300, len(lines))):
            nxt = lines[j]
            if detect_header(lines, j) or _is_next_heading(previous, nxt):
                break
            body.append(nxt)
            previous = nxt
        yield body


def _is_next_heading(previous: Line, line: Line) -> bool:
    """A heading that closes a section: heading-like, short, set off by space above it."""
    if _marker(line.text) or not is_heading_like(line) or len(line.text.split()) > 10:
        return False
    if classify_title(line.text):
        return True
    return line.page != previous.page or line.top - previous.bottom > 0.7 * line.height


def list_items(lines: Sequence[Line], responsibility: re.Pattern[str]) -> list[Item]:
    """The section's list items; without a list, its paragraphs that state a responsibility."""
    start = next((i for i, ln in enumerate(lines) if _marker(ln.text) and len(ln.text) > 3), None)
    if start is not None:
        return _items_from(lines[start:])
    out = []
    for page, block in _paragraphs(lines):
        text = Cell(tuple((ln.page, ln.text) for ln in block)).text
        if responsibility.search(text) and not _INTRO.match(text):
            out.append(Item(text, page))
    return out


def split_criteria(text: str) -> tuple[str, tuple[str, ...]]:
    """An item's text without a trailing criteria reference, and the criteria it named."""
    m = _TRAILING_CRITERIA.search(text)
    if not m:
        return text, ()
    refs = normalise_criteria(m.group("a") or m.group("b") or "")
    if not refs:
        return text, ()
    return text[: m.start()].rstrip(" ;,-"), tuple(refs)


def bullet_texts(cell: Cell) -> list[tuple[str, int]]:
    """A cell holding several bulleted items split into (text, page); else the cell itself."""
    items: list[tuple[list[tuple[int, str]], int]] = []
    for page, text in cell.fragments:
        mark = BULLET.match(text)
        if mark or not items:
            items.append(([(page, text[mark.end() :] if mark else text)], page))
        else:
            items[-1][0].append((page, text))
    return [(Cell(tuple(frags)).text, page) for frags, page in items if Cell(tuple(frags)).text]


@dataclass(frozen=True)
class Listed:
    """A CUEC or CSOC as found: its text without a trailing criteria reference, its criteria,
    its page, and the subservice organization printed in its row (CSOC tables)."""

    text: str
    criteria: tuple[str, ...]
    page: int
    owner: str = ""


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def listed_items(
    doc: Document,
    tables: Sequence[Table],
    kind: TableKind,
    role: Role,
    heading: re.Pattern[str],
    responsibility: re.Pattern[str],
) -> list[Listed]:
    """Items of the tables of that kind and of the lists under matching headings, each once, in
    page order; an item found again lends its criteria when the first had none."""
    found: list[tuple[int, int, Listed]] = []
    for table in tables:
        if table.kind is not kind:
            continue
        for row in table.rows:
            cell = row.cell(role)
            if cell is None:
                continue
            criteria = tuple(normalise_criteria(row.text(Role.CRITERIA)))
            for text, page in bullet_texts(cell):
                text, own = split_criteria(text)
                item = Listed(text, criteria or own, page, row.text(Role.SUBSERVICE))
                found.append((page, len(found), item))
    for lines in section_lines(doc, heading):
        for entry in list_items(lines, responsibility):
            text, criteria = split_criteria(entry.text)
            found.append((entry.page, len(found), Listed(text, criteria, entry.page)))
    found.sort(key=lambda f: (f[0], f[1]))
    seen: dict[str, int] = {}
    out: list[Listed] = []
    for _page, _n, item in found:
        key = _key(item.text)
        if not key:
            continue
        if key in seen:
            kept = out[seen[key]]
            if item.criteria and not kept.criteria:
                out[seen[key]] = Listed(kept.text, item.criteria, kept.page, kept.owner)
            continue
        seen[key] = len(out)
        out.append(item)
    return out
