"""Which test results report a deviation: the leading verdict decides, whatever the wording."""

from __future__ import annotations

import pytest

from parsers.soc2.exceptions import normalise_id, reports_deviation


@pytest.mark.parametrize(
    "result",
    [
        "Exception Noted: For 8 of the 30 sampled network devices, evidence was not retained.",
        "Exceptions noted. For 2 of 25 samples selected, the access review was not performed.",
        "Deviation noted. One terminated user retained access.",
        "Deviations noted: the quarterly review was not performed for Q3.",
        "Exception(s) identified: the change was not approved.",
        "The test of the control activity disclosed the following exception: ...",
        "For one (1) of 40 new hires, security training could not be provided.",
        "For 3 of the 60 changes sampled, approval was not documented.",
        "1 exception noted. The backup job failed for one day.",
        "Exception Noted: Exceptions were identified in quarters previous to the current"
        " period ... D&T sampled 11 servers, and no additional exceptions were noted.",
        "Evidence of the annual risk assessment could not be provided.",
    ],
)
def test_results_that_report_a_deviation(result: str) -> None:
    assert reports_deviation(result)


@pytest.mark.parametrize(
    "result",
    [
        "No exceptions noted.",
        "No deviations noted.",
        "No exceptions identified.",
        "No relevant exceptions noted.",
        "No exceptions noted in the testing performed.",
        "Operating effectively",
        "Control did not operate during the period; therefore, no testing of operating"
        " effectiveness was performed.",
        "No instances of a security incident occurred during the review period.",
        "Not tested",
        "N/A",
        "",
    ],
)
def test_results_that_report_no_deviation(result: str) -> None:
    assert not reports_deviation(result)


def test_control_ids_keep_their_printed_form_without_spaces() -> None:
    assert normalise_id("DS - 1") == "DS-1"
    assert normalise_id("IS - 1.") == "IS-1"
    assert normalise_id("CC6.1.3") == "CC6.1.3"
    assert normalise_id(" AC-04 ") == "AC-04"
