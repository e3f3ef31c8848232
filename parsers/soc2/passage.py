"""Passages: lines joined into one searchable text that still knows where each character was,
so a fact found by a regular expression can say its page and quote the report's own words."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.layout import Line
from parsers.soc2.result import Source

QUOTE_LIMIT = 300
_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+(?=[\"'(]?[A-Z0-9])")


@dataclass(frozen=True)
class Passage:
    """Lines in reading order as one text (one space between lines), with each line's offset."""

    lines: tuple[Line, ...]
    text: str
    starts: tuple[int, ...]

    @classmethod
    def of(cls, lines: Sequence[Line]) -> Passage:
        """Join lines into a passage."""
        starts: list[int] = []
        parts: list[str] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            parts.append(line.text)
            offset += len(line.text) + 1
        return cls(tuple(lines), " ".join(parts), tuple(starts))

    def __bool__(self) -> bool:
        return bool(self.lines)

    def line_at(self, offset: int) -> Line | None:
        """The line holding the character at offset."""
        if not self.lines:
            return None
        index = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return self.lines[index]

    def page_at(self, offset: int) -> int | None:
        """The page of the character at offset."""
        line = self.line_at(offset)
        return line.page if line else None

    def quote(self, start: int, end: int) -> str:
        """The sentence around text[start:end] (more if the match spans several), at most
        QUOTE_LIMIT characters, trimmed at word boundaries around the match."""
        text = self.text
        begin = 0
        for m in _SENTENCE_END.finditer(text, 0, start):
            begin = m.end()
        stop = len(text)
        found = _SENTENCE_END.search(text, end)
        if found:
            stop = found.start()
        if stop - begin > QUOTE_LIMIT:
            room = max(0, QUOTE_LIMIT - (end - start))
            begin = max(begin, start - room // 2)
            stop = min(stop, begin + QUOTE_LIMIT)
            begin = max(begin, stop - QUOTE_LIMIT)
            # whole words only
            if begin > 0 and text[begin - 1] != " ":
                space = text.find(" ", begin, start)
                begin = space + 1 if space >= 0 else begin
            if stop < len(text) and text[stop : stop + 1] != " ":
                space = text.rfind(" ", end, stop)
                stop = space if space >= 0 else stop
        return " ".join(text[begin:stop].split())[:QUOTE_LIMIT]

    def source(self, start: int, end: int) -> Source | None:
        """Where text[start:end] was read: its page and the sentence it stands in."""
        page = self.page_at(start)
        return Source(page, self.quote(start, end)) if page is not None else None


def line_source(line: Line) -> Source:
    """A whole line as the source of a fact (a title, a signature, a date line)."""
    return Source(line.page, line.text[:QUOTE_LIMIT])
