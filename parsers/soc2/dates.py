"""Dates as SOC reports print them: "October 1, 2017", "1 January 2018", "2018-09-30", periods."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# a footnote mark glued to the year ("20182") is tolerated: one extra digit after the year
_YEAR = r"(?:19|20)\d{2}(?=\d?(?!\d))\d?"
_MDY = rf"(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<y1>{_YEAR})"
_DMY = rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})"
_ISO = r"(?P<y3>(?:19|20)\d{2})-(?P<m3>\d{2})-(?P<d3>\d{2})"
DATE = rf"(?:{_MDY}|{_DMY}|{_ISO})"
_DATE_RE = re.compile(rf"(?<![\w-]){DATE}", re.I)
_SEP = r"\s*,?\s*(?:to|through|thru|until|and|-|\u2013|\u2014)\s*"
# the first date of a range may omit its year: "1 January to 31 December 2018"
_SHORT = rf"(?:(?P<sm1>{_MONTH})\s+(?P<sd1>\d{{1,2}})|(?P<sd2>\d{{1,2}})\s+(?P<sm2>{_MONTH}))"


@dataclass(frozen=True)
class Period:
    """A review period, first and last day included."""

    start: dt.date
    end: dt.date


def _month(token: str) -> int:
    return _MONTHS[token[:3].lower()]


def _year(token: str) -> int:
    return int(token[:4])


def _from_match(m: re.Match[str]) -> dt.date | None:
    g = m.groupdict()
    try:
        if g.get("m1"):
            return dt.date(_year(g["y1"]), _month(g["m1"]), int(g["d1"]))
        if g.get("m2"):
            return dt.date(_year(g["y2"]), _month(g["m2"]), int(g["d2"]))
        if g.get("y3"):
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except ValueError:
        return None
    return None


def find_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every well-formed date in text, with its span."""
    out = []
    for m in _DATE_RE.finditer(text):
        day = _from_match(m)
        if day:
            out.append((day, m.start(), m.end()))
    return out


def parse_date(text: str) -> dt.date | None:
    """The first date in text, or None."""
    found = find_dates(text)
    return found[0][0] if found else None


def is_date_line(text: str) -> dt.date | None:
    """The date when a line is only a date, optionally after a place ("Seattle, Washington")."""
    found = find_dates(text)
    if len(found) != 1:
        return None
    day, start, end = found[0]
    before, after = text[:start].strip(" ,"), text[end:].strip(" .,")
    before = re.sub(r"^(?:date[d]?|signed|issued)\s*(?:on)?\s*:?\s*", "", before, flags=re.I)
    if after or len(before.split()) > 6 or re.search(r"\d", before):
        return None
    place = r"[A-Z][\w.'-]*(?:\s+(?:[A-Z][\w.'-]*|of|de|la|upon|on))*"
    if before and not re.fullmatch(rf"{place}(?:,\s*{place})?\.?", before):
        return None
    return day


_PERIOD_FULL = re.compile(
    rf"(?<![\w-])(?P<a>{DATE}){_SEP}(?P<b>{DATE.replace('?P<', '?P<b_')})", re.I
)
_PERIOD_SHORT = re.compile(rf"(?<![\w-]){_SHORT}{_SEP}(?P<b>{DATE.replace('?P<', '?P<b_')})", re.I)


def _second(m: re.Match[str]) -> dt.date | None:
    g = {k[2:]: v for k, v in m.groupdict().items() if k.startswith("b_") and v}
    try:
        if "m1" in g:
            return dt.date(_year(g["y1"]), _month(g["m1"]), int(g["d1"]))
        if "m2" in g:
            return dt.date(_year(g["y2"]), _month(g["m2"]), int(g["d2"]))
        if "y3" in g:
            return dt.date(int(g["y3"]), int(g["m3"]), int(g["d3"]))
    except ValueError:
        return None
    return None


def find_periods(text: str) -> list[tuple[Period, int]]:
    """Every "D1 to D2" range in text (D1 before D2), with its start offset."""
    out: list[tuple[Period, int]] = []
    for m in _PERIOD_FULL.finditer(text):
        first = parse_date(m.group("a"))
        last = _second(m)
        if first and last and first < last:
            out.append((Period(first, last), m.start()))
    for m in _PERIOD_SHORT.finditer(text):
        last = _second(m)
        month = m.group("sm1") or m.group("sm2")
        day = m.group("sd1") or m.group("sd2")
        if not last:
            continue
        try:
            first = dt.date(last.year, _month(month), int(day))
        except ValueError:
            continue
        if first >= last:
            try:
                first = first.replace(year=last.year - 1)
            except ValueError:
                continue
        if not any(p.end == last and pos <= m.start() + 3 for p, pos in out):
            out.append((Period(first, last), m.start()))
    out.sort(key=lambda item: item[1])
    return out
