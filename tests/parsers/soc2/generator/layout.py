"""How one document of the general renderer looks and is organised: its house style's habits
(modelled on four real layouts, or translated from the five original styles), a randomised look
(fonts, sizes, margins, rulings, column widths and labels) so no two documents are alike, and the
options a DocSpec forces."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from tests.parsers.soc2.generator.styles import STYLES

# Vera ships with reportlab, so documents look the same on every machine
pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
FONTS = [("Helvetica", "Helvetica-Bold"), ("Times-Roman", "Times-Bold"), ("Vera", "VeraBd")]
BLUES = [(0.0, 0.36, 0.66), (0.12, 0.31, 0.55), (0.2, 0.2, 0.2), (0.55, 0.1, 0.15)]

LABELS = {
    "id": ["Control #", "Control ID", "Ref.", "Control No.", "#", "Control Number"],
    "control": [
        "Control Activity",
        "Control Activity Specified by the Service Organization",
        "Controls Specified by {alias}",
        "Control Description",
        "{alias}'s Control Activity",
    ],
    "test": [
        "Test Applied by the Service Auditor",
        "Tests Performed by {firm_short}",
        "Test Procedures",
        "Testing Performed",
        "Test Applied",
        "Tests of Controls",
    ],
    "result": [
        "Test Results",
        "Results of Tests",
        "Results",
        "Outcome",
        "Conclusion",
        "Auditor Findings",
        "Results of Testing",
        "Service Auditor's Conclusion",
    ],
    "criteria": ["Criteria", "TSC Ref.", "Trust Services Criteria", "Applicable Criteria", "TSC"],
    "response": ["Management's Response", "Management Response"],
    "other": ["Service Applicability", "Frequency"],
}


@dataclass(frozen=True)
class Profile:
    style: str
    # look
    font: str = "Helvetica"
    bold: str = "Helvetica-Bold"
    body_size: float = 10.0
    table_size: float = 8.5
    heading_size: float = 13.0
    margin: float = 54.0
    top: float = 72.0
    justify: bool = False
    spaced_headings: bool = False  # headings drawn word by word (no space characters)
    running_header: str | None = None
    footer: str = "number"  # "number", "confidential", "copyright", "page_of", "none"
    # structure
    cover: str = "standard"  # "standard", "caps", "atom"
    disclaimer_page: bool = False
    toc: bool = True
    dividers: bool = False
    exec_summary: bool = False
    section_label: str = "roman"  # "roman" (Section I -), "numeric" (SECTION 1), "none"
    report_title: str = "Independent Service Auditor's Report"
    addressee: str = "To the Management of {org}:"
    opinion_marker: str = "letters"  # "letters", "bullets", "numbers"
    curly: bool = False  # curly apostrophes
    # auditor's signature and dates
    signature: str = "signature_line"  # + "letterhead", "image", "vector", "individual",
    # "disclaimer_only"
    city_date: str = "two_lines"  # "two_lines", "one_line", "date_label"
    date_style: str = "us"
    period_form: str = "to"
    quote_period: bool = False
    # description
    subservice: str = "CARVE_OUT"  # "none", "CARVE_OUT", "INCLUSIVE"
    subservice_as: str = "opinion_sentences"  # "prose", "bullets", "table", "numbered_prose"
    subservice_named_in: str = "opinion"  # or "description"
    subservice_verb: str = "uses"
    csoc_as: str = "bullets"  # "table", "ref_table", "owner_table", "per_org_lists",
    # "criteria_above"
    cuec_as: str = "bullets"  # + "numbered", "table", "bullets_related", "section_v_bullets",
    # "run_together", "criteria_words", "none_required"
    cuec_name: str = "Complementary User Entity Controls"
    cuec_criteria_form: str = "plain"
    # tests of controls
    landscape: bool = False
    rotated: bool = False
    columns: tuple[tuple[str, str, float], ...] = (
        ("id", "Control #", 1.0),
        ("control", "Control Activity", 2.5),
        ("test", "Test Applied", 2.8),
        ("result", "Test Results", 1.6),
    )
    id_shape: str = "crit.n"  # "num", "CM n.n", "AC.n", "AC-nn", "p - n", "p-n", "none"
    criteria_as: str = "banner"  # "column", "banner_repeat", "mapping_results", "mapping_table"
    criteria_form: str = "plain"
    banner_form: str = "{ref} \u2013 {summary}"
    category_tables: bool = False
    group_banners: bool = False
    group_codes: bool = False  # "CC1.0: CONTROL ENVIRONMENT"
    tests_as: str = "bullets"  # or "sentences"
    rules: str = "grid"
    header_fill: tuple[float, float, float] | None = None
    header_align: str = "left"
    repeat_header: bool = True
    split_rows: bool = True
    vcenter: bool = False
    response_at: str = "under_row"  # "column", "section_v_table", "section_v_text",
    # "section_v_by_criterion", "section_v_by_quote"
    csoc_rows_in_tests: bool = False
    other_information: bool = False  # a Section V even with nothing to respond to

    @property
    def result_label(self) -> str:
        return next((label for role, label, _w in self.columns if role == "result"), "")


SCHELLMAN: dict[str, Any] = dict(
    cover="caps", disclaimer_page=True, dividers=True, section_label="numeric",
    addressee="To {org}:", opinion_marker="bullets", curly=True, signature="vector",
    period_form="to_comma", subservice_as="prose", subservice_named_in="description",
    subservice_verb="utilizes", csoc_as="ref_table", cuec_as="none_required",
    columns=(("id", "Control #", 0.9),
             ("control", "Control Activity Specified by the Service Organization", 2.0),
             ("test", "Test Applied by the Service Auditor", 2.3),
             ("result", "Test Results", 1.5)),
    category_tables=True, group_banners=True, tests_as="sentences",
    header_fill=BLUES[0], header_align="center", split_rows=False, csoc_rows_in_tests=True,
    justify=True,
)  # fmt: skip
ATOM: dict[str, Any] = dict(
    cover="atom", dividers=True, section_label="numeric", addressee="To : {org}.", opinion_marker="numbers",
    signature="individual", city_date="date_label", date_style="ordinal", period_form="dash",
    quote_period=True, curly=True, subservice_as="bullets", subservice_verb="uses",
    csoc_as="owner_table", cuec_as="run_together",
    columns=(("id", "Control #", 0.9),
             ("control", "Control Activity Specified by the Service Organization", 2.0),
             ("test", "Test Applied by the Service Auditor", 2.0),
             ("result", "Test Results", 1.4)),
    banner_form="{ref}: {summary}", group_banners=True, group_codes=True, tests_as="sentences",
    header_fill=BLUES[1], header_align="center",
)  # fmt: skip
NUMERIC: dict[str, Any] = dict(
    cover="caps", disclaimer_page=True, dividers=True, section_label="numeric",
    addressee="To {org}:", curly=True, signature="disclaimer_only", city_date="one_line",
    period_form="to_comma", spaced_headings=True, subservice_as="numbered_prose",
    subservice_named_in="description", subservice_verb="utilizes", csoc_as="criteria_above",
    cuec_as="criteria_words", cuec_criteria_form="words",
    columns=(("id", "Control #", 0.7), ("control", "Control Activity", 2.6),
             ("test", "Test Applied", 2.2), ("result", "Results", 0.95)),
    id_shape="num", criteria_as="mapping_table", category_tables=True, group_banners=True,
    tests_as="sentences", header_fill=BLUES[2], vcenter=True, other_information=True,
)  # fmt: skip
LETTER: dict[str, Any] = dict(font="Times-Roman", bold="Times-Bold", toc=False)
NEW_STYLES = {"schellman": SCHELLMAN, "atom": ATOM, "numeric": NUMERIC, "letter": LETTER}

_OLD_IDS = {"{p} - {n}": "p - n", "{crit}.{n}": "crit.n", "{p}-{n:02d}": "AC-nn", "{p}-{n}": "p-n",
            "": "none"}  # fmt: skip
_OLD_CRITERIA = {"mapping": "mapping_results", "banner": "banner_repeat", "column": "column"}


def _from_old(name: str) -> dict[str, Any]:
    """An original house style in the general renderer's terms (for documents with features)."""
    old = STYLES[name]
    return dict(
        landscape=old.landscape, rotated=old.rotated,
        columns=tuple((role, label, width / 100) for role, label, width in old.columns),
        id_shape=_OLD_IDS[old.id_format], criteria_as=_OLD_CRITERIA[old.criteria_as],
        banner_form="{ref} {summary}", response_at=old.response_at, cuec_as=old.cuec_as,
        subservice=old.subservice, repeat_header=old.repeat_header, split_rows=old.split_rows,
        header_align="center" if old.centered_header else "left", running_header=old.header_text,
        footer=old.footer, exec_summary=old.exec_summary, toc=old.toc,
        signature="letterhead" if name == "bigfour" else "signature_line",
        csoc_as="table" if name == "aligned" else "bullets",
        subservice_as="opinion_sentences",
        rules="rows", report_title={
            "bigfour": "Independent Service Auditors' Report",
            "matrix": "INDEPENDENT SERVICE AUDITOR'S REPORT",
            "smallfirm": "Report of Independent Service Auditors",
            "boutique": "Independent Accountant's Report",
        }.get(name, "Independent Service Auditor's Report"),
    )  # fmt: skip


# DocSpec fields that override the profile when set
OVERRIDES = ("criteria_as", "criteria_form", "id_shape", "response_at", "cuec_as", "cuec_name",
             "subservice_as", "subservice_verb", "csoc_as", "signature", "date_style",
             "period_form")  # fmt: skip


def profile_for(spec: Any, rng: random.Random) -> Profile:
    """The style's habits, a randomised look, then whatever the spec forces."""
    base = dict(NEW_STYLES[spec.style]) if spec.style in NEW_STYLES else _from_old(spec.style)
    look: dict[str, Any] = {}
    if spec.style != "letter":
        font, bold = FONTS[0] if rng.random() < 0.5 else rng.choice(FONTS)
        look = dict(
            font=font, bold=bold, body_size=rng.choice([9.5, 10.0, 10.5]),
            table_size=rng.choice([7.5, 8.0, 8.5, 9.0]), heading_size=rng.choice([12.0, 13.0, 14.0]),
            margin=rng.choice([40.0, 48.0, 54.0, 63.0, 72.0]), top=rng.choice([60.0, 72.0, 84.0]),
        )  # fmt: skip
        if rng.random() < 0.3:
            look["rules"] = rng.choice(["grid", "rows", "header", "none"])
        if rng.random() < 0.3:
            look["header_fill"] = rng.choice([None, *BLUES])
        if rng.random() < 0.2:
            look["repeat_header"] = not base.get("repeat_header", True)
        if rng.random() < 0.2:
            look["split_rows"] = not base.get("split_rows", True)
        look["justify"] = base.get("justify", False) or rng.random() < 0.25
    base.update(look)
    base["columns"] = tuple(
        (role, _label(role, label, rng), width * rng.uniform(0.88, 1.12))
        for role, label, width in base.get("columns", Profile.columns)
    )
    if spec.result_label:
        base["columns"] = tuple(
            (r, spec.result_label if r == "result" else lb, wd) for r, lb, wd in base["columns"]
        )
    if spec.columns:
        by_role = {r: (r, lb, wd) for r, lb, wd in base["columns"]}
        defaults = {"criteria": ("criteria", "Criteria", 0.9), "id": ("id", "Control #", 0.8),
                    "response": ("response", "Management's Response", 1.6)}  # fmt: skip
        base["columns"] = tuple(by_role.get(r) or defaults[r] for r in spec.columns)
    for key in OVERRIDES:
        value = getattr(spec, key, None)
        if value:
            base[key] = value
    if spec.subservice:
        base["subservice"] = spec.subservice
    base.setdefault("cuec_criteria_form", rng.choice(["plain", "spaced", "range", "words"]))
    if "criteria" in [r for r, _l, _w in base["columns"]] and base.get("criteria_as") not in (
        "column",
    ):
        base["criteria_as"] = "column"
    if base.get("criteria_as") == "column" and "criteria" not in [r for r, *_x in base["columns"]]:
        first, *rest = base["columns"]
        base["columns"] = (first, ("criteria", "Criteria", 0.9), *rest)
    if base.get("response_at") == "column" and "response" not in [r for r, *_x in base["columns"]]:
        base["columns"] = (*base["columns"], ("response", "Management's Response", 1.6))
    if base.get("response_at") != "column":
        base["columns"] = tuple(c for c in base["columns"] if c[0] != "response")
    return Profile(style=spec.style, **base)


def _label(role: str, label: str, rng: random.Random) -> str:
    """The style's own label most of the time, else another firm's name for the column."""
    if role not in LABELS or rng.random() < 0.6:
        return label
    return rng.choice(LABELS[role])


def with_changes(profile: Profile, **changes: Any) -> Profile:
    return dataclasses.replace(profile, **changes)
