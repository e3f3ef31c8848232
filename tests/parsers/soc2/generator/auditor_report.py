"""Front matter and Section I-II of the general renderer: cover (with its traps), disclaimer page,
contents, executive summary, the service auditor's report in every opinion with the house's
signature (firm line, letterhead, image, vector drawing, individual CPA or none), and
management's assertion. Records the truth's top-level facts and the page each is stated on."""

from __future__ import annotations

import datetime as dt
import io
import os

import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader

from tests.parsers.soc2.generator import prose
from tests.parsers.soc2.generator.document import Doc
from tests.parsers.soc2.generator.subservice import opinion_subservice

KIND_LABEL = {"SOC2": "SOC 2", "SOC3": "SOC 3"}


def categories_phrase(cats: list[str], oxford: bool = True) -> str:
    if len(cats) < 3:
        return " and ".join(cats)
    return ", ".join(cats[:-1]) + ("," if oxford else "") + f" and {cats[-1]}"


def categories_text(doc: Doc) -> str:
    text = categories_phrase(doc.c.categories, oxford=doc.p.style != "atom")
    return text.lower() if doc.p.style in ("schellman", "numeric") else text


def cover(doc: Doc) -> None:
    w, c, spec = doc.w, doc.c, doc.spec
    w.new_page(landscape=False)
    w.y -= 110
    kind = KIND_LABEL[spec.kind]
    typ = "" if spec.kind == "SOC3" else f" Type {1 if spec.type1 else 2}"
    when = doc.when().replace("throughout the period", "for the period")
    if doc.p.cover == "caps":
        for text in [c.org.upper(), f"{kind} REPORT", "FOR", doc.system.upper()]:
            w.line(text, size=18, bold=True)
        w.y -= 12
        w.paragraph(
            f"A{typ.upper()} INDEPENDENT SERVICE AUDITOR'S REPORT ON CONTROLS RELEVANT TO "
            + categories_text(doc).upper(),
            size=12,
        )
        w.line(when.upper(), size=12)
        w.y -= 200
        w.line("Proprietary & Confidential", size=9)
    elif doc.p.cover == "atom":
        w.line(f"{kind}{typ.upper()} REPORT", size=16, bold=True)
        w.line(c.org, size=16, bold=True)
        w.paragraph(
            f"SYSTEM AND ORGANIZATION CONTROLS (SOC) {kind[-1]}{typ.upper()} REPORT ON"
            f" MANAGEMENT'S DESCRIPTION OF ITS {doc.system.upper()}",
            size=12,
        )
        w.paragraph(f"Relevant to {categories_text(doc)}", size=11)
        w.line(f"For the Observation period : {doc.span()}" if not spec.type1 else when)
        # a trap: a later date on the cover that is not the report date
        w.line(f"Next Report Issue Date: {doc.day(c.period[1] + dt.timedelta(days=366))}")
        w.line("TOGETHER WITH INDEPENDENT SERVICE AUDITORS' REPORT", size=11, bold=True)
    else:
        w.line(c.org, size=20, bold=True)
        w.line(f"{kind}{typ} Report", size=16, bold=True)
        w.line(f"Report on Controls Relevant to {categories_text(doc)}")
        w.line(when[0].upper() + when[1:])


def disclaimer(doc: Doc) -> None:
    """The page after the cover that names the firm in its text (its only full mention in
    reports whose signature is a drawing)."""
    w, c = doc.w, doc.c
    w.new_page(landscape=False)
    doc.para(
        f"This report is intended solely for the management of {c.org}, its user entities and"
        " other parties who understand the services it covers (each a \u201cspecified user\u201d)."
    )
    page = doc.para(
        "Readers who are not specified users use this report at their own risk, may not rely"
        f" on it, and do not acquire any rights against {doc.firm} as a result of such access."
        f" {doc.firm} assumes no duties or obligations to any such reader."
    )
    doc.para("Unauthorized use, reproduction, or distribution of this report is prohibited.")
    if doc.p.signature in ("vector", "disclaimer_only"):
        doc.source("service_auditor", page)


def contents(doc: Doc, titles: list[str]) -> None:
    w = doc.w
    w.new_page(landscape=False)
    doc.heading("TABLE OF CONTENTS" if doc.p.section_label == "numeric" else "Table of Contents")
    for i, title in enumerate(titles):
        label = f"SECTION {i + 1} {title.upper()}" if doc.p.section_label == "numeric" else title
        w.line(f"{label} {'.' * 24} {1 + 4 * i}")


def executive_summary(doc: Doc, n_exceptions: int) -> None:
    w, c = doc.w, doc.c
    w.new_page(landscape=False)
    doc.heading("Executive Summary")
    w.line(f"Scope {c.org} {doc.system}")
    if doc.type1:
        w.line(f"Report Date {doc.day(c.as_of)}")
    else:
        w.line(f"Period of Examination {doc.span()}")
    w.line(f"Applicable Trust Services Categories {categories_text(doc)}")
    if not c.subservice:
        w.line("Subservice Providers N/A")
    w.line(f"Opinion Result {doc.spec.opinion.title()}")
    if doc.spec.kind == "SOC2" and not doc.type1:
        w.line(f"Testing Exceptions {n_exceptions}")


def _scope(doc: Doc) -> str:
    c, alias, when = doc.c, doc.c.alias, doc.when()
    cats = categories_text(doc)
    if doc.spec.kind == "SOC3":
        return (
            f"We have examined {c.org}'s accompanying assertion that the controls within its"
            f" {doc.system} were effective {when} to provide reasonable assurance that {alias}'s"
            " service commitments and system requirements were achieved based on the trust"
            f" services criteria relevant to {cats} (applicable trust services criteria) set forth"
            " in TSP section 100, 2017 Trust Services Criteria for Security, Availability,"
            " Processing Integrity, Confidentiality, and Privacy."
        )
    design = "design" if doc.type1 else "design and operating effectiveness"
    criteria = (
        f"the trust services criteria relevant to {cats} (applicable trust services criteria) set"
        " forth in TSP section 100, 2017 Trust Services Criteria for Security, Availability,"
        " Processing Integrity, Confidentiality, and Privacy"
    )
    if doc.p.style == "atom":  # all five named first, then the applicable ones (a trap)
        criteria = (
            "the criteria for the Security, Availability, Processing Integrity, Confidentiality"
            f" and Privacy principles in TSP section 100, of which those for {cats} are the"
            " applicable trust services criteria"
        )
    return (
        f"We have examined {c.org}'s (\u201c{alias}\u201d or the \u201cservice organization\u201d)"
        f" accompanying description of its {doc.system} {when} (the \u201cdescription\u201d) based"
        " on the criteria for a description of a service organization's system in DC section"
        " 200, 2018 Description Criteria for a Description of a Service Organization's System in"
        f" a SOC 2\u00ae Report (description criteria), and the suitability of the {design} of"
        f" controls stated in the description {when}, to provide reasonable assurance that"
        f" {alias}'s service commitments and system requirements were achieved based on"
        f" {criteria}."
    )


def auditor_report(doc: Doc, failing: str) -> None:
    w, c, spec, p = doc.w, doc.c, doc.spec, doc.p
    doc.front = doc.front or w.page
    doc.section(1, p.report_title)
    first = w.page
    if p.signature == "letterhead":
        w.y += 4
        w.line(doc.firm, size=11, bold=True)
        w.line("1200 Harbor Boulevard, Suite 300")
        doc.source("service_auditor", first)
    doc.source("service_organization", w.line(p.addressee.format(org=c.org)))
    doc.subheading("Scope")
    scope = _scope(doc)
    doc.para(scope, raw=False)
    doc.source("kind", 1)  # the cover's title names the kind
    scope_dates = doc.page_of(doc.when())
    doc.source("trust_services_categories", doc.page_of(categories_text(doc)))
    opinion_subservice(doc)
    if c.cuecs and p.cuec_as != "none_required":
        doc.para(
            "The description indicates that complementary user entity controls that are suitably"
            f" designed and operating effectively are necessary, along with controls at {c.alias},"
            f" to achieve {c.alias}'s service commitments and system requirements. Our"
            " examination did not include such complementary user entity controls."
        )
    for i, text in enumerate(prose.RESPONSIBILITIES):
        if i % 2 == 0:
            doc.subheading(text)
        else:
            doc.para(text.format(alias=c.alias))
    if spec.kind == "SOC2" and not doc.type1:
        doc.subheading("Description of Tests of Controls")
        doc.para(
            "The specific controls we tested and the nature, timing, and results of those tests"
            f" are presented in {doc.section_ref(4)} of our report."
        )
    _opinion(doc, failing)
    # an opinion that does not restate the period: the scope's is the source
    for key in ("type", *(("as_of",) if doc.type1 else ("period_start", "period_end"))):
        doc.source(key, scope_dates)
    if spec.kind == "SOC2":
        doc.subheading("Restricted Use")
        doc.para(
            f"This report is intended solely for the information and use of {c.alias}, user"
            " entities of the system during some or all of the period, and prospective user"
            " entities who understand the services, and is not intended for anyone else."
        )
    _signature(doc)


def _date_sources(doc: Doc, paragraph: str) -> None:
    """The opinion states the period (or date) it covers: the parser's source for them."""
    c = doc.c
    first_day = doc.day(c.as_of if doc.type1 else c.period[0])
    if first_day in paragraph:
        page = doc.page_of(first_day, raw=True)
        for key in ("as_of",) if doc.type1 else ("period_start", "period_end"):
            doc.source(key, page)
        # the type is stated by the words before the date ("throughout the period", "as of")
        lead = "as of" if doc.type1 else "the period"
        before = paragraph[: paragraph.index(first_day)]
        doc.source("type", doc.page_of(lead, raw=True) if lead in before else page)


def _opinion(doc: Doc, failing: str) -> None:
    c, spec = doc.c, doc.spec
    opinion = spec.opinion
    if opinion != "UNQUALIFIED":
        label = "Disclaimer of" if opinion == "DISCLAIMER" else opinion.title()
        doc.subheading(f"Basis for {label} Opinion")
        paragraphs = prose.basis(c, opinion, failing, doc.type1, when=doc.when())
        for text in paragraphs:
            doc.para(text, raw=True)
        doc.truth["opinion_basis"] = " ".join(paragraphs)
    doc.subheading({"UNQUALIFIED": "Opinion", "QUALIFIED": "Qualified Opinion",
                    "ADVERSE": "Adverse Opinion", "DISCLAIMER": "Disclaimer of Opinion"}[opinion])  # fmt: skip
    paragraphs = prose.opinion_paragraphs(
        c, spec.kind, doc.type1, opinion, spec.wording, when=doc.when()
    )
    doc.source("opinion", doc.para(paragraphs[0]))
    _date_sources(doc, paragraphs[0])
    marker = doc.p.opinion_marker
    for i, item in enumerate(paragraphs[1:]):
        body = item[3:]
        if i == 1 and c.subservice:
            body = body.replace(
                "operated effectively.",
                "operated effectively and if the subservice organization and user entities"
                f" applied the complementary controls assumed in the design of {c.alias}'s"
                " controls.",
            )
        mark = {"letters": "abc"[i] + ".", "numbers": f"{i + 1}.", "bullets": "\u2022"}[marker]
        doc.para(f"{mark} {body}", indent=18, gap=4)
        _date_sources(doc, body)


def _signature(doc: Doc) -> None:
    w, c, p = doc.w, doc.c, doc.p
    date = doc.day(c.report_date)
    w.ensure(120)
    w.y -= 6
    if p.signature == "individual":
        w.y -= 24  # room for a handwritten signature
        doc.source("service_auditor", w.line(f"{doc.signer}, Certified Public Accountant"))
        w.line(f"License No.: PAC-CPA-LIC-{c.report_date.year % 100:02d}{len(c.org) * 97:05d}")
        doc.source("report_date", w.line(f"Date: {date}"))
        return
    if p.signature == "image":
        _image_signature(doc)
        doc.source("service_auditor", w.page)
    elif p.signature == "vector":
        _vector_signature(doc)
    elif p.signature == "signature_line":
        doc.source("service_auditor", w.line(doc.firm))
    if p.city_date == "one_line":
        doc.source("report_date", w.line(f"{c.city}. {date}"))
    elif p.city_date == "date_label":
        w.line(c.city)
        doc.source("report_date", w.line(f"Date: {date}"))
    else:
        w.line(c.city)
        doc.source("report_date", w.line(date))


def _vector_signature(doc: Doc) -> None:
    """A handwritten firm name drawn as curves: no text in the text layer."""
    w = doc.w
    x, y = w.margin + 4, w.y - 30
    cv = w.canvas
    cv.setLineWidth(1.1)
    for i in range(9):
        dx = i * 17
        cv.bezier(x + dx, y, x + dx + 6, y + 22, x + dx + 12, y - 12, x + dx + 19, y + 4)
    cv.line(x - 4, y - 8, x + 170, y - 4)
    w.y -= 44


def _image_signature(doc: Doc) -> None:
    """The firm's name written in a picture, as scanned signatures are."""
    w = doc.w
    path = os.path.join(os.path.dirname(reportlab.__file__), "fonts", "VeraIt.ttf")
    img = Image.new("L", (720, 110), 255)
    draw = ImageDraw.Draw(img)
    draw.text((12, 22), doc.firm, fill=25, font=ImageFont.truetype(path, 44))
    draw.line((10, 92, 700, 84), fill=40, width=3)
    buffer = io.BytesIO()
    img.save(buffer, format="PNG")
    buffer.seek(0)
    w.canvas.drawImage(ImageReader(buffer), w.margin, w.y - 48, 240, 37)
    w.y -= 54


def assertion(doc: Doc) -> None:
    w, c = doc.w, doc.c
    doc.section(2, "Management's Assertion")
    when = doc.when()
    doc.para(
        f"We have prepared the accompanying description of {c.org}'s {doc.system} {when} based"
        " on the description criteria. We confirm, to the best of our knowledge and belief,"
        f" that the description presents the system {when} and that the controls stated in it"
        " were suitably designed" + ("" if doc.type1 else " and operated effectively") + "."
    )
    opinion_subservice(doc, in_assertion=True)
    if doc.spec.traps:
        doc.para(
            "Management is not aware of any matter that would lead an auditor to conclude,"
            " except for matters already disclosed, that the controls did not operate"
            " effectively."
        )
    w.y -= 10
    w.line(f"For {c.org}")
    w.line("Authorized Signatory")
