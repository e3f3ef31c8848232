"""Auditor house styles: how each firm lays out its tests of controls, where it puts management's
responses and CUECs, and how it prints control IDs and criteria."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class HouseStyle:
    name: str
    landscape: bool
    rotated: bool  # landscape shown through /Rotate 90 on portrait media
    columns: tuple[tuple[str, str, float], ...]  # (role, label template, width)
    id_format: str  # "{p} - {n}", "{crit}.{n}", "{p}-{n:02d}", "" (no IDs)
    criteria_as: str  # "column", "banner", "mapping" (a separate criteria-mapping table)
    response_at: str  # "column", "under_row", "section_v_table", "section_v_text"
    cuec_as: str  # "bullets", "numbered", "table", "section_v_bullets"
    subservice: str  # "none", "CARVE_OUT", "INCLUSIVE"
    repeat_header: bool
    split_rows: bool
    centered_header: bool
    header_text: str | None  # running header
    footer: str  # "number", "confidential", "copyright"
    exec_summary: bool
    toc: bool


STYLES = {
    "bigfour": HouseStyle(
        name="bigfour",
        landscape=True,
        rotated=False,
        columns=(
            ("id", "Control ID", 70),
            ("control", "Control Activity", 150),
            ("other", "Service Applicability", 90),
            ("test", "Test Procedures", 260),
            ("result", "Results of Tests", 114),
        ),
        id_format="{p} - {n}",
        criteria_as="mapping",
        response_at="section_v_table",
        cuec_as="section_v_bullets",
        subservice="none",
        repeat_header=True,
        split_rows=True,
        centered_header=False,
        header_text=None,
        footer="number",
        exec_summary=True,
        toc=True,
    ),
    "aligned": HouseStyle(
        name="aligned",
        landscape=False,
        rotated=False,
        columns=(
            ("id", "Control #", 62),
            ("control", "Controls Specified by {alias}", 168),
            ("test", "Tests Performed by {auditor}", 168),
            ("result", "Results of Tests", 106),
        ),
        id_format="{crit}.{n}",
        criteria_as="banner",
        response_at="under_row",
        cuec_as="table",
        subservice="CARVE_OUT",
        repeat_header=True,
        split_rows=False,
        centered_header=False,
        header_text="{org} | SOC 2 Type 2 Report",
        footer="confidential",
        exec_summary=False,
        toc=True,
    ),
    "matrix": HouseStyle(
        name="matrix",
        landscape=True,
        rotated=False,
        columns=(
            ("id", "Control ID", 62),
            ("criteria", "TSC Ref.", 70),
            ("control", "Control Description", 170),
            ("test", "Test of Controls", 176),
            ("result", "Results", 104),
            ("response", "Management's Response", 102),
        ),
        id_format="{p}-{n:02d}",
        criteria_as="column",
        response_at="column",
        cuec_as="numbered",
        subservice="INCLUSIVE",
        repeat_header=False,
        split_rows=True,
        centered_header=False,
        header_text=None,
        footer="copyright",
        exec_summary=False,
        toc=False,
    ),
    "smallfirm": HouseStyle(
        name="smallfirm",
        landscape=False,
        rotated=False,
        columns=(
            ("control", "Control Activity Specified by the Service Organization", 200),
            ("test", "Test Applied by the Service Auditor", 200),
            ("result", "Test Results", 104),
        ),
        id_format="",
        criteria_as="banner",
        response_at="under_row",
        cuec_as="bullets",
        subservice="CARVE_OUT",
        repeat_header=False,
        split_rows=True,
        centered_header=True,
        header_text=None,
        footer="confidential",
        exec_summary=False,
        toc=False,
    ),
    "boutique": HouseStyle(
        name="boutique",
        landscape=True,
        rotated=True,
        columns=(
            ("id", "Ref", 50),
            ("control", "Control", 230),
            ("test", "Testing Performed", 280),
            ("result", "Exceptions", 124),
        ),
        id_format="{p}-{n}",
        criteria_as="banner",
        response_at="section_v_text",
        cuec_as="bullets_related",
        subservice="none",
        repeat_header=True,
        split_rows=True,
        centered_header=False,
        header_text="{alias} - Confidential",
        footer="number",
        exec_summary=False,
        toc=True,
    ),
}


# other names firms give the same columns; a document keeps its style's label half of the time
LABELS = {
    "id": ["Control ID", "Control #", "Ref", "Control No.", "#"],
    "control": [
        "Control Activity",
        "Controls Specified by {alias}",
        "Control Description",
        "Description of Control",
        "{alias}'s Control Activity",
    ],
    "test": [
        "Test Procedures",
        "Tests Performed by {auditor}",
        "Test of Controls",
        "Testing Performed",
        "Test Applied by the Service Auditor",
        "Auditor's Test Procedures",
    ],
    "result": ["Results of Tests", "Test Results", "Results", "Exceptions Noted", "Test Result"],
    "criteria": ["TSC Ref.", "Criteria", "Trust Services Criteria", "TSC"],
    "response": ["Management's Response", "Management Response"],
}


def label_for(role: str, label: str, rng: random.Random) -> str:
    """The style's label or another firm's name for the same column."""
    if role not in LABELS or rng.random() < 0.5:
        return label
    return rng.choice(LABELS[role])
