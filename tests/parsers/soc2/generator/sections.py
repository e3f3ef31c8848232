"""Section IV (tests of controls, in each house style) and Section V (other information: responses
and user entity responsibilities) of a synthetic report, with the truth they imply."""

from __future__ import annotations

import dataclasses
import random
import re
from typing import Any

from tests.parsers.soc2.generator.content import (
    CRITERIA_2016,
    CRITERIA_2017,
    CRITERION_TEXT,
    Content,
    Control,
)
from tests.parsers.soc2.generator.styles import HouseStyle, label_for
from tests.parsers.soc2.generator.writer import Cell, Column, TableRow, TableStyle, Writer

_PREFIXES = ["AC", "CM", "DS", "IR", "OP", "HR", "VM", "BC"]
_OBJECTIVES = [
    "Controls provide reasonable assurance that logical access to systems is restricted to"
    " authorized individuals.",
    "Controls provide reasonable assurance that changes to applications are authorized, tested,"
    " and approved.",
    "Controls provide reasonable assurance that data is backed up and recoverable.",
    "Controls provide reasonable assurance that processing is monitored and incidents resolved.",
    "Controls provide reasonable assurance that new users are trained and screened.",
]


def _assign_ids(c: Content, style: HouseStyle, kind: str) -> None:
    counters: dict[str, int] = {}
    for i, ct in enumerate(c.controls):
        if not style.id_format:
            continue
        prefix = _PREFIXES[i % len(_PREFIXES)]
        key = ct.criteria[0] if "{crit}" in style.id_format else prefix
        if kind == "SOC1" and "{crit}" in style.id_format:
            key = f"CO{ct.objective}"
        counters[key] = counters.get(key, 0) + 1
        ct.printed_id = style.id_format.format(p=prefix, n=counters[key], crit=key)
        ct.control_id = re.sub(r"\s*-\s*", "-", ct.printed_id)


def _result_cell(ct: Control) -> str:
    return ct.result


def _row(ct: Control, style: HouseStyle, response_at: str, printed_criteria: str) -> TableRow:
    cells = []
    for role, _label, _width in style.columns:
        cells.append(
            {
                "id": Cell(ct.printed_id or ""),
                "criteria": Cell(printed_criteria),
                "control": Cell(ct.text),
                "test": Cell(bullets=ct.tests),
                "result": Cell(_result_cell(ct)),
                "response": Cell((ct.response or "") if response_at == "column" else ""),
                "other": Cell("All in-scope services"),
            }[role]
        )
    note = (
        f"Management's Response: {ct.response}"
        if ct.exception and response_at == "under_row"
        else None
    )
    return TableRow(cells, note=note)


def _print_criteria(criteria: list[str], variant: int) -> str:
    if variant % 3 == 1:
        return ", ".join(re.sub(r"^([A-Z]+)", r"\1 ", x) for x in criteria)
    if variant % 3 == 2:
        return "\n".join(f"{x}." for x in criteria).replace("\n", " ")
    return ", ".join(criteria)


def render_tests(
    w: Writer, spec: Any, c: Content, style: HouseStyle, response_at: str, truth: dict[str, Any]
) -> None:
    """Section IV in the house style; records each exception's truth at its first occurrence."""
    _assign_ids(c, style, spec.kind)
    w.new_page(landscape=style.landscape, rotated=style.rotated)
    title = (
        "Section IV - Control Objectives and Related Controls, Tests and Results"
        if spec.kind == "SOC1"
        else "Section IV - Trust Services Criteria, Related Controls, and Tests of Controls"
    )
    w.heading(title)
    w.paragraph(
        "Tests performed: inquiry of appropriate personnel, observation of the control,"
        " inspection of documents and records, and re-performance of the control."
    )
    if spec.type1:
        rows = [
            TableRow(
                [Cell(ct.printed_id or str(i + 1)), Cell(ct.text), Cell(", ".join(ct.criteria))]
            )
            for i, ct in enumerate(c.controls)
        ]
        w.table(
            [
                Column("Control #", 70),
                Column("Control Activity", w.right - w.margin - 170),
                Column("Criteria", 100),
            ],
            rows,
            TableStyle(),
        )
        return
    tstyle = TableStyle(style.repeat_header, style.split_rows, style.centered_header)
    rng = random.Random(spec.seed)
    if style.criteria_as == "column" and rng.random() < 0.5:
        # some firms put the criteria reference before the control ID
        first, second, *rest = style.columns
        style = dataclasses.replace(style, columns=(second, first, *rest))
    columns = [
        Column(label_for(role, label, rng).format(alias=c.alias, auditor=c.auditor), width)
        for role, label, width in style.columns
    ]
    bank = CRITERIA_2016 if spec.legacy else CRITERIA_2017
    occurrences: list[tuple[Control, TableRow]] = []
    if spec.kind == "SOC1":
        rows = []
        for objective in sorted({ct.objective for ct in c.controls}):
            first_of_objective = True
            for ct in (x for x in c.controls if x.objective == objective):
                row = _row(ct, style, response_at, "")
                if first_of_objective:
                    row.banner = (
                        f"Control Objective {objective}: {_OBJECTIVES[(objective - 1) % 5]}"
                    )
                    first_of_objective = False
                rows.append(row)
                occurrences.append((ct, row))
        w.table(columns, rows, tstyle)
    elif style.criteria_as == "column":
        rows = [
            _row(ct, style, response_at, _print_criteria(ct.criteria, i))
            for i, ct in enumerate(c.controls)
        ]
        occurrences = list(zip(c.controls, rows, strict=True))
        w.table(columns, rows, tstyle)
    elif style.criteria_as == "banner":
        rows = []
        for crit in bank:
            members = [ct for ct in c.controls if crit in ct.criteria]
            for k, ct in enumerate(members):
                row = _row(ct, style, response_at, "")
                if k == 0:
                    row.banner = f"{crit} {CRITERION_TEXT[re.match(r'[A-Z]+', crit).group()]}"  # type: ignore[union-attr]
                rows.append(row)
                occurrences.append((ct, row))
        w.table(columns, rows, tstyle)
    else:
        _mapping_table(w, c, bank)
        w.line("Part C: Tests of Operating Effectiveness", bold=True)
        rows = [_row(ct, style, response_at, "") for ct in c.controls]
        occurrences = list(zip(c.controls, rows, strict=True))
        w.table(columns, rows, tstyle)
    result_col = [r for r, _l, _w in style.columns].index("result")
    seen: set[int] = set()
    for ct, row in occurrences:
        if ct.exception and id(ct) not in seen:
            seen.add(id(ct))
            truth["exceptions"].append(
                {
                    "control_id": ct.control_id,
                    "criteria": []
                    if spec.kind == "SOC1"
                    else [x for x in bank if x in ct.criteria],
                    "control": ct.text,
                    "test": " ".join(f"\u2022 {t}" for t in ct.tests),
                    "result": ct.result,
                    "management_response": ct.response,
                    "page": row.pages[result_col],
                }
            )


def _mapping_table(w: Writer, c: Content, bank: list[str]) -> None:
    """Part A: a criteria-mapping table whose results repeat each exception by control ID."""
    w.line("Part A: Trust Services Criteria, Control Activities, and Test Results", bold=True)
    rows = []
    for crit in bank:
        members = [ct for ct in c.controls if crit in ct.criteria]
        if not members:
            continue
        failing = [ct for ct in members if ct.exception]
        result = "No exceptions noted."
        if failing:
            result = "Exception Noted: " + " ".join(
                f"{ct.printed_id}: {ct.result}" for ct in failing
            )
        control = " ".join(f"{ct.printed_id}. {ct.text}" for ct in members)
        text = f"{crit} {CRITERION_TEXT[re.match(r'[A-Z]+', crit).group()]}"  # type: ignore[union-attr]
        rows.append(TableRow([Cell(text), Cell(control), Cell(result)]))
    w.table(
        [
            Column("Trust Criteria", 200),
            Column(f"{c.alias} Activity", 340),
            Column("Test Result", 144),
        ],
        rows,
        TableStyle(),
    )


def render_section_v(
    w: Writer,
    spec: Any,
    c: Content,
    style: HouseStyle,
    response_at: str,
    cuec_as: str,
    truth: dict[str, Any],
) -> None:
    """Other information: management's responses (table or paragraphs) and user responsibilities."""
    exceptions = (
        [ct for ct in c.controls if ct.exception] if spec.kind != "SOC3" and not spec.type1 else []
    )
    needs_responses = exceptions and response_at in ("section_v_table", "section_v_text")
    if not needs_responses and cuec_as != "section_v_bullets":
        return
    w.new_page(landscape=False)
    w.heading(f"Section V - Other Information Provided by {c.alias}")
    w.paragraph(
        "The information in this section has not been subjected to the procedures applied in"
        " the examination and, accordingly, the service auditor expresses no opinion on it."
    )
    if needs_responses and response_at == "section_v_table":
        w.heading("Management's Response to Exceptions Noted", size=11)
        rows = [
            TableRow(
                [Cell(ct.printed_id or ""), Cell(ct.text), Cell(ct.result), Cell(ct.response or "")]
            )
            for ct in exceptions
        ]
        w.table(
            [
                Column("Control ID", 60),
                Column("Control Activity", 130),
                Column("Exception Noted", 150),
                Column("Management Response", 164),
            ],
            rows,
            TableStyle(),
        )
    elif needs_responses:
        w.heading("Management's Response to Testing Exceptions", size=11)
        for ct in exceptions:
            w.paragraph(f"{ct.printed_id}: {ct.response}")
    if cuec_as == "section_v_bullets":
        truth["cuecs"] = render_cuecs(w, c, cuec_as)


def _spaced(criteria: list[str]) -> str:
    return " and ".join(re.sub(r"^([A-Z]+)", r"\1 ", x) for x in criteria)


def render_cuecs(w: Writer, c: Content, cuec_as: str) -> list[dict[str, Any]]:
    """The CUEC section in the chosen format; returns the truth items."""
    heading = {
        "bullets": "Complementary User Entity Controls",
        "numbered": "Complementary User Entity Controls (CUECs)",
        "table": "Complementary User Entity Controls",
        "bullets_related": "User Control Considerations",
        "section_v_bullets": "User Entity Responsibilities",
    }[cuec_as]
    w.heading(heading, size=11)
    w.paragraph(
        f"{c.alias}'s controls were designed with the assumption that certain controls"
        " would be implemented by user entities. The following list describes them."
    )
    texts = [t for t, _crit in c.cuecs]
    with_criteria = cuec_as in ("numbered", "table", "bullets_related")
    if cuec_as == "table":
        rows = [
            TableRow([Cell(str(i + 1)), Cell(t), Cell(_spaced(crit))])
            for i, (t, crit) in enumerate(c.cuecs)
        ]
        w.table(
            [
                Column("#", 30),
                Column("Complementary User Entity Controls", 344),
                Column("Related Criteria", 130),
            ],
            rows,
            TableStyle(),
        )
        pages = [r.pages[1] for r in rows]
    elif cuec_as == "numbered":
        pages = w.items(
            [f"{t} ({', '.join(crit)})" for t, crit in c.cuecs],
            [f"{i + 1}." for i in range(len(texts))],
        )
    elif cuec_as == "bullets_related":
        pages = w.items(
            [f"{t} Related criteria: {', '.join(crit)}." for t, crit in c.cuecs],
            ["\u2022"] * len(texts),
        )
    else:
        pages = w.items(texts, ["\u2022"] * len(texts))
    return [
        {"text": t, "criteria": crit if with_criteria else [], "page": p}
        for (t, crit), p in zip(c.cuecs, pages, strict=True)
    ]
