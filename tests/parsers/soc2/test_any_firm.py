"""The forms firms print the same facts in: who signed, dates, criteria in words, what the
document is, and when a person must check the parse. Small PDFs through the real parser."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from parsers.soc2 import parse_pdf
from parsers.soc2.criteria import criteria_line, normalise_criteria
from parsers.soc2.dates import find_periods, is_date_line
from tests.parsers.soc2.helpers import write_pdf

SCOPE = [
    "Independent Service Auditor's Report",
    "To the Management of Acme Cloud, Inc.:",
    "Scope",
    "We have examined Acme Cloud, Inc.'s accompanying description of its platform system",
    "throughout the period January 1, 2024 to December 31, 2024, based on the trust services",
    "criteria relevant to security (applicable trust services criteria).",
    "Opinion",
    "In our opinion, in all material respects, the controls operated effectively throughout",
    "the period January 1, 2024 to December 31, 2024.",
]


def _report(tmp_path: Path, signature: Sequence[str], extra: Sequence[Sequence[str]] = ()) -> Path:
    pages = [["Acme Cloud, Inc.", "SOC 2 Type 2 Report"], [*SCOPE, *signature], *extra]
    return write_pdf(tmp_path / "report.pdf", pages)


@pytest.mark.parametrize(
    ("signature", "auditor"),
    [
        # a firm no list of known firms holds, on its signature line
        (["Quillfeather & Rowe LLP", "Boise, Idaho", "March 3, 2025"], "Quillfeather & Rowe LLP"),
        # an individual CPA where no firm signs
        (["Jane Q. Doe, CPA", "Boise, Idaho", "March 3, 2025"], "Jane Q. Doe"),
        (["Ravi Menon", "Certified Public Accountant", "Date: 3rd March 2025"], "Ravi Menon"),
        # the firm above the date, an individual partner under it: the firm signed
        (
            ["Larchmont Attest, PLLC", "Dana Ortiz, CPA, Partner", "March 3, 2025"],
            "Larchmont Attest, PLLC",
        ),
    ],
)
def test_the_auditor_is_whoever_signed_the_opinion(
    tmp_path: Path, signature: list[str], auditor: str
) -> None:
    result = parse_pdf(_report(tmp_path, signature))
    assert result.service_auditor == auditor
    assert result.report_date == dt.date(2025, 3, 3)
    assert result.sources["service_auditor"].page == 2


@pytest.mark.parametrize(
    ("notice", "auditor"),
    [
        (
            [
                "Non-specified users do not acquire any rights against Harrow Lane Assurance, LLC",
                "as a result of such access.",
            ],
            "Harrow Lane Assurance, LLC",
        ),
        (
            ["\u00a9 2025 Harrow Lane Assurance LLC. All rights reserved."],
            "Harrow Lane Assurance LLC",
        ),
    ],
)
def test_an_auditor_named_only_where_the_report_speaks_of_itself(
    tmp_path: Path, notice: list[str], auditor: str
) -> None:
    path = write_pdf(
        tmp_path / "report.pdf",
        [
            ["Acme Cloud, Inc.", "SOC 2 Type 2 Report"],
            notice,
            [*SCOPE, "Boise, Idaho", "March 3, 2025"],
        ],
    )
    result = parse_pdf(path)
    assert result.service_auditor == auditor
    assert result.sources["service_auditor"].page == 2


def test_the_examined_company_is_never_its_own_auditor(tmp_path: Path) -> None:
    result = parse_pdf(_report(tmp_path, ["Acme Cloud, Inc.", "Boise, Idaho", "March 3, 2025"]))
    assert result.service_organization == "Acme Cloud, Inc."
    assert result.service_auditor is None
    assert [(r.field, r.reason.value) for r in result.review_reasons] == [
        ("service_auditor", "NOT_FOUND")
    ]


def test_a_soc_2_whose_front_matter_mentions_the_soc_3_is_a_soc_2(tmp_path: Path) -> None:
    notice = ["Notice", "Acme's SOC 3 report, for general use, is available on its website."]
    path = write_pdf(
        tmp_path / "report.pdf",
        [
            ["Acme Cloud, Inc.", "SOC 2 Type 2 Report"],
            notice,
            [*SCOPE, "Example Audit LLP", "March 3, 2025"],
        ],
    )
    result = parse_pdf(path)
    assert result.kind.value == "SOC2"
    assert result.sources["kind"].quote == "SOC 2 Type 2 Report"


@pytest.mark.parametrize(
    ("printed", "period"),
    [
        ("throughout the period 26th January 2024 - 26th April 2024", ("2024-01-26", "2024-04-26")),
        ("for the period May 1, 2024, through April 30, 2025, (the", ("2024-05-01", "2025-04-30")),
        (
            "For the Observation period : 1st May 2023 - 31st July 2023",
            ("2023-05-01", "2023-07-31"),
        ),
        (
            "during the period from October 1, 2018, to September 30, 2019",
            ("2018-10-01", "2019-09-30"),
        ),
        (
            'throughout the period "26th January 2024 - 26th April 2024".',
            ("2024-01-26", "2024-04-26"),
        ),
    ],
)
def test_periods_in_every_common_form(printed: str, period: tuple[str, str]) -> None:
    [(found, _at)] = find_periods(printed)
    assert (found.start.isoformat(), found.end.isoformat()) == period


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Date: 15th May 2024", dt.date(2024, 5, 15)),
        ("New York City, New York. October 28, 2019", dt.date(2019, 10, 28)),
        ("Tampa, Florida June 3, 2025", dt.date(2025, 6, 3)),
        ("The report was issued on October 31, 2018.", None),
        ("Next Report Issue Date: 27th April 2025 is planned", None),
    ],
)
def test_signature_date_lines(line: str, day: dt.date | None) -> None:
    assert is_date_line(line) == day


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Common Criteria 6.1; Availability Criteria 1.2", ["CC6.1", "A1.2"]),
        ("Common Criteria 2.2, 2.3, 6.1", ["CC2.2", "CC2.3", "CC6.1"]),
        ("Common Criteria 6.1; Confidentiality Criteria 1.1, 1.2", ["CC6.1", "C1.1", "C1.2"]),
        ("Processing Integrity Criteria 1.3 and Privacy Criteria 4.1", ["PI1.3", "P4.1"]),
        ("CC7.3, 7.4, 7.5", ["CC7.3", "CC7.4", "CC7.5"]),
        ("CC6.1 - CC6.3, CC6.6", ["CC6.1", "CC6.2", "CC6.3", "CC6.6"]),
        ("CC2.2,2.3", ["CC2.2", "CC2.3"]),
    ],
)
def test_criteria_in_words_ranges_and_continued_numbers(printed: str, expected: list[str]) -> None:
    assert normalise_criteria(printed) == expected


def test_a_line_of_criteria_alone_is_known_from_a_sentence_that_cites_one() -> None:
    assert criteria_line("CC6.4, CC6.5,") == ("CC6.4", "CC6.5")
    assert criteria_line("Common Criteria 6.1, 6.3, 6.6") == ("CC6.1", "CC6.3", "CC6.6")
    assert criteria_line("Logical access is restricted (CC6.1).") == ()
    assert criteria_line("Control 1.01 is tested annually") == ()


def test_a_tests_section_that_could_not_be_read_is_never_clean(tmp_path: Path) -> None:
    tests = [
        "Section IV - Tests of Controls and Results of Tests",
        "The results of each test are listed beside it.",
        *[f"Control {n} was tested. No exceptions noted." for n in range(1, 8)],
    ]
    result = parse_pdf(_report(tmp_path, ["Example Audit LLP", "March 3, 2025"], [tests]))
    assert result.exceptions == ()
    assert "TESTS_NOT_READ" in {r.reason.value for r in result.review_reasons}
    assert result.review_needed


def test_announced_cuecs_that_were_not_read_go_to_review(tmp_path: Path) -> None:
    description = [
        "Section III - Description of the System",
        "Complementary User Entity Controls",
        "[the list is printed as a picture]",
    ]
    result = parse_pdf(_report(tmp_path, ["Example Audit LLP", "March 3, 2025"], [description]))
    reasons = [(r.field, r.reason.value, r.page) for r in result.review_reasons]
    assert ("cuecs", "ANNOUNCED_NOT_READ", 3) in reasons


def test_a_report_that_says_cuecs_are_not_required_asks_nothing(tmp_path: Path) -> None:
    description = [
        "Section III - Description of the System",
        "Complementary Controls at User Entities",
        "As a result, complementary user entity controls are not required.",
    ]
    result = parse_pdf(_report(tmp_path, ["Example Audit LLP", "March 3, 2025"], [description]))
    assert result.cuecs == ()
    assert not any(r.field == "cuecs" for r in result.review_reasons)


@pytest.mark.parametrize(
    ("pictures", "flagged"),
    [
        # a back cover, the document's last page, holds no report content
        (["after"], []),
        # a picture before it, even after the last page of text, may be a scanned report page
        (["after", "after"], [3]),
        # a picture between pages of the report
        (["inside", "after"], [3]),
        # the cover, before the report begins
        (["cover"], []),
    ],
)
def test_only_pictures_that_may_hide_report_pages_are_sent_to_review(
    tmp_path: Path, pictures: list[str], flagged: list[int]
) -> None:
    signed = [*SCOPE, "Example Audit LLP", "March 3, 2025"]
    title = ["Acme Cloud, Inc.", "SOC 2 Type 2 Report"]
    pages: list[Sequence[str] | None] = [title, signed]
    if "cover" in pictures:
        pages.insert(0, None)
    if "inside" in pictures:
        pages.insert(2, None)
        pages.append(["Section 3", "Description of the system."])
    pages.extend(None for p in pictures if p == "after")
    result = parse_pdf(write_pdf(tmp_path / "report.pdf", pages))
    image_reasons = [r for r in result.review_reasons if r.reason.value == "IMAGE_ONLY"]
    assert [r.page for r in image_reasons] == flagged[:1]
    assert result.review_needed is bool(flagged)


@pytest.mark.parametrize(
    "listing",
    [
        # a numbered run in the sentence, its last name wrapped onto the paragraph's last line
        [
            'The Company utilizes the following three (3) service organizations ("subservice',
            'organizations") to implement portions of the System: 1) Amazon Web Services, Inc.',
            "(AWS) 2) Stripe, Inc. 3) Microsoft",
            "Azure (Azure)",
        ],
        # the same run numbered one name per line
        [
            'The Company utilizes the following three (3) service organizations ("subservice',
            'organizations") to implement portions of the System:',
            "1) Amazon Web Services, Inc. (AWS)",
            "2) Stripe, Inc.",
            "3) Microsoft Azure (Azure)",
            "The controls of these subservice organizations are excluded from the scope.",
        ],
    ],
)
def test_subservice_organizations_in_a_numbered_run(tmp_path: Path, listing: list[str]) -> None:
    description = ["Section 3", "Description of the System", "Subservice Organizations", *listing]
    signed = [*SCOPE, "Example Audit LLP", "March 3, 2025"]
    pages = [["Acme Cloud, Inc.", "SOC 2 Type 2 Report"], signed, description]
    result = parse_pdf(write_pdf(tmp_path / "report.pdf", pages))
    assert [o.name for o in result.subservice_organizations] == [
        "Amazon Web Services, Inc. (AWS)",
        "Stripe, Inc.",
        "Microsoft Azure (Azure)",
    ]
    assert {o.page for o in result.subservice_organizations} == {3}


def test_a_numbered_run_ends_each_name_before_the_sentence_goes_on(tmp_path: Path) -> None:
    description = [
        "Section 3",
        "Description of the System",
        "Subservice Organizations",
        "The Company utilizes the following two (2) subservice organizations: 1) Amazon Web",
        "Services (AWS) for hosting and 2) Okta, Inc. for identity services.",
    ]
    signed = [*SCOPE, "Example Audit LLP", "March 3, 2025"]
    pages = [["Acme Cloud, Inc.", "SOC 2 Type 2 Report"], signed, description]
    result = parse_pdf(write_pdf(tmp_path / "report.pdf", pages))
    assert [o.name for o in result.subservice_organizations] == [
        "Amazon Web Services (AWS)",
        "Okta, Inc.",
    ]
