"""Year over year: which exceptions recur, which were resolved, what else changed."""

from dataclasses import replace
from datetime import date

import pytest

from domain.soc2.comparison import (
    ExceptionFacts,
    Recurrence,
    ReportFacts,
    compare,
    control_id_key,
    organization_key,
)

NEW, RECURRING = Recurrence.NEW, Recurrence.RECURRING


def exception(
    key: str,
    control_id: str | None = None,
    criteria: tuple[str, ...] = (),
    control: str | None = None,
) -> ExceptionFacts:
    return ExceptionFacts(
        key=key,
        control_id=control_id,
        criteria=criteria,
        control=control,
        result="For 2 of 25 samples, evidence was not retained.",
    )


def report(*exceptions: ExceptionFacts, **fields) -> ReportFacts:
    defaults = {
        "kind": "SOC2",
        "report_type": "TYPE2",
        "period_start": date(2024, 1, 1),
        "period_end": date(2024, 12, 31),
        "as_of": None,
        "opinion": "UNQUALIFIED",
        "categories": frozenset({"SECURITY"}),
        "exceptions": exceptions,
        "subservice_organizations": (),
    }
    return ReportFacts(**(defaults | fields))


def test_without_a_previous_report_every_exception_is_new_and_nothing_changed():
    current = report(
        exception("a", "DS - 1"),
        exception("b", "OA - 15"),
        opinion="QUALIFIED",
        categories=frozenset({"SECURITY", "AVAILABILITY"}),
        subservice_organizations=("Amazon Web Services, Inc.",),
    )

    result = compare(current, None)

    assert result.previous_available is False
    assert dict(result.recurrence) == {"a": NEW, "b": NEW}
    assert result.resolved == ()
    assert (result.opinion_from, result.opinion_to, result.opinion_changed) == (
        None,
        "QUALIFIED",
        False,
    )
    assert result.categories_added == result.categories_dropped == ()
    assert result.subservices_added == result.subservices_dropped == ()


@pytest.mark.parametrize(
    ("now", "before"),
    [("DS - 1", "ds-1"), ("CC 6.1.3", "cc6.1.3"), ("IS - 1.", "IS-1"), ("OA-15", "oa -15")],
)
def test_the_same_control_id_printed_differently_recurs(now, before):
    result = compare(report(exception("a", now)), report(exception("p", before)))

    assert result.recurrence["a"] is RECURRING
    assert result.resolved == ()


def test_a_control_id_that_only_shares_a_prefix_is_another_control():
    previous = exception("p", "CC6.1.30", ("CC6.1",))

    result = compare(report(exception("a", "CC6.1.3", ("CC6.1",))), report(previous))

    assert result.recurrence["a"] is NEW
    assert result.resolved == (previous,)


def test_two_different_control_ids_are_different_controls_even_with_the_same_wording():
    wording = "Access is reviewed quarterly."

    result = compare(
        report(exception("a", "AC-1", control=wording)),
        report(exception("p", "AC-2", control=wording)),
    )

    assert result.recurrence["a"] is NEW


def test_without_a_control_id_overlapping_criteria_recur():
    result = compare(
        report(exception("a", None, ("CC6.1", "CC6.2"))),
        report(exception("p", "VM - 6", ("CC6.2", "CC7.1"))),
    )

    assert result.recurrence["a"] is RECURRING


def test_without_a_control_id_disjoint_criteria_do_not_recur():
    result = compare(
        report(exception("a", None, ("CC6.1",))), report(exception("p", None, ("CC7.1",)))
    )

    assert result.recurrence["a"] is NEW


def test_without_ids_or_shared_criteria_the_same_control_description_recurs():
    result = compare(
        report(exception("a", None, control="Firewall rules are reviewed  annually")),
        report(exception("p", None, control="FIREWALL RULES ARE REVIEWED ANNUALLY.")),
    )

    assert result.recurrence["a"] is RECURRING


def test_each_previous_exception_matches_one_current_exception_at_most():
    result = compare(
        report(exception("a", "DS-1"), exception("b", "DS-1")), report(exception("p", "DS-1"))
    )

    assert dict(result.recurrence) == {"a": RECURRING, "b": NEW}


def test_a_control_id_match_is_not_lost_to_an_earlier_criteria_match():
    # "a" comes first and shares the criterion, but "b" is the same control.
    result = compare(
        report(exception("a", None, ("CC6.1",)), exception("b", "AC-4", ("CC6.1",))),
        report(exception("p", "AC-4", ("CC6.1",))),
    )

    assert dict(result.recurrence) == {"a": NEW, "b": RECURRING}


def test_previous_exceptions_not_found_again_are_resolved_in_report_order():
    first, second, kept = exception("p1", "OA-15"), exception("p2", "DS-1"), exception("p3", "VM-6")

    result = compare(report(exception("a", "VM - 6")), report(first, second, kept))

    assert result.resolved == (first, second)


def test_exception_keys_must_be_unique_within_the_report():
    with pytest.raises(ValueError, match="unique"):
        compare(report(exception("a", "DS-1"), exception("a", "DS-2")), None)


def test_an_opinion_that_moved_is_a_change():
    result = compare(report(opinion="QUALIFIED"), report(opinion="UNQUALIFIED"))

    assert (result.opinion_from, result.opinion_to, result.opinion_changed) == (
        "UNQUALIFIED",
        "QUALIFIED",
        True,
    )


@pytest.mark.parametrize(("now", "before"), [("QUALIFIED", "QUALIFIED"), ("QUALIFIED", None)])
def test_the_same_or_an_unread_opinion_is_no_change(now, before):
    assert compare(report(opinion=now), report(opinion=before)).opinion_changed is False


def test_categories_added_and_dropped_are_sorted():
    result = compare(
        report(categories=frozenset({"SECURITY", "PRIVACY", "AVAILABILITY", "CONFIDENTIALITY"})),
        report(categories=frozenset({"SECURITY", "PROCESSING_INTEGRITY"})),
    )

    assert result.categories_added == ("AVAILABILITY", "CONFIDENTIALITY", "PRIVACY")
    assert result.categories_dropped == ("PROCESSING_INTEGRITY",)


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ('Amazon Web Services, Inc. ("AWS")', "amazon web services"),
        ("Amazon Web Services (AWS)", "amazon web services"),
        ("AMAZON WEB SERVICES INC", "amazon web services"),
        ("Sony Co., Ltd.", "sony"),
        ("Hetzner Online GmbH", "hetzner online"),
        ("Acme Holdings, L.L.C.", "acme holdings"),
        ("Microsoft Corporation", "microsoft"),
        ("Equinix Corp.", "equinix"),
        ("Johnson & Johnson", "johnson and johnson"),
        ("Limited", "limited"),
    ],
)
def test_organization_names_ignore_case_punctuation_legal_suffix_and_short_name(printed, key):
    assert organization_key(printed) == key


def test_control_ids_ignore_spacing_but_keep_their_digits():
    assert control_id_key("DS - 1") == control_id_key("ds-1") == "ds-1"
    assert control_id_key("CC6.1.3") != control_id_key("CC6.1.30")
    assert control_id_key("  ") is None


def test_subservices_match_despite_legal_suffix_and_short_name_and_keep_their_printed_names():
    result = compare(
        report(
            subservice_organizations=(
                'Amazon Web Services, Inc. ("AWS")',
                "Equinix",
                "Cloudflare, Inc.",
                "CLOUDFLARE INC",
            )
        ),
        report(
            subservice_organizations=(
                "Amazon Web Services",
                "Equinix, Inc.",
                "QTS Realty Trust, LLC",
                "Sabey Corporation",
            )
        ),
    )

    assert result.subservices_added == ("Cloudflare, Inc.",)
    assert result.subservices_dropped == ("QTS Realty Trust, LLC", "Sabey Corporation")


def test_comparing_a_report_with_itself_shows_no_change():
    current = report(
        exception("a", "DS - 1", ("CC6.1",)),
        exception("b", None, ("A1.2",), "Backups are tested."),
        subservice_organizations=("Equinix, Inc.",),
    )

    result = compare(current, replace(current))

    assert set(result.recurrence.values()) == {RECURRING}
    assert result.resolved == result.subservices_added == result.subservices_dropped == ()
