"""The general renderer: the four house styles modelled on real layouts (schellman, atom,
numeric, letter), and any style with the features a DocSpec asks for. Writes the PDF and returns
its truth: the contract's keys plus `review_needed`, `uncertain_results` and `source_pages`."""

from __future__ import annotations

import random
from typing import Any

from tests.parsers.soc2.generator.auditor_report import (
    assertion,
    auditor_report,
    contents,
    cover,
    disclaimer,
    executive_summary,
)
from tests.parsers.soc2.generator.content import CUECS, Content, make_content
from tests.parsers.soc2.generator.criteria_text import family
from tests.parsers.soc2.generator.description import description
from tests.parsers.soc2.generator.document import Doc
from tests.parsers.soc2.generator.layout import NEW_STYLES, Profile, profile_for, with_changes
from tests.parsers.soc2.generator.letter import letter
from tests.parsers.soc2.generator.results import (
    FAMILY_OF_CATEGORY,
    allowed_criteria,
    build_tested,
    deviations,
)
from tests.parsers.soc2.generator.subservice import subservice_truth
from tests.parsers.soc2.generator.testing import section_v, tests_section
from tests.parsers.soc2.generator.wording import (
    CITIES,
    CSOC_TEXTS,
    CUEC_TEXTS,
    FIRMS,
    INDIVIDUALS,
    SUBSERVICE,
)
from tests.parsers.soc2.generator.writer import Writer

# DocSpec fields that only the general renderer understands
GENERAL_FIELDS = ("features", "result_label", "columns", "criteria_as", "criteria_form",
                  "id_shape", "cuec_name", "subservice_as", "subservice_verb", "csoc_as",
                  "signature", "date_style", "period_form")  # fmt: skip
SYSTEMS = ["Hosted Platform system", "Certification Automation system", "Messaging API platform",
           "Monitoring Platform", "Payments Gateway system"]  # fmt: skip
FEATURES = {
    "multi_attribute": "a result cell with lettered attributes; one exception per deviating one",
    "remaining_tests": 'deviations ending "No exceptions noted on the remaining tests performed."',
    "deviation_wordings": "every deviation wording (except for, testing revealed, ...)",
    "pass_procedure": "procedure text followed by the pass verdict in the result cell",
    "non_occurrence": "results saying the control did not operate (not exceptions)",
    "uncertain": "results that read as neither pass nor deviation (review needed)",
    "sub_rows": "one control with several tests, each with its own result",
    "back_cover_image": "an image-only back cover outside any report section (no review)",
}


def wants_general(spec: Any) -> bool:
    return spec.style in NEW_STYLES or any(getattr(spec, f) for f in GENERAL_FIELDS)


def empty_truth(kind: str) -> dict[str, Any]:
    return {
        "kind": kind, "type": None, "service_organization": None, "service_auditor": None,
        "period_start": None, "period_end": None, "as_of": None, "report_date": None,
        "opinion": None, "opinion_basis": None, "trust_services_categories": [], "exceptions": [],
        "cuecs": [], "subservice_organizations": [], "csocs": [], "pages": 0,
        "image_only_pages": [], "review_needed": False, "uncertain_results": [],
        "source_pages": {},
    }  # fmt: skip


def _fix_profile(p: Profile, spec: Any) -> Profile:
    """Combinations a real report would not print are settled here."""
    changes: dict[str, Any] = {}
    if p.signature in ("vector", "disclaimer_only"):
        changes["disclaimer_page"] = True  # the firm must be named somewhere in the text
    if p.signature == "image":
        changes["footer"] = "copyright"
    if spec.type1 and p.response_at.startswith("section_v"):
        changes["response_at"] = "under_row"
    if p.subservice == "INCLUSIVE" and p.subservice_verb == "carves out":
        changes["subservice_verb"] = "uses"  # carving out contradicts the inclusive method
    if p.subservice_as == "opinion_sentences":
        changes["subservice_named_in"] = "opinion"  # the description refers back to Section I
    roles = [r for r, _l, _w in p.columns]
    if p.criteria_as in ("mapping_results", "mapping_table"):
        # the mapping table cites controls by ID, so the tests table must print them
        if p.id_shape == "none":
            changes["id_shape"] = "p - n" if p.criteria_as == "mapping_results" else "num"
        if "id" not in roles:
            changes["columns"] = (("id", "Control #", 0.8), *p.columns)
    elif "id" not in roles:
        changes["id_shape"] = "none"  # no column prints them: the truth has no control IDs
    return with_changes(p, **changes) if changes else p


def effective_profile(spec: Any) -> Profile:
    """The layout a general-renderer document gets (its style, randomised look, options)."""
    look = random.Random(f"look-{spec.seed}-{spec.style}")
    return _fix_profile(profile_for(spec, look), spec)


def _prepare(c: Content, p: Profile, rng: random.Random) -> tuple[str, str, str | None, str]:
    firm, short = rng.choice(FIRMS)
    signer = rng.choice(INDIVIDUALS) if p.signature == "individual" else None
    c.auditor, c.city = firm, rng.choice(CITIES)
    families = {FAMILY_OF_CATEGORY[x] for x in c.categories}
    c.subservice = [] if p.subservice == "none" else rng.sample(SUBSERVICE, rng.randint(1, 3))
    c.csocs = []
    usable = [(t, k) for t, k in CSOC_TEXTS if all(family(x) in families for x in k)]
    for name, alias, _services in c.subservice:
        for text, crit in rng.sample(usable, rng.randint(1, min(3, len(usable)))):
            c.csocs.append((text.format(x=alias or name), name, list(crit)))
    if p.subservice == "INCLUSIVE":
        c.csocs = []
    allowed = [x for x in allowed_criteria(c.categories) if x.startswith("CC")]
    c.cuecs = []
    for text in rng.sample(CUECS + CUEC_TEXTS, rng.randint(4, 9)):
        start = rng.randrange(len(allowed) - 2)
        crit = (
            allowed[start : start + rng.randint(1, 3)]
            if rng.random() < 0.5
            else [rng.choice(allowed)]
        )
        c.cuecs.append((text, sorted(set(crit), key=allowed.index)))
    return firm, short, signer, rng.choice(SYSTEMS)


def _picture_page(w: Writer, seed: int) -> int:
    """A page that is one picture and nothing else (no running header or page number)."""
    header, footer = w.header, w.footer
    w.header = w.footer = None
    try:
        return w.image_page(seed)
    finally:
        w.header, w.footer = header, footer


def generate_general(spec: Any, path: str) -> dict[str, Any]:
    if spec.kind not in ("SOC2", "SOC3"):
        raise ValueError(f"the general renderer writes SOC 2 and SOC 3 reports, not {spec.kind}")
    truth = empty_truth(spec.kind)
    if spec.style == "letter":
        return letter(spec, path, truth)
    rng = random.Random(spec.seed)
    p = effective_profile(spec)
    c = make_content(rng, spec.n_controls, spec.n_exceptions, False)
    firm, short, signer, system = _prepare(c, p, rng)
    roles = [r for r, _l, _w in p.columns]
    adjacent = (
        "test" in roles
        and roles.index("test") + 1 < len(roles)
        and (roles[roles.index("test") + 1] == "result")
    )
    features = set(spec.features)
    if spec.style == "schellman":
        features.add("non_occurrence")  # the house prints them across the results column
    tested = build_tested(
        c, rng, features, p.id_shape, p.criteria_as == "banner",
        spanning_nonocc=adjacent and (p.style == "schellman" or rng.random() < 0.4),
        seed=spec.seed,
    )  # fmt: skip
    w = Writer(path, font=p.font, bold=p.bold, margin=p.margin, top=p.top)
    doc = Doc(spec, p, c, w, rng, firm, short, signer, system, truth)
    if p.running_header:
        w.header = p.running_header.format(org=c.org, alias=c.alias, auditor=firm)
    w.footer = doc.footer
    cover(doc)
    if p.disclaimer_page:
        disclaimer(doc)
    titles = [p.report_title, "Management's Assertion", "Description of the System"]
    if spec.kind == "SOC2":
        titles.append("Tests of Controls and Results of Tests")
    if p.toc:
        contents(doc, titles)
    if p.exec_summary:  # counts what the truth lists (one per deviating attribute)
        executive_summary(doc, sum(len(deviations(t)) for t in tested))
    doc.front = w.page
    failing = next((t.control.text for t in tested if t.control.exception), tested[0].control.text)
    auditor_report(doc, failing)
    assertion(doc)
    description(doc, tested)
    inside: list[int] = []
    if spec.image_page:
        inside.append(_picture_page(w, spec.seed))  # inside Section III: content may be missing
    if spec.kind == "SOC2":
        tests_section(doc, tested)
    section_v(doc, tested)
    outside = [_picture_page(w, spec.seed + 1)] if "back_cover_image" in spec.features else []
    w.save()
    truth.update(
        type="TYPE1" if spec.type1 else "TYPE2",
        service_organization=c.org,
        service_auditor=signer or firm,
        report_date=c.report_date.isoformat(),
        opinion=spec.opinion,
        trust_services_categories=[x.upper().replace(" ", "_") for x in c.categories],
        subservice_organizations=subservice_truth(doc),
        pages=w.page,
        image_only_pages=inside + outside,
    )
    if spec.type1:
        truth["as_of"] = c.as_of.isoformat()
    else:
        truth["period_start"], truth["period_end"] = (d.isoformat() for d in c.period)
    truth["source_pages"] = dict(doc.sources)
    truth["review_needed"] = bool(truth["uncertain_results"] or inside)
    return truth
