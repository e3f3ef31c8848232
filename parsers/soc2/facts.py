"""Stage 5c, the report's facts: organization, auditor, dates, categories in scope."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from parsers.soc2.dates import Period, find_dates, find_periods, is_date_line
from parsers.soc2.layout import Line
from parsers.soc2.result import Category

KNOWN_FIRMS = (
    "A-LIGN", "Schellman", "Deloitte & Touche LLP", "Ernst & Young LLP", "KPMG LLP",
    "PricewaterhouseCoopers LLP", "BARR Advisory", "Johanson Group", "Prescient Assurance",
    "Advantage Partners", "Insight Assurance", "Sensiba", "Moss Adams LLP", "Linford & Co",
    "Coalfire", "KirkpatrickPrice", "Armanino LLP", "Grant Thornton LLP", "BDO USA",
    "Crowe LLP", "RSM US LLP", "Baker Tilly", "CohnReznick", "Marcum LLP", "Wipfli LLP",
    "Plante Moran", "CBIZ", "Eide Bailly", "Laika", "Prescient Security",
)  # fmt: skip
_FIRM_SUFFIX = re.compile(
    r"^(?P<name>[A-Z][\w&.,'\u2019 -]{1,70}?,?\s"
    r"(?:LLP|L\.L\.P\.|LLC|L\.L\.C\.|PLLC|P\.C\.|P\.A\.|CPAs?"
    r"|Ltd\.?|Limited|Certified Public Accountants))\.?$"
)
_EXAMINED = re.compile(
    r"(?i:we have examined\s+(?:the\s+)?(?:accompanying\s+)?(?:(?:description of (?:the )?system of"
    r"|description of|effectiveness of|management's assertion that (?:the controls within )?)\s+)?)"
    r"(?P<org>[A-Z0-9][^()\"]{1,100}?)(?:'s?\b|\s*\(|\s+accompanying\b|\s+controls\b|\s+system\b"
    r"|,\s(?!(?:Inc|LLC|L\.L\.C|Ltd|Corp|Co|LLP|N\.A|S\.A|GmbH|B\.V)\b))",
)
_ADDRESSEE = re.compile(
    r"\bto the (?:management|board of directors|audit committee)(?: of)?:?\s+"
    r"(?P<org>[A-Z0-9][^:\n]{1,80}?)(?::|\s{2}|$)",
    re.I,
)
_PREPARED = re.compile(
    r"(?i:we have prepared the (?:accompanying )?description of (?:the system of )?)"
    r"(?P<org>[A-Z0-9][^()\"]{1,100}?)(?:'s?\b|\s*\()",
)
_ORG_TAIL = re.compile(
    r"(?:[\s,]+(?:the|a|an|its|and))+$|['\s,:;]+$|(?<!\bInc)(?<!\bCorp)(?<!\bLtd)(?<!\bCo)(?<!\.[A-Z])\.$",
    re.I,
)

_TITLE_PHRASE = re.compile(
    r"trust services (?:principles and )?criteria for security, availability, processing integrity,"
    r"\s*confidentiality,? and privacy",
    re.I,
)
_SCOPE_PHRASES = (
    re.compile(
        r"relevant to (?:the )?(?P<x>[a-z ,&]{4,120}?)(?=\(|\btrust services\b|\bcriteria\b"
        r"|\bprinciples?\b|\bcategor|[.;:]|$)",
        re.I,
    ),
    re.compile(r"criteria for the (?P<x>[a-z ,&]{4,120}?) (?:principles?|categor(?:y|ies))", re.I),
    re.compile(
        r"applicable trust (?:services )?(?:principles?|categor(?:y|ies)|criteria)\s*(?:\(s\))?"
        r"\s*(?:are|is|:)?\s+(?P<x>(?:security|availability|processing integrity|"
        r"confidentiality|privacy)[a-z ,&]{0,100})",
        re.I,
    ),
)
_CATEGORY_WORDS = (
    (Category.SECURITY, re.compile(r"\bsecurity\b", re.I)),
    (Category.AVAILABILITY, re.compile(r"\bavailability\b", re.I)),
    (Category.PROCESSING_INTEGRITY, re.compile(r"\bprocessing integrity\b", re.I)),
    (Category.CONFIDENTIALITY, re.compile(r"\bconfidentiality\b", re.I)),
    (Category.PRIVACY, re.compile(r"\bprivacy\b", re.I)),
)


def _tidy_org(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" \"'“”")
    previous = None
    while previous != name:
        previous = name
        name = _ORG_TAIL.sub("", name).strip()
    if not name or len(name) > 90 or name.lower() in {"the", "management", "our"}:
        return None
    return name


def service_organization(report_text: str, assertion_text: str) -> str | None:
    """The examined company as written: "We have examined X ...", addressee, or the assertion."""
    for pattern, text in (
        (_EXAMINED, report_text),
        (_ADDRESSEE, report_text),
        (_PREPARED, assertion_text),
    ):
        m = pattern.search(text)
        if m:
            name = _tidy_org(m.group("org"))
            if name:
                return name
    return None


_LETTER_ORG = re.compile(
    r"(?P<org>[A-Z][\w&.,' -]{1,80}?)\s+\(\s*(?:the\s+)?\"?"
    r"(?:Company|Organization|Service Organization)\"?\s*\)"
)


def letter_organization(text: str) -> str | None:
    """The organization issuing a bridge letter: 'X (the "Company")'."""
    m = _LETTER_ORG.search(text)
    return _tidy_org(m.group("org")) if m else None


def _firm_line(text: str) -> str | None:
    m = _FIRM_SUFFIX.match(text.strip())
    if m and not re.search(r"\d", text):
        return m.group("name").strip()
    for firm in KNOWN_FIRMS:
        if (
            text.strip().lower().startswith(firm.lower())
            and len(text.split()) <= len(firm.split()) + 2
        ):
            return text.strip().rstrip(".")
    return None


def service_auditor(
    report: Sequence[Line], everything: str, organization: str | None
) -> str | None:
    """The CPA firm: a signature or letterhead line in the report, else a known firm in the text."""
    org = (organization or "").lower()
    candidates = [name for ln in report if (name := _firm_line(ln.text))]
    candidates = [c for c in candidates if c.lower() not in org and org not in c.lower()]
    if candidates:
        return candidates[-1]
    report_text = " ".join(ln.text for ln in report)
    for text in (report_text, everything):
        for firm in KNOWN_FIRMS:
            idx = text.lower().find(firm.lower())
            if idx >= 0:
                return text[idx : idx + len(firm)]
    return None


def report_date(report: Sequence[Line], period: Period | None) -> dt.date | None:
    """The signature date: the last line of the report that is only a date (maybe after a city)."""
    found = [day for ln in report if (day := is_date_line(ln.text))]
    if not found:
        return None
    if period and len(found) > 1:
        after = [d for d in found if d > period.end]
        if after:
            return after[-1]
    return found[-1]


def review_period(texts: Sequence[str]) -> Period | None:
    """The first "D1 to D2" range in the most authoritative text that has one."""
    for text in texts:
        periods = find_periods(text)
        if periods:
            return periods[0][0]
    return None


def as_of_date(texts: Sequence[str]) -> dt.date | None:
    """The date after "as of" in the most authoritative text that has one."""
    for text in texts:
        for m in re.finditer(r"\bas of\s+", text, re.I):
            dates = find_dates(text[m.end() : m.end() + 40])
            if dates and dates[0][1] == 0:
                return dates[0][0]
    return None


def categories(texts: Sequence[str], always_security: bool) -> tuple[Category, ...]:
    """Categories in scope, from "relevant to ..." phrases, never from the TSP 100 title."""
    found: set[Category] = set()
    for text in texts:
        text = _TITLE_PHRASE.sub(" ", text)
        for pattern in _SCOPE_PHRASES:
            for m in pattern.finditer(text):
                for category, word in _CATEGORY_WORDS:
                    if word.search(m.group("x")):
                        found.add(category)
        if found:
            break
    if always_security:
        found.add(Category.SECURITY)
    return tuple(c for c, _ in _CATEGORY_WORDS if c in found)
