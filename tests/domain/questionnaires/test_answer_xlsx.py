"""A questionnaire to and from XLSX: what the vendor writes in the workbook reads back as the
answers it gives, of every type; what it already holds is written so that it reads back
the same; and a file that is wrong says where, by sheet, row and column, every problem at
once."""

import datetime as dt
import io
import uuid
import zipfile
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.questionnaires.answer_xlsx import (
    ANSWERS_SHEET,
    QUESTIONNAIRE_SHEET,
    About,
    AnswerFileError,
    FilledIn,
    read_answers,
    write_answers,
)
from domain.questionnaires.answers import Given, stored_value
from domain.questionnaires.definition import (
    Choice,
    Condition,
    Question,
    QuestionType,
    Section,
    Template,
    yes_no,
)
from domain.questionnaires.models import AnswerReview, AnswerSource, QuestionnaireAnswer
from domain.questionnaires.template_xlsx import RowProblem

QUESTIONNAIRE_ID = uuid.UUID("6f1c2f8e-0000-4000-8000-000000000001")
ABOUT = About(QUESTIONNAIRE_ID, "Supplier check", 3, "Globex Cloud", dt.date(2026, 12, 31))
EVERY_TYPE = Template(
    "Supplier check",
    "",
    (
        Section(
            "Access",
            (
                Question("mfa", "Is MFA enforced?", QuestionType.YES_NO, choices=yes_no()),
                Question(
                    "factors",
                    "Which factors?",
                    QuestionType.MULTIPLE_CHOICE,
                    choices=(
                        Choice("TOTP", "App codes", 5),
                        Choice("KEY", "Security keys", 5),
                        Choice("SMS", "Text messages", 0, red_flag=True),
                    ),
                    condition=Condition("mfa", ("YES",)),
                ),
                Question(
                    "review",
                    "How often is access reviewed?",
                    QuestionType.SINGLE_CHOICE,
                    choices=(Choice("QUARTERLY", "Quarterly", 5), Choice("NEVER", "Never")),
                ),
            ),
        ),
        Section(
            "Operations",
            (
                Question("staff", "How many staff?", QuestionType.NUMBER),
                Question("last_test", "When was the last test?", QuestionType.DATE),
                Question("notes", "Anything else?", QuestionType.TEXT, required=False),
                Question("policy", "Your security policy", QuestionType.FILE, required=False),
            ),
        ),
    ),
)


def blank() -> openpyxl.Workbook:
    """The export of a questionnaire answered not at all, opened as the vendor's Excel would."""
    return openpyxl.load_workbook(io.BytesIO(write_answers(EVERY_TYPE, ABOUT, {})))


def saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def column(sheet: Any, name: str) -> int:
    return [cell.value for cell in sheet[1]].index(name) + 1


def row_of(sheet: Any, key: str) -> int:
    keys = column(sheet, "key")
    return next(n for n in range(2, sheet.max_row + 1) if sheet.cell(n, keys).value == key)


def fill(workbook: openpyxl.Workbook, key: str, value: Any, name: str = "answer") -> int:
    sheet = workbook[ANSWERS_SHEET]
    number = row_of(sheet, key)
    sheet.cell(number, column(sheet, name)).value = value
    return number


def read(data: bytes, **options: Any) -> FilledIn:
    return read_answers(data, EVERY_TYPE, QUESTIONNAIRE_ID, 3, **options)


def problems_of(data: bytes, **options: Any) -> list[RowProblem]:
    with pytest.raises(AnswerFileError) as raised:
        read(data, **options)
    assert raised.value.field == "file"
    return raised.value.problems


def held(key: str, value: Any = None, **more: Any) -> QuestionnaireAnswer:
    return QuestionnaireAnswer(question_key=key, value=value, **more)


# Filled in, read back


def test_an_answer_of_every_type_reads_back_as_given():
    workbook = blank()
    fill(workbook, "mfa", "YES")
    fill(workbook, "factors", "TOTP; KEY")
    fill(workbook, "review", "QUARTERLY")
    fill(workbook, "staff", 42)
    fill(workbook, "last_test", dt.datetime(2026, 10, 1))
    fill(workbook, "notes", "Pen tested\nby Cure53.")
    fill(workbook, "mfa", "Enforced for admins since March.", "comment")

    filled = read(saved(workbook))

    assert filled.answers == (
        ("mfa", Given(choices=("YES",))),
        ("factors", Given(choices=("TOTP", "KEY"))),
        ("review", Given(choices=("QUARTERLY",))),
        ("staff", Given(number=Decimal(42))),
        ("last_test", Given(date=dt.date(2026, 10, 1))),
        ("notes", Given(text="Pen tested\nby Cure53.")),
    )
    assert filled.comments == (("mfa", "Enforced for admins since March."),)


def test_answers_typed_as_text_read_as_their_type():
    workbook = blank()
    fill(workbook, "mfa", "yes")  # a value in another case
    fill(workbook, "factors", "security keys;totp;")  # labels, and a stray separator
    fill(workbook, "staff", " 99.5 ")
    fill(workbook, "last_test", "2026-10-01")

    assert read(saved(workbook)).answers == (
        ("mfa", Given(choices=("YES",))),
        ("factors", Given(choices=("KEY", "TOTP"))),
        ("staff", Given(number=Decimal("99.5"))),
        ("last_test", Given(date=dt.date(2026, 10, 1))),
    )


def test_empty_cells_give_no_answer_and_rows_of_the_vendor_s_own_are_ignored():
    workbook = blank()
    sheet = workbook[ANSWERS_SHEET]
    sheet.cell(sheet.max_row + 2, column(sheet, "question")).value = "Our notes: ask legal."
    sheet.insert_cols(1)  # and a column of its own, before the others
    sheet.cell(1, 1).value = "done?"

    assert read(saved(workbook)) == FilledIn((), ())


def test_what_the_questionnaire_holds_is_written_and_reads_back_the_same():
    answers = {
        "mfa": held("mfa", "YES"),
        "factors": held("factors", ["KEY", "SMS"]),
        "review": held("review", "NEVER"),
        "staff": held("staff", "1500"),
        "last_test": held("last_test", "2026-02-28"),
        "notes": held("notes", '=HYPERLINK("http://example.com")'),
    }

    filled = read(write_answers(EVERY_TYPE, ABOUT, answers))

    questions = {q.key: q for q in EVERY_TYPE.questions()}
    assert {k: stored_value(questions[k], g) for k, g in filled.answers} == {
        k: row.value for k, row in answers.items()
    }


@settings(max_examples=60, deadline=None)
@given(
    number=st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(
        lambda d: len(d.as_tuple().digits) <= 30
    ),
    day=st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    text=st.text(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=40
    ).filter(lambda t: t.strip()),
)
def test_any_number_date_and_text_held_reads_back_the_same(number, day, text):
    questions = {q.key: q for q in EVERY_TYPE.questions()}
    values = {
        "staff": stored_value(questions["staff"], Given(number=number)),
        "last_test": day.isoformat(),
        "notes": stored_value(questions["notes"], Given(text=text)),
    }

    filled = read(write_answers(EVERY_TYPE, ABOUT, {k: held(k, v) for k, v in values.items()}))

    assert {k: stored_value(questions[k], g) for k, g in filled.answers} == values


# The workbook, as the vendor sees it


def test_the_workbook_shows_what_to_answer_and_locks_the_rest():
    answers = {
        "review": held("review", None, source=AnswerSource.REPORT.value),
        "staff": held("staff", "12", source=AnswerSource.CARRIED_OVER.value),
        "notes": held("notes", "Old", review_status=AnswerReview.NEEDS_INFO.value),
    }
    workbook = openpyxl.load_workbook(io.BytesIO(write_answers(EVERY_TYPE, ABOUT, answers)))
    sheet = workbook[ANSWERS_SHEET]
    rows = {
        values[0]: dict(zip([c.value for c in sheet[1]], values, strict=True))
        for values in sheet.iter_rows(min_row=2, values_only=True)
    }

    # the SOC report answers `review`: it is not there to answer
    assert list(rows) == ["mfa", "factors", "staff", "last_test", "notes", "policy"]
    assert rows["factors"]["asked"] == "only if mfa is YES"
    assert sheet.cell(row_of(sheet, "factors"), 1).font.color.rgb.endswith("808080")  # hidden now
    assert rows["mfa"]["choices"] == "YES\nNO"
    assert (
        rows["factors"]["choices"] == "TOTP = App codes\nKEY = Security keys\nSMS = Text messages"
    )
    assert rows["staff"]["answer"] == 12
    assert "last time" in rows["staff"]["note"]
    assert "asked for more" in rows["notes"]["note"]
    assert "not given in this workbook" in rows["policy"]["note"]
    assert sheet.protection.sheet
    answer = column(sheet, "answer")
    assert sheet.cell(2, 1).protection.locked
    assert not sheet.cell(2, answer).protection.locked
    [drop_down] = [v for v in sheet.data_validations.dataValidation if v.formula1 == '"YES,NO"']
    assert str(drop_down.sqref) == f"{openpyxl.utils.get_column_letter(answer)}2"
    about = dict(workbook[QUESTIONNAIRE_SHEET].iter_rows(max_col=2, values_only=True))
    assert about["questionnaire"] == ABOUT.global_id
    assert (about["template_version"], about["vendor"]) == (3, "Globex Cloud")


# Files refused, and where


def test_bytes_that_are_no_workbook_are_refused():
    [problem] = problems_of(b"key,answer\nmfa,YES\n")

    assert (problem.sheet, problem.row, problem.column) == (None, None, None)
    assert "not an Excel workbook" in problem.message


def test_a_damaged_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook")

    [problem] = problems_of(out.getvalue())

    assert problem.sheet is None and "damaged" in problem.message


def test_a_file_over_the_limit_is_refused_before_it_is_opened():
    data = saved(blank())

    [problem] = problems_of(data, max_bytes=len(data) - 1)

    assert problem.sheet is None and "over the" in problem.message


def test_a_file_of_another_questionnaire_is_refused_on_that_alone():
    other = About(uuid.uuid4(), "Supplier check", 3)
    workbook = openpyxl.load_workbook(io.BytesIO(write_answers(EVERY_TYPE, other, {})))
    fill(workbook, "mfa", "MAYBE")  # not said: the rows are not this questionnaire's

    [problem] = problems_of(saved(workbook))

    assert (problem.sheet, problem.row, problem.column) == (QUESTIONNAIRE_SHEET, 1, "questionnaire")
    assert "another questionnaire" in problem.message


def test_a_workbook_without_its_questionnaire_sheet_or_of_another_version_is_refused():
    without = blank()
    del without[QUESTIONNAIRE_SHEET]
    other_version = blank()
    other_version[QUESTIONNAIRE_SHEET]["B3"] = 2

    [missing] = problems_of(saved(without))
    [version] = problems_of(saved(other_version))

    assert (missing.sheet, missing.row) == (QUESTIONNAIRE_SHEET, None)
    assert "no sheet named" in missing.message
    assert (version.sheet, version.row, version.column) == (
        QUESTIONNAIRE_SHEET,
        3,
        "template_version",
    )


def test_a_renamed_key_column_is_refused():
    workbook = blank()
    workbook[ANSWERS_SHEET]["A1"] = "question key"

    [problem] = problems_of(saved(workbook))

    assert (problem.sheet, problem.row, problem.column) == (ANSWERS_SHEET, 1, "key")
    assert 'no "key" column' in problem.message


def test_an_unknown_repeated_or_missing_key_is_refused_on_its_row():
    workbook = blank()
    sheet = workbook[ANSWERS_SHEET]
    typo = fill(workbook, "staff", "mfa_", "key")
    last = sheet.max_row
    sheet.cell(last + 1, 1).value = "mfa"
    sheet.cell(last + 2, column(sheet, "answer")).value = "YES"

    problems = problems_of(saved(workbook))

    assert [(p.sheet, p.row, p.column) for p in problems] == [
        (ANSWERS_SHEET, typo, "key"),
        (ANSWERS_SHEET, last + 1, "key"),
        (ANSWERS_SHEET, last + 2, "key"),
    ]
    assert 'no question with the key "mfa_"' in problems[0].message
    assert "on row 2 too" in problems[1].message
    assert "the key is missing" in problems[2].message


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("mfa", "MAYBE", "'MAYBE' is not a choice here"),
        ("review", "QUARTERLY; NEVER", "Pick exactly one choice"),
        ("factors", "TOTP; FAX", "'FAX' is not a choice here"),
        ("staff", "many", '"many" is not a number'),
        ("staff", "NaN", "at most 30 digits"),
        ("last_test", "soon", '"soon" is not a date'),
        ("last_test", 45000.5, '12:00:00" is not a date'),  # a date and a time
        ("notes", "x" * 10_001, "at most 10000 characters"),
        ("policy", "see attached", "not given in this workbook"),
    ],
)
def test_an_answer_that_does_not_fit_its_type_is_refused_on_its_cell(key, value, said):
    workbook = blank()
    number = fill(workbook, key, value)

    [problem] = problems_of(saved(workbook))

    assert (problem.sheet, problem.row, problem.column) == (ANSWERS_SHEET, number, "answer")
    assert said in problem.message


def test_an_answer_the_soc_report_gives_is_refused():
    workbook = blank()
    number = fill(workbook, "mfa", "NO")

    [problem] = problems_of(saved(workbook), answered_by_report={"mfa"})

    assert (problem.sheet, problem.row, problem.column) == (ANSWERS_SHEET, number, "answer")
    assert "SOC report answers" in problem.message


def test_a_comment_too_long_is_refused():
    workbook = blank()
    number = fill(workbook, "mfa", "y" * 5001, "comment")

    [problem] = problems_of(saved(workbook))

    assert (problem.sheet, problem.row, problem.column) == (ANSWERS_SHEET, number, "comment")


def test_every_problem_is_reported_at_once_in_row_order():
    workbook = blank()
    first = fill(workbook, "mfa", "MAYBE")
    second = fill(workbook, "staff", "many")
    third = fill(workbook, "notes", "nope", "key")

    problems = problems_of(saved(workbook))

    assert [(p.row, p.column) for p in problems] == [
        (first, "answer"),
        (second, "answer"),
        (third, "key"),
    ]
    assert str(problems[0]).startswith(f"{ANSWERS_SHEET} row {first}, answer: ")
