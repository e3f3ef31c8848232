"""Stage 3, sections: find the AICPA report parts (auditor's report, assertion, description, tests,
other information) from their headings, ignoring the table of contents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from parsers.soc2.headers import Header, detect_header
from parsers.soc2.layout import Line, Page


class Part(Enum):
    """The conventional parts of a SOC report, whatever their section numbers."""

    FRONT = "front"
    AUDITOR_REPORT = "auditor_report"
    ASSERTION = "assertion"
    DESCRIPTION = "description"
    TESTS = "tests"
    OTHER_INFO = "other_info"


@dataclass(frozen=True)
class Section:
    """A run of body lines [start, end) of the document that belongs to one part."""

    part: Part
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """The whole report as body lines in reading order, with its pages and parts."""

    pages: tuple[Page, ...]
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    toc_pages: frozenset[int]
    _headers: dict[int, Header | None] = field(default_factory=dict, compare=False, repr=False)

    def header_at(self, index: int) -> Header | None:
        """The table header starting at lines[index], if any (looked up once per line)."""
        if index not in self._headers:
            self._headers[index] = detect_header(self.lines, index)
        return self._headers[index]

    def part_lines(self, part: Part) -> list[Line]:
        """All lines of every section of that part, in order."""
        out: list[Line] = []
        for sec in self.sections:
            if sec.part is part:
                out.extend(self.lines[sec.start : sec.end])
        return out

    def first_heading(self, heading: re.Pattern[str]) -> Line | None:
        """The first line outside the contents that the heading pattern matches."""
        return next(
            (ln for ln in self.lines if ln.page not in self.toc_pages and heading.match(ln.text)),
            None,
        )

    def first_section(self, part: Part) -> Section | None:
        """The first section of that part, if any."""
        return next((s for s in self.sections if s.part is part), None)


_SECTION_PREFIX = re.compile(r"^section\s+(?:[ivx]{1,4}|\d{1,2})\b\s*[:.\-\u2013\u2014]?\s*", re.I)
_PART_PATTERNS: tuple[tuple[Part, re.Pattern[str]], ...] = (
    (Part.OTHER_INFO, re.compile(r"^(?:other|supplemental|additional) information\b", re.I)),
    (
        Part.TESTS,
        re.compile(
            r"^(?:information provided by (?:the )?(?:independent )?service auditor"
            r"|information provided by$"
            r"|(?:description of |applicable )?(?:trust services )?(?:criteria|categor(?:y|ies))"
            r"[^.]{0,40}related controls"
            r"|(?:description of )?(?:the )?(?:criteria, )?controls?,? (?:objectives,? )?(?:and )?"
            r"(?:related )?(?:controls, )?tests"
            r"|tests? of controls(?: and results)?|tests? of operating effectiveness(?: and results(?: of tests)?)?$"
            r"|test(?:ing)? (?:control )?matri|control(?:s)? (?:testing )?matri"
            r"|control objectives and related controls"
            r"|trust services category, criteria)",
            re.I,
        ),
    ),
    (
        Part.AUDITOR_REPORT,
        re.compile(
            r"^(?:independent (?:service )?(?:auditor|accountant|practitioner)s?'?s?'? "
            r"(?:assurance )?report"
            r"|report of (?:the )?independent (?:service )?(?:auditor|accountant)s?"
            r"|independent service auditors?'?s?'?$|independent service$"
            r"|independent (?:service )?auditors?'? report)",
            re.I,
        ),
    ),
    (
        Part.ASSERTION,
        re.compile(
            r"^(?:management'?s?'? assertion|assertion (?:of|by) |[\w&.,' -]{2,60}'s assertion$"
            r"|management'?s? report)",
            re.I,
        ),
    ),
    (
        Part.DESCRIPTION,
        re.compile(
            r"^(?:[\w&.,' -]{0,60}description of (?:the |its )?(?:[\w&.,' -]{0,60} )?"
            r"(?:system|boundaries|services)|system description)",
            re.I,
        ),
    ),
)
_TOC_LINE = re.compile(r"(?:\.{4,}|\u2026{2,}|\s)\s*\d{1,3}$")


def classify_title(title: str) -> Part | None:
    """Which report part a heading names ("Section IV - Tests of Controls" too), or None."""
    prefixed = _SECTION_PREFIX.match(title)
    if prefixed:
        title = title[prefixed.end() :]
    for part, pattern in _PART_PATTERNS:
        if pattern.search(title):
            return part
    return None


def is_heading_like(line: Line) -> bool:
    """Short, capitalised, without a sentence's final punctuation: a heading, not prose."""
    words = line.text.split()
    if not words or len(words) > 14 or line.text[-1] in ".,;":
        return False
    if not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    long_words = [w for w in words if len(w) > 3 and w[0].isalpha()]
    if not long_words:
        return True
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised >= 0.6 * len(long_words)


def _toc_pages(pages: Sequence[Page]) -> frozenset[int]:
    toc = set()
    for page in pages[:12]:
        texts = [ln.text for ln in page.lines]
        if not texts:
            continue
        titled = any(re.fullmatch(r"(?:table of )?contents", t, re.I) for t in texts[:4])
        numbered = sum(1 for t in texts if _TOC_LINE.search(t))
        if (titled and numbered >= 2) or numbered >= max(4, 0.5 * len(texts)):
            toc.add(page.number)
    return frozenset(toc)


def _heading_part(lines: Sequence[Line], index: int) -> tuple[Part, str, int] | None:
    """The part a heading at lines[index] opens, its title, and how many lines it spans."""
    line = lines[index]
    text = line.text
    prefixed = _SECTION_PREFIX.match(text)
    if prefixed:
        title = text[prefixed.end() :]
        used = 1
        # a divider or a heading over two or three lines: "Section I:" / "Independent Service ..."
        for nxt in lines[index + 1 : index + 3]:
            if len(title.split()) >= 6 or nxt.page != line.page:
                break
            if nxt.top - line.bottom > 3 * line.height:
                break
            title = f"{title} {nxt.text}".strip()
            used += 1
        part = classify_title(title)
        return (part, title, used) if part else None
    if not is_heading_like(line) or _wrapped(lines, index):
        return None
    part = classify_title(text)
    return (part, text, 1) if part else None


def _wrapped(lines: Sequence[Line], index: int) -> bool:
    """A line that goes on from the sentence above it, set tight under it in the same size: a
    wrapped line of a paragraph ("...2018 Description" / "Criteria for a Description of a Service
    Organization's System in a SOC 2 Report"), not a heading."""
    if index == 0:
        return False
    above, line = lines[index - 1], lines[index]
    if above.page != line.page or above.text.rstrip()[-1:] in (".", ":", ";", "!", "?"):
        return False
    tight = line.top - above.bottom < 0.35 * line.height
    return tight and abs(above.height - line.height) <= 0.1 * line.height


def build_document(pages: Sequence[Page]) -> Document:
    """Flatten pages into lines and cut them into report parts at the part headings."""
    toc = _toc_pages(pages)
    lines: list[Line] = []
    marks: list[tuple[int, Part, str]] = []
    for page in pages:
        start = len(lines)
        lines.extend(page.lines)
        # a running header that names a part ("Section III - Description of the System") sets it
        for furn in page.furniture:
            found = _heading_part([furn], 0)
            if found and page.lines and page.number not in toc:
                marks.append((start, found[0], found[1]))
                break
    index = 0
    while index < len(lines):
        # a table of contents names every part: its lines open none
        found = None if lines[index].page in toc else _heading_part(lines, index)
        if found:
            marks.append((index, found[0], found[1]))
            index += found[2]
        else:
            index += 1
    marks.sort(key=lambda m: m[0])
    sections: list[Section] = []
    current, title, begin = Part.FRONT, "", 0
    for index, part, heading in marks:
        if part is current:
            continue
        if index > begin:
            sections.append(Section(current, title, begin, index))
        current, title, begin = part, heading, index
    if len(lines) > begin:
        sections.append(Section(current, title, begin, len(lines)))
    return Document(tuple(pages), tuple(lines), tuple(sections), toc)
