"""The service auditor: whoever signed the opinion, read from the report's own structure.

Where a report names its auditor, in order of authority:
1. the signature block at the end of the auditor's report (a firm; else an individual CPA
   when no firm signs): the lines around the report date;
2. the letterhead above the report's heading (or a running header on its pages);
3. the auditor named where a report speaks of itself: "rights against X", "X does not assume any
   duties", "performed by X", "X conducted the examination", "X utilizes professional judgment",
   a "© 2024 X" footer, a "Tests Performed by X" column label.
A name with a legal suffix (LLP, LLC, P.C., CPAs, ...) beats a bare short name, which is only
used to find its long form elsewhere. No list of known firms is consulted: a firm we have never
heard of is found the same way. The service organization and its subservice organizations are
never the auditor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.dates import is_date_line
from parsers.soc2.layout import Line
from parsers.soc2.passage import Passage, line_source
from parsers.soc2.result import Source

SUFFIX = (
    r"(?:L\.?L\.?P\.?|L\.?L\.?C\.?|P\.?L\.?L\.?C\.?|P\.C\.|P\.A\.|S\.C\.|CPAs?|Ltd\.?|LTD\.?"
    r"|Limited|Inc\.?|INC\.?|Certified Public Accountants|Chartered Accountants"
    r"|&\s+Co(?:mpany)?\.?|AG|GmbH|S\.A\.|B\.V\.|N\.V\.)"
)
_WORD = r"[A-Z][A-Za-z0-9&'.\-]*"
_JOIN = r"(?:and|of|&|the|for|de|du|van|von)"
# a name: capitalised words (with connectors), then optionally ", SUFFIX" or ", XYZ SUFFIX"; the
# lazy form ends where a phrase after it begins, the greedy one runs to the end of the name
_TAIL = rf"(?:,?\s+(?:[A-Z]{{2,5}}\s+)?{SUFFIX})"
NAME = rf"{_WORD}(?:\s+(?:{_WORD}|{_JOIN}))*?{_TAIL}?"
GREEDY_NAME = rf"{_WORD}(?:\s+(?:{_WORD}|{_JOIN}))*{_TAIL}*"
_HAS_SUFFIX = re.compile(rf"(?:^|[\s,]){SUFFIX}$")
_FIRM_LINE = re.compile(
    rf"^(?:/s/\s*)?(?P<name>{_WORD}(?:[\s,]+(?:{_WORD}|{_JOIN}))*?,?\s+{SUFFIX})\.?$"
)
_CREDENTIAL = (
    r"(?:CPA|C\.P\.A\.|Certified Public Accountant|Chartered Accountant|CA|CISA|Partner"
    r"|Principal|Director|Managing Partner|Engagement Partner)"
)
_PERSON_LINE = re.compile(
    rf"^(?:/s/\s*)?(?P<name>[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+){{1,3}})"
    rf"\s*,\s*(?:{_CREDENTIAL})(?:\s*(?:&|and|,)\s*{_CREDENTIAL})*\.?$"
)
_BARE_PERSON = re.compile(r"^(?:/s/\s*)?(?P<name>[A-Z][a-z.'\-]+(?:\s+[A-Z][a-z.'\-]+){1,3})$")
_CREDENTIAL_LINE = re.compile(
    rf"^(?:{_CREDENTIAL})(?:\s*(?:&|and|,)\s*{_CREDENTIAL})*(?:,?\s*(?:license|licence)\b.*)?$",
    re.I,
)
_CONTEXTS = (
    re.compile(rf"\brights against (?:the )?(?P<name>{GREEDY_NAME})"),
    re.compile(
        rf"(?P<name>{NAME})\s+(?:does|do) not assume any (?:duties|responsibilit|obligation)"
    ),
    re.compile(
        r"(?i:\b(?:examination|engagement|tests?|testing|procedures|audit)\s+(?:was |were |is |are )?"
        rf"(?:performed|prepared|conducted|applied) by )(?P<name>{GREEDY_NAME})"
    ),
    re.compile(
        rf"(?P<name>{NAME})\s+(?:conducted|performed) (?:the|its|our) (?:examination|testing)"
    ),
    re.compile(rf"(?P<name>{NAME})\s+utili[sz]es professional judgment"),
    re.compile(rf"(?:\u00a9|\(c\)|copyright)\s*(?:\d{{4}}\s+)?(?P<name>{GREEDY_NAME})", re.I),
)
_NOT_A_NAME = re.compile(
    r"^(?:the|our|we|management|service|independent|section|report|page|table|all|this|these"
    r"|such|each|any|if|in|for|to|by|aicpa|further|however|also|accordingly)\b",
    re.I,
)


@dataclass(frozen=True)
class Found:
    """The auditor's name as printed, and where it was read."""

    name: str
    source: Source


# suffixes printed without a period of their own: "Example LLP." ends a sentence
_BARE_SUFFIX = re.compile(r"\b(?:LLP|LLC|PLLC|CPAs?|Limited|AG|GmbH)\.$")


def _clean(name: str) -> str:
    name = " ".join(name.split()).strip(" ,;:")
    # a copyright line runs on into its own notice: "X LLC. All rights reserved."
    name = re.sub(r"[.,]?\s+All\s+rights\s+reserved\b.*$", "", name, flags=re.I)
    name = re.sub(rf"(?:\s+{_JOIN})+$", "", name)
    if name.endswith(".") and (_BARE_SUFFIX.search(name) or not _HAS_SUFFIX.search(name)):
        name = name[:-1]
    return name


def _is_party(name: str, parties: Sequence[str]) -> bool:
    """True when name is (part of) the service organization or a subservice organization."""
    low = name.lower()
    for party in parties:
        p = party.lower()
        if p and (low in p or p in low):
            return True
    return False


def _firm(line: Line, parties: Sequence[str]) -> str | None:
    if re.search(r"\d", line.text) or len(line.text) > 80 or _PERSON_LINE.match(line.text):
        return None
    m = _FIRM_LINE.match(line.text)
    if not m or _NOT_A_NAME.match(m.group("name")):
        return None
    name = _clean(m.group("name"))
    return None if _is_party(name, parties) else name


def _person(lines: Sequence[Line], index: int) -> str | None:
    """An individual's signature: "Jane Doe, CPA", or "Jane Doe" over a credential line."""
    text = lines[index].text
    m = _PERSON_LINE.match(text)
    if m:
        return m.group("name")
    bare = _BARE_PERSON.match(text)
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    if bare and _CREDENTIAL_LINE.match(following):
        return bare.group("name")
    return None


def _signature_window(report: Sequence[Line]) -> list[Line]:
    """The lines around the report's last date line: where firms and people sign."""
    dated = [i for i, ln in enumerate(report) if is_date_line(ln.text)]
    if not dated:
        return []
    at = dated[-1]
    window = report[max(0, at - 8) : at + 5]
    return [ln for ln in window if len(ln.text.split()) <= 12 and ln.page >= report[at].page - 1]


def _letterhead(report: Sequence[Line], furniture: Sequence[Line]) -> list[Line]:
    """The first lines of the report's first pages (a divider page may come before the
    letterhead), and the running headers of its pages."""
    top: list[Line] = []
    pages: dict[int, int] = {}
    for line in report:
        seen = pages.setdefault(line.page, 0)
        if len(pages) > 3:
            break
        if seen < 8:
            top.append(line)
        pages[line.page] = seen + 1
    report_pages = set(pages)
    return [*top, *(ln for ln in furniture if ln.page in report_pages)]


def find_auditor(
    report: Sequence[Line],
    furniture: Sequence[Line],
    texts: Sequence[Passage],
    parties: Sequence[str],
) -> Found | None:
    """The service auditor as printed, and where; None when the report never names one."""
    window = _signature_window(report)
    for line in window:
        firm = _firm(line, parties)
        if firm:
            return Found(firm, line_source(line))
    for line in _letterhead(report, furniture):
        firm = _firm(line, parties)
        if firm:
            return Found(firm, line_source(line))
    for index, line in enumerate(window):
        person = _person(window, index)
        if person and not _is_party(person, parties):
            return Found(person, line_source(line))
    return _named_in_text(texts, parties)


def _named_in_text(texts: Sequence[Passage], parties: Sequence[str]) -> Found | None:
    """The auditor where the report speaks of it; a suffixed name beats a short one."""
    short: Found | None = None
    for passage in texts:
        for pattern in _CONTEXTS:
            for m in pattern.finditer(passage.text):
                name = _clean(m.group("name"))
                if _NOT_A_NAME.match(name) or len(name) < 3 or _is_party(name, parties):
                    continue
                source = passage.source(m.start("name"), m.end("name"))
                if source is None:
                    continue
                if _HAS_SUFFIX.search(name):
                    return Found(name, source)
                short = short or Found(name, source)
    if short is None:
        return None
    return _long_form(short, texts) or short


def _long_form(short: Found, texts: Sequence[Passage]) -> Found | None:
    """A short name's suffixed long form elsewhere: "Schellman" -> "Schellman & Company, LLC"."""
    pattern = re.compile(rf"(?<![\w&]){re.escape(short.name)}(?:\s+(?:{_WORD}|{_JOIN}))*?{_TAIL}+")
    for passage in texts:
        m = pattern.search(passage.text)
        if m:
            source = passage.source(m.start(), m.end())
            if source:
                return Found(_clean(m.group()), source)
    return None
