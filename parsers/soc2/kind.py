"""Stage 5b, what the document is: SOC 1, 2 or 3, a bridge letter or unknown; Type I or Type II."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsers.soc2.layout import Line
from parsers.soc2.result import Kind, ReportType
from parsers.soc2.sections import Document, Part

_LABEL = re.compile(r"\bSOC\s*(?P<n>[123])\b(?:\s*®)?", re.I)
_SOC_TITLE = re.compile(
    r"\bsystem and organi[sz]ation controls?\b|\bservice organi[sz]ation controls?\b", re.I
)
_BRIDGE = re.compile(r"\b(?:bridge|gap)\s+letter\b|\bletter of representation\b", re.I)
_NO_CHANGES = re.compile(r"\b(?:no|not aware of any) (?:material |significant )?changes\b", re.I)
_SOC1_WORDS = re.compile(r"internal control over financial reporting|\bcontrol objectives?\b", re.I)
_TSC_WORDS = re.compile(r"\btrust services? (?:criteria|principles?|categor)", re.I)
_GENERAL_USE_SOC3 = re.compile(
    r"maintained,? in all material respects,? effective controls|management's assertion[^.]{0,200}"
    r"is fairly stated",
    re.I,
)
_RESTRICTED = re.compile(r"^restricted use\b|intended solely for the information and use", re.I)
_TYPE2 = re.compile(r"\b(?:throughout|during|for) the (?:review |examination )?period\b", re.I)
_AS_OF = re.compile(r"\bas of\s+(?:[A-Z][a-z]+\.?\s+\d|\d)", re.I)
_TYPE_WORD = re.compile(r"\btype\s*(?P<t>1|2|i{1,2})\b", re.I)


def _text(lines: Sequence[Line]) -> str:
    return " ".join(ln.text for ln in lines)


def front_text(doc: Document) -> str:
    """Cover and title pages: everything before the auditor's report, at most five pages."""
    pages = {p.number for p in doc.pages[:5]}
    section = doc.first_section(Part.AUDITOR_REPORT)
    limit = doc.lines[section.start].page if section else max(pages, default=0)
    return _text([ln for ln in doc.lines if ln.page in pages and ln.page <= limit])


def _labels(text: str) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3": 0}
    for m in _LABEL.finditer(text):
        counts[m.group("n")] += 1
    return counts


def classify_kind(doc: Document, report_text: str, has_opinion: bool) -> tuple[Kind, str | None]:
    """The kind, and a warning when the document does not look like a SOC report."""
    front = front_text(doc)
    opening = _text(doc.lines[:200])
    if not has_opinion and (
        _BRIDGE.search(front) or (_BRIDGE.search(opening) and _NO_CHANGES.search(opening))
    ):
        return Kind.BRIDGE_LETTER, None
    if not has_opinion and doc.first_section(Part.AUDITOR_REPORT) is None:
        # a SOC label alone ("we are SOC 2 compliant") does not make a report
        return Kind.UNKNOWN, "not a SOC report: no service auditor's report or bridge letter found"
    # the DC 200 title "... in a SOC 2 Report" is boilerplate of SOC 2 and SOC 3 opinions alike
    report_labels = _labels(re.sub(r"in a SOC 2\s*®?\s*Report", " ", report_text, flags=re.I))
    for labels in (_labels(front), report_labels, _labels(_text(doc.lines))):
        if labels["3"]:
            return Kind.SOC3, None
        if labels["1"] or labels["2"]:
            return (Kind.SOC1 if labels["1"] > labels["2"] else Kind.SOC2), None
    if _SOC1_WORDS.search(report_text) and not _TSC_WORDS.search(report_text):
        return Kind.SOC1, None
    if _TSC_WORDS.search(report_text):
        restricted = any(_RESTRICTED.search(ln.text) for ln in doc.part_lines(Part.AUDITOR_REPORT))
        if _GENERAL_USE_SOC3.search(report_text) and not restricted:
            return Kind.SOC3, None
        return Kind.SOC2, None
    return (
        Kind.UNKNOWN,
        "not a SOC report: an auditor's report without SOC or trust services markers",
    )


def classify_type(kind: Kind, opinion_text: str, report_text: str, front: str) -> ReportType | None:
    """Type I ("as of" in the opinion) or II ("throughout the period"); None if not a report."""
    if kind in (Kind.BRIDGE_LETTER, Kind.UNKNOWN):
        return None
    examined = re.search(r"we have examined", report_text, re.I)
    scope = report_text[examined.start() : examined.start() + 1200] if examined else ""
    for text in (opinion_text, scope, report_text):
        period = len(_TYPE2.findall(text))
        as_of = len(_AS_OF.findall(text))
        if period and not as_of:
            return ReportType.TYPE2
        if as_of and not period:
            return ReportType.TYPE1
        if period or as_of:
            return ReportType.TYPE2 if period >= as_of else ReportType.TYPE1
    m = _TYPE_WORD.search(front)
    if m:
        return ReportType.TYPE1 if m.group("t").lower() in ("1", "i") else ReportType.TYPE2
    return None
