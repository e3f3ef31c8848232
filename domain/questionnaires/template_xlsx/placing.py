"""What `problems()` says of an imported template, placed on the sheet, row and column the
editor must change.

A problem names a question by its key, a section by its title, or the template, in words
meant for people; the words are matched loosely here, so that a message reworded in
`definition` still lands on its question's row, only without a column. When the same
problem is said several times of one question (two blank labels), the n-th saying goes to
the n-th row at fault.
"""

from collections import Counter

from domain.questionnaires.definition import MAX_QUESTIONS, MAX_WEIGHT, Choice, Problem, Question
from domain.questionnaires.template_xlsx.layout import (
    CHOICES_SHEET,
    QUESTIONS_SHEET,
    TEMPLATE_SHEET,
    RowProblem,
)

QuestionRows = list[tuple[int, str, Question]]  # row, section title, question
ChoiceRows = dict[str, list[tuple[int, Choice]]]  # by question key: row, choice

# The column a problem of a question is in, by words of its message; first match wins.
QUESTION_COLUMN_BY_WORDS = (
    ("key must", "key"),
    ("text must", "question"),
    ("names choices", "show_if_any_of"),
    ("condition", "show_if_key"),
    ("criterion", "criteria"),
)


def _choices_at_fault(message: str, rows: list[tuple[int, Choice]]) -> list[tuple[int, str]]:
    """The Choices rows and column a problem with a question's choices is about."""
    if "repeat" in message:
        values = [choice.value for _, choice in rows]
        return [(row, "value") for i, (row, c) in enumerate(rows) if c.value in values[:i]]
    if "value and a label" in message:
        return [
            (row, "value" if not c.value.strip() else "label")
            for row, c in rows
            if not c.value.strip() or not c.label.strip()
        ]
    if "weight" in message:
        return [(row, "weight") for row, c in rows if not 0 <= c.weight <= MAX_WEIGHT]
    # a type that takes no choices: the rows are the mistake, so their key is
    return [(rows[0][0], "key" if "no choices" in message else "value")]


def _spots(
    problem: Problem, name_row: int | None, questions: QuestionRows, choices: ChoiceRows
) -> list[RowProblem]:
    """Where a problem may be, in order."""
    where, message = problem.where, problem.message
    if where == "template" and message.startswith("name"):
        return [RowProblem(TEMPLATE_SHEET, name_row, "name", message)]
    if where == "template" and message.startswith("a template"):
        return [
            RowProblem(QUESTIONS_SHEET, row, None, message)
            for row, _, _ in questions[MAX_QUESTIONS:]
        ]
    if message.startswith("a section"):
        return [
            RowProblem(QUESTIONS_SHEET, row, "section", message)
            for row, title, _ in questions
            if title == where
        ][:1]
    rows = [row for row, _, question in questions if question.key == where]
    if not rows:
        return []
    if message.startswith("key is used"):
        return [RowProblem(QUESTIONS_SHEET, row, "key", message) for row in rows[1:]]
    for words, column in QUESTION_COLUMN_BY_WORDS:
        if words in message:
            return [RowProblem(QUESTIONS_SHEET, rows[0], column, message)]
    if "choice" in message or "YES_NO" in message:
        if not choices.get(where):
            hint = f"{message}: add them on the {CHOICES_SHEET} sheet"
            return [RowProblem(QUESTIONS_SHEET, rows[0], "type", hint)]
        return [
            RowProblem(CHOICES_SHEET, row, column, message)
            for row, column in _choices_at_fault(message, choices[where])
        ]
    return [RowProblem(QUESTIONS_SHEET, rows[0], None, message)]


def placed(
    said: list[Problem], name_row: int | None, questions: QuestionRows, choices: ChoiceRows
) -> list[RowProblem]:
    """Each problem on the sheet, row and column it comes from, in the order said."""
    times_said: Counter[Problem] = Counter()
    located: list[RowProblem] = []
    for problem in said:
        spots = _spots(problem, name_row, questions, choices)
        nth = times_said[problem]
        times_said[problem] += 1
        if spots:
            located.append(spots[min(nth, len(spots) - 1)])
        else:  # a problem worded in a way not foreseen here
            located.append(
                RowProblem(QUESTIONS_SHEET, None, None, f"{problem.where}: {problem.message}")
            )
    return located
