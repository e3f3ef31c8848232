"""A small page-layout engine over a reportlab canvas: headings, paragraphs, lists and tables that
flow across pages (portrait, landscape or /Rotate'd landscape), with running headers and footers.
Every call returns the 1-based page where its text starts, which is what the truth records."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

FONT, BOLD = "Helvetica", "Helvetica-Bold"


@dataclass
class Column:
    label: str
    width: float


@dataclass
class Cell:
    """A cell: plain text, or bulleted items (each wrapped with a hanging indent)."""

    text: str = ""
    bullets: Sequence[str] = ()


@dataclass
class TableRow:
    cells: Sequence[Cell]
    banner: str | None = None  # a full-width line above the row (criteria as a heading)
    note: str | None = None  # a full-width paragraph under the row (management's response)
    pages: list[int] = field(default_factory=list)  # filled in: first page of each cell
    note_page: int = 0


@dataclass
class TableStyle:
    repeat_header: bool = True
    split_rows: bool = True
    centered_header: bool = False
    size: float = 8.5
    padding: float = 4.0


class Writer:
    """Lays text out top to bottom, opening pages as needed."""

    def __init__(
        self,
        path: str,
        header: str | None = None,
        footer: Callable[[int], Sequence[str]] | None = None,
        font: str = FONT,
        bold: str = BOLD,
        margin: float = 54.0,
        top: float = 72.0,
    ) -> None:
        self.canvas = canvas.Canvas(path, pagesize=letter)
        self.header, self.footer = header, footer
        self.page = 0
        self.width, self.height = letter
        self.landscape = self.rotated = False
        self.y = 0.0
        self.font, self.bold = font, bold
        self.margin, self.top = margin, top
        self.on_new_page: Callable[[], None] | None = None
        # the last paragraph drawn and the (offset, page) of each of its lines, so the truth can
        # name the page where a phrase inside a long paragraph starts
        self.last_text = ""
        self.last_lines: list[tuple[int, int]] = []

    # pages -----------------------------------------------------------------
    def new_page(self, landscape: bool | None = None, rotated: bool = False) -> None:
        if self.page:
            self.canvas.showPage()
        if landscape is not None:
            self.landscape, self.rotated = landscape, rotated and landscape
        self.page += 1
        if self.rotated:
            # portrait media shown rotated: draw in landscape coordinates through a transform
            # reportlab swaps width and height of a page rotated by 90 degrees
            self.canvas.setPageSize((letter[1], letter[0]))
            self.canvas.setPageRotation(90)
            self.canvas.transform(0, 1, -1, 0, letter[0], 0)
        else:
            self.canvas.setPageSize((letter[1], letter[0]) if self.landscape else letter)
            self.canvas.setPageRotation(0)
        self.width, self.height = (letter[1], letter[0]) if self.landscape else letter
        self.y = self.height - self.top
        if self.header:
            self._text(self.header, self.margin, self.height - 36, 8, self.font)
        if self.footer:
            for i, line in enumerate(self.footer(self.page)):
                self._text(line, self.margin, 30 - 10 * i, 8, self.font)
        if self.on_new_page:
            self.on_new_page()

    def ensure(self, needed: float) -> None:
        if self.y - needed < 60:
            self.new_page()

    def _text(self, text: str, x: float, y: float, size: float, font: str) -> None:
        self.canvas.setFont(font, size)
        self.canvas.drawString(x, y, text)

    @property
    def right(self) -> float:
        return self.width - self.margin

    # text -------------------------------------------------------------------
    def heading(self, text: str, size: float = 13, gap: float = 10) -> int:
        self.ensure(size + gap + 30)
        self.y -= gap
        self._text(text, self.margin, self.y - size, size, self.bold)
        self.y -= size + 8
        return self.page

    def paragraph(
        self,
        text: str,
        size: float = 10,
        indent: float = 0,
        gap: float = 7,
        justify: bool = False,
        leading: float = 1.3,
    ) -> int:
        width = self.right - self.margin - indent
        lines = simpleSplit(text, self.font, size, width)
        first = 0
        self.last_text, self.last_lines = text, []
        offset = 0
        for i, line in enumerate(lines):
            self.ensure(size * leading)
            first = first or self.page
            offset = text.find(line.split(" ")[0], offset) if line else offset
            self.last_lines.append((offset, self.page))
            offset += len(line)
            if justify and i < len(lines) - 1:
                self._justified(line, self.margin + indent, self.y - size, size, width)
            else:
                self._text(line, self.margin + indent, self.y - size, size, self.font)
            self.y -= size * leading
        self.y -= gap
        return first or self.page

    def _justified(self, line: str, x: float, y: float, size: float, width: float) -> None:
        """Words placed one by one across the full width, as word processors justify text: the
        text layer then has no space characters between words, only gaps."""
        words = line.split(" ")
        used = sum(stringWidth(w, self.font, size) for w in words)
        gap = (width - used) / max(1, len(words) - 1)
        for word in words:
            self._text(word, x, y, size, self.font)
            x += stringWidth(word, self.font, size) + gap

    def page_of(self, needle: str) -> int:
        """The page where `needle` starts inside the last paragraph drawn."""
        at = self.last_text.find(needle)
        if at < 0:
            raise ValueError(f"{needle!r} is not in the last paragraph")
        page = self.last_lines[0][1]
        for offset, line_page in self.last_lines:
            if offset <= at:
                page = line_page
        return page

    def text_at(
        self, text: str, x: float, size: float = 10, bold: bool = False, align: str = "left"
    ) -> None:
        """One line at a horizontal position without moving down (right or centre aligned)."""
        font = self.bold if bold else self.font
        if align == "right":
            x -= stringWidth(text, font, size)
        elif align == "center":
            x -= stringWidth(text, font, size) / 2
        self._text(text, x, self.y - size, size, font)

    def line(self, text: str, size: float = 10, bold: bool = False) -> int:
        self.ensure(size * 1.4)
        self._text(text, self.margin, self.y - size, size, self.bold if bold else self.font)
        self.y -= size * 1.4
        return self.page

    def items(self, items: Sequence[str], markers: Sequence[str], size: float = 10) -> list[int]:
        """A list: one marker per item, wrapped lines hanging under the text."""
        pages = []
        for item, marker in zip(items, markers, strict=True):
            indent = 18
            lines = simpleSplit(item, self.font, size, self.right - self.margin - indent - 6)
            for i, line in enumerate(lines):
                self.ensure(size * 1.3)
                if i == 0:
                    pages.append(self.page)
                    self._text(marker, self.margin + 4, self.y - size, size, self.font)
                self._text(line, self.margin + indent, self.y - size, size, self.font)
                self.y -= size * 1.3
            self.y -= 4
        self.y -= 4
        return pages

    def image_page(self, seed: int) -> int:
        """A page that is only a picture, like a scanned signature page."""
        self.new_page(landscape=False)
        rng = random.Random(seed)
        img = Image.new("L", (425, 550), 250)
        draw = ImageDraw.Draw(img)
        for _ in range(60):
            y = rng.randint(20, 520)
            draw.line((30, y, rng.randint(120, 400), y), fill=rng.randint(20, 90), width=3)
        buffer = io.BytesIO()
        img.save(buffer, format="PNG")
        buffer.seek(0)
        self.canvas.drawImage(ImageReader(buffer), 36, 36, self.width - 72, self.height - 72)
        self.y = 0  # nothing else goes on this page
        return self.page

    # tables -----------------------------------------------------------------
    def _cell_lines(self, cell: Cell, width: float, size: float) -> list[tuple[float, str]]:
        if not cell.bullets:
            return (
                [(0.0, ln) for ln in simpleSplit(cell.text, self.font, size, width)]
                if cell.text
                else []
            )
        out: list[tuple[float, str]] = []
        for item in cell.bullets:
            wrapped = simpleSplit(item, self.font, size, width - 10)
            out.extend(
                (0.0 if i == 0 else 10.0, ("\u2022 " if i == 0 else "") + ln)
                for i, ln in enumerate(wrapped)
            )
        return out

    def _draw_header(self, columns: Sequence[Column], style: TableStyle) -> None:
        size = style.size
        wrapped = [
            simpleSplit(c.label, self.bold, size, c.width - 2 * style.padding) for c in columns
        ]
        depth = max(len(w) for w in wrapped)
        x = self.margin
        for col, lines in zip(columns, wrapped, strict=True):
            offset = (depth - len(lines)) * size * 1.2 / 2  # vertically centred labels
            for i, line in enumerate(lines):
                lx = x + style.padding
                if style.centered_header:
                    lx = x + (col.width - stringWidth(line, self.bold, size)) / 2
                self._text(line, lx, self.y - offset - size - i * size * 1.2, size, self.bold)
            x += col.width
        self.y -= depth * size * 1.2 + 10
        self.canvas.setLineWidth(0.5)
        self.canvas.line(
            self.margin, self.y + 4, self.margin + sum(c.width for c in columns), self.y + 4
        )

    def table(self, columns: Sequence[Column], rows: Sequence[TableRow], style: TableStyle) -> None:
        """Draw a table; rows may split across pages; fills in each row's cell pages."""
        size, lead, pad = style.size, style.size * 1.25, style.padding

        def header_on_new_page() -> None:
            if style.repeat_header:
                self._draw_header(columns, style)

        self.ensure(80)
        self._draw_header(columns, style)
        self.on_new_page = header_on_new_page
        try:
            for row in rows:
                if row.banner:
                    self.ensure(lead * 3)
                    for line in simpleSplit(
                        row.banner, self.bold, size, sum(c.width for c in columns)
                    ):
                        self._text(line, self.margin, self.y - size, size, self.bold)
                        self.y -= lead
                    self.y -= 4
                cells = [
                    self._cell_lines(c, col.width - 2 * pad, size)
                    for c, col in zip(row.cells, columns, strict=True)
                ]
                depth = max((len(c) for c in cells), default=0)
                if (
                    not style.split_rows
                    or self.y - depth * lead - 2 * pad > 60
                    or depth * lead > self.height - 200
                ):
                    self.ensure(min(depth * lead + 2 * pad, self.height - 200))
                elif self.y - 3 * lead < 60:
                    self.new_page()
                row.pages = [0] * len(columns)
                top = self.y - pad
                for i in range(depth):
                    if top - (i + 1) * lead < 60 - 1e-6 and i > 0:
                        self.new_page()
                        top = self.y - pad + i * lead  # continue the row below the header
                    x = self.margin
                    for k, (col, lines) in enumerate(zip(columns, cells, strict=True)):
                        if i < len(lines):
                            dx, text = lines[i]
                            row.pages[k] = row.pages[k] or self.page
                            self._text(text, x + pad + dx, top - i * lead - size, size, self.font)
                        x += col.width
                self.y = top - depth * lead - pad - 2
                if row.note:
                    self.y -= 2
                    row.note_page = self.paragraph(row.note, size=size, gap=4)
                self.canvas.setLineWidth(0.3)
                self.canvas.line(
                    self.margin, self.y + 2, self.margin + sum(c.width for c in columns), self.y + 2
                )
        finally:
            self.on_new_page = None
        self.y -= 10

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()
