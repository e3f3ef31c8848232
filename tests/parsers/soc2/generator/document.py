"""One document being written by the general renderer: its spec, layout profile, content, writer,
and the truth and source pages it has recorded so far, with the prose helpers every section uses
(dates in the document's style, headings, section titles, curly apostrophes)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.parsers.soc2.generator.content import Content
from tests.parsers.soc2.generator.layout import Profile
from tests.parsers.soc2.generator.wording import date_text, period_text
from tests.parsers.soc2.generator.writer import Writer

ROMAN = ["I", "II", "III", "IV", "V"]


@dataclass
class Doc:
    spec: Any
    p: Profile
    c: Content
    w: Writer
    rng: random.Random
    firm: str  # the firm's full name, or the signing individual's firm
    firm_short: str
    signer: str | None  # an individual CPA who signs without a firm
    system: str
    truth: dict[str, Any]
    sources: dict[str, int] = field(default_factory=dict)
    front: int = 0  # pages before Section I (printed page numbers start after them)
    sections: list[tuple[int, int]] = field(default_factory=list)  # (first page, section no.)

    # dates --------------------------------------------------------------------------------------
    def day(self, d: Any) -> str:
        return date_text(d, self.p.date_style)

    def span(self) -> str:
        return period_text(
            self.c.period[0], self.c.period[1], self.p.date_style, self.p.period_form
        )

    def when(self) -> str:
        """ "as of <date>" or "throughout the period <dates>", quoted the way some firms do."""
        if self.spec.type1:
            return f"as of {self.day(self.c.as_of)}"
        span = self.span()
        if self.p.quote_period:
            span = f"\u201c{span}\u201d"
        return f"throughout the period {span}"

    @property
    def type1(self) -> bool:
        return bool(self.spec.type1)

    # text ---------------------------------------------------------------------------------------
    def prose(self, text: str) -> str:
        """Narrative text with the house's apostrophes (truth-bearing strings stay as written)."""
        return text.replace("'", "\u2019") if self.p.curly else text

    def para(self, text: str, indent: float = 0, gap: float = 7, raw: bool = False) -> int:
        return self.w.paragraph(
            text if raw else self.prose(text),
            size=self.p.body_size,
            indent=indent,
            gap=gap,
            justify=self.p.justify,
        )

    def page_of(self, needle: str, raw: bool = False) -> int:
        return self.w.page_of(needle if raw else self.prose(needle))

    def heading(self, text: str, size: float | None = None, gap: float = 10) -> int:
        size = size or self.p.heading_size
        text = self.prose(text)
        if not self.p.spaced_headings:
            return self.w.heading(text, size=size, gap=gap)
        # word by word with wide gaps, as some word processors place headings: the text layer
        # then holds no space characters between the words
        w = self.w
        w.ensure(size + gap + 30)
        w.y -= gap
        x = w.margin
        for word in text.split(" "):
            w.canvas.setFont(w.bold, size)
            w.canvas.drawString(x, w.y - size, word)
            x += stringWidth(word, w.bold, size) + size * 0.55
        w.y -= size + 8
        return w.page

    def subheading(self, text: str) -> int:
        return self.heading(text, size=self.p.body_size + 1, gap=6)

    def section_ref(self, number: int) -> str:
        return f"Section {ROMAN[number - 1] if self.p.section_label == 'roman' else number}"

    def section(self, number: int, title: str, landscape: bool = False) -> int:
        """Open a section on a new page (after a divider page when the house uses them)."""
        w = self.w
        label = {
            "roman": f"Section {ROMAN[number - 1]} - {title}",
            "numeric": title,
            "none": title,
        }[self.p.section_label]
        if self.p.dividers:
            w.new_page(landscape=False)
            w.y -= 200
            self.heading(f"SECTION {number}", size=20)
            self.heading(title.upper(), size=18)
        w.new_page(landscape=landscape, rotated=self.p.rotated and landscape)
        self.sections.append((w.page, number))
        if self.p.section_label == "numeric" and not self.p.dividers:
            self.heading(f"SECTION {number}", size=self.p.heading_size + 2)
        self.heading(label)
        return w.page

    def footer(self, page: int) -> list[str]:
        number = page - self.front
        if not self.front or number < 1:
            return []
        if self.p.footer == "confidential":
            return ["Proprietary and Confidential", f"Page {number}"]
        if self.p.footer == "copyright":
            year = self.c.report_date.year
            firm = self.firm.removesuffix(".")
            return [f"\u00a9 {year} {firm}. All rights reserved.   {number}"]
        if self.p.footer == "none":
            return []
        return [str(number)]

    def source(self, field_name: str, page: int) -> None:
        self.sources.setdefault(field_name, page)
