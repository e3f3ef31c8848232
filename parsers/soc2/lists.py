"""Stage 4b, lists: the items under a heading (CUECs, CSOCs), whatever their form.

Under the heading, a section runs to the next heading of its own rank (as large as it, or a
report part). Its lines fall into blocks: bulleted or numbered items (wrapped lines re-joined),
paragraphs, and lines that hold only criteria ("Common Criteria 6.1; Availability Criteria
1.2"). Bullets and numbers are always items; a paragraph is an item when it states what a party
must do (the caller says how that reads), never when it introduces the list ("... are
responsible for:"). Criteria lines belong to the item after them when the list opens with one
(criteria printed above each item), else to the item before them. Items printed with no space
between them ("... setup featuresThe User entity is responsible ...") are cut apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from parsers.soc2.criteria import criteria_line, normalise_criteria
from parsers.soc2.headers import Role, TableKind
from parsers.soc2.layout import Line, join_texts
from parsers.soc2.sections import Document, classify_title, is_heading_like
from parsers.soc2.tables import Cell, Table

BULLET = re.compile(
    r"^(?:[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7*\u2013\u2014\u27a2\u2713\u25a0\u25a1-]"
    r"|o(?=\s)|[\ue000-\uf8ff])\s*"
)
NUMBER = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_INTRO = re.compile(
    r"^(?:the following|this section|in order for|[\w' ]{0,40}(?:has|have) (?:been )?"
    r"(?:designed|determined|identified))|(?:below|the following|as follows)\s*[.:]?$",
    re.I,
)
# "(CC6.1, CC6.2)" or "Related criteria: CC6.1" closing an item
_TRAILING_CRITERIA = re.compile(
    r"\s*(?:\(\s*(?:(?:related |applicable )?criteri(?:a|on)\s*:?\s*)?(?P<a>(?:CC|PI|A|C|P)\s?\d[^()]*)\)"
    r"|[-\u2013\u2014;]?\s*related criteri(?:a|on)\s*:?\s*(?P<b>(?:CC|PI|A|C|P)\s?\d.*))\s*\.?$",
    re.I,
)


@dataclass(frozen=True)
class Item:
    """A list item: its text without the bullet or number, its page, and criteria printed on a
    line of their own beside it."""

    text: str
    page: int
    criteria: tuple[str, ...] = ()
    owner: str = ""  # the title over a list per party ("Microsoft Azure (Azure)" over its CSOCs)


def _marker(text: str) -> re.Match[str] | None:
    return BULLET.match(text) or NUMBER.match(text)


@dataclass(frozen=True)
class ListSection:
    """The lines under a list's heading, and the kind of table that ends them, if one does (a
    section that leads into its own table lists its items there)."""

    lines: list[Line]
    table: TableKind | None


def sections(doc: Document, heading: re.Pattern[str]) -> Iterator[ListSection]:
    """For each heading matching the pattern (outside the contents), the lines up to the next
    heading of its rank, report part or table header."""
    lines = doc.lines
    for index, line in enumerate(lines):
        if line.page in doc.toc_pages or not heading.match(line.text):
            continue
        body: list[Line] = []
        previous = line
        table: TableKind | None = None
        for j in range(index + 1, min(index + 300, len(lines))):
            nxt = lines[j]
            header = doc.header_at(j)
            if header is not None:
                table = header.kind
                break
            following = lines[j + 1] if j + 1 < len(lines) else None
            if _is_next_heading(line, previous, nxt) and not _titles_a_list(nxt, following):
                break
            body.append(nxt)
            previous = nxt
        yield ListSection(body, table)


def section_lines(doc: Document, heading: re.Pattern[str]) -> Iterator[list[Line]]:
    """The lines under each heading matching the pattern (see `sections`)."""
    for section in sections(doc, heading):
        yield section.lines


# titles of the report's own parts of the description, which close a list even when a list
# follows them
_OTHER_SECTION = re.compile(
    r"complementary|responsibilit|considerations|subservice organi[sz]ations?$|controls? at user"
    r"|monitoring|control environment|risk assessment|information and communication",
    re.I,
)


def _titles_a_list(line: Line, following: Line | None) -> bool:
    """A short title with a bulleted item right under it, naming no part of the description: one
    party's list inside the section (CSOCs listed under each subservice organization)."""
    if following is None or not _marker(following.text) or _OTHER_SECTION.search(line.text):
        return False
    return following.top - line.bottom < 1.5 * line.height and len(line.text.split()) <= 8


def _is_next_heading(opening: Line, previous: Line, line: Line) -> bool:
    """A heading that closes a section: a report part, or heading-like, short, set off by space
    above it and printed as large as the section's own heading (a smaller title inside the
    section, such as a subservice organization's name over its controls, does not close it)."""
    if _marker(line.text) or criteria_line(line.text) or not is_heading_like(line):
        return False
    if len(line.text.split()) > 10:
        return False
    if classify_title(line.text):
        return True
    set_off = line.page != previous.page or line.top - previous.bottom > 0.7 * line.height
    return set_off and line.height >= 0.92 * opening.height


@dataclass
class _Block:
    kind: str  # "marked", "para" or "criteria"
    lines: list[Line]
    criteria: tuple[str, ...] = ()
    marker_end: int = 0
    text_x: float = 0.0

    @property
    def text(self) -> str:
        first = self.lines[0].text[self.marker_end :]
        return join_texts([first, *(ln.text for ln in self.lines[1:])])


def _blocks(lines: Sequence[Line]) -> list[_Block]:
    blocks: list[_Block] = []
    previous: Line | None = None
    for line in lines:
        gap = (
            previous is None
            or line.page != previous.page
            or (line.top - previous.bottom > 0.6 * line.height)
        )
        if previous is not None and line.page != previous.page:
            # a paragraph cut by a page break: the sentence goes on in lower case
            gap = previous.text.rstrip().endswith((".", ":", ";")) or not line.text[:1].islower()
        refs = criteria_line(line.text)
        mark = _marker(line.text)
        if (
            refs
            and blocks
            and blocks[-1].kind == "marked"
            and _continues_item(blocks[-1], previous, line)
        ):
            blocks[-1].lines.append(line)  # "Related criteria:" wrapped onto a line of its own
        elif refs:
            blocks.append(_Block("criteria", [line], refs))
        elif mark and len(line.text) > mark.end():
            lone = len(line.words) > 1 and len(line.words[0].text) <= 3
            text_x = line.words[1].x0 if lone else line.x0
            blocks.append(_Block("marked", [line], marker_end=mark.end(), text_x=text_x))
        elif blocks and blocks[-1].kind == "marked" and _continues_item(blocks[-1], previous, line):
            blocks[-1].lines.append(line)
        elif blocks and blocks[-1].kind == "para" and not gap:
            blocks[-1].lines.append(line)
        else:
            blocks.append(_Block("para", [line]))
        previous = line
    return blocks


def _continues_item(block: _Block, previous: Line | None, line: Line) -> bool:
    """A wrapped line of a bulleted item: indented under its text, close below it."""
    if previous is None:
        return False
    same_page = line.page == previous.page
    gap = line.top - previous.bottom if same_page else 0.0
    indented = line.x0 >= block.text_x - 2
    return (indented and gap < 0.9 * line.height) or (same_page and gap < 0.35 * line.height)


def _split_glued(text: str, starts: re.Pattern[str]) -> list[str]:
    """Items printed without a space between them: cut where an item's opening words follow a
    lower-case letter or a full stop directly."""
    cuts = [m.start() for m in starts.finditer(text) if m.start() > 0]
    if not cuts:
        return [text]
    parts = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [p for p in parts if p]


def list_items(
    lines: Sequence[Line],
    is_item: Callable[[str], bool],
    glued: re.Pattern[str] | None = None,
) -> list[Item]:
    """The section's items: bullets, numbers, and paragraphs that are items, with the criteria
    printed on lines of their own above or below them."""
    blocks = _blocks(lines)
    above = _criteria_above(blocks)
    items: list[Item] = []
    pending: tuple[str, ...] = ()
    owner = ""
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            block.kind == "para"
            and following is not None
            and following.kind == "marked"
            and _titles_a_list(block.lines[-1], following.lines[0])
            and len(block.lines) == 1
        ):
            owner = block.text  # the party the bullets under it belong to
            continue
        if block.kind == "criteria":
            if above:
                pending = block.criteria
            elif items and not items[-1].criteria:
                items[-1] = Item(items[-1].text, items[-1].page, block.criteria, items[-1].owner)
            continue
        # where criteria head the items, a paragraph is an item only under its criteria
        para_item = bool(pending) if above else _item_para(block, is_item)
        if block.kind == "marked" or para_item:
            texts = (
                _split_glued(block.text, glued) if glued and block.kind == "para" else [block.text]
            )
            for text in texts:
                items.append(Item(text, block.lines[0].page, pending if above else (), owner))
        pending = ()
    return items


def _criteria_above(blocks: Sequence[_Block]) -> bool:
    """Whether criteria lines head the items under them (else they close the items above them):
    counted over every criteria line, a tie going to "below"."""

    def content(block: _Block) -> bool:
        """An item-like block: not a criteria line, an intro ("...:") or a label."""
        text = block.text.rstrip()
        if block.kind == "criteria" or text.endswith(":"):
            return False
        return len(text.split()) >= 6 or text.endswith(".")

    before = after = 0
    for i, block in enumerate(blocks):
        if block.kind != "criteria":
            continue
        before += i > 0 and content(blocks[i - 1])
        after += i + 1 < len(blocks) and content(blocks[i + 1])
    return after > before


def _item_para(block: _Block, is_item: Callable[[str], bool]) -> bool:
    if block.kind != "para":
        return False
    text = block.text
    return is_item(text) and not _INTRO.search(text) and not text.rstrip().endswith(":")


def split_criteria(text: str) -> tuple[str, tuple[str, ...]]:
    """An item's text without a trailing criteria reference, and the criteria it named."""
    m = _TRAILING_CRITERIA.search(text)
    if not m:
        # "... the service. CC6.1, CC6.2": criteria after the item's last sentence
        head, dot, tail = text.rpartition(". ")
        refs = criteria_line(tail) if dot else ()
        return (head + ".", refs) if refs else (text, ())
    found = normalise_criteria(m.group("a") or m.group("b") or "")
    if not found:
        return text, ()
    return text[: m.start()].rstrip(" ;,-"), tuple(found)


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


_BY = re.compile(
    r"\b(?:implemented|performed|operated|provided)\s+(?:at|by)\s+(?P<owner>.+)$", re.I
)


def label_owner(table: Table, role: Role) -> str:
    """The party a column label names: "Controls Expected to be Implemented by AWS" -> "AWS";
    "" when it names none (or only "the Subservice Organization")."""
    label = next((c.label for c in table.columns if c.role is role), "")
    m = _BY.search(label)
    if not m or re.match(r"(?i)(?:the\s+)?(?:sub-?service|service)\s+organi", m.group("owner")):
        return ""
    owner = m.group("owner").strip(" :")
    abbreviated = re.search(r"\b(?:Inc|Ltd|Co|Corp|L\.L\.C|S\.A)\.$", owner)
    return owner if abbreviated else owner.rstrip(".")


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def listed_items(
    doc: Document,
    tables: Sequence[Table],
    kind: TableKind,
    role: Role,
    heading: re.Pattern[str],
    is_item: Callable[[str], bool],
    glued: re.Pattern[str] | None = None,
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
            owner = row.text(Role.SUBSERVICE) or label_owner(table, role)
            for text, page in bullet_texts(cell):
                text, own = split_criteria(text)
                item = Listed(text, criteria or own, page, owner)
                found.append((page, len(found), item))
    for section in sections(doc, heading):
        if section.table is kind:
            continue  # its items are the table's rows, read above; bullets before it are not
        for entry in list_items(section.lines, is_item, glued):
            text, criteria = split_criteria(entry.text)
            listed = Listed(text, entry.criteria or criteria, entry.page, entry.owner)
            found.append((entry.page, len(found), listed))
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
            if not item.criteria or item.criteria == kept.criteria:
                continue  # the same item again (a table and a list, or a repeated table)
        seen[key] = len(out)
        out.append(item)
    return out
