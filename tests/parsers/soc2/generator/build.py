"""Render one synthetic report (or bridge letter, or non-SOC document) and return its truth: the
contract's JSON object the parser must produce, plus the pages that must be named in warnings."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from tests.parsers.soc2.generator import prose
from tests.parsers.soc2.generator.content import (
    CRITERIA_2016,
    CRITERIA_2017,
    CRITERION_TEXT,
    Content,
    make_content,
)
from tests.parsers.soc2.generator.sections import render_cuecs, render_section_v, render_tests
from tests.parsers.soc2.generator.styles import STYLES, HouseStyle
from tests.parsers.soc2.generator.writer import Cell, Column, TableRow, TableStyle, Writer


@dataclass(frozen=True)
class DocSpec:
    """What to generate: kind, type, opinion and wording, house style, sizes and options."""

    name: str
    kind: str = "SOC2"  # SOC1, SOC2, SOC3, BRIDGE_LETTER, UNKNOWN, SCANNED
    type1: bool = False
    opinion: str = "UNQUALIFIED"
    wording: int = 0
    style: str = "bigfour"
    n_controls: int = 24
    n_exceptions: int = 2
    seed: int = 0
    image_page: bool = False
    traps: bool = True
    legacy: bool = False
    response_at: str | None = None
    cuec_as: str | None = None
    subservice: str | None = None
    # options of the general renderer (render.py); setting any of them, or a style of
    # layout.NEW_STYLES, sends the document there. None means "the style's own habit".
    features: tuple[str, ...] = ()  # names in render.FEATURES
    result_label: str | None = None  # "Outcome", "Conclusion", "Auditor Findings", ...
    columns: tuple[str, ...] | None = None  # role order: id, criteria, control, test, result, ...
    criteria_as: str | None = None  # "column", "banner", "banner_repeat", "mapping_table", ...
    criteria_form: str | None = None  # criteria_text.printed forms: "range", "words", ...
    id_shape: str | None = None  # "crit.n", "num", "CM n.n", "AC.n", "AC-nn", "none", ...
    cuec_name: str | None = None  # "User Entity Responsibilities", ...
    subservice_as: str | None = None  # "prose", "bullets", "table", "numbered_prose"
    subservice_verb: str | None = None  # "uses", "relies on", "utilizes", "leverages", ...
    csoc_as: str | None = None  # "table", "ref_table", "owner_table", "per_org_lists", ...
    signature: str | None = None  # "signature_line", "letterhead", "image", "vector", ...
    date_style: str | None = None  # "us", "ordinal", "uk"
    period_form: str | None = None  # "to", "to_comma", "through", "dash", "en_dash", ...


def _empty_truth(kind: str, pages: int = 0) -> dict[str, Any]:
    return {
        "kind": kind, "type": None, "service_organization": None, "service_auditor": None,
        "period_start": None, "period_end": None, "as_of": None, "report_date": None,
        "opinion": None, "opinion_basis": None, "trust_services_categories": [], "exceptions": [],
        "cuecs": [], "subservice_organizations": [], "csocs": [], "pages": pages,
        "image_only_pages": [], "review_needed": False, "uncertain_results": [],
        "source_pages": {},
    }  # fmt: skip


def _footer(style: HouseStyle, c: Content) -> Any:
    if style.footer == "number":
        return lambda page: [str(page - 2)] if page > 2 else []
    if style.footer == "confidential":
        return lambda page: ["Proprietary and Confidential", f"Page {page}"]
    return lambda page: [f"\u00a9 {c.report_date.year} {c.auditor}. All rights reserved.   {page}"]


def generate(spec: DocSpec, path: str) -> dict[str, Any]:
    """Write the PDF to path and return its truth."""
    from tests.parsers.soc2.generator.render import generate_general, wants_general

    if wants_general(spec):
        return generate_general(spec, path)
    rng = random.Random(spec.seed)
    if spec.kind == "BRIDGE_LETTER":
        return _bridge_letter(spec, path, rng)
    if spec.kind in ("UNKNOWN", "SCANNED"):
        return _not_soc(spec, path, rng)
    style = STYLES[spec.style]
    response_at = spec.response_at or style.response_at
    cuec_as = spec.cuec_as or style.cuec_as
    method = spec.subservice or style.subservice
    c = make_content(rng, spec.n_controls, spec.n_exceptions, spec.legacy)
    if method == "none":
        c.subservice, c.csocs = [], []
    if method == "INCLUSIVE":
        c.csocs = []
    truth = _empty_truth(spec.kind)
    fmt = {"org": c.org, "alias": c.alias, "auditor": c.auditor}
    w = Writer(
        path,
        header=style.header_text.format(**fmt) if style.header_text else None,
        footer=_footer(style, c),
    )
    has_tests = spec.kind in ("SOC1", "SOC2")
    _cover(w, spec, c, style)
    if style.exec_summary:
        _exec_summary(w, spec, c)
    failing = next((ct.text for ct in c.controls if ct.exception), c.controls[0].text)
    truth.update(_auditor_report(w, spec, c, style, method, failing))
    _assertion_and_description(w, spec, c, style, method, cuec_as, truth)
    if spec.image_page:
        truth["image_only_pages"] = [w.image_page(spec.seed)]
        truth["review_needed"] = True  # a picture inside the report may hide its content
    if has_tests:
        render_tests(w, spec, c, style, response_at, truth)
    render_section_v(w, spec, c, style, response_at, cuec_as, truth)
    w.save()
    truth["pages"] = w.page
    return truth


def _cover(w: Writer, spec: DocSpec, c: Content, style: HouseStyle) -> None:
    w.new_page(landscape=False)
    w.y -= 120
    w.line(c.org, size=20, bold=True)
    kind = {"SOC1": "SOC 1", "SOC2": "SOC 2", "SOC3": "SOC 3"}[spec.kind]
    label = (
        f"{kind} Report" if spec.kind == "SOC3" else f"{kind} Type {1 if spec.type1 else 2} Report"
    )
    w.line(label, size=16, bold=True)
    if spec.kind == "SOC1":
        w.line(
            "Report on Controls Relevant to User Entities' Internal Control over"
            " Financial Reporting"
        )
    else:
        w.line(f"Report on Controls Relevant to {prose.categories_phrase(c)}")
    when = prose.scope_when(c, spec.type1)
    w.line(when[0].upper() + when[1:])
    if style.toc:
        w.new_page()
        w.line("Table of Contents", size=14, bold=True)
        rows = [
            "Section I - Independent Service Auditor's Report",
            "Section II - Management's Assertion",
            "Section III - Description of the System",
        ]
        if spec.kind != "SOC3":
            rows.append("Section IV - Tests of Controls and Results of Tests")
        if spec.opinion != "UNQUALIFIED":
            rows.insert(1, f"Basis for {spec.opinion.title()} Opinion")
        for i, row in enumerate(rows):
            w.line(f"{row} {'.' * 30} {3 + 3 * i}")


def _exec_summary(w: Writer, spec: DocSpec, c: Content) -> None:
    w.new_page()
    w.heading("Executive Summary")
    w.line(f"Scope {c.org} Hosted Platform")
    w.line(f"Period of Examination {prose.day(c.period[0])} to {prose.day(c.period[1])}")
    w.line(f"Applicable Trust Principle(s) {prose.categories_phrase(c)}")
    if not c.subservice:
        w.line("Subservice Providers N/A")
    w.line(f"Opinion Result {spec.opinion.title()}")
    if spec.kind != "SOC3" and not spec.type1:
        w.line(f"Testing Exceptions {sum(1 for ct in c.controls if ct.exception)}")


def _auditor_report(
    w: Writer, spec: DocSpec, c: Content, style: HouseStyle, method: str, failing: str
) -> dict[str, Any]:
    truth: dict[str, Any] = {}
    w.new_page(landscape=False)
    if style.name == "bigfour":
        w.line(c.auditor, bold=True)
        w.line("100 Main Street, Suite 400")
    title = {
        "bigfour": "Section I: Independent Service Auditors' Report",
        "aligned": "Section I - Independent Service Auditor's Report",
        "matrix": "INDEPENDENT SERVICE AUDITOR'S REPORT",
        "smallfirm": "Report of Independent Service Auditors",
        "boutique": "Independent Accountant's Report",
    }[style.name]
    w.heading(title)
    # the page of each fact, recorded as drawn (the document itself is unchanged)
    sources = {"service_organization": w.paragraph(f"To the Management of {c.org}:")}
    w.heading("Scope", size=11)
    scope_page = 0
    for para in prose.scope(c, spec.kind, spec.type1):
        sources["kind"] = 1  # the cover's title names the kind
        w.paragraph(para)
        scope_dates = w.page_of(prose.scope_when(c, spec.type1))
        if spec.kind != "SOC1":
            sources["trust_services_categories"] = w.page_of(prose.categories_phrase(c))
    for para in prose.carve_out(c, method) if c.subservice else []:
        page = w.paragraph(para)
        scope_page = scope_page or page
    for i, para in enumerate(prose.RESPONSIBILITIES):
        if i % 2 == 0:
            w.heading(para, size=11)
        else:
            w.paragraph(para.format(alias=c.alias))
    if spec.kind != "SOC3" and not spec.type1:
        w.heading("Description of Tests of Controls", size=11)
        w.paragraph(
            "The specific controls tested and the nature, timing, and results of those tests"
            " are listed in Section IV."
        )
    opinion = spec.opinion
    if opinion != "UNQUALIFIED":
        label = "Disclaimer of" if opinion == "DISCLAIMER" else opinion.title()
        w.heading(f"Basis for {label} Opinion", size=11)
        paragraphs = prose.basis(c, opinion, failing, spec.type1)
        for para in paragraphs:
            w.paragraph(para)
        truth["opinion_basis"] = " ".join(paragraphs)
    heading = {
        "UNQUALIFIED": "Opinion",
        "QUALIFIED": "Qualified Opinion",
        "ADVERSE": "Adverse Opinion",
        "DISCLAIMER": "Disclaimer of Opinion",
    }[opinion]
    if spec.wording % 3 == 2 and opinion in ("QUALIFIED", "ADVERSE"):
        heading = "Opinion"
    if not (spec.wording % 3 == 2 and opinion == "UNQUALIFIED"):
        w.heading(heading, size=11)
    # the opinion states the period (or date) it covers: the parser's source for them
    first_day = prose.day(c.as_of if spec.type1 else c.period[0])
    dated = False
    for i, para in enumerate(
        prose.opinion_paragraphs(c, spec.kind, spec.type1, opinion, spec.wording)
    ):
        page = w.paragraph(para, indent=18 if i else 0, gap=4)
        sources.setdefault("opinion", page)
        if not dated and first_day in para:
            dates = ("as_of",) if spec.type1 else ("period_start", "period_end")
            sources.update(dict.fromkeys(("type", *dates), w.page_of(first_day)))
            dated = True
    if not dated:  # an opinion that does not restate the period: the scope's is the source
        dates = ("as_of",) if spec.type1 else ("period_start", "period_end")
        sources.update(dict.fromkeys(("type", *dates), scope_dates))
    if spec.kind != "SOC3":
        w.heading("Restricted Use", size=11)
        w.paragraph(
            f"This report is intended solely for the information and use of {c.alias},"
            " user entities of the system, and prospective user entities."
        )
    sources["service_auditor"] = w.line(c.auditor)
    w.line(c.city)
    sources["report_date"] = w.line(prose.day(c.report_date))
    truth["source_pages"] = sources
    truth.update(
        type="TYPE1" if spec.type1 else "TYPE2",
        service_organization=c.org,
        service_auditor=c.auditor,
        report_date=c.report_date.isoformat(),
        opinion=opinion,
        trust_services_categories=[]
        if spec.kind == "SOC1"
        else [x.upper().replace(" ", "_") for x in c.categories],
    )
    if spec.type1:
        truth["as_of"] = c.as_of.isoformat()
    else:
        truth["period_start"], truth["period_end"] = (
            c.period[0].isoformat(),
            c.period[1].isoformat(),
        )
    if c.subservice:
        truth["subservice_organizations"] = [
            {
                "name": _printed(name, alias),
                "services": services,
                "method": method,
                "page": scope_page,
            }
            for name, alias, services in c.subservice
        ]
    return truth


def _assertion_and_description(
    w: Writer,
    spec: DocSpec,
    c: Content,
    style: HouseStyle,
    method: str,
    cuec_as: str,
    truth: dict[str, Any],
) -> None:
    w.new_page(landscape=False)
    w.heading(
        "Section II - Management's Assertion" if style.toc else f"Assertion of {c.alias} Management"
    )
    for para in prose.assertion(c, spec.kind, spec.type1, spec.traps):
        w.paragraph(para)
    w.new_page()
    w.heading(f"Section III - {c.alias}'s Description of Its Hosted Platform System")
    for para in prose.description(c, spec.traps):
        w.paragraph(para)
    if c.subservice:
        w.heading("Subservice Organizations", size=11)
        if style.name == "aligned":
            rows = [TableRow([Cell(f"{n} ({a})" if a else n), Cell(s)]) for n, a, s in c.subservice]
            w.table(
                [Column("Subservice Organization", 200), Column("Services Provided", 304)],
                rows,
                TableStyle(repeat_header=True),
            )
        else:
            w.paragraph(f"{c.alias} relies on the subservice organizations named in Section I.")
    if c.csocs:
        truth["csocs"] = _csocs(w, c, style)
    if cuec_as != "section_v_bullets":
        truth["cuecs"] = render_cuecs(w, c, cuec_as)


def _csocs(w: Writer, c: Content, style: HouseStyle) -> list[dict[str, Any]]:
    w.heading("Complementary Subservice Organization Controls", size=11)
    w.paragraph(
        f"{c.alias}'s controls were designed with the assumption that the subservice"
        " organizations implement the controls below."
    )
    out = []
    if style.name == "aligned":
        rows = [
            TableRow(
                [Cell(str(i + 1)), Cell(text), Cell(", ".join(crit)), Cell(_alias_of(c, owner))]
            )
            for i, (text, owner, crit) in enumerate(c.csocs)
        ]
        w.table(
            [
                Column("#", 30),
                Column("Complementary Subservice Organization Controls", 250),
                Column("Related Criteria", 90),
                Column("Subservice Organization", 134),
            ],
            rows,
            TableStyle(),
        )
        pages = [r.pages[1] for r in rows]
    else:
        pages = w.items(
            [f"{text} ({', '.join(crit)})" for text, _o, crit in c.csocs], ["\u2022"] * len(c.csocs)
        )
    aliases = {n: a for n, a, _s in c.subservice}
    for (text, owner, crit), page in zip(c.csocs, pages, strict=True):
        printed = _printed(owner, aliases.get(owner))
        out.append(
            {"text": text, "subservice_organization": printed, "criteria": crit, "page": page}
        )
    return out


def _printed(name: str, alias: str | None) -> str:
    """A subservice organization's name as the report introduces it: "Amazon Web Services
    (AWS)" where it gives a short name too."""
    return f"{name} ({alias})" if alias else name


def _alias_of(c: Content, name: str) -> str:
    return next((a or n for n, a, _s in c.subservice if n == name), name)


def _bridge_letter(spec: DocSpec, path: str, rng: random.Random) -> dict[str, Any]:
    c = make_content(rng, 1, 0, False)
    w = Writer(path)
    w.new_page(landscape=False)
    w.line(c.org, size=16, bold=True)
    w.line("200 Market Street, Floor 9")
    letter_date = c.period[1] + dt.timedelta(days=rng.randint(60, 150))
    w.line(prose.day(letter_date))
    w.y -= 10
    w.line("Re: Bridge Letter for the SOC 2 Type 2 Report", bold=True)
    w.paragraph("To our valued customers:")
    w.paragraph(
        f'{c.org} (the "Company") engaged {c.auditor} to examine its controls. The most recent'
        f" SOC 2 Type 2 report covered the period {prose.day(c.period[0])} through"
        f" {prose.day(c.period[1])}. This letter covers the period from"
        f" {prose.day(c.period[1] + dt.timedelta(days=1))} through {prose.day(letter_date)}."
    )
    w.paragraph(
        "We are not aware of any material changes to our system of internal control during"
        " that period. Exceptions noted in the prior report have been remediated."
    )
    w.paragraph("Sincerely,")
    w.line("Chief Information Security Officer")
    w.save()
    truth = _empty_truth("BRIDGE_LETTER", w.page)
    truth["service_organization"] = c.org
    truth["source_pages"] = {"kind": 1, "service_organization": 1}
    return truth


def _not_soc(spec: DocSpec, path: str, rng: random.Random) -> dict[str, Any]:
    c = make_content(rng, 1, 0, False)
    w = Writer(path)
    if spec.kind == "SCANNED":
        pages = [w.image_page(spec.seed + i) for i in range(3)]
        w.save()
        truth = _empty_truth("UNKNOWN", w.page)
        truth["image_only_pages"] = pages
        truth["review_needed"] = True  # nothing can be read: a person must look
        return truth
    w.new_page(landscape=False)
    if spec.wording % 2:
        w.line(f"{c.org} Security Overview", size=16, bold=True)
        w.paragraph(
            f"{c.org} is SOC 2 Type II compliant and undergoes an annual audit. Exceptions"
            " to our policies are approved by the security team. Customers may request a copy"
            " of our latest report under NDA."
        )
    else:
        w.line("Certificate of Registration", size=16, bold=True)
        w.paragraph(
            f"This is to certify that the Information Security Management System of {c.org}"
            " has been assessed and found to conform to the requirements of ISO/IEC 27001:2013."
        )
        w.paragraph(f"Certificate number IS 700123. Original approval {prose.day(c.period[0])}.")
    w.save()
    return _empty_truth("UNKNOWN", w.page)


__all__ = ["CRITERIA_2016", "CRITERIA_2017", "CRITERION_TEXT", "DocSpec", "generate"]
