"""`problems`: each rule that keeps a template from being saved, one test per rule, each on an
otherwise valid template so that the rule under test is the only thing said."""

from dataclasses import replace

import pytest

from domain.questionnaires.definition import (
    MAX_QUESTIONS,
    MAX_WEIGHT,
    Choice,
    Condition,
    Problem,
    Question,
    QuestionType,
    Section,
    Template,
    problems,
    yes_no,
)

USES_CLOUD = Question(
    "uses_cloud", "Do you host in a public cloud?", QuestionType.YES_NO, choices=yes_no()
)
PROVIDER = Question(
    "cloud_provider",
    "Which provider?",
    QuestionType.SINGLE_CHOICE,
    choices=(Choice("AWS", "AWS", 5), Choice("OTHER", "Another one", 2)),
    condition=Condition("uses_cloud", ("YES",)),
    criteria=("CC9.2",),
)
NOTES = Question("notes", "Anything else?", QuestionType.TEXT, required=False)


def template(*questions: Question, name: str = "Security") -> Template:
    return Template(name, "", (Section("Hosting", questions),))


def said(*questions: Question) -> list[Problem]:
    return problems(template(*questions))


def test_a_valid_template_has_no_problems():
    assert said(USES_CLOUD, PROVIDER, NOTES) == []


@pytest.mark.parametrize(
    "key", ["", "Uses_cloud", "1st", "_x", "uses-cloud", "uses cloud", "x" * 61, "uses_cloud\n"]
)
def test_a_key_is_lower_case_letters_digits_and_underscores(key):
    assert said(replace(USES_CLOUD, key=key)) == [
        Problem(key, "key must be lower-case letters, digits and _, starting with a letter")
    ]


def test_a_key_of_sixty_characters_is_allowed():
    assert said(replace(USES_CLOUD, key="k" * 60)) == []


def test_a_key_is_used_once():
    assert said(USES_CLOUD, replace(NOTES, key="uses_cloud")) == [
        Problem("uses_cloud", "key is used by an earlier question")
    ]


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_the_text_is_given_and_not_too_long(text):
    assert said(replace(NOTES, text=text)) == [
        Problem("notes", "text must be given, at most 2000 characters")
    ]


@pytest.mark.parametrize(
    "choices",
    [
        (),
        (Choice("YES", "Yes"),),
        (Choice("YES", "Yes"), Choice("NO", "No"), Choice("NA", "Not applicable")),
        (Choice("Y", "Yes"), Choice("N", "No")),
    ],
)
def test_a_yes_no_question_has_exactly_yes_and_no(choices):
    assert said(replace(USES_CLOUD, choices=choices)) == [
        Problem("uses_cloud", "a YES_NO question has exactly the choices YES and NO")
    ]


def test_yes_and_no_may_come_in_either_order():
    assert said(replace(USES_CLOUD, choices=tuple(reversed(yes_no())))) == []


@pytest.mark.parametrize("type", [QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE])
def test_a_choice_question_has_at_least_two_choices(type):
    one = replace(PROVIDER, type=type, choices=(Choice("AWS", "AWS"),), condition=None)

    assert said(one) == [Problem("cloud_provider", "a choice question has at least two choices")]


def test_choice_values_do_not_repeat():
    twice = replace(PROVIDER, choices=(Choice("AWS", "AWS"), Choice("AWS", "Amazon")))

    assert said(USES_CLOUD, twice) == [Problem("cloud_provider", "choice values repeat")]


@pytest.mark.parametrize("value, label", [("", "Nothing"), ("OTHER", ""), ("  ", "x")])
def test_every_choice_has_a_value_and_a_label(value, label):
    blank = replace(PROVIDER, choices=(Choice("AWS", "AWS"), Choice(value, label)))

    assert said(USES_CLOUD, blank) == [
        Problem("cloud_provider", "every choice has a value and a label")
    ]


@pytest.mark.parametrize("value", ["AWS;GCP", "AWS\tEU", "A" * 101])
def test_a_choice_value_fits_a_spreadsheet_cell(value):
    unfit = replace(PROVIDER, choices=(Choice("GCP", "GCP"), Choice(value, "Cloud")))

    assert said(USES_CLOUD, unfit) == [
        Problem(
            "cloud_provider",
            "a choice value is at most 100 characters, without ; (it separates choices in "
            "a spreadsheet) or control characters",
        )
    ]


@pytest.mark.parametrize("weight", [-1, MAX_WEIGHT + 1])
def test_a_weight_is_from_zero_to_the_maximum(weight):
    heavy = replace(PROVIDER, choices=(Choice("AWS", "AWS", weight), Choice("OTHER", "Other")))

    assert said(USES_CLOUD, heavy) == [
        Problem("cloud_provider", f"choice weights are from 0 to {MAX_WEIGHT}")
    ]


@pytest.mark.parametrize("weight", [0, MAX_WEIGHT])
def test_the_weight_bounds_themselves_are_allowed(weight):
    edge = replace(PROVIDER, choices=(Choice("AWS", "AWS", weight), Choice("OTHER", "Other")))

    assert said(USES_CLOUD, edge) == []


@pytest.mark.parametrize(
    "type", [QuestionType.TEXT, QuestionType.NUMBER, QuestionType.DATE, QuestionType.FILE]
)
def test_a_question_not_answered_by_a_choice_has_no_choices(type):
    assert said(replace(NOTES, type=type, choices=yes_no())) == [
        Problem("notes", f"a {type} question has no choices")
    ]


@pytest.mark.parametrize(
    "criterion",
    [
        "CC6",
        "cc6.1",
        "CC0.1",
        "CC6.0",
        "X1.1",
        "CC6.1 ",
        "CC6.1\n",
        "CC6.1\u0663",
        "CC10.1",
        "CC6.9",
        "P9.1",
    ],
)
def test_a_criterion_looks_like_a_trust_services_criterion(criterion):
    assert said(replace(NOTES, criteria=("CC6.1", criterion))) == [
        Problem("notes", f"{criterion!r} is not a trust services criterion such as CC6.1")
    ]


@pytest.mark.parametrize("criterion", ["CC1.1", "CC9.2", "A1.3", "C1.2", "PI1.5", "P8.1"])
def test_every_family_of_criteria_is_accepted(criterion):
    assert said(replace(NOTES, criteria=(criterion,))) == []


def test_a_condition_on_a_missing_question_is_a_problem():
    orphan = replace(PROVIDER, condition=Condition("uses_saas", ("YES",)))

    assert said(USES_CLOUD, orphan) == [
        Problem("cloud_provider", "its condition names no earlier question")
    ]


def test_a_condition_on_a_later_question_is_a_problem():
    assert said(PROVIDER, USES_CLOUD) == [
        Problem("cloud_provider", "its condition names no earlier question")
    ]


def test_a_condition_on_the_question_itself_is_a_problem():
    itself = replace(USES_CLOUD, condition=Condition("uses_cloud", ("YES",)))

    assert said(itself) == [Problem("uses_cloud", "its condition names no earlier question")]


def test_a_condition_on_a_question_in_an_earlier_section_is_allowed():
    two_sections = Template(
        "Security", "", (Section("Hosting", (USES_CLOUD,)), Section("Providers", (PROVIDER,)))
    )

    assert problems(two_sections) == []


def test_a_condition_on_a_question_not_answered_by_a_choice_is_a_problem():
    after_notes = replace(PROVIDER, condition=Condition("notes", ("YES",)))

    assert said(NOTES, after_notes) == [
        Problem(
            "cloud_provider",
            "its condition depends on a question that is not answered by a choice",
        )
    ]


@pytest.mark.parametrize("any_of", [("MAYBE",), ("YES", "MAYBE"), ("yes",), ()])
def test_a_condition_names_only_choices_of_the_earlier_question(any_of):
    unknown = replace(PROVIDER, condition=Condition("uses_cloud", any_of))

    assert said(USES_CLOUD, unknown) == [
        Problem("cloud_provider", "its condition names choices the earlier question does not have")
    ]


def test_a_template_has_a_name():
    assert problems(template(NOTES, name=" ")) == [
        Problem("template", "name must be given, at most 200 characters")
    ]


def test_a_name_is_at_most_two_hundred_characters():
    assert problems(template(NOTES, name="n" * 201)) == [
        Problem("template", "name must be given, at most 200 characters")
    ]


def test_a_template_has_a_section():
    assert problems(Template("Security")) == [
        Problem("template", "a template has at least one section")
    ]


def test_a_section_has_a_question():
    empty = Template("Security", "", (Section("Hosting", (NOTES,)), Section("Later", ())))

    assert problems(empty) == [Problem("Later", "a section has at least one question")]


@pytest.mark.parametrize("title", ["", "  ", "t" * 201])
def test_a_section_has_a_title_of_at_most_two_hundred_characters(title):
    untitled = Template("Security", "", (Section(title, (NOTES,)),))

    assert problems(untitled) == [
        Problem(title or "section", "a section has a title, at most 200 characters")
    ]


def test_a_template_has_at_most_the_maximum_of_questions():
    many = [replace(NOTES, key=f"q{n}") for n in range(MAX_QUESTIONS + 1)]

    assert said(*many[:MAX_QUESTIONS]) == []
    assert said(*many) == [Problem("template", f"a template has at most {MAX_QUESTIONS} questions")]


def test_every_problem_of_a_question_is_said():
    bad = Question(
        "Bad", "", QuestionType.TEXT, choices=yes_no(), criteria=("SOC2",), condition=None
    )

    assert [p.message for p in said(bad)] == [
        "key must be lower-case letters, digits and _, starting with a letter",
        "text must be given, at most 2000 characters",
        "a TEXT question has no choices",
        "'SOC2' is not a trust services criterion such as CC6.1",
    ]


def test_yes_no_puts_the_red_flag_on_the_answer_named():
    assert yes_no(5, 0, red_flag_on="NO") == (
        Choice("YES", "Yes", 5, False),
        Choice("NO", "No", 0, True),
    )
    assert not any(c.red_flag for c in yes_no())
