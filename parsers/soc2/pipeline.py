"""The whole parse: pages -> lines -> sections -> tables and lists -> facts, under limits."""

from __future__ import annotations

import os
import warnings

import pypdfium2 as pdfium

from parsers.soc2 import facts
from parsers.soc2.cuecs import find_cuecs
from parsers.soc2.exceptions import find_exceptions
from parsers.soc2.kind import classify_kind, classify_type, front_text
from parsers.soc2.layout import build_pages
from parsers.soc2.limits import Deadline, ParseLimits
from parsers.soc2.opinion import read_opinion, report_lines
from parsers.soc2.pdf import iter_pages, open_document
from parsers.soc2.result import (
    Category,
    Kind,
    Opinion,
    ReportType,
    ReviewReason,
    ReviewReasonCode,
    Soc2Extraction,
)
from parsers.soc2.sections import Part, build_document
from parsers.soc2.subservice import find_subservice
from parsers.soc2.tables import find_tables


def _page_list(numbers: list[int]) -> str:
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


def parse_pdf(
    source: str | os.PathLike[str] | bytes, limits: ParseLimits | None = None
) -> Soc2Extraction:
    """Parse a SOC report PDF (path or bytes) into the contract's extraction."""
    limits = limits or ParseLimits()
    deadline = Deadline(limits.timeout_seconds)
    doc_pdf = open_document(source, limits)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", pdfium.PdfiumWarning)
            raw_pages = list(iter_pages(doc_pdf, limits, deadline))
    finally:
        doc_pdf.close()
    deadline.check()
    pages = build_pages(raw_pages)
    doc = build_document(pages)
    deadline.check()
    warnings_out: list[str] = []
    image_only = [p.number for p in pages if p.image_only]
    if image_only:
        warnings_out.append(f"no text layer (image only) on pages {_page_list(image_only)}")
    if not doc.lines:
        warnings_out.append("no text layer: the document has no extractable text")

    opinion = read_opinion(doc)
    report = report_lines(doc)
    report_text = " ".join(ln.text for ln in report)
    front = front_text(doc)
    kind, kind_warning = classify_kind(doc, report_text, opinion.opinion is not None)
    if kind_warning:
        warnings_out.append(kind_warning)
    report_type = classify_type(kind, opinion.text, report_text, front)
    assertion_text = " ".join(ln.text for ln in doc.part_lines(Part.ASSERTION))
    everything = " ".join(ln.text for ln in doc.lines)
    is_report = kind not in (Kind.UNKNOWN, Kind.BRIDGE_LETTER)
    if kind is Kind.BRIDGE_LETTER:
        organization = facts.letter_organization(everything)
    else:
        organization = (
            facts.service_organization(report_text, assertion_text) if is_report else None
        )
    auditor = facts.service_auditor(report, everything, organization) if is_report else None
    period = as_of = None
    if report_type is ReportType.TYPE2:
        period = facts.review_period([opinion.text, report_text, front, everything])
    elif report_type is ReportType.TYPE1:
        as_of = facts.as_of_date([opinion.text, report_text, front])
    signed = facts.report_date(report, period) if is_report else None
    cats: tuple[Category, ...] = ()
    if kind in (Kind.SOC2, Kind.SOC3):
        cats = facts.categories([report_text, front, assertion_text], always_security=True)
    deadline.check()
    tables = find_tables(doc)
    deadline.check()
    exceptions, exception_warnings = find_exceptions(doc, tables)
    warnings_out.extend(exception_warnings)
    cuecs = find_cuecs(doc, tables)
    subservice_orgs, csocs = find_subservice(doc, tables)

    reasons: list[ReviewReason] = []
    if image_only:
        reasons.append(
            ReviewReason("pages", image_only[0], ReviewReasonCode.IMAGE_ONLY, _page_list(image_only))
        )
    if kind is Kind.UNKNOWN:
        reasons.append(ReviewReason("kind", None, ReviewReasonCode.NOT_RECOGNISED, kind_warning))
    if is_report:
        missing = {
            "opinion": opinion.opinion,
            "service_organization": organization,
            "service_auditor": auditor,
        }
        if report_type is ReportType.TYPE2:
            missing["period_start"] = period
        if report_type is ReportType.TYPE1:
            missing["as_of"] = as_of
        reasons.extend(
            ReviewReason(name, None, ReviewReasonCode.NOT_FOUND)
            for name, value in missing.items()
            if value is None
        )
        if opinion.opinion is None:
            warnings_out.append("service auditor's opinion not found")
        if auditor is None:
            warnings_out.append("service auditor not found in the text (maybe only in an image)")
        if report_type is ReportType.TYPE2 and period is None:
            warnings_out.append("review period not found")
        if report_type is ReportType.TYPE1 and as_of is None:
            warnings_out.append("'as of' date not found")
        if opinion.opinion not in (None, Opinion.UNQUALIFIED) and opinion.basis is None:
            warnings_out.append("modified opinion without a 'Basis for ... Opinion' paragraph")
    return Soc2Extraction(
        kind=kind,
        type=report_type,
        service_organization=organization,
        service_auditor=auditor,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        as_of=as_of,
        report_date=signed,
        opinion=opinion.opinion if kind is not Kind.BRIDGE_LETTER else None,
        opinion_basis=opinion.basis,
        trust_services_categories=cats,
        exceptions=tuple(exceptions),
        cuecs=tuple(cuecs),
        subservice_organizations=tuple(subservice_orgs),
        csocs=tuple(csocs),
        pages=len(pages),
        warnings=tuple(warnings_out),
        review_reasons=tuple(reasons),
    )
