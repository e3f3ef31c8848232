"""The real Azure SOC 3 (2016 "maintained effective controls" wording, footnote digits on years)."""

from __future__ import annotations

from typing import Any

import pytest

from parsers.soc2 import parse_pdf
from tests.parsers.soc2.helpers import real_report
from tests.parsers.soc2.real_checks import assert_read_in_full
from tests.parsers.soc2.truth import azure_soc3 as truth


@pytest.fixture(scope="module")
def parsed() -> dict[str, Any]:
    return parse_pdf(real_report(truth.FILE)).to_dict()


def test_kind_type_dates_opinion_and_parties_match_the_report(parsed: dict[str, Any]) -> None:
    assert {key: parsed[key] for key in truth.FACTS} == truth.FACTS


def test_a_soc3_lists_no_tested_controls_cuecs_or_subservice_organizations(
    parsed: dict[str, Any],
) -> None:
    assert parsed["exceptions"] == parsed["cuecs"] == parsed["csocs"] == []
    assert parsed["subservice_organizations"] == []


def test_read_in_full_so_nothing_is_uncertain_or_sent_to_review(parsed: dict[str, Any]) -> None:
    assert_read_in_full(parsed)
