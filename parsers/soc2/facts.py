"""Stage 5c, the report's facts: organization, dates, categories in scope, each with its source."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from parsers.soc2.dates import Period, find_dates, find_periods, is_date_line
from parsers.soc2.layout import Line
from parsers.soc2.passage import Passage, line_source
from parsers.soc2.result import Category, Source

LEGAL_SUFFIX = re.compile(
    r"(?:,?\s(?:Inc\.?|Incorporated|L\.?L\.?C\.?|Ltd\.?|Limited|Corp(?:oration)?\.?|Co\.|Company"
    r"|GmbH|AG|S\.A\.|N\.V\.|B\.V\.|PLC|plc|LLP|Pty\.?(?: Ltd\.?)?|S\.A\.S\.|SAS|SE|Pte\.? Ltd\.?))$"
)
_ORG = r"(?P<org>[A-Z0-9][^()\"\n]{1,100}?)"
_EXAMINED = re.compile(
    r"(?i:we have examined\s+(?:the\s+)?(?:accompanying\s+)?[\"']?(?:(?:description of (?:the )?system"
    r" of|description of|effectiveness of|management's assertion that (?:the controls within )?)\s+)?)"
    rf"{_ORG}(?:'s?\b|\s*\(|\s+accompanying\b|\s+controls\b|\s+system\b"
    r"|,\s(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|LLP|N\.A|S\.A|GmbH|B\.V)\b))",
)
_ADDRESSEE = re.compile(
    r"^to(?: the (?:management|board of directors|audit committee|directors)"
    r"(?: and [a-z ]{3,40})?(?: of)?)?\s*:?\s*(?P<org>[A-Z0-9][^:]{1,80}?)\s*[:.]?$",
    re.I,
)
_PREPARED = re.compile(
    r"(?i:we have prepared the (?:accompanying |attached )?description (?:titled [\"']?)?"
    r"(?:of (?:the system of )?)?)"
    rf"[\"']?(?:description of )?{_ORG}(?:'s?\b|\s*\(|,|\s+-\s)",
)
_PRESENTS = re.compile(
    r"(?i:\bthe description (?:fairly )?presents\s+)"
    rf"{_ORG}(?:'s?\s)",
)
_COMPLIANCE_BY = re.compile(rf"(?i:\bcompliance (?:by|of)\s+){_ORG}\s+(?i:in accordance|with the)")
_ORG_TAIL = re.compile(
    r"(?:[\s,]+(?:the|a|an|its|and))+$|['\s,:;]+$"
    r"|(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bCo)(?<!\.[A-Z])\.$",
    re.I,
)


T = TypeVar("T")


@dataclass(frozen=True)
class Fact(Generic[T]):
    """A value read from the report and where it was read."""

    value: T
    source: Source | None


def _tidy_org(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" \"'")
    previous = None
    while previous != name:
        previous = name
        name = _ORG_TAIL.sub("", name).strip()
    if not name or len(name) > 90 or name.lower() in {"the", "management", "our", "you"}:
        return None
    return name


def _matches(
    pattern: re.Pattern[str], passage: Passage, limit: int | None = None
) -> list[Fact[str]]:
    out = []
    text = passage.text if limit is None else passage.text[:limit]
    for m in pattern.finditer(text):
        name = _tidy_org(m.group("org"))
        if name:
            out.append(Fact(name, passage.source(m.start("org"), m.end("org"))))
    return out


def _addressee(report: Sequence[Line]) -> list[Fact[str]]:
    out = []
    for line in report[:14]:
        m = _ADDRESSEE.match(line.text)
        if m and line.text[:2].lower() == "to":
            name = _tidy_org(m.group("org"))
            if name:
                out.append(Fact(name, line_source(line)))
    return out


def _cover(front: Sequence[Line]) -> list[Fact[str]]:
    """A line of the first page that is a company's legal name ("Acme Holdings, Inc.")."""
    first = front[0].page if front else 0
    out = []
    for line in front:
        if line.page != first:
            break
        if LEGAL_SUFFIX.search(line.text) and len(line.text.split()) <= 8:
            out.append(Fact(line.text.strip(), line_source(line)))
    return out


def service_organization(
    report: Passage, assertion: Passage, front: Sequence[Line]
) -> Fact[str] | None:
    """The examined company as written, from the opinion's scope, the addressee, management's
    assertion, the opinion paragraph or the cover; a short name gives way to its legal name."""
    ranked = [
        _matches(_EXAMINED, report),
        _addressee(report.lines),
        _matches(_PREPARED, assertion),
        _matches(_PRESENTS, report),
        _matches(_COMPLIANCE_BY, report),
        _cover(front),
    ]
    everything = [fact for group in ranked for fact in group]
    if not everything:
        return None
    chosen = everything[0]
    if not LEGAL_SUFFIX.search(chosen.value):
        key = chosen.value.lower()
        longer = [
            f
            for f in everything
            if f.value.lower().startswith(key) and LEGAL_SUFFIX.search(f.value)
        ]
        if longer:
            chosen = longer[0]
    return chosen


_LETTER_ORG = re.compile(
    r"(?P<org>[A-Z][\w&.,' -]{1,80}?)\s+\(\s*(?:the\s+)?\"?"
    r"(?:Company|Organization|Service Organization)\"?\s*\)"
)


def letter_organization(passage: Passage) -> Fact[str] | None:
    """The organization issuing a bridge letter: 'X (the "Company")'."""
    m = _LETTER_ORG.search(passage.text)
    if not m:
        return None
    name = _tidy_org(m.group("org"))
    return Fact(name, passage.source(m.start("org"), m.end("org"))) if name else None


def report_date(report: Sequence[Line], period: Period | None) -> Fact[dt.date] | None:
    """The signature date: the last line of the report that is only a date (maybe after a city)."""
    found = [(day, ln) for ln in report if (day := is_date_line(ln.text))]
    if not found:
        return None
    if period and len(found) > 1:
        after = [f for f in found if f[0] > period.end]
        if after:
            found = after
    day, line = found[-1]
    return Fact(day, line_source(line))


def review_period(passages: Sequence[Passage]) -> Fact[Period] | None:
    """The first "D1 to D2" range in the most authoritative text that has one."""
    for passage in passages:
        periods = find_periods(passage.text)
        if periods:
            period, start = periods[0]
            return Fact(period, passage.source(start, start + 20))
    return None


def as_of_date(passages: Sequence[Passage]) -> Fact[dt.date] | None:
    """The date after "as of" in the most authoritative text that has one."""
    for passage in passages:
        text = passage.text
        for m in re.finditer(r"\bas of\s+", text, re.I):
            dates = find_dates(text[m.end() : m.end() + 40])
            if dates and dates[0][1] == 0:
                return Fact(dates[0][0], passage.source(m.start(), m.end() + dates[0][2]))
    return None


# the TSP 100 title and the AICPA guide's title name all five categories whatever is in scope
_TITLE_PHRASE = re.compile(
    r"(?:trust services? (?:principles and )?criteria for|service organi[sz]ation relevant to)"
    r" security, availability, processing integrity,\s*(?:and |& )?confidentiality,?"
    r" (?:and |or |& )?privacy",
    re.I,
)
_CATEGORY = r"(?:security|availability|processing integrity|confidentiality|privacy)"
# phrases that say which categories apply, most explicit first: the first tier that matches in a
# text decides (a report may list all five before saying which of them apply)
_SCOPE_TIERS = (
    (
        re.compile(
            rf"(?:those|criteria|principles) (?:for|related to|relevant to) (?:the )?(?P<x>{_CATEGORY}"
            r"[a-z ,&]{0,100}?) (?:are|is) the applicable",
            re.I,
        ),
        re.compile(
            rf"(?P<x>{_CATEGORY}[a-z ,&]{{0,100}}?)(?: (?:principles?|categor(?:y|ies)))?\s*\(\s*"
            r"(?:the\s+)?[\"']?applicable trust services? (?:criteria|principles|categor)",
            re.I,
        ),
        re.compile(
            r"applicable trust (?:services )?(?:principles?|categor(?:y|ies)|criteria)\s*(?:\(s\))?"
            rf"\s*(?:are|is|:)\s+(?P<x>{_CATEGORY}[a-z ,&]{{0,100}})",
            re.I,
        ),
    ),
    (
        re.compile(
            r"relevant to (?:the )?(?P<x>[a-z ,&]{4,120}?)(?=\(|\btrust services\b|\bcriteria\b"
            r"|\bprinciples?\b|\bcategor|[.;:]|$)",
            re.I,
        ),
        re.compile(
            r"criteria for the (?P<x>[a-z ,&]{4,120}?) (?:principles?|categor(?:y|ies))", re.I
        ),
        re.compile(rf"trust services? criteria for (?P<x>{_CATEGORY}[a-z ,&]{{0,100}})", re.I),
    ),
)
_CATEGORY_WORDS = (
    (Category.SECURITY, re.compile(r"\bsecurity\b", re.I)),
    (Category.AVAILABILITY, re.compile(r"\bavailability\b", re.I)),
    (Category.PROCESSING_INTEGRITY, re.compile(r"\bprocessing integrity\b", re.I)),
    (Category.CONFIDENTIALITY, re.compile(r"\bconfidentiality\b", re.I)),
    (Category.PRIVACY, re.compile(r"\bprivacy\b", re.I)),
)


def categories(passages: Sequence[Passage], always_security: bool) -> Fact[tuple[Category, ...]]:
    """Categories in scope, from "relevant to ..." phrases, never from the TSP 100 title."""
    found: set[Category] = set()
    source: Source | None = None
    for passage in passages:
        # blank the title with spaces so that offsets still point into the passage
        text = _TITLE_PHRASE.sub(lambda m: " " * len(m.group()), passage.text)
        for tier in _SCOPE_TIERS:
            for pattern in tier:
                for m in pattern.finditer(text):
                    named = {c for c, word in _CATEGORY_WORDS if word.search(m.group("x"))}
                    if named:
                        found |= named
                        source = source or passage.source(m.start(), m.end())
            if found:
                break
        if found:
            break
    if always_security:
        found.add(Category.SECURITY)
    return Fact(tuple(c for c, _ in _CATEGORY_WORDS if c in found), source)
