"""The gap questionnaire decides each question by its criteria against the vendor's report:
covered, flagged by an exception, or sent."""

from dataclasses import replace
from datetime import date

import pytest

from domain.questionnaires.definition import Question, QuestionType, Section, Template, yes_no
from domain.questionnaires.gap import (
    Decision,
    ReportException,
    ReportFacts,
    Source,
    decide,
    pre_answers,
)

REPORT = ReportFacts(
    kind="SOC2",
    type="TYPE2",
    period_start=date(2025, 1, 1),
    period_end=date(2025, 12, 31),
    as_of=None,
    opinion="UNQUALIFIED",
    opinion_source=Source(4, "In our opinion, in all material respects ..."),
    categories=frozenset({"SECURITY", "AVAILABILITY"}),
    exceptions=(
        ReportException(
            ("CC6.2", "CC6.3"), "Access is removed on exit", "Exception noted: 2 of 25.", 41
        ),
    ),
    review_needed=False,
)


def _question(*criteria: str) -> Question:
    return Question("q", "Do you ...?", QuestionType.YES_NO, choices=yes_no(), criteria=criteria)


def test_a_question_the_report_tests_without_exception_is_covered_with_the_opinion_s_words():
    answer = decide(_question("CC6.1", "A1.2"), REPORT)

    assert answer.decision == Decision.COVERED
    assert answer.why == (
        "Covered by the vendor's SOC 2 Type II report for 2025-01-01 to 2025-12-31, "
        "unqualified opinion."
    )
    assert answer.source == Source(4, "In our opinion, in all material respects ...")


def test_an_exception_on_a_criterion_flags_the_question_quoting_it():
    answer = decide(_question("CC6.1", "CC6.3"), REPORT)

    assert answer.decision == Decision.FLAGGED
    assert answer.why == (
        "The report has an exception on CC6.3 (Access is removed on exit): "
        "Exception noted: 2 of 25."
    )
    assert answer.source == Source(41, "Exception noted: 2 of 25.")


@pytest.mark.parametrize(
    "question, report, why",
    [
        (_question(), REPORT, "Mapped to no criterion."),
        (_question("C1.1"), REPORT, "The report does not cover C1.1."),
        (
            _question("CC6.1"),
            replace(REPORT, kind="SOC1"),
            "The vendor's report is a SOC1, not a SOC 2.",
        ),
        (
            _question("CC6.1"),
            replace(REPORT, opinion="QUALIFIED"),
            "The report's opinion is QUALIFIED, not unqualified.",
        ),
        (
            _question("CC6.1"),
            replace(REPORT, opinion=None),
            "The report's opinion is not read, not unqualified.",
        ),
        (
            _question("CC6.1"),
            replace(REPORT, review_needed=True),
            "The report's reading waits for a reviewer's confirmation.",
        ),
        (
            _question("CC6.1"),
            replace(REPORT, period_end=date(2018, 9, 30)),
            "The report may number its criteria the 2016 way (it ended before 2018-12-15).",
        ),
    ],
)
def test_a_question_is_sent_when_the_report_cannot_answer_it(question, report, why):
    answer = decide(question, report)

    assert (answer.decision, answer.why, answer.source) == (Decision.SEND, why, None)


def test_a_type_i_report_covers_as_of_its_date():
    type1 = replace(
        REPORT, type="TYPE1", period_start=None, period_end=None, as_of=date(2025, 6, 30)
    )

    assert decide(_question("CC6.1"), type1).why == (
        "Covered by the vendor's SOC 2 Type I report as of 2025-06-30, unqualified opinion."
    )


def test_every_question_of_a_template_is_decided_in_order():
    template = Template(
        "t",
        sections=(
            Section(
                "s",
                (
                    replace(_question("CC6.1"), key="a"),
                    replace(_question("CC6.2"), key="b"),
                    replace(_question(), key="c", type=QuestionType.TEXT, choices=()),
                ),
            ),
        ),
    )

    assert [(p.key, p.decision) for p in pre_answers(template, REPORT)] == [
        ("a", Decision.COVERED),
        ("b", Decision.FLAGGED),
        ("c", Decision.SEND),
    ]
