"""The whole parse: pages -> lines -> sections -> tables and lists -> facts, under limits."""

from __future__ import annotations

import os
import warnings
from typing import Any

import pypdfium2 as pdfium

from parsers.soc2 import facts, review
from parsers.soc2.auditor import find_auditor
from parsers.soc2.cuecs import find_cuecs
from parsers.soc2.exceptions import find_exceptions
from parsers.soc2.kind import classify_kind, classify_type, front_lines
from parsers.soc2.layout import build_pages
from parsers.soc2.limits import Deadline, ParseLimits
from parsers.soc2.opinion import read_opinion, report_lines
from parsers.soc2.passage import Passage
from parsers.soc2.pdf import iter_pages, open_document
from parsers.soc2.result import Category, Kind, Opinion, ReportType, Soc2Extraction, Source
from parsers.soc2.sections import Document, Part, build_document
from parsers.soc2.subservice import find_subservice
from parsers.soc2.tables import find_tables


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
    doc = build_document(build_pages(raw_pages))
    deadline.check()
    return read_document(doc, deadline)


def read_document(doc: Document, deadline: Deadline) -> Soc2Extraction:
    """Every fact of a document already cut into parts, with its sources and review reasons."""
    notes: list[str] = []
    image_only = [p.number for p in doc.pages if p.image_only]
    if image_only:
        notes.append(f"no text layer (image only) on pages {review.page_list(image_only)}")
    if not doc.lines:
        notes.append("no text layer: the document has no extractable text")

    opinion = read_opinion(doc)
    report = report_lines(doc)
    report_text = Passage.of(report)
    front = front_lines(doc)
    front_text = Passage.of(front)
    assertion = Passage.of(doc.part_lines(Part.ASSERTION))
    everything = Passage.of(doc.lines)
    kind = classify_kind(doc, front, report_text, everything, opinion.opinion is not None)
    if kind.warning:
        notes.append(kind.warning)
    report_type, type_source = classify_type(kind.kind, opinion.passage, report_text, front_text)
    is_report = kind.kind not in (Kind.UNKNOWN, Kind.BRIDGE_LETTER)
    organization = None
    if kind.kind is Kind.BRIDGE_LETTER:
        organization = facts.letter_organization(everything)
    elif is_report:
        organization = facts.service_organization(report_text, assertion, front)
    deadline.check()
    tables = find_tables(doc)
    deadline.check()
    expects_tests = kind.kind in (Kind.SOC1, Kind.SOC2) and report_type is ReportType.TYPE2
    tests = find_exceptions(doc, tables, expects_tests)
    notes.extend(tests.warnings)
    cuecs = find_cuecs(doc, tables)
    subservice = find_subservice(doc, tables)
    parties = [organization.value] if organization else []
    parties += [o.name for o in subservice.organizations]
    furniture = Passage.of([ln for page in doc.pages for ln in page.furniture])
    # the running headers and footers of the report's pages, its signature page first
    report_pages = sorted({ln.page for ln in report}, reverse=True)
    report_furniture = Passage.of([ln for n in report_pages for ln in doc.pages[n - 1].furniture])
    auditor = None
    if is_report:
        texts = [report_text, report_furniture, everything, furniture]
        auditor = find_auditor(report, report_furniture.lines, texts, parties)
    period = as_of = None
    if report_type is ReportType.TYPE2:
        period = facts.review_period([opinion.passage, report_text, front_text, everything])
    elif report_type is ReportType.TYPE1:
        as_of = facts.as_of_date([opinion.passage, report_text, front_text])
    signed = facts.report_date(report, period.value if period else None) if is_report else None
    cats = facts.Fact[tuple[Category, ...]]((), None)
    if kind.kind in (Kind.SOC2, Kind.SOC3):
        cats = facts.categories([report_text, front_text, assertion], always_security=True)

    opinion_value = opinion.opinion if kind.kind is not Kind.BRIDGE_LETTER else None
    values: dict[str, Any] = {
        "kind": (kind.kind, kind.source),
        "type": (report_type, type_source),
        "service_organization": _fact(organization),
        "service_auditor": (auditor.name, auditor.source) if auditor else (None, None),
        "period_start": (period.value.start, period.source) if period else (None, None),
        "period_end": (period.value.end, period.source) if period else (None, None),
        "as_of": _fact(as_of),
        "report_date": _fact(signed),
        "opinion": (opinion_value, opinion.source),
        "opinion_basis": (opinion.basis, opinion.basis_source),
        "trust_services_categories": (cats.value, cats.source),
    }
    sources: dict[str, Source] = {
        key: source for key, (value, source) in values.items() if value and source is not None
    }
    if is_report:
        notes.extend(_missing_warnings(values, report_type, opinion_value))
    reasons = review.reasons(
        doc=doc,
        kind=kind.kind,
        report_type=report_type,
        values={key: value for key, (value, _source) in values.items()},
        tests=tests,
        cuecs=cuecs,
        subservice=subservice,
    )
    return Soc2Extraction(
        kind=kind.kind,
        type=report_type,
        service_organization=values["service_organization"][0],
        service_auditor=values["service_auditor"][0],
        period_start=values["period_start"][0],
        period_end=values["period_end"][0],
        as_of=values["as_of"][0],
        report_date=values["report_date"][0],
        opinion=opinion_value,
        opinion_basis=opinion.basis,
        trust_services_categories=cats.value,
        exceptions=tuple(tests.exceptions),
        cuecs=tuple(cuecs.items),
        subservice_organizations=tuple(subservice.organizations),
        csocs=tuple(subservice.csocs),
        pages=len(doc.pages),
        warnings=tuple(notes),
        sources=sources,
        review_reasons=tuple(reasons),
    )


def _fact(found: facts.Fact[Any] | None) -> tuple[Any, Source | None]:
    return (found.value, found.source) if found else (None, None)


def _missing_warnings(
    values: dict[str, Any], report_type: ReportType | None, opinion: Opinion | None
) -> list[str]:
    out = []
    if opinion is None:
        out.append("service auditor's opinion not found")
    if values["service_auditor"][0] is None:
        out.append("service auditor not found in the text (maybe only in an image)")
    if report_type is ReportType.TYPE2 and values["period_start"][0] is None:
        out.append("review period not found")
    if report_type is ReportType.TYPE1 and values["as_of"][0] is None:
        out.append("'as of' date not found")
    if opinion not in (None, Opinion.UNQUALIFIED) and values["opinion_basis"][0] is None:
        out.append("modified opinion without a 'Basis for ... Opinion' paragraph")
    return out
