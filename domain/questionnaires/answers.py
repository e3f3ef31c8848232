"""Answers to a template's questions, as rules without a database: what a valid answer to
each question type is, which questions a questionnaire shows (conditions) and asks (the gap
questionnaire), the score, and what raises a finding.

Scoring: every shown question answered by a choice whose choices carry weight counts. It
is worth its best choice's weight (for a multiple choice: the sum of its weights) and earns
the weight of what was picked; a question the vendor left unanswered earns nothing; one the
reviewer marked NOT_APPLICABLE counts for neither; one the SOC report covers earns full
marks (the report vouches for it). A section's score, and the questionnaire's, is earned
over worth, 0-100 rounded half up; None when nothing in it carries weight.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from domain.questionnaires.definition import CHOICE_TYPES, YES, Question, QuestionType, Template
from domain.shared import normalize
from domain.shared.errors import InvalidInput

MAX_TEXT = 10_000
# A number an answer may hold, as digits: beyond this it is no answer a person gives.
MAX_NUMBER_DIGITS = 30


@dataclass(frozen=True)
class Given:
    """An answer as a respondent gives it: one of these, by the question's type."""

    choices: tuple[str, ...] | None = None  # YES_NO, SINGLE_CHOICE (one), MULTIPLE_CHOICE
    text: str | None = None
    number: Decimal | None = None
    date: dt.date | None = None
    document_id: UUID | None = None  # FILE

    def is_empty(self) -> bool:
        return (
            not self.choices
            and (self.text is None or not self.text.strip())
            and self.number is None
            and self.date is None
            and self.document_id is None
        )


class AnswerInvalid(ValueError):
    """Why a given answer does not fit its question (the message is for the respondent)."""


def _only(given: Given, wanted: str, question: Question) -> None:
    present = {
        "choices": given.choices is not None,
        "text": given.text is not None,
        "number": given.number is not None,
        "date": given.date is not None,
        "document": given.document_id is not None,
    }
    others = [name for name, here in present.items() if here and name != wanted]
    if others:
        raise AnswerInvalid(
            f"A {question.type} question is answered with `{wanted}`, not {', '.join(others)}."
        )


def stored_value(question: Question, given: Given) -> Any:
    """The JSON value kept for `given` (None: the answer is cleared); AnswerInvalid when it
    does not fit the question. A FILE question's value is None: its answer is the document."""
    if given.is_empty():
        return None
    if question.type in CHOICE_TYPES:
        _only(given, "choices", question)
        picked = list(dict.fromkeys(given.choices or ()))
        allowed = {c.value for c in question.choices}
        unknown = [p for p in picked if p not in allowed]
        if unknown:
            named = ", ".join(repr(u[:40]) for u in unknown[:3])
            raise AnswerInvalid(
                f"{named} is not a choice here; the choices are "
                f"{', '.join(c.value for c in question.choices)}."
            )
        if question.type == QuestionType.MULTIPLE_CHOICE:  # kept in the template's order
            return [c.value for c in question.choices if c.value in picked]
        if len(picked) != 1:
            raise AnswerInvalid("Pick exactly one choice.")
        return picked[0]
    if question.type == QuestionType.TEXT:
        _only(given, "text", question)
        text = (given.text or "").strip()
        if len(text) > MAX_TEXT:
            raise AnswerInvalid(f"An answer is at most {MAX_TEXT} characters.")
        try:
            normalize.reject_control_characters(text, "The answer")
        except InvalidInput as unfit:
            raise AnswerInvalid(unfit.message) from None
        return text
    if question.type == QuestionType.NUMBER:
        _only(given, "number", question)
        number = given.number
        assert number is not None  # not empty, and nothing else given
        # digits and magnitude both bounded: 1e999999999 is 30 digits' worth of nothing
        if (
            not number.is_finite()
            or len(number.as_tuple().digits) > MAX_NUMBER_DIGITS
            or not -MAX_NUMBER_DIGITS <= number.adjusted() < MAX_NUMBER_DIGITS
        ):
            raise AnswerInvalid(
                f"Give a number of at most {MAX_NUMBER_DIGITS} digits, as large or as small "
                "as that allows."
            )
        return format(number.normalize(), "f")  # 40, not 4E+1
    if question.type == QuestionType.DATE:
        _only(given, "date", question)
        assert given.date is not None
        return given.date.isoformat()
    _only(given, "document", question)
    return None


def given_of(question: Question, value: Any, document_id: UUID | None = None) -> Given:
    """A stored value as the answer it is (the reverse of `stored_value`)."""
    if question.type == QuestionType.FILE:
        return Given(document_id=document_id)
    if value is None:
        return Given()
    if question.type in CHOICE_TYPES:
        return Given(choices=tuple(sorted(_picks(value), key=_order(question))))
    if question.type == QuestionType.NUMBER:
        try:
            return Given(number=Decimal(str(value)))
        except InvalidOperation:
            return Given()
    if question.type == QuestionType.DATE:
        try:
            return Given(date=dt.date.fromisoformat(str(value)))
        except ValueError:
            return Given()
    return Given(text=str(value))


def _order(question: Question) -> Any:
    positions = {c.value: i for i, c in enumerate(question.choices)}
    return lambda value: positions.get(value, len(positions))


@dataclass(frozen=True)
class Held:
    """What a questionnaire holds for one question, as the rules read it."""

    value: Any = None
    document_id: UUID | None = None
    not_applicable: bool = False
    covered: bool = False  # pre-answered by the SOC report, and not sent anyway

    @property
    def answered(self) -> bool:
        return self.covered or self.document_id is not None or self.value not in (None, "", [])


def _picks(value: Any) -> set[str]:
    if isinstance(value, list):
        return {v for v in value if isinstance(v, str)}
    return {value} if isinstance(value, str) else set()


def shown(template: Template, held: dict[str, Held]) -> list[Question]:
    """The questions the questionnaire shows, in order: those without a condition, and those
    whose condition's question is shown and answered with one of its choices."""
    visible: list[Question] = []
    seen: set[str] = set()
    for question in template.questions():
        condition = question.condition
        if condition is not None:
            earlier = held.get(condition.key, Held())
            if condition.key not in seen or not _picks(earlier.value) & set(condition.any_of):
                continue
        visible.append(question)
        seen.add(question.key)
    return visible


def asked(template: Template, held: dict[str, Held]) -> list[Question]:
    """The shown questions the vendor is asked: all but those the SOC report covers."""
    return [q for q in shown(template, held) if not held.get(q.key, Held()).covered]


def covered_value(question: Question) -> Any:
    """What a question the SOC report covers is answered with: YES for a yes/no question
    (the report says the control is in place and worked), nothing for any other."""
    return YES if question.type == QuestionType.YES_NO else None


@dataclass(frozen=True)
class SectionScore:
    title: str
    score: int | None


@dataclass(frozen=True)
class Scores:
    total: int | None
    sections: tuple[SectionScore, ...]


def _worth(question: Question) -> int:
    weights = [c.weight for c in question.choices]
    if question.type == QuestionType.MULTIPLE_CHOICE:
        return sum(weights)
    return max(weights, default=0)


def _earned(question: Question, held: Held) -> int:
    if held.covered:
        return _worth(question)
    picks = _picks(held.value)
    earned = sum(c.weight for c in question.choices if c.value in picks)
    return min(earned, _worth(question))


def _percent(earned: int, worth: int) -> int | None:
    if worth == 0:
        return None
    return int((Decimal(100 * earned) / worth).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def scores(template: Template, held: dict[str, Held]) -> Scores:
    """The questionnaire's score and each section's (see the module's docstring)."""
    visible = {q.key for q in shown(template, held)}
    total_earned = total_worth = 0
    sections: list[SectionScore] = []
    for section in template.sections:
        earned = worth = 0
        for question in section.questions:
            answer = held.get(question.key, Held())
            if question.key not in visible or answer.not_applicable:
                continue
            if question.type not in CHOICE_TYPES:
                continue
            worth += _worth(question)
            earned += _earned(question, answer)
        sections.append(SectionScore(section.title, _percent(earned, worth)))
        total_earned, total_worth = total_earned + earned, total_worth + worth
    return Scores(_percent(total_earned, total_worth), tuple(sections))


@dataclass(frozen=True)
class Concern:
    """An answer that raises a finding: a red-flag choice, or a required question left
    unanswered."""

    question: Question
    red_flags: tuple[str, ...]  # the labels of the red-flag choices picked; () when missing

    @property
    def missing(self) -> bool:
        return not self.red_flags


def concerns(template: Template, held: dict[str, Held]) -> list[Concern]:
    """What in the answers raises a finding, in the template's order. A question marked
    NOT_APPLICABLE raises none."""
    found: list[Concern] = []
    for question in asked(template, held):
        answer = held.get(question.key, Held())
        if answer.not_applicable:
            continue
        picks = _picks(answer.value)
        flagged = tuple(c.label for c in question.choices if c.red_flag and c.value in picks)
        if flagged:
            found.append(Concern(question, flagged))
        elif question.required and not answer.answered:
            found.append(Concern(question, ()))
    return found


def missing_required(template: Template, held: dict[str, Held]) -> list[Question]:
    """The required questions asked and still unanswered."""
    return [
        q
        for q in asked(template, held)
        if q.required
        and not held.get(q.key, Held()).answered
        and not held.get(q.key, Held()).not_applicable
    ]
