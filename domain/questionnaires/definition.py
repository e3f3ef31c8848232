"""A questionnaire template as written: sections of questions, each with its type, choices
(score weight, red flag), the earlier answer it shows after, the trust services criteria it
maps to and its control domain. The starter template, an imported XLSX and the API all
describe a template this way, and `problems` checks it the same way for all three.

A question's `key` names it across versions (a revised template keeps the keys of the
questions it keeps): answers, conditions, pre-fills and imported answer files refer to it.
"""

import enum
import re
from dataclasses import dataclass, field

# \Z, not $: $ also matches before a trailing newline. [0-9], not \d: \d is any Unicode digit.
KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}\Z")
# What a choice value cannot hold: `;` separates the picks of a multiple choice in a
# spreadsheet, and control characters are not text.
UNFIT_VALUE = re.compile(r"[;\x00-\x1f\x7f]")
CRITERION = re.compile(r"^(CC|A|C|PI|P)[1-9][0-9]?\.[1-9][0-9]?\Z")
# The 2017 trust services criteria (revised 2022): how many points each series has, so a
# question maps only to criteria a SOC 2 report can speak to (CC6.1 yes, CC10.1 no).
SERIES_2017 = {
    **{f"CC{n}": size for n, size in enumerate((5, 3, 4, 2, 3, 8, 5, 1, 2), start=1)},
    "A1": 3,
    "C1": 2,
    "PI1": 5,
    **{f"P{n}": size for n, size in enumerate((1, 1, 2, 3, 2, 7, 1, 1), start=1)},
}


def is_criterion(value: str) -> bool:
    """Whether `value` names one of the 2017 trust services criteria, as CC6.1 does."""
    if not CRITERION.match(value):
        return False
    series, point = value.split(".")
    return 1 <= int(point) <= SERIES_2017.get(series, 0)


MAX_WEIGHT = 100
MAX_QUESTIONS = 500


class QuestionType(enum.StrEnum):
    YES_NO = "YES_NO"
    SINGLE_CHOICE = "SINGLE_CHOICE"
    MULTIPLE_CHOICE = "MULTIPLE_CHOICE"
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    FILE = "FILE"


# Types answered by picking: they have choices, weights and red flags, and conditions may
# depend on them.
CHOICE_TYPES = (QuestionType.YES_NO, QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE)
YES, NO = "YES", "NO"


class ControlDomain(enum.StrEnum):
    GOVERNANCE = "GOVERNANCE"
    ACCESS_CONTROL = "ACCESS_CONTROL"
    CHANGE_MANAGEMENT = "CHANGE_MANAGEMENT"
    INCIDENT_RESPONSE = "INCIDENT_RESPONSE"
    BACKUP_AND_AVAILABILITY = "BACKUP_AND_AVAILABILITY"
    ENCRYPTION = "ENCRYPTION"
    VENDOR_MANAGEMENT = "VENDOR_MANAGEMENT"
    HR_SECURITY = "HR_SECURITY"
    LOGGING_AND_MONITORING = "LOGGING_AND_MONITORING"
    DATA_PROTECTION = "DATA_PROTECTION"


@dataclass(frozen=True)
class Choice:
    value: str  # what an answer stores, stable across versions (YES, NO, ...)
    label: str  # what the respondent reads
    weight: int = 0  # points toward the score, 0..MAX_WEIGHT
    red_flag: bool = False  # picking it raises a finding


@dataclass(frozen=True)
class Condition:
    """Show the question only when the earlier question `key` was answered with one of
    `any_of` (for a multiple choice: when one of them was among the picks)."""

    key: str
    any_of: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    type: QuestionType
    required: bool = True
    help: str | None = None
    choices: tuple[Choice, ...] = ()
    condition: Condition | None = None
    criteria: tuple[str, ...] = ()
    domain: ControlDomain | None = None


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Template:
    name: str
    description: str = ""
    sections: tuple[Section, ...] = field(default=())

    def questions(self) -> list[Question]:
        return [q for section in self.sections for q in section.questions]


@dataclass(frozen=True)
class Problem:
    """What is wrong with a template, and where: `where` is a question's key, a section's
    title or `template`."""

    where: str
    message: str


def yes_no(
    yes_weight: int = 1, no_weight: int = 0, red_flag_on: str | None = None
) -> tuple[Choice, ...]:
    """The two choices of a YES_NO question."""
    return (
        Choice(YES, "Yes", yes_weight, red_flag_on == YES),
        Choice(NO, "No", no_weight, red_flag_on == NO),
    )


def _question_problems(question: Question, earlier: dict[str, Question]) -> list[str]:
    said: list[str] = []
    if not KEY.match(question.key):
        said.append("key must be lower-case letters, digits and _, starting with a letter")
    if not question.text.strip() or len(question.text) > 2000:
        said.append("text must be given, at most 2000 characters")
    if question.type in CHOICE_TYPES:
        values = [c.value for c in question.choices]
        if question.type == QuestionType.YES_NO and sorted(values) != [NO, YES]:
            said.append("a YES_NO question has exactly the choices YES and NO")
        if question.type != QuestionType.YES_NO and len(values) < 2:
            said.append("a choice question has at least two choices")
        if len(set(values)) != len(values):
            said.append("choice values repeat")
        for choice in question.choices:
            if not choice.value.strip() or not choice.label.strip():
                said.append("every choice has a value and a label")
            if UNFIT_VALUE.search(choice.value) or len(choice.value) > 100:
                said.append(
                    "a choice value is at most 100 characters, without ; (it separates "
                    "choices in a spreadsheet) or control characters"
                )
            if not 0 <= choice.weight <= MAX_WEIGHT:
                said.append(f"choice weights are from 0 to {MAX_WEIGHT}")
    elif question.choices:
        said.append(f"a {question.type} question has no choices")
    for criterion in question.criteria:
        if not is_criterion(criterion):
            said.append(f"{criterion!r} is not a trust services criterion such as CC6.1")
    if question.condition is not None:
        shown_after = earlier.get(question.condition.key)
        if shown_after is None:
            said.append("its condition names no earlier question")
        elif shown_after.type not in CHOICE_TYPES:
            said.append("its condition depends on a question that is not answered by a choice")
        elif not question.condition.any_of or not set(question.condition.any_of) <= {
            c.value for c in shown_after.choices
        }:
            said.append("its condition names choices the earlier question does not have")
    return said


def problems(template: Template) -> list[Problem]:
    """Everything wrong with a template; empty when it can be saved."""
    found: list[Problem] = []
    if not template.name.strip() or len(template.name) > 200:
        found.append(Problem("template", "name must be given, at most 200 characters"))
    if not template.sections:
        found.append(Problem("template", "a template has at least one section"))
    earlier: dict[str, Question] = {}
    count = 0
    for section in template.sections:
        if not section.title.strip() or len(section.title) > 200:
            found.append(
                Problem(section.title or "section", "a section has a title, at most 200 characters")
            )
        if not section.questions:
            found.append(Problem(section.title, "a section has at least one question"))
        for question in section.questions:
            count += 1
            if question.key in earlier:
                found.append(Problem(question.key, "key is used by an earlier question"))
            found += [Problem(question.key, m) for m in _question_problems(question, earlier)]
            earlier[question.key] = question
    if count > MAX_QUESTIONS:
        found.append(Problem("template", f"a template has at most {MAX_QUESTIONS} questions"))
    return found
