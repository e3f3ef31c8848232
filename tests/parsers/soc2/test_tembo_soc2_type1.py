"""The real Tembo SOC 2 Type I: "as of" a date, a carved-out AWS, CSOCs, CUEC bullets, traps."""

from __future__ import annotations

from typing import Any

import pytest

from parsers.soc2 import parse_pdf
from tests.parsers.soc2.helpers import real_report
from tests.parsers.soc2.real_checks import assert_read_in_full
from tests.parsers.soc2.truth import tembo_soc2_type1 as truth


@pytest.fixture(scope="module")
def parsed() -> dict[str, Any]:
    return parse_pdf(real_report(truth.FILE)).to_dict()


def test_kind_type_as_of_date_opinion_and_parties_match_the_report(parsed: dict[str, Any]) -> None:
    assert {key: parsed[key] for key in truth.FACTS} == truth.FACTS


def test_narrative_deviations_and_exceptions_are_not_exceptions(parsed: dict[str, Any]) -> None:
    # "Some clients may request deviations ..." and "relevant exceptions are investigated ..."
    assert parsed["exceptions"] == []


def test_aws_is_a_carved_out_subservice_organization(parsed: dict[str, Any]) -> None:
    assert parsed["subservice_organizations"] == truth.SUBSERVICE_ORGANIZATIONS


def test_each_csoc_bullet_is_one_csoc_with_its_row_criteria(parsed: dict[str, Any]) -> None:
    csocs = parsed["csocs"]
    assert [
        (c["text"][: len(t)], c["criteria"]) for c, (t, _) in zip(csocs, truth.CSOCS, strict=True)
    ] == [(t, crit) for t, crit in truth.CSOCS]
    assert {c["subservice_organization"] for c in csocs} == {"Amazon Web Services (AWS)"}
    assert {c["page"] for c in csocs} == {18}


def test_the_user_entity_bullets_are_the_cuecs(parsed: dict[str, Any]) -> None:
    cuecs = parsed["cuecs"]
    assert len(cuecs) == len(truth.CUECS)
    for cuec, start in zip(cuecs, truth.CUECS, strict=True):
        assert cuec["text"].startswith(start)
        assert (cuec["criteria"], cuec["page"]) == ([], 19)


def test_read_in_full_so_nothing_is_uncertain_or_sent_to_review(parsed: dict[str, Any]) -> None:
    assert_read_in_full(parsed)
