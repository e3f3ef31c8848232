"""Real reports from four firms the parser was not built against (Schellman; an individual CPA's
template; numeric control IDs with a separate criteria mapping; a one-page letter of attestation),
field by field and item by item against ../shared/soc2-samples/real/truth/*.truth.json.

Text is compared with the benchmark's tolerance (tests/parsers/soc2/generator/compare.py): the
same letters and digits in the same order, whatever the case, spacing, punctuation or quotes;
names also match on the name outside or inside a parenthesis ("Amazon Web Services, Inc. (AWS)"
is "AWS"); a subservice organization's services, which the truths paraphrase, match when half
the content words of the shorter text are in the other. Everything else (dates, enums,
criteria, pages) is compared exactly. The alternatives the truths' notes accept are in
truth/accepted.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from parsers.soc2 import parse_pdf
from tests.parsers.soc2.generator.compare import LISTS, SCALARS, text_key
from tests.parsers.soc2.helpers import REAL
from tests.parsers.soc2.truth.accepted import required, review_needed, same_fact, same_listed

DOCUMENTS = sorted(p.name.removesuffix(".truth.json") for p in (REAL / "truth").glob("*.json"))


@pytest.fixture(scope="module")
def reports() -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    out = {}
    for name in DOCUMENTS:
        truth = json.loads((REAL / "truth" / f"{name}.truth.json").read_text())
        out[name] = (parse_pdf(REAL / f"{name}.pdf").to_dict(), truth)
    return out


def test_the_four_new_reports_and_their_truths_are_there() -> None:
    assert len(DOCUMENTS) == 4
    assert all((REAL / f"{name}.pdf").is_file() for name in DOCUMENTS)


@pytest.mark.parametrize("field", SCALARS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_fact_is_the_truths(name: str, field: str, reports: dict[str, Any]) -> None:
    parsed, truth = reports[name]
    assert same_fact(name, field, parsed[field], truth), (parsed[field], truth[field])


@pytest.mark.parametrize("kind", LISTS)
@pytest.mark.parametrize("name", DOCUMENTS)
def test_each_item_is_the_truths_in_report_order(
    name: str, kind: str, reports: dict[str, Any]
) -> None:
    parsed, truth = reports[name]
    wanted, got = required(name, kind, truth[kind]), required(name, kind, parsed[kind])
    assert len(got) == len(wanted), [text_key(g)[:40] for g in got]
    for ours, want in zip(got, wanted, strict=True):
        assert same_listed(name, kind, ours, want), (ours, want)


@pytest.mark.parametrize("name", [n for n in DOCUMENTS if not review_needed(n)])
def test_a_report_read_in_full_asks_for_no_review(name: str, reports: dict[str, Any]) -> None:
    parsed, _truth = reports[name]
    assert parsed["review"] == {"needed": False, "reasons": []}


def test_a_result_that_is_neither_pass_nor_deviation_is_sent_to_review_not_to_exceptions(
    reports: dict[str, Any],
) -> None:
    # control 6.10: "The test of control activity disclosed that the use of EKM Customer's
    # encryption keys was implemented in March 2019." -- a change during the period
    parsed, _truth = reports["2019-HackerBay-Fyipe-SOC-2-Type-2"]
    assert parsed["exceptions"] == []
    [reason] = parsed["review"]["reasons"]
    assert (reason["field"], reason["page"], reason["reason"]) == (
        "exceptions",
        38,
        "UNCERTAIN_RESULT",
    )
    assert reason["text"].startswith("The test of control activity disclosed that the use of EKM")


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_fact_read_says_where_it_was_read(name: str, reports: dict[str, Any]) -> None:
    parsed, _truth = reports[name]
    sources = parsed["sources"]
    for field in SCALARS:
        if field == "pages" or parsed[field] in (None, []):
            assert field not in sources
            continue
        source = sources[field]
        assert 1 <= source["page"] <= parsed["pages"], field
        assert 0 < len(source["quote"]) <= 300, field
    assert text_key(parsed["service_organization"].split(",")[0]) in text_key(
        sources["service_organization"]["quote"]
    )
    assert "opinion" in sources["opinion"]["quote"].lower()


def test_sources_point_at_the_pages_the_report_states_them_on(reports: dict[str, Any]) -> None:
    onetrust = reports["2025-OneTrust-Certification-Automation-SOC-2-Type-2"][0]["sources"]
    # the opinion (p6), its signing date under "Tampa, Florida" (p7), and the only place the
    # firm's full name is printed: the disclaimer on p2 ("rights against Schellman & Company")
    assert {k: onetrust[k]["page"] for k in ("opinion", "report_date", "service_auditor")} == {
        "opinion": 6,
        "report_date": 7,
        "service_auditor": 2,
    }
    assert "May 1, 2024" in onetrust["period_start"]["quote"]
    msg91 = reports["2024-MSG91-Walkover-SOC-2-Type-2"][0]["sources"]
    assert msg91["service_auditor"] == {
        "page": 9,
        "quote": "Neha Mishra, Certified Public Accountant",
    }
    assert msg91["report_date"] == {"page": 9, "quote": "Date: 15th May 2024"}
