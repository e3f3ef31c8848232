"""The real Azure SOC 2 Type II: 226 pages, 146 landscape, 2016 criteria, three exceptions."""

from __future__ import annotations

from typing import Any

import pytest

from parsers.soc2 import parse_pdf
from tests.parsers.soc2.helpers import real_report
from tests.parsers.soc2.real_checks import assert_cuecs, assert_exceptions, assert_read_in_full
from tests.parsers.soc2.truth import azure_soc2 as truth


@pytest.fixture(scope="module")
def parsed() -> dict[str, Any]:
    return parse_pdf(real_report(truth.FILE)).to_dict()


def test_kind_type_period_opinion_and_parties_match_the_report(parsed: dict[str, Any]) -> None:
    assert {key: parsed[key] for key in truth.FACTS} == truth.FACTS


def test_exactly_the_three_exceptions_with_their_management_responses(
    parsed: dict[str, Any],
) -> None:
    assert_exceptions(parsed, truth.EXCEPTIONS)


def test_exceptions_repeated_in_the_mapping_and_response_tables_are_listed_once(
    parsed: dict[str, Any],
) -> None:
    ids = [e["control_id"] for e in parsed["exceptions"]]
    assert len(ids) == len(set(ids)) == 3


def test_user_entity_responsibilities_in_section_v_are_the_cuecs(parsed: dict[str, Any]) -> None:
    assert_cuecs(parsed, truth)


def test_read_in_full_so_nothing_is_uncertain_or_sent_to_review(parsed: dict[str, Any]) -> None:
    assert_read_in_full(parsed)
