"""An exception's control domain: its wording first (criteria numbering differs between
reports), then its criteria, else OTHER."""

from datetime import date

import pytest

from domain.compliance.exception_domains import ExceptionDomain as D
from domain.compliance.exception_domains import classify


@pytest.mark.parametrize(
    ("control", "result", "criteria", "domain"),
    [
        ("Access of leavers is revoked within a day.", "2 of 25 leavers kept access.", [],
         D.ACCESS),
        ("Changes are approved before release.", "3 of 40 changes had no approval.",
         ["CC8.1"], D.CHANGE_MANAGEMENT),
        ("Backups are restored yearly.", "No restore test was performed.", ["A1.3"],
         D.BACKUP_AND_AVAILABILITY),
        ("Staff complete security training at hire.", "4 of 20 hires had no record.",
         ["CC1.4"], D.TRAINING_AND_AWARENESS),
        ("Security incidents are tracked to closure.", "One ticket stayed open.", ["CC7.4"],
         D.INCIDENT_RESPONSE),
        ("Data at rest is encrypted.", "One database was not encrypted.", ["CC6.7"],
         D.ENCRYPTION),
        ("Vendors are assessed yearly.", "Two vendors were not assessed.", ["CC9.2"],
         D.VENDOR_MANAGEMENT),
        ("The risk assessment is updated yearly.", "It was not updated.", ["CC3.2"],
         D.RISK_ASSESSMENT),
    ],
)  # fmt: skip
def test_the_wording_says_the_domain(control, result, criteria, domain):
    assert classify(control, result, criteria).domain == domain


def test_the_wording_wins_over_criteria_numbered_another_way():
    # a 2016-numbered report files passwords under CC5.1: the words still say access
    decided = classify("Passwords are rotated.", "8 of 30 were not.", ["CC5.1"])
    assert (decided.domain, decided.rule) == (D.ACCESS, "wording: 'passwords'")


def test_without_telling_words_the_criteria_decide_and_else_other():
    assert classify("Control 4.2", "Not operating.", ["cc8.1"]).domain == D.CHANGE_MANAGEMENT
    assert classify("Control 4.2", "Not operating.", ["CC8.1"]).rule == "criteria: CC8.1"
    assert classify("Control 4.2", "Not operating.", []).domain == D.OTHER


@pytest.mark.parametrize(
    "control",
    [
        "Antivirus is deployed on all servers.",
        "Customer data is released only upon authorization.",
        "Capacity is provisioned to meet demand.",
        "The backlog of tickets is reviewed weekly.",
        "Requests are dispatched to the team on call.",
    ],
)
def test_common_words_do_not_decide_a_domain(control):
    assert classify(control, "Not performed.", []).domain == D.OTHER


def test_the_domain_with_the_most_telling_words_wins_the_control_counting_double():
    decided = classify(
        "Changes to user access are approved.", "The change ticket was closed late.", []
    )
    assert decided.domain == D.ACCESS  # "user access" in the control beats one ticket


def test_criteria_of_a_2016_report_are_read_the_2016_way():
    before = date(2018, 9, 30)
    assert classify("Control 4.2", "Not operating.", ["CC5.1"], before).domain == D.ACCESS
    assert classify("Control 4.2", "Not operating.", ["CC7.1"], before).domain == (
        D.CHANGE_MANAGEMENT
    )
    assert classify("Control 4.2", "Not operating.", ["CC7.1"]).domain == (D.LOGGING_AND_MONITORING)
