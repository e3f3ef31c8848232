"""Stage 2, lines: words -> lines with page and position; running headers and footers set aside."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from parsers.soc2.pdf import PageWords, Word, map_chars

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"}
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013]?(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.I,
)
_BAND = 0.10  # running headers and footers live in the top and bottom tenth of a page


def clean(text: str) -> str:
    """NFKC, straight quotes, one space between words: the form every regex here expects."""
    return " ".join(map_chars(unicodedata.normalize("NFKC", text), _QUOTES).split())


def join_texts(texts: Iterable[str]) -> str:
    """Join wrapped lines into one text, re-joining a word hyphenated at a line end."""
    out = ""
    for text in texts:
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].islower():
            out += text
        else:
            out = f"{out} {text}" if out else text
    return out


@dataclass(frozen=True)
class Line:
    """One visual line of a page: its words left to right and their joined, cleaned text."""

    page: int
    words: tuple[Word, ...]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(frozen=True)
class Page:
    """A page's body lines top to bottom, the furniture removed from it, and its geometry."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    furniture: tuple[Line, ...]
    image_only: bool

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def make_line(page: int, words: Sequence[Word]) -> Line:
    """Build a Line from words already on one visual line."""
    ordered = tuple(sorted(words, key=_x0))
    x1, top, bottom = ordered[0].x1, ordered[0].top, ordered[0].bottom
    for w in ordered:  # one pass: this runs for every line of every page
        if w.x1 > x1:
            x1 = w.x1
        if w.top < top:
            top = w.top
        if w.bottom > bottom:
            bottom = w.bottom
    return Line(
        page=page,
        words=ordered,
        text=clean(" ".join([w.text for w in ordered])),
        x0=ordered[0].x0,
        x1=x1,
        top=top,
        bottom=bottom,
    )


def _x0(word: Word) -> float:
    return word.x0


def group_lines(page: PageWords) -> list[Line]:
    """Cluster a page's words into visual lines by vertical overlap."""
    words = sorted(page.words, key=lambda w: w.top + w.bottom)
    groups: list[list[Word]] = []
    band_top = band_bottom = 0.0
    for word in words:
        top, bottom = word.top, word.bottom
        mid, height = (top + bottom) / 2, bottom - top
        if groups and band_top - 0.5 <= mid <= band_bottom + 0.5:
            groups[-1].append(word)
            # the band grows only a little so that a stack of lines never fuses into one
            band_top = min(band_top, top + 0.25 * height)
            band_bottom = max(band_bottom, bottom - 0.25 * height)
            continue
        groups.append([word])
        band_top = top + 0.2 * height
        band_bottom = bottom - 0.2 * height
    lines = [make_line(page.number, g) for g in groups]
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _furniture_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _in_band(line: Line, height: float) -> bool:
    return line.bottom < height * _BAND + 4 or line.top > height * (1 - _BAND) - 4


# words of a tests table's column labels: a line with several of them, repeated at the top of
# every page, is the table's header, which the tables stage needs, not a running header
_COLUMN_LABEL = re.compile(
    r"\b(?:control|test(?:s|ing)?|results?|criteri(?:a|on)|exceptions?|procedures?|activit(?:y|ies)"
    r"|ref\.?|#|no\.)(?=\W|$)",
    re.I,
)


def _touching(line: Line, other: Line) -> bool:
    return max(other.top - line.bottom, line.top - other.bottom) < 0.6 * line.height


def _kept_in_body(lines: Sequence[Line], candidates: set[int]) -> set[int]:
    """The candidates that are not furniture: a table header repeated at the top of every page
    touches the rows under it, or names several columns (with the lines of its labels set
    against it); a running header stands apart."""
    kept = {
        id(ln)
        for ln in lines
        if id(ln) in candidates
        and (
            len(_COLUMN_LABEL.findall(ln.text)) >= 3
            or any(id(o) not in candidates and _touching(ln, o) for o in lines if o is not ln)
        )
    }
    grown = True
    while grown:
        grown = False
        for ln in lines:
            if id(ln) in candidates and id(ln) not in kept:
                if any(id(o) in kept and _touching(ln, o) for o in lines):
                    kept.add(id(ln))
                    grown = True
    return kept


def build_pages(raw_pages: Sequence[PageWords]) -> tuple[Page, ...]:
    """Turn raw pages into Pages, moving repeated header/footer lines and page numbers aside."""
    lined = [(raw, group_lines(raw)) for raw in raw_pages]
    counts: Counter[str] = Counter()
    for raw, lines in lined:
        counts.update({_furniture_key(ln) for ln in lines if _in_band(ln, raw.height)})
    text_pages = sum(1 for _raw, lines in lined if lines)
    repeat = 2 if text_pages <= 6 else 3
    pages = []
    for raw, lines in lined:
        candidates = {
            id(ln)
            for ln in lines
            if _in_band(ln, raw.height)
            and (counts[_furniture_key(ln)] >= repeat or _PAGE_NUMBER.match(ln.text))
        }
        kept = _kept_in_body(lines, candidates) if candidates else set()
        body: list[Line] = []
        furniture: list[Line] = []
        for ln in lines:
            is_furniture = id(ln) in candidates and id(ln) not in kept
            (furniture if is_furniture else body).append(ln)
        # a scan: an image and no text beyond running headers and footers
        image_only = raw.has_image and not body
        pages.append(
            Page(raw.number, raw.width, raw.height, tuple(body), tuple(furniture), image_only)
        )
    return tuple(pages)
