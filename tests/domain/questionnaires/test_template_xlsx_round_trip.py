"""Any valid template whose text has no surrounding spaces and no characters a workbook cannot
hold reads back from its export equal (the documented exceptions are tested by example)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.questionnaires.definition import (
    CHOICE_TYPES,
    Choice,
    Condition,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
    problems,
    yes_no,
)
from domain.questionnaires.template_xlsx import read_template, write_template

# No control, unassigned (U+FFFE, U+FFFF) or surrogate characters; no surrounding spaces.
words = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=30)
    .map(str.strip)
    .filter(bool)
)
keys = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
values = st.from_regex(r"[A-Z][A-Z0-9_]{0,12}", fullmatch=True)
criteria = st.sampled_from(["CC1.4", "CC6.1", "CC7.2", "A1.2", "C1.1", "PI1.3", "P6.5"])


@st.composite
def choices_of(draw: st.DrawFn, type: QuestionType) -> tuple[Choice, ...]:
    if type == QuestionType.YES_NO:
        weights = st.integers(0, 100)
        red_flag = st.sampled_from([None, "YES", "NO"])
        return yes_no(draw(weights), draw(weights), draw(red_flag))
    picked = draw(st.lists(values, min_size=2, max_size=5, unique=True))
    return tuple(
        Choice(value, draw(words), draw(st.integers(0, 100)), draw(st.booleans()))
        for value in picked
    )


@st.composite
def templates(draw: st.DrawFn) -> Template:
    titles = draw(st.lists(words, min_size=1, max_size=3, unique=True))
    question_keys = iter(draw(st.lists(keys, min_size=12, max_size=12, unique=True)))
    earlier: list[Question] = []
    sections = []
    for title in titles:
        questions = []
        for _ in range(draw(st.integers(1, 4))):
            type = draw(st.sampled_from(list(QuestionType)))
            after = [q for q in earlier if q.type in CHOICE_TYPES]
            condition = None
            if after and draw(st.booleans()):
                shown_after = draw(st.sampled_from(after))
                any_of = draw(
                    st.lists(
                        st.sampled_from([c.value for c in shown_after.choices]),
                        min_size=1,
                        unique=True,
                    )
                )
                condition = Condition(shown_after.key, tuple(any_of))
            question = Question(
                key=next(question_keys),
                text=draw(words),
                type=type,
                required=draw(st.booleans()),
                help=draw(st.none() | words),
                choices=draw(choices_of(type)) if type in CHOICE_TYPES else (),
                condition=condition,
                criteria=tuple(draw(st.lists(criteria, max_size=3))),
                domain=draw(st.none() | st.sampled_from(list(ControlDomain))),
            )
            questions.append(question)
            earlier.append(question)
        sections.append(Section(title, tuple(questions)))
    return Template(draw(words), draw(st.just("") | words), tuple(sections))


@settings(max_examples=40, deadline=None)
@given(templates())
def test_a_valid_template_reads_back_equal(template):
    assert problems(template) == []

    assert read_template(write_template(template)) == template
