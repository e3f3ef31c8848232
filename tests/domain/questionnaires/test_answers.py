"""What an answer to each question type is, which questions show and are asked, how a
questionnaire is scored, and which answers raise findings."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.questionnaires.answers import (
    AnswerInvalid,
    Given,
    Held,
    asked,
    concerns,
    given_of,
    missing_required,
    scores,
    shown,
    stored_value,
)
from domain.questionnaires.definition import (
    Choice,
    Condition,
    Question,
    QuestionType,
    Section,
    Template,
    yes_no,
)

MFA = Question("mfa", "MFA?", QuestionType.YES_NO, choices=yes_no(10, 0, red_flag_on="NO"))
FACTORS = Question(
    "factors",
    "Which?",
    QuestionType.MULTIPLE_CHOICE,
    choices=(Choice("TOTP", "App", 5), Choice("KEY", "Key", 5), Choice("SMS", "SMS", 0, True)),
    condition=Condition("mfa", ("YES",)),
)
TIER = Question(
    "tier",
    "Tier?",
    QuestionType.SINGLE_CHOICE,
    choices=(Choice("GOLD", "Gold", 8), Choice("TIN", "Tin", 2)),
)
STAFF = Question("staff", "Staff?", QuestionType.NUMBER)
TESTED = Question("tested", "Tested?", QuestionType.DATE)
NOTES = Question("notes", "Notes?", QuestionType.TEXT, required=False)
POLICY = Question("policy", "Policy?", QuestionType.FILE)
TEMPLATE = Template(
    "T",
    sections=(
        Section("Access", (MFA, FACTORS, TIER)),
        Section("Other", (STAFF, TESTED, NOTES, POLICY)),
    ),
)


@pytest.mark.parametrize(
    ("question", "answer", "stored"),
    [
        (MFA, Given(choices=("YES",)), "YES"),
        (TIER, Given(choices=("TIN",)), "TIN"),
        (FACTORS, Given(choices=("KEY", "TOTP", "KEY")), ["TOTP", "KEY"]),
        (STAFF, Given(number=Decimal("42.50")), "42.5"),
        (STAFF, Given(number=Decimal("0.00")), "0"),
        (STAFF, Given(number=Decimal("40")), "40"),
        (STAFF, Given(number=Decimal("1.5E+3")), "1500"),
        (TESTED, Given(date=date(2026, 10, 1)), "2026-10-01"),
        (NOTES, Given(text="  Reviewed yearly.  "), "Reviewed yearly."),
        (NOTES, Given(), None),  # empty: the answer is cleared
    ],
)
def test_each_type_keeps_its_answer_in_one_form(question, answer, stored):
    assert stored_value(question, answer) == stored
    if stored is not None:
        assert stored_value(question, given_of(question, stored)) == stored  # read back


@pytest.mark.parametrize(
    ("question", "answer", "said"),
    [
        (MFA, Given(choices=("MAYBE",)), "'MAYBE' is not a choice here"),
        (MFA, Given(choices=("YES", "NO")), "Pick exactly one choice."),
        (TIER, Given(text="Gold"), "answered with `choices`, not text"),
        (STAFF, Given(text="many"), "answered with `number`, not text"),
        (STAFF, Given(number=Decimal("Infinity")), "at most 30 digits"),
        (STAFF, Given(number=Decimal("1" * 31)), "at most 30 digits"),
        (STAFF, Given(number=Decimal("1E+999999999")), "at most 30 digits"),
        (STAFF, Given(number=Decimal("1E-999999999")), "at most 30 digits"),
        (NOTES, Given(text="nul \x00 here"), "control character"),
        (NOTES, Given(text="half \ud800 a pair"), "unpaired surrogate"),
        (TESTED, Given(text="2026-10-01"), "answered with `date`"),
        (NOTES, Given(text="x" * 10_001), "at most 10000 characters"),
        (POLICY, Given(text="see attached"), "answered with `document`"),
    ],
)
def test_an_answer_that_does_not_fit_its_type_is_refused(question, answer, said):
    with pytest.raises(AnswerInvalid, match=said):
        stored_value(question, answer)


def test_a_follow_up_shows_only_after_the_answer_it_waits_for():
    assert [q.key for q in shown(TEMPLATE, {})] == [
        "mfa", "tier", "staff", "tested", "notes", "policy"
    ]  # fmt: skip
    assert "factors" in [q.key for q in shown(TEMPLATE, {"mfa": Held(value="YES")})]
    assert "factors" not in [q.key for q in shown(TEMPLATE, {"mfa": Held(value="NO")})]


def test_a_question_the_report_covers_is_shown_but_not_asked():
    held = {"mfa": Held(value="YES", covered=True)}
    assert "mfa" in [q.key for q in shown(TEMPLATE, held)]
    assert "mfa" not in [q.key for q in asked(TEMPLATE, held)]
    # and its follow-up, shown by the covered YES, is asked
    assert "factors" in [q.key for q in asked(TEMPLATE, held)]


def test_scores_weigh_what_was_picked_against_the_best_answer():
    held = {
        "mfa": Held(value="YES"),  # 10 of 10
        "factors": Held(value=["TOTP", "SMS"]),  # 5 of 10
        "tier": Held(value="TIN"),  # 2 of 8
    }
    result = scores(TEMPLATE, held)
    assert result.total == 61  # 17 of 28 = 60.7
    assert [(s.title, s.score) for s in result.sections] == [("Access", 61), ("Other", None)]


def test_not_applicable_counts_for_nothing_and_the_report_earns_full_marks():
    held = {
        "mfa": Held(value="YES", covered=True),
        "factors": Held(value=["TOTP"], not_applicable=True),
        "tier": Held(),  # unanswered: 0 of 8
    }
    assert scores(TEMPLATE, held).total == 56  # 10 of 18


def test_red_flags_and_unanswered_required_questions_raise_concerns():
    held = {
        "mfa": Held(value="YES"),
        "factors": Held(value=["SMS"]),
        "tier": Held(value="GOLD", not_applicable=True),
        "staff": Held(value="12"),
        "policy": Held(document_id=None),
    }
    found = {c.question.key: c.red_flags for c in concerns(TEMPLATE, held)}
    assert found == {"factors": ("SMS",), "tested": (), "policy": ()}
    assert [q.key for q in missing_required(TEMPLATE, held)] == ["tested", "policy"]


@given(
    st.fixed_dictionaries(
        {
            "mfa": st.sampled_from(["YES", "NO", None]),
            "factors": st.lists(st.sampled_from(["TOTP", "KEY", "SMS"]), unique=True),
            "tier": st.sampled_from(["GOLD", "TIN", None]),
        }
    ),
    st.booleans(),
)
def test_every_score_is_between_0_and_100(picks, covered):
    held = {
        "mfa": Held(value=picks["mfa"], covered=covered),
        "factors": Held(value=picks["factors"]),
        "tier": Held(value=picks["tier"]),
    }
    result = scores(TEMPLATE, held)
    for score in [result.total, *(s.score for s in result.sections)]:
        assert score is None or 0 <= score <= 100
