"""Stage 5a, the opinion: read it from the service auditor's report only (never from the table of
contents, management's assertion or the description), with its "Basis for ... Opinion" text."""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.dates import is_date_line
from parsers.soc2.layout import Line, join_texts
from parsers.soc2.passage import Passage
from parsers.soc2.result import Opinion, Source
from parsers.soc2.sections import Document, Part, is_heading_like

_OPINION_HEADING = re.compile(
    r"^(?:(?P<kind>qualified|adverse|unqualified|unmodified|modified)\s+)?opinion:?$"
    r"|^(?P<disclaimer>disclaimer of opinion):?$",
    re.I,
)
_BASIS_HEADING = re.compile(
    r"^basis for (?:(?P<kind>qualified|adverse|modified)\s+opinion|(?P<disclaimer>disclaimer)"
    r"(?: of opinion)?)\b",
    re.I,
)
_IN_OUR_OPINION = re.compile(r"\bin our opinion\b", re.I)
_DISCLAIMER = re.compile(
    r"\b(?:we )?do not express an opinion\b|\bwe disclaim\b|\bdisclaimer of opinion\b"
    r"|\bnot able to obtain sufficient appropriate evidence\b",
    re.I,
)
_ADVERSE = re.compile(
    r"because of the significance of the matters?\b|\bdoes not (?:fairly present|present fairly)"
    r"|\bdo not (?:fairly present|present fairly)|\bwere not suitably designed\b"
    r"|\bdid not operate effectively\b|\bis not fairly stated\b|\bwas not fairly stated\b"
    r"|\bdid not maintain,? in all material respects",
    re.I,
)
_EXCEPT_FOR = re.compile(r"\bexcept for\b", re.I)
_STOP = re.compile(
    r"^(?:restricted use|other matters?|emphasis of matters?|purpose and restriction)", re.I
)
_HEADING_OPINION = {
    "qualified": Opinion.QUALIFIED,
    "adverse": Opinion.ADVERSE,
    "unqualified": Opinion.UNQUALIFIED,
    "unmodified": Opinion.UNQUALIFIED,
}


@dataclass(frozen=True)
class OpinionFacts:
    """The opinion, the text it was read from, and the basis paragraph(s) of a modified one."""

    opinion: Opinion | None
    text: str
    basis: str | None
    lines: tuple[Line, ...]
    source: Source | None = None
    basis_source: Source | None = None

    @property
    def passage(self) -> Passage:
        """The opinion paragraph as a passage."""
        return Passage.of(self.lines)


def report_lines(doc: Document) -> list[Line]:
    """The auditor's report lines, plus a letterhead printed above its heading on the same page."""
    section = doc.first_section(Part.AUDITOR_REPORT)
    if section is None:
        return [
            ln for s in doc.sections if s.part is Part.FRONT for ln in doc.lines[s.start : s.end]
        ]
    first = doc.lines[section.start]
    start = section.start
    while start > 0 and doc.lines[start - 1].page == first.page:
        start -= 1
    return list(doc.lines[start : section.end])


def _body_height(lines: Sequence[Line]) -> float:
    heights = [ln.height for ln in lines if ln.text]
    return statistics.median(heights) if heights else 10.0


def _paragraph(lines: Sequence[Line], start: int, limit: int, min_height: float) -> list[Line]:
    """Lines from start up to the next heading, signature date or stop word; footnotes skipped."""
    out: list[Line] = []
    for line in lines[start : start + limit]:
        if out and (is_heading_like(line) or _STOP.match(line.text) or is_date_line(line.text)):
            break
        if line.height < min_height:
            continue  # footnote text in a smaller font
        out.append(line)
    return out


def join_lines(lines: Sequence[Line]) -> str:
    """Join wrapped lines into one text."""
    return join_texts(ln.text for ln in lines)


def classify_opinion(text: str, heading_hint: Opinion | None = None) -> Opinion | None:
    """The opinion a paragraph gives; a modified heading ("Qualified Opinion") wins over wording."""
    if heading_hint is not None:
        return heading_hint
    if _DISCLAIMER.search(text):
        return Opinion.DISCLAIMER
    if _ADVERSE.search(text) and not _EXCEPT_FOR.search(text):
        return Opinion.ADVERSE
    if _EXCEPT_FOR.search(text):
        return Opinion.QUALIFIED
    if _IN_OUR_OPINION.search(text):
        return Opinion.UNQUALIFIED
    return None


def read_opinion(doc: Document) -> OpinionFacts:
    """Find the opinion paragraph (under an "Opinion" heading, else from "In our opinion")."""
    lines = report_lines(doc)
    min_height = 0.8 * _body_height(lines)
    basis_hint: Opinion | None = None
    basis_lines: list[Line] = []
    heading_hint: Opinion | None = None
    paragraph: list[Line] = []
    for index, line in enumerate(lines):
        basis = _BASIS_HEADING.match(line.text)
        if basis and not basis_lines:
            kind = (basis.group("kind") or "").lower()
            basis_hint = (
                Opinion.DISCLAIMER if basis.group("disclaimer") else _HEADING_OPINION.get(kind)
            )
            basis_lines = _paragraph(lines, index + 1, 80, min_height)
            continue
        heading = _OPINION_HEADING.match(line.text)
        if heading and not paragraph:
            kind = (heading.group("kind") or "").lower()
            heading_hint = (
                Opinion.DISCLAIMER if heading.group("disclaimer") else _HEADING_OPINION.get(kind)
            )
            paragraph = _paragraph(lines, index + 1, 40, min_height)
    if not paragraph or not _IN_OUR_OPINION.search(join_lines(paragraph)):
        start = next((i for i, ln in enumerate(lines) if _IN_OUR_OPINION.search(ln.text)), None)
        if start is not None and not lines[start].text.lstrip().startswith(('"', "'")):
            paragraph = _paragraph(lines, start, 30, min_height)
    text = join_lines(paragraph)
    hint = heading_hint if heading_hint not in (None, Opinion.UNQUALIFIED) else basis_hint
    opinion = classify_opinion(text, hint) if text else None
    if opinion is None and basis_hint is not None:
        opinion = basis_hint
    basis_text = join_lines(basis_lines) if basis_lines else None
    basis_source = None
    if opinion in (None, Opinion.UNQUALIFIED):
        basis_text = None
    elif basis_lines:
        basis_source = Passage.of(basis_lines).source(0, 1)
    return OpinionFacts(
        opinion, text, basis_text, tuple(paragraph), _opinion_source(paragraph), basis_source
    )


_OPINION_WORDS = (_DISCLAIMER, _ADVERSE, _EXCEPT_FOR, _IN_OUR_OPINION)


def _opinion_source(paragraph: Sequence[Line]) -> Source | None:
    """The sentence that states the opinion: its modifying words where it has them."""
    if not paragraph:
        return None
    passage = Passage.of(paragraph)
    for pattern in _OPINION_WORDS:
        m = pattern.search(passage.text)
        if m:
            return passage.source(m.start(), m.end())
    return passage.source(0, 1)
