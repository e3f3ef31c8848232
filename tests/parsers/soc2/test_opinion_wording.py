"""Every wording of every opinion type, and where the opinion may (not) be read from."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.soc2 import parse_pdf
from parsers.soc2.opinion import classify_opinion
from parsers.soc2.result import Opinion
from tests.parsers.soc2.helpers import write_pdf

UNQUALIFIED_SOC2 = (
    "In our opinion, in all material respects, based on the description criteria and the applicable"
    " trust services criteria: a. The Description fairly presents the system ... c. The controls"
    " operated effectively to provide reasonable assurance"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (UNQUALIFIED_SOC2, Opinion.UNQUALIFIED),
        (
            "In our opinion, management's assertion that the controls within GitHub's"
            " Enterprise Cloud were effective throughout the period is fairly stated, in all"
            " material respects.",
            Opinion.UNQUALIFIED,
        ),
        (
            "In our opinion, the Service Organization maintained, in all material respects,"
            " effective controls to meet the applicable trust services criteria during the period",
            Opinion.UNQUALIFIED,
        ),
        (
            "In our opinion, except for the matter described in the Basis for Qualified Opinion"
            " paragraph, in all material respects, the controls operated effectively",
            Opinion.QUALIFIED,
        ),
        (
            "In our opinion, except for the effects of the matter described in the preceding"
            " paragraph, the controls did not operate effectively only for CC6.2",
            Opinion.QUALIFIED,
        ),
        (
            "In our opinion, because of the significance of the matter described in the Basis for"
            " Adverse Opinion paragraph, the controls did not operate effectively",
            Opinion.ADVERSE,
        ),
        ("In our opinion, the description does not present fairly the system", Opinion.ADVERSE),
        (
            "In our opinion, management's assertion referred to above is not fairly stated",
            Opinion.ADVERSE,
        ),
        (
            "Because of the significance of the matter, we were not able to obtain sufficient"
            " appropriate evidence. Accordingly, we do not express an opinion on the description",
            Opinion.DISCLAIMER,
        ),
        ("Subservice organizations are listed in Section III.", None),
    ],
)
def test_opinion_wording(text: str, expected: Opinion | None) -> None:
    assert classify_opinion(text) is expected


def test_a_modified_opinion_heading_wins_over_the_wording() -> None:
    assert classify_opinion(UNQUALIFIED_SOC2, Opinion.QUALIFIED) is Opinion.QUALIFIED


def _report(tmp_path: Path, opinion: str, extra_front: list[str], extra_back: list[str]) -> Path:
    pages = [
        ["Acme Cloud, Inc.", "SOC 2 Type 2 Report", *extra_front],
        [
            "Independent Service Auditor's Report",
            "To the Management of Acme Cloud, Inc.:",
            "Scope",
            "We have examined Acme Cloud, Inc.'s accompanying description of its platform system",
            "throughout the period January 1, 2024 to December 31, 2024 relevant to security.",
            "Opinion",
            opinion,
            "throughout the period January 1, 2024 to December 31, 2024.",
            "Example Audit LLP",
            "Denver, Colorado",
            "February 14, 2025",
        ],
        ["Management's Assertion", *extra_back],
    ]
    return write_pdf(tmp_path / "report.pdf", pages)


def test_the_table_of_contents_and_assertion_do_not_give_the_opinion(tmp_path: Path) -> None:
    trap = "In our opinion, except for the matter described, the controls operated effectively"
    path = _report(
        tmp_path,
        "In our opinion, in all material respects, the controls operated effectively",
        [
            "Table of Contents",
            "Qualified Opinion .......... 3",
            "Basis for Qualified Opinion .... 3",
        ],
        [trap, "we do not express an opinion on the example text"],
    )
    result = parse_pdf(path)
    assert result.kind.value == "SOC2"
    assert result.opinion is Opinion.UNQUALIFIED
    assert result.opinion_basis is None


def test_the_facts_of_a_minimal_report_are_read_from_the_auditors_report(tmp_path: Path) -> None:
    path = _report(
        tmp_path,
        "In our opinion, in all material respects, the controls operated effectively",
        [],
        [],
    )
    result = parse_pdf(path).to_dict()
    assert {k: result[k] for k in ("kind", "type", "service_organization", "service_auditor")} == {
        "kind": "SOC2",
        "type": "TYPE2",
        "service_organization": "Acme Cloud, Inc.",
        "service_auditor": "Example Audit LLP",
    }
    assert (result["period_start"], result["period_end"]) == ("2024-01-01", "2024-12-31")
    assert result["report_date"] == "2025-02-14"
    assert result["trust_services_categories"] == ["SECURITY"]
