"""Criteria references are normalised in form only; 2016 numbering is kept."""

from __future__ import annotations

import pytest

from parsers.soc2.criteria import normalise_criteria, starts_with_criterion


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("CC 6.1", ["CC6.1"]),
        ("CC6.1.", ["CC6.1"]),
        ("CC6.1, CC6.2, CC\n6.3", ["CC6.1", "CC6.2", "CC6.3"]),
        ("CC 6.1 and CC 6.6", ["CC6.1", "CC6.6"]),
        ("CC6.1\u2013CC6.3", ["CC6.1", "CC6.2", "CC6.3"]),
        ("CC6.1 - 6.3", ["CC6.1", "CC6.2", "CC6.3"]),
        ("CC6.1(a)", ["CC6.1"]),
        ("A1.2, C1.1, PI1.3, P4.1", ["A1.2", "C1.1", "PI1.3", "P4.1"]),
        ("C1.8 and CC5.8 (2016 criteria)", ["C1.8", "CC5.8"]),
        ("CC6.1, CC6.1", ["CC6.1"]),
        ("CC 6.1.3", ["CC6.1"]),
    ],
)
def test_printed_forms_normalise(printed: str, expected: list[str]) -> None:
    assert normalise_criteria(printed) == expected


def test_section_banners_ending_in_zero_are_not_criteria() -> None:
    assert normalise_criteria("CC3.0 Common Criteria Related to Risk Management") == []


def test_numbers_that_are_not_criteria_are_ignored() -> None:
    assert normalise_criteria("ISO 27001:2013, CCM version 3.0.1, SOC2 - 11, PCC6.1x") == []


def test_a_criterion_opens_a_banner_but_a_control_id_does_not() -> None:
    assert starts_with_criterion("CC6.1 The entity implements logical access security")
    assert not starts_with_criterion("CC6.1.3 Access is reviewed quarterly")
    assert not starts_with_criterion("Access to CC6.1 is reviewed")
