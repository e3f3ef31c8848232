"""The findings a SOC report calls for: one test per rule of the table in domain/findings/rules.py."""

from datetime import date

import pytest

from domain.findings.rules import (
    BridgeCoverage,
    FindingKind,
    FindingPolicy,
    Severity,
    add_months,
    findings_for,
)
from domain.soc2.comparison import ExceptionFacts, ReportFacts, compare

TODAY = date(2025, 3, 15)
RECENT_END = date(2025, 1, 31)  # six weeks before TODAY: neither stale nor past the bridge gap


def exception(key: str, control_id: str | None = "DS - 1", page: int | None = 42) -> ExceptionFacts:
    return ExceptionFacts(
        key=key,
        control_id=control_id,
        criteria=("CC6.1", "CC6.2"),
        control="Secrets are rotated every 90 days.",
        result="Exception Noted: For 8 of the 30 sampled secrets, rotation was not evidenced.",
        page=page,
    )


def report(*exceptions: ExceptionFacts, **fields) -> ReportFacts:
    defaults = {
        "kind": "SOC2",
        "report_type": "TYPE2",
        "period_start": date(2024, 2, 1),
        "period_end": RECENT_END,
        "as_of": None,
        "opinion": "UNQUALIFIED",
        "categories": frozenset({"SECURITY", "AVAILABILITY"}),
        "exceptions": exceptions,
        "subservice_organizations": (),
    }
    return ReportFacts(**(defaults | fields))


def policy(**fields) -> FindingPolicy:
    defaults = {
        "vendor_tier": "MEDIUM",
        "type2_required": True,
        "required_categories": frozenset({"SECURITY"}),
    }
    return FindingPolicy(**(defaults | fields))


def findings(
    current: ReportFacts,
    previous: ReportFacts | None = None,
    rules: FindingPolicy | None = None,
    bridge_letters: tuple[BridgeCoverage, ...] = (),
    today: date = TODAY,
):
    return findings_for(
        current, compare(current, previous), rules or policy(), bridge_letters, today
    )


def only(current: ReportFacts, kind: FindingKind, **kwargs):
    return [f for f in findings(current, **kwargs) if f.kind is kind]


def test_a_clean_recent_type2_report_raises_nothing():
    assert findings(report()) == []


@pytest.mark.parametrize("kind", ["BRIDGE_LETTER", "UNKNOWN"])
def test_no_findings_for_a_bridge_letter_or_an_unknown_document(kind):
    document = report(
        exception("a"),
        kind=kind,
        report_type="TYPE1",
        opinion="ADVERSE",
        period_end=date(2020, 1, 1),
        categories=frozenset(),
    )

    assert findings(document, rules=policy(required_categories=frozenset({"PRIVACY"}))) == []


@pytest.mark.parametrize(
    ("opinion", "severity"),
    [
        ("QUALIFIED", Severity.HIGH),
        ("ADVERSE", Severity.CRITICAL),
        ("DISCLAIMER", Severity.CRITICAL),
    ],
)
def test_a_modified_opinion_is_a_finding(opinion, severity):
    [finding] = only(report(opinion=opinion), FindingKind.MODIFIED_OPINION)

    assert (finding.key, finding.severity) == ("opinion", severity)


@pytest.mark.parametrize("opinion", ["UNQUALIFIED", None])
def test_an_unqualified_or_unread_opinion_is_no_finding(opinion):
    assert only(report(opinion=opinion), FindingKind.MODIFIED_OPINION) == []


def test_a_newly_modified_opinion_names_the_previous_one():
    [finding] = only(report(opinion="QUALIFIED"), FindingKind.MODIFIED_OPINION, previous=report())

    assert "previous report's opinion was unqualified" in finding.description


@pytest.mark.parametrize(
    ("tier", "severity"),
    [
        ("CRITICAL", Severity.HIGH),
        ("HIGH", Severity.MEDIUM),
        ("MEDIUM", Severity.LOW),
        ("LOW", Severity.LOW),
    ],
)
def test_a_control_exception_is_as_severe_as_the_vendor_is_critical(tier, severity):
    [finding] = findings(report(exception("e1")), rules=policy(vendor_tier=tier))

    assert finding.kind is FindingKind.CONTROL_EXCEPTION
    assert (finding.key, finding.exception_key, finding.severity) == (
        "exception:e1",
        "e1",
        severity,
    )


def test_an_exception_says_which_control_where_and_what_went_wrong():
    [finding] = findings(report(exception("e1")))

    assert finding.title == "Control exception: DS - 1"
    for part in ("control DS - 1", "criteria CC6.1, CC6.2", "page 42", "8 of the 30"):
        assert part in finding.description


def test_an_exception_without_a_control_id_or_page_still_reads_well():
    [finding] = findings(report(exception("e1", control_id=None, page=None)))

    assert finding.title == "Control exception: CC6.1, CC6.2"
    assert "page" not in finding.description


def test_a_long_deviation_is_cut_in_the_description():
    long = ExceptionFacts("e1", "DS-1", (), None, "word " * 400)

    [finding] = findings(report(long))

    assert len(finding.description) < 600
    assert "…" in finding.description


def test_a_recurring_exception_raises_its_finding_one_level():
    previous = report(exception("old", control_id="ds-1"), period_end=date(2024, 1, 31))

    [finding] = findings(report(exception("e1")), previous=previous)

    assert finding.severity is Severity.MEDIUM  # LOW for a MEDIUM tier vendor, raised
    assert finding.title.startswith("Recurring control exception")
    assert "previous report had an exception for this control too" in finding.description


def test_a_recurring_exception_at_a_critical_vendor_stays_critical():
    [finding] = findings(
        report(exception("e1")),
        previous=report(exception("old")),
        rules=policy(vendor_tier="CRITICAL"),
    )

    assert finding.severity is Severity.CRITICAL


def test_severity_rises_one_level_and_stops_at_critical():
    assert [s.raised() for s in Severity] == [
        Severity.MEDIUM,
        Severity.HIGH,
        Severity.CRITICAL,
        Severity.CRITICAL,
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 5, 31), 0, date(2024, 5, 31)),
    ],
)
def test_months_are_calendar_months_clamped_at_month_end(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("tier", "severity"),
    [
        ("CRITICAL", Severity.HIGH),
        ("HIGH", Severity.HIGH),
        ("MEDIUM", Severity.MEDIUM),
        ("LOW", Severity.MEDIUM),
    ],
)
def test_a_report_older_than_the_stale_limit_is_stale(tier, severity):
    [finding] = findings(
        report(period_end=date(2024, 3, 14)), rules=policy(vendor_tier=tier), today=TODAY
    )

    assert (finding.key, finding.kind, finding.severity) == (
        "stale",
        FindingKind.STALE_REPORT,
        severity,
    )


@pytest.mark.parametrize(("today", "stale"), [(date(2025, 2, 28), False), (date(2025, 3, 1), True)])
def test_staleness_counts_calendar_months_from_a_month_end(today, stale):
    old = report(period_end=date(2024, 8, 31))

    found = only(old, FindingKind.STALE_REPORT, rules=policy(stale_report_months=6), today=today)

    assert bool(found) is stale


def test_a_type1_report_is_stale_from_its_as_of_date():
    type1 = report(report_type="TYPE1", period_start=None, period_end=None, as_of=date(2024, 3, 1))

    assert only(type1, FindingKind.STALE_REPORT, rules=policy(type2_required=False))


def test_a_report_past_the_gap_with_no_bridge_letter_needs_one():
    old = report(period_end=date(2024, 11, 30))  # 3 months ended 2025-02-28

    [finding] = findings(old)

    assert (finding.key, finding.kind, finding.severity) == (
        "bridge",
        FindingKind.BRIDGE_LETTER_MISSING,
        Severity.LOW,
    )


def test_a_missing_bridge_letter_is_medium_for_a_high_tier_vendor():
    [finding] = findings(report(period_end=date(2024, 11, 30)), rules=policy(vendor_tier="HIGH"))

    assert finding.severity is Severity.MEDIUM


def test_no_bridge_letter_is_due_until_the_gap_has_passed():
    assert findings(report(period_end=date(2024, 12, 15)), today=date(2025, 3, 15)) == []


def test_bridge_letter_covering_the_gap_clears_it():
    letter = BridgeCoverage(date(2024, 12, 1), date(2025, 2, 28))

    assert findings(report(period_end=date(2024, 11, 30)), bridge_letters=(letter,)) == []


def test_bridge_letters_chain():
    end = date(2024, 6, 30)
    letters = (
        BridgeCoverage(date(2024, 10, 15), date(2025, 1, 31)),  # listed first, starts later
        BridgeCoverage(date(2024, 7, 1), date(2024, 9, 30)),
    )

    assert (
        only(report(period_end=end), FindingKind.BRIDGE_LETTER_MISSING, bridge_letters=letters)
        == []
    )


def test_a_bridge_letter_that_starts_well_after_the_report_ends_does_not_bridge():
    late = BridgeCoverage(date(2025, 1, 15), date(2025, 3, 31))

    [finding] = findings(report(period_end=date(2024, 11, 30)), bridge_letters=(late,))

    assert finding.kind is FindingKind.BRIDGE_LETTER_MISSING


def test_a_bridge_letter_without_a_start_date_bridges_from_the_report():
    letter = BridgeCoverage(None, date(2025, 2, 28))

    assert findings(report(period_end=date(2024, 11, 30)), bridge_letters=(letter,)) == []


def test_a_bridge_letter_that_does_not_reach_far_enough_names_where_coverage_stops():
    short = BridgeCoverage(date(2024, 9, 1), date(2024, 10, 31))

    [finding] = findings(report(period_end=date(2024, 8, 31)), bridge_letters=(short,))

    assert "extended by bridge letters to 2024-10-31" in finding.description


def test_a_stale_report_supersedes_the_missing_bridge_letter():
    kinds = [f.kind for f in findings(report(period_end=date(2023, 12, 31)))]

    assert kinds == [FindingKind.STALE_REPORT]


def test_a_report_with_no_end_date_raises_no_timeliness_finding():
    assert findings(report(period_start=None, period_end=None)) == []


@pytest.mark.parametrize("kind", ["SOC1", "SOC2"])
def test_a_type1_report_when_type2_is_required_is_a_finding(kind):
    type1 = report(kind=kind, report_type="TYPE1", period_end=None, as_of=date(2025, 1, 31))

    [finding] = only(type1, FindingKind.TYPE1_ONLY)

    assert (finding.key, finding.severity) == ("type1", Severity.MEDIUM)
    assert "as of 2025-01-31" in finding.description


def test_a_type1_report_is_fine_when_type2_is_not_required():
    type1 = report(report_type="TYPE1", period_end=None, as_of=date(2025, 1, 31))

    assert findings(type1, rules=policy(type2_required=False)) == []


def test_a_soc3_is_not_judged_on_its_type():
    soc3 = report(kind="SOC3", report_type="TYPE1", period_end=None, as_of=date(2025, 1, 31))

    assert only(soc3, FindingKind.TYPE1_ONLY) == []


def test_each_required_category_a_soc2_does_not_cover_is_a_finding():
    needs = frozenset({"SECURITY", "PRIVACY", "CONFIDENTIALITY", "AVAILABILITY"})

    found = findings(
        report(categories=frozenset({"AVAILABILITY"})), rules=policy(required_categories=needs)
    )

    assert [(f.key, f.category, f.severity) for f in found] == [
        ("category:SECURITY", "SECURITY", Severity.HIGH),
        ("category:CONFIDENTIALITY", "CONFIDENTIALITY", Severity.MEDIUM),
        ("category:PRIVACY", "PRIVACY", Severity.MEDIUM),
    ]
    assert found[2].title == "Privacy not covered"


@pytest.mark.parametrize("kind", ["SOC1", "SOC3"])
def test_only_a_soc2_is_checked_for_categories(kind):
    other = report(kind=kind, categories=frozenset())

    assert findings(other, rules=policy(required_categories=frozenset({"PRIVACY"}))) == []


def test_findings_come_in_kind_order_with_exceptions_in_report_order():
    everything = report(
        exception("z", "VM-6"),
        exception("a", "OA-15"),
        report_type="TYPE1",
        period_end=None,
        as_of=date(2024, 10, 31),
        opinion="QUALIFIED",
        categories=frozenset({"SECURITY"}),
    )

    found = findings(
        everything, rules=policy(required_categories=frozenset({"PRIVACY", "AVAILABILITY"}))
    )

    assert [f.key for f in found] == [
        "opinion",
        "exception:z",
        "exception:a",
        "bridge",
        "type1",
        "category:AVAILABILITY",
        "category:PRIVACY",
    ]


def test_re_running_on_the_same_report_gives_the_same_findings():
    def parse() -> ReportFacts:
        return report(exception("e1"), exception("e2", "OA - 15"), opinion="QUALIFIED")

    first = findings(parse(), previous=report(exception("old")))

    assert findings(parse(), previous=report(exception("old"))) == first
    assert [f.key for f in findings(parse())] == [f.key for f in first]  # recurrence: same keys


def test_a_policy_with_an_unknown_tier_is_refused():
    with pytest.raises(ValueError, match="'URGENT' is not a valid Tier"):
        policy(vendor_tier="URGENT")


def test_a_policy_with_an_unknown_category_is_refused():
    with pytest.raises(ValueError, match="'SECURTY' is not a valid Category"):
        policy(required_categories=frozenset({"SECURTY"}))
