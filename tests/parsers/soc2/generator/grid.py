"""Tables of the general renderer, drawn line slot by line slot on a Writer so rows can split
across pages. Beyond `Writer.table` they have cells spanning columns, rows made of stacked
sub-rows (one control with several tests and results), vertically centred cells, banner rows,
ruled or unruled grids and filled headers. Each cell records the page of each of its paragraphs,
which is what the truth records."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.parsers.soc2.generator.writer import Writer

RGB = tuple[float, float, float]


@dataclass
class GridCell:
    """Paragraphs (each starts a new line; a leading "\u2022 " makes a hanging bullet)."""

    paras: Sequence[str] = ()
    span: int = 1
    vcenter: bool = False
    bold: bool = False
    pages: list[int] = field(default_factory=list)  # filled in: page of each paragraph


@dataclass
class GridRow:
    """Lead cells span the whole row; each sub-row fills the columns after them."""

    lead: Sequence[GridCell]
    subs: Sequence[Sequence[GridCell]] = ()
    fill: RGB | None = None  # banner rows are shaded by some firms
    keep: bool = False  # never split across pages
    note: str | None = None  # a full-width paragraph under the row
    note_page: int = 0


@dataclass
class GridStyle:
    size: float = 8.5
    leading: float = 1.25
    padding: float = 4.0
    rules: str = "grid"  # "grid", "rows", "header" (a line under the header only), "none"
    header_fill: RGB | None = None
    header_color: RGB = (0.0, 0.0, 0.0)
    header_align: str = "left"
    repeat_header: bool = True
    split_rows: bool = True
    bottom: float = 60.0


def house_grid(p: Any, *, paging: bool) -> GridStyle:
    """A house style's table look; with `paging`, also how its tables break across pages (the
    tests of controls follow the house; other tables repeat their header and split rows)."""
    return GridStyle(
        size=p.table_size,
        rules=p.rules,
        header_fill=p.header_fill,
        header_color=(1, 1, 1) if p.header_fill else (0, 0, 0),
        header_align=p.header_align,
        repeat_header=p.repeat_header if paging else True,
        split_rows=p.split_rows if paging else True,
    )


@dataclass
class _Line:
    dx: float
    text: str
    para: int  # index of the paragraph, -1 for a blank spacer


def _wrap(w: Writer, cell: GridCell, width: float, size: float) -> list[_Line]:
    font = w.bold if cell.bold else w.font
    out: list[_Line] = []
    for i, para in enumerate(cell.paras):
        bullet = para.startswith("\u2022 ")
        if i and not (bullet and cell.paras[i - 1].startswith("\u2022 ")):
            out.append(_Line(0, "", -1))  # a blank line between paragraphs
        body = para[2:] if bullet else para
        indent = 9.0 if bullet else 0.0
        for k, text in enumerate(simpleSplit(body, font, size, width - indent) or [""]):
            out.append(_Line(indent, ("\u2022 " + text) if bullet and k == 0 else text, i))
            if bullet and k == 0:
                out[-1].dx = 0.0
    return out


def _header(w: Writer, widths: Sequence[float], labels: Sequence[str], style: GridStyle) -> None:
    size, pad = style.size, style.padding
    wrapped = [
        simpleSplit(lb, w.bold, size, wd - 2 * pad) for lb, wd in zip(labels, widths, strict=True)
    ]
    depth = max(len(x) for x in wrapped)
    height = depth * size * 1.2 + 2 * pad
    w.ensure(height + 40)
    top, x0, total = w.y, w.margin, sum(widths)
    c = w.canvas
    if style.header_fill:
        c.setFillColorRGB(*style.header_fill)
        c.rect(x0, top - height, total, height, stroke=0, fill=1)
    c.setFillColorRGB(*style.header_color)
    x = x0
    for lines, wd in zip(wrapped, widths, strict=True):
        offset = (depth - len(lines)) * size * 1.2 / 2
        for i, text in enumerate(lines):
            lx = x + pad
            if style.header_align == "center":
                lx = x + (wd - stringWidth(text, w.bold, size)) / 2
            c.setFont(w.bold, size)
            c.drawString(lx, top - pad - offset - size - i * size * 1.2, text)
        x += wd
    c.setFillColorRGB(0, 0, 0)
    c.setLineWidth(0.5)
    if style.rules != "none" or not style.header_fill:
        c.line(x0, top - height, x0 + total, top - height)
    if style.rules == "grid":
        c.line(x0, top, x0 + total, top)
        x = x0
        for wd in [0.0, *widths]:
            x += wd
            c.line(x, top, x, top - height)
    w.y = top - height


def draw_grid(
    w: Writer,
    widths: Sequence[float],
    labels: Sequence[str],
    rows: Sequence[GridRow],
    style: GridStyle,
) -> None:
    """Draw the table from w.y down, opening pages as needed; fills each cell's pages."""
    _header(w, widths, labels, style)
    w.on_new_page = (lambda: _header(w, widths, labels, style)) if style.repeat_header else None
    try:
        for row in rows:
            _draw_row(w, widths, row, style)
    finally:
        w.on_new_page = None
    w.y -= 10


def _regions(row: GridRow, heights: list[int]) -> list[tuple[GridCell, int, int, int]]:
    """(cell, first column, first slot, slot count) for every cell of the row."""
    total = max(heights[0], sum(heights[1:]) if len(heights) > 1 else 0, 1)
    out = []
    col = 0
    for cell in row.lead:
        out.append((cell, col, 0, total))
        col += cell.span
    start = 0
    for s, sub in enumerate(row.subs):
        length = heights[1 + s] if s < len(row.subs) - 1 else total - start
        k = col
        for cell in sub:
            out.append((cell, k, start, length))
            k += cell.span
        start += length
    return out


def _draw_row(w: Writer, widths: Sequence[float], row: GridRow, style: GridStyle) -> None:
    size, pad = style.size, style.padding
    lead = size * style.leading
    xs = [w.margin + sum(widths[:i]) for i in range(len(widths) + 1)]

    def cell_width(col: int, span: int) -> float:
        return xs[col + span] - xs[col] - 2 * pad

    col = 0
    lead_lines = []
    for cell in row.lead:
        lead_lines.append(_wrap(w, cell, cell_width(col, cell.span), size))
        col += cell.span
    heights = [max((len(x) for x in lead_lines), default=1)]
    sub_lines = []
    for s, sub in enumerate(row.subs):
        k, lines = col, []
        for cell in sub:
            lines.append(_wrap(w, cell, cell_width(k, cell.span), size))
            k += cell.span
        sub_lines.append(lines)
        gap = 1 if s < len(row.subs) - 1 else 0  # a spacer slot holds the rule between sub-rows
        heights.append(max((len(x) for x in lines), default=1) + gap)
    regions = _regions(row, heights)
    all_lines = lead_lines + [x for sub in sub_lines for x in sub]
    total = max(start + length for _c, _k, start, length in regions)

    def avail() -> int:
        return int((w.y - 2 * pad - style.bottom) // lead)

    if total > avail():
        fresh = int((w.height - w.top - 60 - style.bottom) // lead)
        if ((not style.split_rows or row.keep) and total <= fresh) or avail() < 2:
            w.new_page()
    room = avail()
    placements: dict[int, list[tuple[float, _Line, GridCell]]] = {}
    for (cell, k, start, length), cell_lines in zip(regions, all_lines, strict=True):
        offset = 0
        if cell.vcenter:  # centred in the part of its region that is on this page
            cap = length if start >= room else min(length, room - start)
            offset = max(0, (cap - len(cell_lines)) // 2) if len(cell_lines) <= cap else 0
        for i, one in enumerate(cell_lines):
            placements.setdefault(start + offset + i, []).append((xs[k] + pad, one, cell))
        cell.pages = [0] * len(cell.paras)
    if row.fill:
        w.canvas.setFillColorRGB(*row.fill)
        w.canvas.rect(
            xs[0],
            w.y - total * lead - 2 * pad,
            xs[-1] - xs[0],
            total * lead + 2 * pad,
            stroke=0,
            fill=1,
        )
        w.canvas.setFillColorRGB(0, 0, 0)
    slot_top: dict[int, float] = {}
    frag_first, frag_top, y = 0, w.y, w.y - pad
    for i in range(total):
        if y - lead < style.bottom:
            _rules(w, xs, regions, style, frag_first, i, frag_top, y - pad, slot_top, lead)
            w.new_page()
            frag_first, frag_top, y = i, w.y, w.y - pad
        slot_top[i] = y
        for x, placed, cell in placements.get(i, []):
            if placed.text:
                w.canvas.setFont(w.bold if cell.bold else w.font, size)
                w.canvas.drawString(x + placed.dx, y - size, placed.text)
            if placed.para >= 0 and not cell.pages[placed.para]:
                cell.pages[placed.para] = w.page
        y -= lead
    _rules(w, xs, regions, style, frag_first, total, frag_top, y - pad, slot_top, lead)
    w.y = y - pad
    if row.note:
        w.y -= 3
        row.note_page = w.paragraph(row.note, size=size, gap=5)


def _rules(
    w: Writer,
    xs: list[float],
    regions: list[tuple[GridCell, int, int, int]],
    style: GridStyle,
    first: int,
    end: int,
    top: float,
    bottom: float,
    slot_top: dict[int, float],
    lead: float,
) -> None:
    """Borders of the part of a row drawn on this page (slots first..end-1)."""
    if style.rules in ("none", "header") or end <= first:
        return
    c = w.canvas
    c.setLineWidth(0.4)
    c.line(xs[0], bottom, xs[-1], bottom)
    if style.rules == "rows":
        return
    c.line(xs[0], top, xs[-1], top)
    c.line(xs[-1], top, xs[-1], bottom)

    def border(slot: int) -> float:  # the middle of the spacer slot above `slot`
        return slot_top[slot - 1] - lead / 2

    for _cell, k, start, length in regions:
        a, b = max(first, start), min(end, start + length)
        if a >= b:
            continue
        y0 = top if a == first else border(a)
        y1 = bottom if b == end else border(b)
        c.line(xs[k], y0, xs[k], y1)
        if start > 0 and a == start:
            c.line(xs[k], y0, xs[-1], y0)  # the rule between two sub-rows
