"""Stage 1, pages: open a PDF with PDFium under limits and turn each page into positioned words."""

from __future__ import annotations

import ctypes
import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers.soc2.errors import CorruptPdf, LimitExceeded, NotAPdf, PasswordRequired
from parsers.soc2.limits import Deadline, ParseLimits

# PDFium reports a hyphen that it removed at a line end as U+FFFE; other code points are noise.
_CHAR_MAP = {"\ufffe": "-", "\u00ad": "-", "\u2010": "-", "\u2011": "-", "\u00a0": " "}
_SPACE = frozenset(" \t\r\n\u2002\u2003\u2009\u200b\u3000")
_SUPERSCRIPT_MARKS = frozenset("0123456789*†‡")


class Word(NamedTuple):
    """A run of characters without a gap, in top-down page coordinates (points).

    A named tuple rather than a dataclass: a report has hundreds of thousands of words, and
    a tuple is made three times faster."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def map_chars(text: str, mapping: dict[str, str]) -> str:
    """`text` with each key of `mapping` replaced by its value: str.translate's result, but a
    hundred times faster on text that holds none of the keys, as nearly all text does."""
    for old, new in mapping.items():
        if old in text:
            text = text.replace(old, new)
    return text


@dataclass(frozen=True)
class PageWords:
    """One page as PDFium saw it: size after rotation, its words, whether it shows an image.

    `has_image` is only looked for on pages with little text, where it may be a scan.
    """

    number: int
    width: float
    height: float
    words: tuple[Word, ...]
    has_image: bool


def open_document(
    source: str | os.PathLike[str] | bytes, limits: ParseLimits
) -> pdfium.PdfDocument:
    """Open a PDF from a path or bytes, enforcing the size limit and mapping PDFium errors."""
    if isinstance(source, bytes):
        data = source
        size = len(data)
        head = data[:1024]
    else:
        path = Path(source)
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(1024)
        except OSError as err:
            raise NotAPdf(f"cannot read {path}: {err.strerror or err}") from None
    if size > limits.max_bytes:
        raise LimitExceeded(f"file is {size} bytes, over the {limits.max_bytes}-byte limit")
    if b"%PDF-" not in head:
        raise NotAPdf("not a PDF file (no %PDF- header)")
    try:
        with warnings.catch_warnings():
            # PDFium warns about optional features (XFA forms); a SOC report does not need them.
            warnings.simplefilter("ignore", pdfium.PdfiumWarning)
            doc = pdfium.PdfDocument(data if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as err:
        if getattr(err, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordRequired("the PDF needs a password to open") from None
        raise CorruptPdf(f"the PDF is corrupt and cannot be opened ({err})") from None
    return doc


def iter_pages(
    doc: pdfium.PdfDocument, limits: ParseLimits, deadline: Deadline
) -> Iterator[PageWords]:
    """Yield every page's words; each page is closed before the next is loaded."""
    count = len(doc)
    if count > limits.max_pages:
        raise LimitExceeded(f"document has {count} pages, over the {limits.max_pages}-page limit")
    for index in range(count):
        deadline.check()
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            yield PageWords(index + 1, 612.0, 792.0, (), False)
            continue
        try:
            yield _read_page(page, index + 1)
        finally:
            page.close()


def _read_page(page: pdfium.PdfPage, number: int) -> PageWords:
    left, bottom, right, top = page.get_cropbox()
    rotation = page.get_rotation() % 360
    width, height = right - left, top - bottom
    textpage = page.get_textpage()
    try:
        words = _words(textpage, left, bottom, width, height, rotation)
    finally:
        textpage.close()
    out_w, out_h = (height, width) if rotation in (90, 270) else (width, height)
    has_image = len(words) < 60 and _has_image(page)
    return PageWords(number, out_w, out_h, tuple(words), has_image)


def _has_image(page: pdfium.PdfPage) -> bool:
    for _obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        return True
    return False


_TOKEN = re.compile(r"[^\s\x00-\x1f]+")

# FPDFText_GetLooseCharBox(text page, index, FS_RECTF*) without ctypes' per-argument checks, which
# cost twice the call itself in the parser's hottest loop. Every caller passes a c_void_p, an int
# and a byref(FS_RECTF), so the checks have nothing to catch.
_LOOSE_CHAR_BOX = ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.CFUNCTYPE(ctypes.c_int))


class _Boxes:
    """Loose character boxes of one text page, mapped to top-down page coordinates."""

    def __init__(self, textpage: pdfium.PdfTextPage, frame: tuple[float, float, float, float, int]):
        self.handle = ctypes.cast(textpage.raw, ctypes.c_void_p)
        self.rect = pdfium_c.FS_RECTF()
        self.ref = ctypes.byref(self.rect)
        self.frame = frame

    def box(self, index: int) -> tuple[float, float, float, float] | None:
        """The loose box of character `index`, or None for an empty one."""
        if not _LOOSE_CHAR_BOX(self.handle, index, self.ref):
            return None
        x0, x1, top, bot = _to_top_down(self.rect, *self.frame)
        return (x0, x1, top, bot) if bot - top > 0.1 else None


def _words(
    textpage: pdfium.PdfTextPage,
    left: float,
    bottom: float,
    width: float,
    height: float,
    rotation: int,
) -> list[Word]:
    """Words from PDFium's text and the boxes of their first and last characters; a word that
    does not look like one run of text (a gap, a line break, a raised footnote mark) is rebuilt
    character by character. This is the parser's hottest loop: the common case (an unrotated
    page) maps boxes inline rather than through _Boxes."""
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range()
    if len(text) != count:  # surrogate pairs shift indices; fall back to one code point per index
        text = "".join(
            chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i) or 32) for i in range(count)
        )
    boxes = _Boxes(textpage, (left, bottom, width, height, rotation))
    if rotation:
        return _rotated_words(text, boxes)
    # a hyphen PDFium removed at a line end is rare: a token holding one spans two lines and is
    # rebuilt by _scan; other marks map one to one (a no-break space is a space)
    special = set(_positions(text, "\ufffe"))
    text = map_chars(text, _CHAR_MAP)
    get_box, handle, rect, ref = (
        _LOOSE_CHAR_BOX,
        boxes.handle,
        boxes.rect,
        boxes.ref,
    )
    top_edge = height + bottom
    words: list[Word] = []
    append = words.append
    for token in _TOKEN.finditer(text):
        first_i, end = token.span()
        last_i = end - 1
        if special and any(first_i <= k < end for k in special):
            words.extend(_scan(text, first_i, end, boxes))
            continue
        if not get_box(handle, first_i, ref):
            words.extend(_scan(text, first_i, end, boxes))
            continue
        x0, f_top, f_bot = rect.left - left, top_edge - rect.top, top_edge - rect.bottom
        h = f_bot - f_top
        if last_i != first_i:
            if not get_box(handle, last_i, ref):
                words.extend(_scan(text, first_i, end, boxes))
                continue
            x1, l_top, l_bot = rect.right - left, top_edge - rect.top, top_edge - rect.bottom
        else:
            x1, l_top, l_bot = rect.right - left, f_top, f_bot
        if h <= 0.1:
            words.extend(_scan(text, first_i, end, boxes))
            continue
        span = x1 - x0
        if (
            abs(l_bot - f_bot) < 0.2 * h
            and abs(l_top - f_top) < 0.2 * h
            and 0 <= span <= h * (end - first_i) + 1
        ):
            append(Word(token.group(), x0, x1, f_top, f_bot))
        else:
            words.extend(_scan(text, first_i, end, boxes))
    return words


def _positions(text: str, ch: str) -> list[int]:
    out = []
    at = text.find(ch)
    while at >= 0:
        out.append(at)
        at = text.find(ch, at + 1)
    return out


def _rotated_words(text: str, boxes: _Boxes) -> list[Word]:
    """Words of a rotated page, through _Boxes' general mapping."""
    words: list[Word] = []
    for token in _TOKEN.finditer(text):
        first_i, last_i = token.start(), token.end() - 1
        first = boxes.box(first_i)
        last = boxes.box(last_i) if last_i != first_i else first
        if first is None or last is None:
            words.extend(_scan(text, first_i, last_i + 1, boxes))
            continue
        h = first[3] - first[2]
        chars = token.group()
        plain = "\ufffe" not in chars and "\u00a0" not in chars
        same_line = abs(last[3] - first[3]) < 0.2 * h and abs(last[2] - first[2]) < 0.2 * h
        span = last[1] - first[0]
        if plain and same_line and 0 <= span <= 1.0 * h * len(chars) + 1:
            words.append(Word(map_chars(chars, _CHAR_MAP), first[0], last[1], first[2], first[3]))
        else:
            words.extend(_scan(text, first_i, last_i + 1, boxes))
    return words


def _scan(text: str, start: int, end: int, boxes: _Boxes) -> list[Word]:
    """Split text[start:end] into words by the gaps between character boxes; drop superscript
    footnote marks glued to a word ("2018" + "2")."""
    words: list[Word] = []
    chars: list[str] = []
    wx0 = wx1 = wtop = wbot = 0.0
    prev_h = prev_bot = prev_x1 = 0.0
    for index in range(start, end):
        ch = _CHAR_MAP.get(text[index], text[index])
        if ch in _SPACE or ch < " ":
            if chars:
                words.append(Word("".join(chars), wx0, wx1, wtop, wbot))
                chars = []
            continue
        found = boxes.box(index)
        if found is None:
            continue
        x0, x1, top, bot = found
        h = bot - top
        if chars:
            same_line = abs(bot - prev_bot) < 0.5 * max(h, prev_h) or (
                top >= wtop - 0.5 and bot <= wbot + 0.5
            )
            if (
                ch in _SUPERSCRIPT_MARKS
                and h < 0.82 * prev_h
                and bot < prev_bot - 0.2 * prev_h
                and x0 >= prev_x1 - 1.0
            ):
                continue
            if not same_line or x0 - prev_x1 > 0.22 * max(h, prev_h) or x0 < prev_x1 - 0.6 * h:
                words.append(Word("".join(chars), wx0, wx1, wtop, wbot))
                chars = []
        if not chars:
            wx0, wx1, wtop, wbot = x0, x1, top, bot
        else:
            wx1, wtop, wbot = max(wx1, x1), min(wtop, top), max(wbot, bot)
        chars.append(ch)
        prev_h, prev_bot, prev_x1 = h, bot, x1
    if chars:
        words.append(Word("".join(chars), wx0, wx1, wtop, wbot))
    return words


def _to_top_down(
    rect: pdfium_c.FS_RECTF,
    left: float,
    bottom: float,
    width: float,
    height: float,
    rotation: int,
) -> tuple[float, float, float, float]:
    """Map a PDF-space box (y up) to the displayed page (y down), honouring /Rotate."""
    x_lo, x_hi = rect.left - left, rect.right - left
    y_lo, y_hi = rect.bottom - bottom, rect.top - bottom
    if rotation == 90:
        return y_lo, y_hi, x_lo, x_hi
    if rotation == 180:
        return width - x_hi, width - x_lo, y_lo, y_hi
    if rotation == 270:
        return height - y_hi, height - y_lo, width - x_hi, width - x_lo
    return x_lo, x_hi, height - y_hi, height - y_lo
