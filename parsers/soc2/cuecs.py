"""Stage 5e, complementary user entity controls: from CUEC tables and from bulleted or numbered
lists under "Complementary User Entity Controls", "User Entity Responsibilities" and the like."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.soc2.criteria import normalise_criteria
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.lists import BULLET, list_items, section_lines
from parsers.soc2.result import Cuec
from parsers.soc2.sections import Document
from parsers.soc2.tables import Cell, Table

CUEC_HEADING = re.compile(
    r"^(?:complementary user[- ]entit(?:y|ies) control(?:s|\s+considerations)?"
    r"|user[- ]entit(?:y|ies) (?:responsibilities|control considerations|controls)"
    r"|user control considerations|customer (?:responsibilities|control considerations)"
    r"|client (?:responsibilities|control considerations))"
    r"(?:\s*\((?:cuecs?|uccs?)\))?\s*:?$",
    re.I,
)
_RESPONSIBLE = re.compile(r"\b(?:is|are) responsible\b|\bshould\b|\bmust\b", re.I)
# "(CC6.1, CC6.2)" or "Related criteria: CC6.1" closing an item
_TRAILING_CRITERIA = re.compile(
    r"\s*(?:\(\s*(?:related criteri(?:a|on)\s*:?\s*)?(?P<a>(?:CC|PI|A|C|P)\s?\d[^()]*)\)"
    r"|[-\u2013\u2014;]?\s*related criteri(?:a|on)\s*:?\s*(?P<b>(?:CC|PI|A|C|P)\s?\d.*))\s*\.?$",
    re.I,
)


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


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def find_cuecs(doc: Document, tables: Sequence[Table]) -> list[Cuec]:
    """Every CUEC once, in report order: table rows and list items alike."""
    found: list[tuple[int, int, Cuec]] = []
    for table in tables:
        if table.kind is not TableKind.CUECS:
            continue
        for row in table.rows:
            cell = row.cell(Role.CUEC)
            if cell is None:
                continue
            criteria = tuple(normalise_criteria(row.text(Role.CRITERIA)))
            for text, page in bullet_texts(cell):
                text, own = split_criteria(text)
                found.append((page, len(found), Cuec(text, criteria or own, page)))
    for lines in section_lines(doc, CUEC_HEADING):
        for item in list_items(lines, _RESPONSIBLE):
            text, criteria = split_criteria(item.text)
            found.append((item.page, len(found), Cuec(text, criteria, item.page)))
    found.sort(key=lambda f: (f[0], f[1]))
    seen: dict[str, int] = {}
    out: list[Cuec] = []
    for _page, _n, cuec in found:
        key = _key(cuec.text)
        if not key:
            continue
        if key in seen:
            kept = out[seen[key]]
            if cuec.criteria and not kept.criteria:
                out[seen[key]] = Cuec(kept.text, cuec.criteria, kept.page)
            continue
        seen[key] = len(out)
        out.append(cuec)
    return out
