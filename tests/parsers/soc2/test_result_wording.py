"""How a test result is read: a pass, a deviation, nothing to test, or uncertain, by what the
cell says; cells that test several attributes give one reading per attribute."""

from __future__ import annotations

import pytest

from parsers.soc2.tables import normalise_id
from parsers.soc2.verdicts import Verdict, is_verdict, read_attribute, read_result


@pytest.mark.parametrize(
    "result",
    [
        "Exception Noted: For 8 of the 30 sampled network devices, evidence was not retained.",
        "Exceptions noted. For 2 of 25 samples selected, the access review was not performed.",
        "Deviation noted. One terminated user retained access.",
        "Deviations noted: the quarterly review was not performed for Q3.",
        "Exception(s) identified: the change was not approved.",
        "The test of the control activity disclosed the following exception: one change.",
        "The following exception was noted: one terminated user retained access.",
        "Except for the following, no exceptions noted: for 2 of 40 users access remained.",
        "No exceptions noted, except as follows: one backup job failed and was not rerun.",
        "Testing revealed 2 of 40 samples lacked approval.",
        "The control was not operating effectively during the period.",
        "Observed deviations: the review was not performed in the third quarter.",
        "For one (1) of 40 new hires, security training could not be provided.",
        "For 3 of the 60 changes sampled, approval was not documented.",
        "1 exception noted. The backup job failed for one day.",
        "Two exceptions noted.",
        "Exception Noted: Exceptions were identified in quarters previous to the current"
        " period ... D&T sampled 11 servers, and no additional exceptions were noted.",
        "Exception noted. For 1 of 25 changes, approval was not retained. No exceptions noted on"
        " the remaining tests performed.",
        "Inspected a sample of 25 changes to determine that changes were approved. For 2 of 25"
        " changes, approval was not obtained.",
        "Evidence of the annual risk assessment could not be provided.",
    ],
)
def test_results_that_report_a_deviation(result: str) -> None:
    assert read_attribute(result) is Verdict.DEVIATION


@pytest.mark.parametrize(
    "result",
    [
        "No exceptions noted.",
        "No exceptions noted",
        "No deviations noted.",
        "No exceptions identified.",
        "No relevant exceptions noted.",
        "No exceptions noted in the testing performed.",
        "Operating effectively",
        # procedure text before the verdict, whatever it mentions in passing
        "Inspected the monitoring tickets to determine that exceptions identified by the tool"
        " were investigated. No exceptions noted.",
        "Inspected 25 of 25 samples and determined approvals were documented. No exceptions noted.",
    ],
)
def test_results_that_pass(result: str) -> None:
    assert read_attribute(result) is Verdict.PASS


@pytest.mark.parametrize(
    "result",
    [
        "Control did not operate during the period; therefore, no testing of operating"
        " effectiveness was performed.",
        "No instances of a security incident occurred during the review period.",
        "Inspected the listing of employees hired during the period and determined that no"
        " employees were hired during the period; therefore, no testing of operating"
        " effectiveness was performed.",
        "Not tested",
        "N/A",
    ],
)
def test_results_with_nothing_to_test_are_no_deviation(result: str) -> None:
    assert read_attribute(result) is Verdict.NO_OCCURRENCE


@pytest.mark.parametrize(
    "result",
    [
        "See management's response in Section V.",
        "Refer to note 4.",
        "Results pending remediation review",
        # the tail of a deviation cut from its row is no pass
        "discovered during the examination period. No exceptions noted on the remaining tests"
        " performed.",
        "",
    ],
)
def test_results_that_read_as_neither_are_uncertain(result: str) -> None:
    assert read_attribute(result) is Verdict.UNCERTAIN


def test_each_deviating_attribute_is_one_reading_with_its_own_text() -> None:
    cell = (
        "Attribute A: Inspected the change tickets. No exceptions noted. Attribute B: Exception"
        " noted. For 1 of 8 changes the approval was not retained. Attribute C: No exceptions"
        " noted."
    )
    readings = read_result(cell)
    assert [r.verdict for r in readings] == [Verdict.PASS, Verdict.DEVIATION, Verdict.PASS]
    assert readings[1].text == (
        "Attribute B: Exception noted. For 1 of 8 changes the approval was not retained."
    )


def test_lettered_attributes_are_split_too_but_a_numbered_sample_is_not() -> None:
    cell = "(a) No exceptions noted. (b) Exception noted: 2 of 25 changes were not approved."
    assert [r.verdict for r in read_result(cell)] == [Verdict.PASS, Verdict.DEVIATION]
    single = "For one (1) of 40 new hires, training was not completed."
    assert [r.text for r in read_result(single)] == [single]


def test_a_preamble_without_a_verdict_is_not_an_uncertain_result() -> None:
    cell = "For each sample we tested: Attribute 1: No exceptions noted. Attribute 2: No exceptions noted."
    assert [r.verdict for r in read_result(cell)] == [Verdict.PASS, Verdict.PASS]


def test_a_column_of_procedures_is_not_a_column_of_verdicts() -> None:
    assert is_verdict("No exceptions noted.")
    assert is_verdict("Exception noted: one change was not approved.")
    assert not is_verdict("Inspected the policy and the evidence of its annual review.")


def test_control_ids_keep_their_printed_form_without_spaces() -> None:
    assert normalise_id("DS - 1") == "DS-1"
    assert normalise_id("IS - 1.") == "IS-1"
    assert normalise_id("CC6.1.3") == "CC6.1.3"
    assert normalise_id(" AC-04 ") == "AC-04"
