"""Which exception a management response answers, wherever the report puts the response."""

from __future__ import annotations

from dataclasses import dataclass

from parsers.soc2.responses import Answers, match


@dataclass
class Record:
    control_id: str | None
    result: str
    criteria: list[str]
    control: str | None = None
    test: str | None = None
    response: str | None = None

    def respond(self, text: str) -> None:
        if not self.response:
            self.response = text


def _two_attributes() -> list[Record]:
    return [
        Record("OP-1", "Attribute A: Exception noted. For 3 of 25 samples ...", ["CC8.1"]),
        Record("OP-1", "Attribute C: Exception noted. For 2 of 10 samples ...", ["CC8.1"]),
        Record("AC-4", "Exception noted. One terminated user retained access.", ["CC6.2"]),
    ]


def test_a_response_keyed_by_a_control_id_may_answer_each_of_its_deviations() -> None:
    records = _two_attributes()
    assert match(records, "OP - 1", "") == records[:2]
    assert match(records, "Control AC-4", "") == [records[2]]


def test_one_response_to_a_control_answers_every_deviating_attribute() -> None:
    records = _two_attributes()
    answers = Answers()
    answers.give(match(records, "OP-1", ""), "Approval field added to the ticketing system.")
    answers.close()
    assert [r.response for r in records] == [
        "Approval field added to the ticketing system.",
        "Approval field added to the ticketing system.",
        None,
    ]


def test_several_responses_to_a_control_answer_its_deviations_in_order() -> None:
    records = _two_attributes()
    answers = Answers()
    answers.give(match(records, "OP-1", ""), "About attribute A.")
    answers.give(match(records, "OP-1", ""), "About attribute C.")
    answers.close()
    assert [r.response for r in records] == ["About attribute A.", "About attribute C.", None]


def test_responses_by_criterion_answer_the_exceptions_citing_it_one_by_one() -> None:
    records = [
        Record("AC-1", "Exception noted. Access was not removed.", ["CC6.2"]),
        Record("AC-7", "Exception noted. Review was late.", ["CC6.2"]),
    ]
    answers = Answers()
    for text in ("First.", "Second."):
        answers.give(match(records, "CC6.2: ", text), text)
    answers.close()
    assert [r.response for r in records] == ["First.", "Second."]


def test_a_response_that_names_nothing_found_answers_nothing() -> None:
    records = _two_attributes()
    assert match(records, "ZZ-9", "Unrelated text about office plants.") == []
