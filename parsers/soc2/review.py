"""Stage 6, what a person must check (contract version 2, `review`).

A reason is raised only where the document itself says something is there that the parser
could not read, or states something the parser could not confirm:
- a fact every report of its kind states (opinion, period or as-of date, organization,
  auditor) was not found;
- a test result read as neither a pass nor a deviation (listed with its text and page);
- a Type II SOC 1 or SOC 2 whose tests of controls were not read as a table of results, or
  whose results column was read for far fewer tests than the section shows verdicts;
- an executive summary or management's response that counts or names exceptions not found, or
  a modified opinion on a Type II with no exception found;
- a heading or sentence that announces CUECs, subservice organizations or CSOCs, none read;
- image-only pages inside the report's parts (a cover or a logo page is not one);
- a document of several pages that speaks of SOC reports but was not recognised as one.
A clean, fully read report raises none: a flag that is always on is a flag nobody reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Protocol

from parsers.soc2.result import Kind, ReportType, ReviewReason, ReviewReasonCode
from parsers.soc2.sections import Document, Part


class _Announcing(Protocol):
    """A finder's result that knows whether the report announced what it looked for."""

    @property
    def review(self) -> Sequence[ReviewReason]: ...


def page_list(numbers: Sequence[int]) -> str:
    """1, 2, 3, 7 -> "1-3, 7"."""
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        spans.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(spans)


def _image_pages(doc: Document) -> list[ReviewReason]:
    """Image-only pages inside the report's parts; the cover and front matter do not count."""
    front_end = 0
    for section in doc.sections:
        if section.part is not Part.FRONT and section.end > section.start:
            front_end = doc.lines[section.start].page
            break
    if not front_end and doc.lines:
        front_end = doc.lines[0].page
    # the document's last page, a picture, is its back cover; a picture before it (even after
    # the last page of text) may be a scanned page of the report
    last = len(doc.pages)
    pages = [
        p.number
        for p in doc.pages
        if p.image_only and (not doc.lines or front_end <= p.number < last)
    ]
    if not pages:
        return []
    return [
        ReviewReason("pages", pages[0], ReviewReasonCode.IMAGE_ONLY, f"pages {page_list(pages)}")
    ]


_EXPECTED = {
    ReportType.TYPE2: ("period_start", "period_end"),
    ReportType.TYPE1: ("as_of",),
}


def _missing(
    kind: Kind, report_type: ReportType | None, values: dict[str, Any]
) -> list[ReviewReason]:
    expected = ["opinion", "service_organization", "service_auditor", "report_date"]
    if report_type is None:
        expected.append("type")
    else:
        expected.extend(_EXPECTED[report_type])
    return [
        ReviewReason(name, None, ReviewReasonCode.NOT_FOUND)
        for name in expected
        if values.get(name) in (None, "")
    ]


_SOC_MARKERS = re.compile(
    r"\bSOC\s*[123]\b|\bservice auditor|\btrust services? (?:criteria|principles)"
    r"|\bcontrol objectives?\b",
    re.I,
)


def _unrecognised_report(doc: Document) -> list[ReviewReason]:
    """A document of several pages that speaks of SOC reports but was not recognised as one may
    be a report the parser could not read; a certificate or a one-page statement is simply not
    a report (its kind says so)."""
    if len(doc.pages) < 5:
        return []
    marks = sum(1 for ln in doc.lines if _SOC_MARKERS.search(ln.text))
    if marks < 3:
        return []
    return [ReviewReason("kind", None, ReviewReasonCode.NOT_RECOGNISED)]


def reasons(
    *,
    doc: Document,
    kind: Kind,
    report_type: ReportType | None,
    values: dict[str, Any],
    tests: _Announcing,
    cuecs: _Announcing,
    subservice: _Announcing,
) -> list[ReviewReason]:
    """Every reason a person must check this parse, in the order a reviewer would look."""
    out: list[ReviewReason] = []
    if kind is Kind.UNKNOWN:
        out.extend(_unrecognised_report(doc))
    elif kind is not Kind.BRIDGE_LETTER:
        out.extend(_missing(kind, report_type, values))
        out.extend(tests.review)
        out.extend(cuecs.review)
        out.extend(subservice.review)
    out.extend(_image_pages(doc))
    return out
