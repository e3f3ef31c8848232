"""Section III of the general renderer: the system description with its narrative traps, the
subservice part, complementary user entity controls under any of their names and in any form
(bullets, numbered, run together, tables, criteria lines in words, or a statement that none are
required), and the criteria-to-control mapping table of houses without a criteria column."""

from __future__ import annotations

from tests.parsers.soc2.generator import sections
from tests.parsers.soc2.generator.criteria_text import SUMMARY, ordered, printed
from tests.parsers.soc2.generator.document import Doc
from tests.parsers.soc2.generator.grid import GridCell, GridRow, GridStyle, draw_grid
from tests.parsers.soc2.generator.results import Tested
from tests.parsers.soc2.generator.subservice import description_subservice


def description(doc: Doc, tested: list[Tested]) -> None:
    c, spec = doc.c, doc.spec
    doc.section(3, "Description of the System")
    doc.subheading("Services Provided")
    doc.para(
        f"{c.org} provides the {doc.system} to customers in the financial services and retail"
        " industries. The platform runs in cloud regions in the United States and Europe."
    )
    doc.subheading("Components of the System")
    doc.para(
        "The system consists of infrastructure, software, people, procedures, and data that"
        " together deliver the service to user entities."
    )
    if spec.traps:
        doc.subheading("Monitoring")
        doc.para(
            "Senior management reviews deviations from policy and the corrective actions taken"
            " at its quarterly meetings. Exceptions noted in vendor risk assessments are"
            " evaluated for their effect on the service."
        )
    description_subservice(doc)
    if doc.p.criteria_as == "mapping_table" and spec.kind == "SOC2":
        mapping_table(doc, tested)
    cuecs(doc)


def cuecs(doc: Doc) -> None:
    c, p, w = doc.c, doc.p, doc.w
    form = p.cuec_as
    if form == "section_v_bullets":
        return  # written in Section V
    if form in ("bullets_related",) or (form in ("bullets", "numbered", "table") and p.style in (
        "bigfour", "aligned", "matrix", "smallfirm", "boutique")):  # fmt: skip
        doc.truth["cuecs"] = sections.render_cuecs(w, c, form)
        return
    if form == "none_required" or not c.cuecs:
        doc.subheading("Complementary Controls at User Entities")
        doc.para(
            f"{c.alias}'s controls are designed to achieve its service commitments and system"
            " requirements without controls at user entities. As a result, complementary user"
            " entity controls are not required to achieve the applicable trust services criteria."
        )
        doc.truth["cuecs"] = []
        return
    doc.subheading(p.cuec_name)
    doc.para(
        f"{c.alias}'s controls were designed on the assumption that user entities operate"
        " certain controls of their own. User entities should consider the following:"
    )
    texts = [t for t, _k in c.cuecs]
    pages: list[int] = []
    with_criteria = form in ("numbered", "table", "criteria_words")
    if form == "numbered":
        items = [f"{t} ({printed(k, p.cuec_criteria_form)})" for t, k in c.cuecs]
        pages = w.items(items, [f"{i + 1}." for i in range(len(items))], size=p.body_size)
    elif form == "table":
        rows = [GridRow([GridCell([str(i + 1)]), GridCell([t]), GridCell([printed(k, p.cuec_criteria_form)])])
                for i, (t, k) in enumerate(c.cuecs)]  # fmt: skip
        width = w.right - w.margin
        draw_grid(w, [width * 0.07, width * 0.68, width * 0.25], ["#", p.cuec_name, "Related Criteria"],
                  rows, GridStyle(size=p.table_size, rules=p.rules))  # fmt: skip
        pages = [r.lead[1].pages[0] for r in rows]
    elif form == "criteria_words":
        for text, crit in c.cuecs:
            pages.append(doc.para(text, gap=2, raw=True))
            w.line(printed(crit, "words"), size=p.body_size)
            w.y -= 4
    elif form == "run_together":
        # the first two paragraphs run into each other with no space between the sentences, as
        # the real layout does; the rest are bullets
        first, second = texts[0].removesuffix("."), texts[1]
        doc.para(first + second, raw=True)
        pages += [doc.page_of(first[:30], raw=True), doc.page_of(second[:30], raw=True)]
        texts[0] = first
        pages.append(doc.para(texts[2], raw=True))
        pages += w.items(texts[3:], ["\u2022"] * len(texts[3:]), size=p.body_size)
    else:
        pages = w.items(texts, ["\u2022"] * len(texts), size=p.body_size)
    doc.truth["cuecs"] = [
        {"text": t, "criteria": ordered(k) if with_criteria else [], "page": pg}
        for t, (_t, k), pg in zip(texts, c.cuecs, pages, strict=True)
    ]


def mapping_table(doc: Doc, tested: list[Tested]) -> None:
    """Criteria and the numbers of the controls that address them (no results)."""
    w, p = doc.w, doc.p
    doc.subheading(f"{doc.c.alias}'s Controls Mapped to the Applicable Trust Services Criteria")
    by_criterion: dict[str, list[str]] = {}
    for t in tested:
        for ref in t.criteria:
            by_criterion.setdefault(ref, []).append(t.printed_id or "")
    rows = [
        GridRow(
            [GridCell([ref]), GridCell([SUMMARY[ref]]), GridCell([", ".join(by_criterion[ref])])]
        )
        for ref in ordered(list(by_criterion))
    ]
    width = w.right - w.margin
    labels = ["Criteria No.", "Criteria Description", "Control No(s). (See Section 4)"]
    draw_grid(w, [width * 0.14, width * 0.58, width * 0.28], labels, rows,
              GridStyle(size=p.table_size, rules=p.rules, header_fill=p.header_fill,
                        header_color=(1, 1, 1) if p.header_fill else (0, 0, 0)))  # fmt: skip
