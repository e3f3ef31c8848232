"""Section IV (tests of controls) and Section V (other information) of the general renderer, and
the truth they imply: one exception per deviating result paragraph at its first occurrence,
results that read as neither pass nor deviation, and management's responses wherever the house
prints them (a column, under the row, a Section V table, or Section V paragraphs keyed by control
ID, by criterion, or by quoting the test)."""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from tests.parsers.soc2.generator import sections
from tests.parsers.soc2.generator.content import CRITERIA_2017
from tests.parsers.soc2.generator.criteria_text import (
    FAMILY_CATEGORY,
    SUMMARY,
    family,
    group_of,
    printed,
)
from tests.parsers.soc2.generator.document import Doc
from tests.parsers.soc2.generator.grid import GridCell, GridRow, GridStyle, draw_grid, house_grid
from tests.parsers.soc2.generator.results import Tested, deviations, group_name

LEAD_ROLES = ("id", "criteria", "control", "other")


def _test_paras(doc: Doc, tests: list[str], force_plain: bool = False) -> list[str]:
    if doc.p.tests_as == "bullets" and not force_plain:
        return [f"\u2022 {x}" for x in tests]
    return [" ".join(tests)]


def test_text(doc: Doc, tests: list[str], force_plain: bool = False) -> str:
    return " ".join(_test_paras(doc, tests, force_plain))


def _intro(doc: Doc) -> None:
    c, p, w = doc.c, doc.p, doc.w
    tester = c.org if p.style == "atom" else doc.firm_short
    doc.subheading("Scope of Testing")
    doc.para(
        f"This section relates to the {doc.system} provided by {c.org}. {tester} conducted the"
        f" examination testing over the period {doc.span()}."
    )
    doc.subheading("Tests of Operating Effectiveness")
    doc.para("The types of tests performed are described below:", gap=3)
    width = w.right - w.margin
    rows = [
        GridRow([GridCell([name]), GridCell([text])])
        for name, text in [
            ("Inquiry", "Asked relevant personnel about the performance of the control."),
            ("Observation", "Watched the control being performed or its evidence being produced."),
            ("Inspection", "Examined records, documents, configurations, and logged events."),
            ("Re-performance", "Performed the control again and compared the outcomes."),
        ]
    ]
    draw_grid(w, [width * 0.2, width * 0.8], ["Test Approach", "Description"], rows,
              GridStyle(size=p.table_size, rules="none", repeat_header=False))  # fmt: skip
    doc.subheading("Sampling")
    sampler = doc.firm if p.style == "atom" else doc.firm_short
    doc.para(
        f"{sampler} used professional judgment to consider the tolerable and expected deviation"
        " rates, audit risk and the characteristics of each population in selecting samples."
    )
    doc.subheading("Test Results")
    doc.para(
        'Results that are not deviations are described by the phrase "No exceptions noted." Any'
        " other wording describes a control that did not operate during the period, a change in"
        " how the control was applied, or a deficiency in its operating effectiveness."
    )


def _widths(doc: Doc) -> list[float]:
    p, avail = doc.p, doc.w.right - doc.w.margin
    fixed: dict[int, float] = {}
    roles = [r for r, _l, _w in p.columns]
    if p.style == "numeric" and "result" in roles:
        # narrow enough that "No exceptions noted." always wraps after "No exceptions"
        short = stringWidth("No exceptions", doc.w.font, p.table_size)
        full = stringWidth("No exceptions noted.", doc.w.font, p.table_size)
        fixed[roles.index("result")] = (short + full) / 2 + 8.0
    rest = sum(wd for i, (_r, _l, wd) in enumerate(p.columns) if i not in fixed)
    share = avail - sum(fixed.values())
    return [fixed.get(i, share * wd / rest) for i, (_r, _l, wd) in enumerate(p.columns)]


def _labels(doc: Doc) -> list[str]:
    return [
        label.format(alias=doc.c.alias, firm_short=doc.firm_short, auditor=doc.firm_short)
        for _r, label, _w in doc.p.columns
    ]


def _row(doc: Doc, t: Tested) -> tuple[GridRow, list[GridCell], list[GridCell]]:
    """The row of a control, its result cells and test cells (one per part)."""
    p, roles = doc.p, [r for r, _l, _w in doc.p.columns]
    n_lead = next((i for i, r in enumerate(roles) if r not in LEAD_ROLES), len(roles))
    stacked = all(r not in LEAD_ROLES for r in roles[n_lead:])
    response = t.control.response or ""
    parts = t.parts if stacked else [t.parts[0]]
    lead, subs, results, tests = [], [], [], []
    values = {
        "id": lambda: GridCell([t.printed_id or ""], vcenter=p.vcenter),
        "criteria": lambda: GridCell([printed(t.criteria, p.criteria_form)], vcenter=p.vcenter),
        "control": lambda: GridCell([t.control.text], vcenter=p.vcenter),
        "other": lambda: GridCell(["All in-scope services"], vcenter=p.vcenter),
    }
    for role in roles[:n_lead]:
        lead.append(values[role]())
    for part in parts:
        deviating = any(o.verdict == "deviation" for o in part.outcomes)
        cells, k = [], n_lead
        test = GridCell(_test_paras(doc, part.tests, force_plain=not part.outcomes))
        result = GridCell([o.text for o in part.outcomes], vcenter=p.vcenter)
        for role in roles[n_lead:]:
            if role == "test":
                cells.append(test)
                if not part.outcomes and k + 1 < len(roles) and roles[k + 1] == "result":
                    test.span = 2  # non-occurrence written across the results column
            elif role == "result" and test.span == 1:
                cells.append(result)
            elif role == "response":
                shown = response if deviating and p.response_at == "column" else ""
                cells.append(GridCell([shown] if shown else []))
            elif role in LEAD_ROLES:
                cells.append(values[role]())
            k += 1
        subs.append(cells)
        results.append(result)
        tests.append(test)
    if not stacked:  # columns interleave lead and sub roles: one flat row
        lead, subs = lead + subs[0], []
    note = None
    if p.response_at == "under_row" and deviations(t):
        note = f"Management's Response: {response}"
    return GridRow(lead, subs, note=note), results, tests


def tests_section(doc: Doc, tested: list[Tested]) -> None:
    c, p, w = doc.c, doc.p, doc.w
    title = {"atom": "Test Control Matrix", "schellman": "Testing Matrices",
             "numeric": "Testing Matrices"}.get(p.style, "Tests of Controls and Results of Tests")  # fmt: skip
    doc.section(4, title, landscape=p.landscape)
    if p.style in ("atom", "schellman", "numeric"):
        doc.heading("TESTS OF OPERATING EFFECTIVENESS AND RESULTS OF TESTS")
    if doc.type1:
        _type1(doc, tested)
        return
    _intro(doc)
    if p.criteria_as == "mapping_results":
        for t in tested:
            texts = [o.text for _i, _k, o in deviations(t)]
            t.control.exception, t.control.result = bool(texts), " ".join(texts)
        sections._mapping_table(w, c, CRITERIA_2017)
        w.line("Part C: Tests of Operating Effectiveness", bold=True)
    tables: list[tuple[str, list[Tested]]] = []
    for t in tested:
        name = FAMILY_CATEGORY[family(t.criteria[0])] if p.category_tables else ""
        if not tables or tables[-1][0] != name:
            tables.append((name, []))
        tables[-1][1].append(t)
    occurrences: list[tuple[Tested, list[GridCell]]] = []
    for name, members in tables:
        if name:
            doc.heading(f"{name.upper()} CATEGORY")
        elif p.style == "atom":
            doc.heading("SECURITY PRINCIPLE AND CRITERIA TABLE")
        rows = _rows(doc, members, occurrences)
        draw_grid(w, _widths(doc), _labels(doc), rows, house_grid(doc.p, paging=True))
    _record(doc, occurrences)


def _rows(doc: Doc, members: list[Tested], occurrences: list[Any]) -> list[GridRow]:
    p = doc.p
    rows: list[GridRow] = []
    banner = p.criteria_as in ("banner", "banner_repeat")
    entries = [
        (ref, t)
        for t in members
        for ref in (t.criteria if p.criteria_as == "banner_repeat" else t.criteria[:1])
    ]
    entries.sort(key=lambda e: CRITERIA_2017.index(e[0]))
    last_group, last_ref = 0, ""
    for ref, t in entries:
        group = t.group if p.criteria_as != "banner_repeat" else group_of(ref)
        if p.group_banners and group != last_group:
            text = group_name(group)
            if p.group_codes:
                text = f"{ref.split('.')[0]}.0: {text.upper()}"
            rows.append(GridRow([GridCell([text], span=len(p.columns), bold=True)], keep=True))
        if banner and ref != last_ref:
            if last_ref:
                rows += _csoc_rows(doc, last_ref)
            summary = SUMMARY.get(ref, "")
            rows.append(GridRow([GridCell([p.banner_form.format(ref=ref, summary=summary)],
                                          span=len(p.columns))], keep=True))  # fmt: skip
        last_group, last_ref = group, ref
        row, results, _tests = _row(doc, t)
        rows.append(row)
        occurrences.append((t, results))
    if banner and last_ref:
        rows += _csoc_rows(doc, last_ref)
    return rows


def _csoc_rows(doc: Doc, ref: str) -> list[GridRow]:
    """CSOCs repeated under the criteria they address, with no test and no result."""
    if not doc.p.csoc_rows_in_tests:
        return []
    rows = []
    for i, (text, _owner, crit) in enumerate(doc.c.csocs):
        if ref in crit:
            rest = len(doc.p.columns) - 1
            rows.append(GridRow([GridCell([f"CSOC{i + 1}"]), GridCell([text], span=rest)]))
    return rows


def _record(doc: Doc, occurrences: list[Any]) -> None:
    seen: set[int] = set()
    for t, results in occurrences:
        if id(t) in seen:
            continue
        seen.add(id(t))
        for i, part in enumerate(t.parts[: len(results)]):
            for k, outcome in enumerate(part.outcomes):
                page = results[i].pages[k]
                if outcome.verdict == "uncertain":
                    doc.truth["uncertain_results"].append({"text": outcome.text, "page": page})
                if outcome.verdict != "deviation":
                    continue
                doc.truth["exceptions"].append(
                    {
                        "control_id": t.control_id,
                        "criteria": list(t.criteria),
                        "control": t.control.text,
                        "test": test_text(doc, part.tests),
                        "result": outcome.text,
                        "management_response": t.control.response,
                        "page": page,
                    }
                )


def _type1(doc: Doc, tested: list[Tested]) -> None:
    w, p = doc.w, doc.p
    doc.para("The controls below were examined for the suitability of their design only.")
    has_id = bool(tested and tested[0].printed_id)
    labels = (["Control #"] if has_id else []) + ["Control Activity", "Criteria"]
    avail = w.right - w.margin
    widths = ([avail * 0.14] if has_id else []) + [avail * 0.64, avail * 0.22]
    rows = [
        GridRow(([GridCell([t.printed_id or ""])] if has_id else [])
                + [GridCell([t.control.text]), GridCell([printed(t.criteria, p.criteria_form)])])
        for t in tested
    ]  # fmt: skip
    draw_grid(w, widths, labels, rows, house_grid(doc.p, paging=True))


def section_v(doc: Doc, tested: list[Tested]) -> None:
    c, p, w = doc.c, doc.p, doc.w
    failing = [t for t in tested if deviations(t)] if not doc.type1 else []
    responses = bool(failing) and p.response_at.startswith("section_v")
    if not (responses or p.cuec_as == "section_v_bullets" or p.other_information):
        return
    doc.section(5, f"Other Information Provided by {c.alias}")
    doc.para(
        "The information in this section has not been subjected to the procedures applied in the"
        " examination and, accordingly, the service auditor expresses no opinion on it."
    )
    if responses and p.response_at == "section_v_table":
        doc.subheading("Management's Response to Exceptions Noted")
        rows = [GridRow([GridCell([t.printed_id or ""]), GridCell([t.control.text]),
                         GridCell([" ".join(o.text for _i, _k, o in deviations(t))]),
                         GridCell([t.control.response or ""])]) for t in failing]  # fmt: skip
        avail = w.right - w.margin
        draw_grid(w, [avail * x for x in (0.12, 0.26, 0.31, 0.31)],
                  ["Control ID", "Control Activity", "Exception Noted", "Management Response"],
                  rows, house_grid(doc.p, paging=True))  # fmt: skip
    elif responses:
        doc.subheading("Management's Responses to Testing Exceptions")
        for t in failing:
            doc.para(f"{_response_key(doc, t, failing)}: {t.control.response}", raw=True)
    if p.other_information:
        doc.subheading("Additional Information Provided by Management")
        doc.para(
            "Being present in an office or connected to the office network grants no additional"
            " access to the production environment, source code or internal tools."
        )
    if p.cuec_as == "section_v_bullets":
        doc.truth["cuecs"] = sections.render_cuecs(w, c, "section_v_bullets")


def _response_key(doc: Doc, t: Tested, failing: list[Tested]) -> str:
    """How a Section V paragraph names the exception it answers."""
    form = doc.p.response_at
    if form == "section_v_by_criterion":
        others = {ref for f in failing if f is not t for ref in f.criteria}
        unique = [ref for ref in t.criteria if ref not in others]
        if unique:
            return unique[0]
    if form in ("section_v_text", "section_v_by_criterion") and t.printed_id:
        return t.printed_id
    part = deviations(t)[0][0]
    return f'Regarding the test "{" ".join(t.parts[part].tests)}"'
