"""Stage 5b, what the document is: SOC 1, 2 or 3, a bridge letter or unknown; Type I or Type II.
Each answer comes with the words it was read from."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parsers.soc2.layout import Line
from parsers.soc2.passage import Passage, line_source
from parsers.soc2.result import Kind, ReportType, Source
from parsers.soc2.sections import Document, Part

_LABEL = re.compile(r"\bSOC\s*(?P<n>[123])\b(?:\s*®)?", re.I)
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
# the DC 200 title "... in a SOC 2 Report" is boilerplate of SOC 2 and SOC 3 opinions alike
_DC200_TITLE = re.compile(r"in a SOC 2\s*®?\s*Report", re.I)
_TYPE2 = re.compile(
    r"\b(?:throughout|during|for) the (?:review |examination |observation )?period\b", re.I
)
_AS_OF = re.compile(r"\bas of\s+(?:[A-Z][a-z]+\.?\s+\d|\d)", re.I)
_TYPE_WORD = re.compile(r"\btype\s*(?P<t>1|2|i{1,2})\b", re.I)


@dataclass(frozen=True)
class KindFacts:
    """The kind, why it is UNKNOWN (if so), and where it was read."""

    kind: Kind
    warning: str | None
    source: Source | None


def front_lines(doc: Document) -> list[Line]:
    """Cover and title pages: everything before the auditor's report, at most five pages."""
    pages = {p.number for p in doc.pages[:5]}
    section = doc.first_section(Part.AUDITOR_REPORT)
    limit = doc.lines[section.start].page if section else max(pages, default=0)
    return [ln for ln in doc.lines if ln.page in pages and ln.page <= limit]


def _title_label(front: Sequence[Line]) -> tuple[str, Line] | None:
    """The SOC label printed largest on the front pages: the title, not a mention in passing
    (a SOC 2 whose notice page mentions the vendor's SOC 3 is still a SOC 2)."""
    best: tuple[float, str, Line] | None = None
    for line in front:
        text = _DC200_TITLE.sub(" ", line.text)
        m = _LABEL.search(text)
        if m and (best is None or line.height > best[0] + 0.5):
            best = (line.height, m.group("n"), line)
    return (best[1], best[2]) if best else None


def _majority(passage: Passage) -> tuple[str, Source | None] | None:
    text = _DC200_TITLE.sub(lambda m: " " * len(m.group()), passage.text)
    counts: dict[str, list[re.Match[str]]] = {"1": [], "2": [], "3": []}
    for m in _LABEL.finditer(text):
        counts[m.group("n")].append(m)
    if not any(counts.values()):
        return None
    label = max(counts, key=lambda n: (len(counts[n]), n == "2"))
    first = counts[label][0]
    return label, passage.source(first.start(), first.end())


_KINDS = {"1": Kind.SOC1, "2": Kind.SOC2, "3": Kind.SOC3}


def classify_kind(
    doc: Document, front: Sequence[Line], report: Passage, everything: Passage, has_opinion: bool
) -> KindFacts:
    """The kind, a warning when the document does not look like a SOC report, and its source."""
    front_text = " ".join(ln.text for ln in front)
    opening = " ".join(ln.text for ln in doc.lines[:200])
    if not has_opinion and (
        _BRIDGE.search(front_text) or (_BRIDGE.search(opening) and _NO_CHANGES.search(opening))
    ):
        m = _BRIDGE.search(everything.text)
        return KindFacts(
            Kind.BRIDGE_LETTER, None, everything.source(m.start(), m.end()) if m else None
        )
    if not has_opinion and doc.first_section(Part.AUDITOR_REPORT) is None:
        # a SOC label alone ("we are SOC 2 compliant") does not make a report
        return KindFacts(
            Kind.UNKNOWN,
            "not a SOC report: no service auditor's report or bridge letter found",
            None,
        )
    titled = _title_label(front)
    if titled:
        return KindFacts(_KINDS[titled[0]], None, line_source(titled[1]))
    for passage in (report, everything):
        found = _majority(passage)
        if found:
            return KindFacts(_KINDS[found[0]], None, found[1])
    soc1 = _SOC1_WORDS.search(report.text)
    tsc = _TSC_WORDS.search(report.text)
    if soc1 and not tsc:
        return KindFacts(Kind.SOC1, None, report.source(soc1.start(), soc1.end()))
    if tsc:
        restricted = any(_RESTRICTED.search(ln.text) for ln in doc.part_lines(Part.AUDITOR_REPORT))
        soc3 = _GENERAL_USE_SOC3.search(report.text)
        if soc3 and not restricted:
            return KindFacts(Kind.SOC3, None, report.source(soc3.start(), soc3.end()))
        return KindFacts(Kind.SOC2, None, report.source(tsc.start(), tsc.end()))
    return KindFacts(
        Kind.UNKNOWN,
        "not a SOC report: an auditor's report without SOC or trust services markers",
        None,
    )


def classify_type(
    kind: Kind, opinion: Passage, report: Passage, front: Passage
) -> tuple[ReportType | None, Source | None]:
    """Type I ("as of" in the opinion) or II ("throughout the period"), and where it was read;
    None for a document that is not a report."""
    if kind in (Kind.BRIDGE_LETTER, Kind.UNKNOWN):
        return None, None
    examined = re.search(r"we have examined", report.text, re.I)
    scope_end = examined.start() + 1200 if examined else 0
    windows = [(opinion, 0, len(opinion.text))]
    if examined:
        windows.append((report, examined.start(), scope_end))
    windows.append((report, 0, len(report.text)))
    for passage, start, end in windows:
        period = list(_TYPE2.finditer(passage.text, start, end))
        as_of = list(_AS_OF.finditer(passage.text, start, end))
        if not period and not as_of:
            continue
        if period and (not as_of or len(period) >= len(as_of)):
            m = period[0]
            return ReportType.TYPE2, passage.source(m.start(), m.end())
        m = as_of[0]
        return ReportType.TYPE1, passage.source(m.start(), m.end())
    word = _TYPE_WORD.search(front.text)
    if word:
        one = word.group("t").lower() in ("1", "i")
        report_type = ReportType.TYPE1 if one else ReportType.TYPE2
        return report_type, front.source(word.start(), word.end())
    return None, None
