"""Which column holds what, guessed from each column's header and the cells below it.

Each column gets a score for each role, the best scoring column takes the role, in this
order (a column takes one role at most); hidden columns are never guessed:

- question: its header (+3 for "Question", +2 for "Requirement", "Control", "Description";
  -3 when it names another kind, -2 for comments or guidance), plus its cells:
  2 x the share ending with "?" + 1.5 x the share starting as questions do ("Do", "Is",
  "Describe", "Provide" ...) + the share of six words or more (+ 0.5 x the share of
  distinct values, when any of those is there), times how full the column is beside the
  fullest. At least 1 to be taken: a sheet may hold no questions.
- answer: headed as answers ("Answer", "Response", "Yes/No": 3), or mostly yes/no values
  with no header word (2), or, failing both, headed as comments (1); the emptier and the
  nearer right of the question column, the better.
- reference: headed as one ("#", "ID", "Ref": 3), or mostly short IDs such as 1.1, A.2,
  SIG-12 down most of the question rows (1, better left of the questions).
- section: headed as one ("Section", "Category", "Domain": 3), or, left of the questions and
  with no header word, short text with no "?" that repeats down the rows or fills only a
  few of them (a title on the first row of each group: 1 and more).

Each taken role says why, in words, for the preview.
"""

from collections.abc import Callable
from dataclasses import dataclass

from domain.diligence.sheets.grid import Grid, collapsed, letter
from domain.diligence.sheets.headers import Headers
from domain.diligence.sheets.words import (
    Hint,
    asks,
    hint,
    is_reference,
    is_yes_no,
    starts_like_question,
)

STATISTICS_SAMPLE = 500
LONG_WORDS = 6
SHORT_WORDS = 6
QUESTION_HEADER = {Hint.STRONG_QUESTION: 3.0, Hint.QUESTION: 2.0, Hint.COMMENT: -2.0}
QUESTION_HEADER |= {Hint.HELP: -2.0, Hint.SECTION: -3.0, Hint.ANSWER: -3.0}
QUESTION_HEADER |= {Hint.REFERENCE: -3.0}


@dataclass(frozen=True)
class Column:
    """A column's header and its texts below the header, in rows that are not hidden."""

    index: int
    header: str
    hint: Hint | None
    values: tuple[str, ...]
    hidden: bool

    @property
    def name(self) -> str:
        return f"column {letter(self.index)}"

    def share(self, test: Callable[[str], bool]) -> float:
        """The share of its values that pass `test`, estimated on STATISTICS_SAMPLE of them
        spread down the column."""
        if not self.values:
            return 0.0
        sampled = self.values[:: len(self.values) // STATISTICS_SAMPLE + 1]
        return sum(1 for value in sampled if test(value)) / len(sampled)

    def says(self) -> str:
        return f"its header says '{self.header}'"


@dataclass(frozen=True)
class Guess:
    question: int | None
    section: int | None
    answer: int | None
    reference: int | None
    reasons: tuple[str, ...]


def columns_of(grid: Grid, headers: Headers) -> list[Column]:
    body = [
        number
        for number in range(headers.first_body_row, grid.last_row + 1)
        if number not in grid.hidden_rows
    ]
    return [
        Column(
            index=index,
            header=collapsed(headers.names[index]),
            hint=hint(headers.names[index]),
            values=tuple(
                collapsed(grid.cell(number, index)) for number in body if grid.cell(number, index)
            ),
            hidden=index in grid.hidden_columns,
        )
        for index in range(grid.width)
    ]


Scored = tuple[float, list[str]]


def _question(column: Column, fullest: int) -> Scored:
    if column.hidden or not column.values:
        return 0.0, []
    asking = column.share(asks)
    starting = column.share(starts_like_question)
    long = column.share(lambda value: len(value.split()) >= LONG_WORDS)
    content = 2 * asking + 1.5 * starting + long
    if content > 0:  # questions differ from each other; repeated text is something else
        content += 0.5 * len(set(column.values)) / len(column.values)
    content *= len(column.values) / fullest
    header = QUESTION_HEADER.get(column.hint, 0.0) if column.hint else 0.0
    why = [column.says()] if header > 0 else []
    if asking >= 0.2:
        why.append(f"{asking:.0%} of its cells end with '?'")
    if starting >= 0.2:
        why.append(f"{starting:.0%} start as questions do")
    if not why:
        why.append(f"{long:.0%} of its cells are sentences of {LONG_WORDS} words or more")
    return (header + content, why) if content > 0 or header > 0 else (0.0, [])


def _answer(column: Column, question: Column) -> Scored:
    if column.hidden:
        return 0.0, []
    empty = 1 - len(column.values) / max(len(question.values), 1)
    yes_no = column.share(is_yes_no)
    # the nearer right of the questions, the likelier (a tie between two goes to it)
    distance = column.index - question.index
    nearness = 0.01 * (-distance if distance > 0 else distance - 100)
    if column.hint == Hint.ANSWER:
        return 3 + 0.5 * yes_no + 0.5 * max(empty, 0) + nearness, [column.says()]
    if column.hint is None and len(column.values) >= 3 and yes_no >= 0.6:
        return 2 + yes_no + nearness, [f"{yes_no:.0%} of its cells are yes/no answers"]
    if column.hint == Hint.COMMENT:
        why = f"{column.says()}, and no column is headed as answers"
        return 1 + 0.5 * max(empty, 0) + nearness, [why]
    return 0.0, []


def _reference(column: Column, question: Column) -> Scored:
    if column.hidden or (column.hint is not None and column.hint != Hint.REFERENCE):
        return 0.0, []
    ids = column.share(is_reference)
    left = 0.5 if column.index < question.index else 0.0
    if column.hint == Hint.REFERENCE:
        return 3 + ids + left, [column.says()]
    if ids >= 0.8 and len(column.values) >= 0.5 * len(question.values):
        example = next(value for value in column.values if is_reference(value))
        return 1 + ids + left, [f"{ids:.0%} of its cells are short IDs such as '{example}'"]
    return 0.0, []


def _section(column: Column, question: Column) -> Scored:
    if column.hidden or not column.values:
        return 0.0, []
    if column.hint == Hint.SECTION:
        return 3.0, [column.says()]
    if column.hint is not None or column.index > question.index:
        return 0.0, []
    if (
        column.share(asks) > 0
        or column.share(is_reference) >= 0.5
        or column.share(is_yes_no) >= 0.5
    ):
        return 0.0, []
    if sum(len(value.split()) for value in column.values) / len(column.values) > SHORT_WORDS:
        return 0.0, []
    count, distinct = len(column.values), len(set(column.values))
    repeated = 1 - distinct / count if count >= 3 else 0.0
    sparse = 1 - count / max(len(question.values), 1) if distinct >= 2 else 0.0
    if max(repeated, sparse) < 0.5:
        return 0.0, []
    said = (
        f"its {distinct} short values repeat down {count} rows"
        if repeated >= sparse
        else f"its {count} short titles head groups of questions"
    )
    return 1 + max(repeated, sparse), [said]


def _best(
    columns: list[Column], taken: set[int], score: Callable[[Column], Scored], floor: float
) -> tuple[Column, list[str]] | None:
    scored = [(score(column), column) for column in columns if column.index not in taken]
    best = max(scored, key=lambda pair: pair[0][0], default=None)
    if best is None or best[0][0] < floor:
        return None
    (_, why), column = best
    taken.add(column.index)
    return column, why


def _listed(parts: list[str]) -> str:
    return " and ".join(part for part in (", ".join(parts[:-1]), parts[-1]) if part)


def guess(columns: list[Column]) -> Guess:
    """The columns the sheet's questions, answers, references and sections are in."""
    fullest = max((len(column.values) for column in columns), default=0)
    taken: set[int] = set()
    found = _best(columns, taken, lambda column: _question(column, fullest), 1.0)
    if found is None:
        none = (
            "no column reads as questions: none is headed 'Question' or has cells ending with '?'"
        )
        return Guess(None, None, None, None, (none,))
    question, why = found
    reasons = [f"{question.name} holds the questions: {_listed(why)}"]
    picked: dict[str, int | None] = {}
    for role, score in (
        ("answer", lambda column: _answer(column, question)),
        ("reference", lambda column: _reference(column, question)),
        ("section", lambda column: _section(column, question)),
    ):
        found = _best(columns, taken, score, 1.0)
        picked[role] = found[0].index if found else None
        if found:
            reasons.append(f"{found[0].name} holds the {role}s: {_listed(found[1])}")
    if picked["answer"] is None:
        reasons.append("no column reads as answers: one headed 'Answer' is added on export")
    return Guess(
        question=question.index,
        section=picked["section"],
        answer=picked["answer"],
        reference=picked["reference"],
        reasons=tuple(reasons),
    )
