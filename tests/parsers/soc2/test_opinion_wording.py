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


def test_a_general_use_soc3_names_its_organization_and_colocation_providers(
    tmp_path: Path,
) -> None:
    pages = [
        ["GitHub, Inc.", "SOC 3 Relevant to Security", "OCTOBER 1, 2020 TO SEPTEMBER 30, 2021"],
        [
            "Independent Service Auditor's Report",
            "To the Management of GitHub:",
            "Scope",
            "We have examined GitHub's accompanying assertion titled \"GitHub's Assertion\"",
            "that the controls within the Enterprise Cloud were effective throughout the period",
            "October 1, 2020 to September 30, 2021, based on the trust services criteria",
            "relevant to Security (applicable trust services criteria) set forth in TSP section",
            "100, 2017 Trust Services Criteria for Security, Availability, Processing Integrity,",
            "Confidentiality, and Privacy.",
            "Opinion",
            "In our opinion, management's assertion that the controls within GitHub's Enterprise",
            "Cloud were effective throughout the period October 1, 2020 to September 30, 2021, is",
            "fairly stated, in all material respects.",
            "San Francisco, California",
            "November 12, 2021",
        ],
        [
            "GitHub's Description of the Boundaries of Its Enterprise Cloud",
            "Subservice Organizations",
            "GitHub uses Sabey, QTS, Coresite, and Equinix to provide colocation data center",
            "services, and Amazon Web Services (AWS) and Azure to provide infrastructure hosting.",
            "These subservice organizations are excluded from the scope of this report.",
        ],
    ]
    result = parse_pdf(write_pdf(tmp_path / "soc3.pdf", pages)).to_dict()
    assert (result["kind"], result["type"], result["opinion"]) == ("SOC3", "TYPE2", "UNQUALIFIED")
    # the short name of the opinion gives way to the legal name on the cover
    assert result["service_organization"] == "GitHub, Inc."
    assert result["trust_services_categories"] == ["SECURITY"]
    assert (result["period_start"], result["period_end"]) == ("2020-10-01", "2021-09-30")
    assert result["report_date"] == "2021-11-12"
    assert result["service_auditor"] is None
    assert any("auditor not found" in w for w in result["warnings"])
    orgs = result["subservice_organizations"]
    assert [(o["name"], o["services"], o["method"]) for o in orgs] == [
        ("Sabey", "colocation data center services", "CARVE_OUT"),
        ("QTS", "colocation data center services", "CARVE_OUT"),
        ("Coresite", "colocation data center services", "CARVE_OUT"),
        ("Equinix", "colocation data center services", "CARVE_OUT"),
        ("Amazon Web Services (AWS)", "infrastructure hosting", "CARVE_OUT"),
        ("Azure", "infrastructure hosting", "CARVE_OUT"),
    ]
