"""Templates to and from XLSX: what is exported reads back equal, what an editor changes in
Excel reads back changed, and a file that is wrong says where, by sheet, row and column."""

import io
import zipfile
from collections.abc import Callable
from dataclasses import replace

import openpyxl
import pytest

from domain.questionnaires.definition import (
    MAX_QUESTIONS,
    Choice,
    Condition,
    ControlDomain,
    Question,
    QuestionType,
    Section,
    Template,
    yes_no,
)
from domain.questionnaires.starter import STARTER
from domain.questionnaires.template_xlsx import (
    CHOICE_COLUMNS,
    MAX_QUESTION_ROWS,
    QUESTION_COLUMNS,
    RowProblem,
    TemplateFileError,
    read_template,
    write_template,
)
from domain.questionnaires.template_xlsx.layout import MAX_SCANNED_ROWS, MAX_UNPACKED_BYTES
from domain.shared.errors import InvalidInput

SMALL = Template(
    "Small",
    "Two sections",
    (
        Section(
            "Hosting",
            (
                Question(
                    "uses_cloud",
                    "Do you host in a public cloud?",
                    QuestionType.YES_NO,
                    choices=yes_no(5, 0, red_flag_on="NO"),
                    criteria=("CC6.1", "A1.2"),
                    domain=ControlDomain.BACKUP_AND_AVAILABILITY,
                ),
                Question(
                    "provider",
                    "Which provider?",
                    QuestionType.SINGLE_CHOICE,
                    choices=(Choice("AWS", "AWS", 5), Choice("OTHER", "Another", 2)),
                    condition=Condition("uses_cloud", ("YES",)),
                ),
            ),
        ),
        Section("Notes", (Question("notes", "Anything else?", QuestionType.TEXT),)),
    ),
)


def workbook_of(template: Template = SMALL) -> openpyxl.Workbook:
    """The export opened for editing, as an editor's Excel would."""
    return openpyxl.load_workbook(io.BytesIO(write_template(template)))


def saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems_of(data: bytes, **options) -> list[RowProblem]:
    with pytest.raises(TemplateFileError) as raised:
        read_template(data, **options)
    return raised.value.problems


def edited_problems(workbook: openpyxl.Workbook) -> list[RowProblem]:
    return problems_of(saved(workbook))


def with_sheet(data: bytes, sheet: str, edit: Callable[[bytes], bytes]) -> bytes:
    """The workbook with the XML of one sheet ("sheet2": Questions) edited as a tool might."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == f"xl/worksheets/{sheet}.xml":
                content = edit(content)
            archive.writestr(entry, content)
    return out.getvalue()


def column(sheet, name: str) -> int:
    """The number of the column headed `name`."""
    return [cell.value for cell in sheet[1]].index(name) + 1


def row_of(sheet, key: str, after: int = 1) -> int:
    """The number of the first row below `after` whose key is `key`."""
    key_column = column(sheet, "key")
    return next(
        number
        for number in range(after + 1, sheet.max_row + 1)
        if sheet.cell(number, key_column).value == key
    )


def set_cell(sheet, key: str, name: str, value, after: int = 1) -> int:
    number = row_of(sheet, key, after)
    sheet.cell(number, column(sheet, name)).value = value  # cell(..., None) would keep the value
    return number


# Round trips


def test_the_starter_reads_back_equal():
    assert read_template(write_template(STARTER)) == STARTER


def test_a_small_template_reads_back_equal():
    assert read_template(write_template(SMALL)) == SMALL


def test_text_that_looks_like_a_formula_stays_text():
    tricky = replace(
        SMALL,
        name='=HYPERLINK("http://example.com")',
        sections=(
            Section(
                "=1+1",
                (
                    Question(
                        "formula",
                        "=SUM(A1:A9) is what we ask about",
                        QuestionType.TEXT,
                        required=False,
                        help="+1 or -1?\nTwo lines",
                    ),
                ),
            ),
        ),
    )
    data = write_template(tricky)

    assert read_template(data) == tricky
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Questions"]
    assert sheet["C2"].data_type == "s"


def test_control_characters_a_workbook_cannot_hold_are_dropped():
    beeping = replace(SMALL, description="Bell\x07, nul\x00, lone \ud800, \ufffe and \U0001f600")

    assert read_template(write_template(beeping)).description == "Bell, nul, lone ,  and \U0001f600"


def test_a_condition_on_several_answers_and_a_multiple_choice_read_back():
    several = Template(
        "Several",
        "",
        (
            Section(
                "One",
                (
                    Question(
                        "hosting",
                        "Where do you host?",
                        QuestionType.MULTIPLE_CHOICE,
                        choices=(
                            Choice("AWS", "AWS", 1),
                            Choice("GCP", "Google", 1),
                            Choice("ON_PREMISES", "Our own rooms", 0, red_flag=True),
                        ),
                    ),
                    Question(
                        "regions",
                        "Which regions?",
                        QuestionType.TEXT,
                        condition=Condition("hosting", ("AWS", "GCP")),
                    ),
                ),
            ),
        ),
    )

    assert read_template(write_template(several)) == several


# The export, as an editor sees it


def test_the_export_has_the_three_sheets_with_bold_frozen_headers():
    workbook = workbook_of()

    assert workbook.sheetnames == ["Template", "Questions", "Choices"]
    assert [[c.value for c in row] for row in workbook["Template"].iter_rows()] == [
        ["name", "Small"],
        ["description", "Two sections"],
    ]
    for name, columns in (("Questions", QUESTION_COLUMNS), ("Choices", CHOICE_COLUMNS)):
        sheet = workbook[name]
        assert tuple(c.value for c in sheet[1]) == columns
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["C"].width >= 26


def test_the_export_writes_one_row_per_question_and_per_choice():
    workbook = workbook_of()

    assert [tuple(c.value for c in row) for row in workbook["Questions"].iter_rows(min_row=2)] == [
        (
            "Hosting",
            "uses_cloud",
            "Do you host in a public cloud?",
            "YES_NO",
            "yes",
            None,
            "CC6.1, A1.2",
            "BACKUP_AND_AVAILABILITY",
            None,
            None,
        ),
        (
            "Hosting",
            "provider",
            "Which provider?",
            "SINGLE_CHOICE",
            "yes",
            None,
            None,
            None,
            "uses_cloud",
            "YES",
        ),
        ("Notes", "notes", "Anything else?", "TEXT", "yes", None, None, None, None, None),
    ]
    assert [tuple(c.value for c in row) for row in workbook["Choices"].iter_rows(min_row=2)] == [
        ("uses_cloud", "YES", "Yes", 5, "no"),
        ("uses_cloud", "NO", "No", 0, "yes"),
        ("provider", "AWS", "AWS", 5, "no"),
        ("provider", "OTHER", "Another", 2, "no"),
    ]


def test_type_required_and_domain_have_drop_downs_down_to_the_last_row_read():
    sheet = workbook_of()["Questions"]
    by_range = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}

    last = MAX_QUESTION_ROWS + 1
    assert by_range[f"D2:D{last}"] == '"' + ",".join(QuestionType) + '"'
    assert by_range[f"E2:E{last}"] == '"yes,no"'
    assert by_range[f"H2:H{last}"] == '"' + ",".join(ControlDomain) + '"'
    assert all(len(formula) <= 255 + 2 for formula in by_range.values())


# Edited in Excel


def test_a_question_added_and_a_weight_changed_read_back_as_edited():
    workbook = workbook_of(STARTER)
    questions, choices = workbook["Questions"], workbook["Choices"]
    after = row_of(questions, "access_leaver_removal")
    questions.insert_rows(after + 1)
    for name, value in {
        "section": "Access control",
        "key": "access_shared_accounts",
        "question": "Are shared accounts forbidden?",
        "type": "YES_NO",
        "required": "no",
        "criteria": "CC6.1",
        "domain": "ACCESS_CONTROL",
    }.items():
        questions.cell(after + 1, column(questions, name), value)
    choices.append(["access_shared_accounts", "YES", "Yes", 6, "no"])
    choices.append(["access_shared_accounts", "NO", "No", 0, "yes"])
    set_cell(choices, "backup_frequency", "weight", 9, row_of(choices, "backup_frequency"))

    edited = read_template(saved(workbook))

    added = Question(
        "access_shared_accounts",
        "Are shared accounts forbidden?",
        QuestionType.YES_NO,
        required=False,
        choices=yes_no(6, 0, red_flag_on="NO"),
        criteria=("CC6.1",),
        domain=ControlDomain.ACCESS_CONTROL,
    )
    access = STARTER.sections[1]
    backup = STARTER.sections[4]
    frequency = backup.questions[0]
    daily = replace(frequency.choices[1], weight=9)
    assert frequency.choices[1].value == "DAILY"
    expected_sections = list(STARTER.sections)
    expected_sections[1] = replace(access, questions=(*access.questions, added))
    expected_sections[4] = replace(
        backup,
        questions=(
            replace(frequency, choices=(frequency.choices[0], daily, *frequency.choices[2:])),
            *backup.questions[1:],
        ),
    )
    assert edited == replace(STARTER, sections=tuple(expected_sections))


def test_what_excel_does_to_cells_is_read_sensibly():
    workbook = workbook_of()
    questions, choices = workbook["Questions"], workbook["Choices"]
    set_cell(questions, "uses_cloud", "required", False)  # Excel's FALSE
    set_cell(questions, "uses_cloud", "type", " yes no ")
    set_cell(questions, "uses_cloud", "criteria", "cc6.1; a1.2")
    set_cell(questions, "uses_cloud", "domain", "backup and availability")
    set_cell(questions, "provider", "section", None)  # continues the section above
    set_cell(questions, "provider", "show_if_any_of", " YES ")
    set_cell(choices, "uses_cloud", "weight", 5.0)
    set_cell(choices, "uses_cloud", "red_flag", True, after=row_of(choices, "uses_cloud"))
    set_cell(choices, "provider", "red_flag", "N")
    set_cell(choices, "provider", "weight", "5.0")

    read = read_template(saved(workbook))

    first = read.sections[0].questions[0]
    assert first == replace(SMALL.sections[0].questions[0], required=False)
    assert read == replace(
        SMALL,
        sections=(
            replace(SMALL.sections[0], questions=(first, SMALL.sections[0].questions[1])),
            SMALL.sections[1],
        ),
    )


def test_columns_may_be_reordered_renamed_in_case_and_added_and_rows_left_blank():
    workbook = workbook_of()
    questions = workbook["Questions"]
    questions.insert_cols(1)
    questions.cell(1, 1, "Reviewer notes")
    questions.cell(2, 1, "ask legal")
    questions.move_range("C1:C4", cols=20)  # key moves far right
    questions.cell(1, column(questions, "show_if_key"), "Show If Key")
    questions.insert_rows(3, amount=2)
    workbook["Choices"].insert_rows(2)
    workbook["Template"].title = "about"  # openpyxl would make "template" "template1"
    workbook["about"].title = "template"

    assert read_template(saved(workbook)) == SMALL


def test_a_formula_counts_by_the_value_excel_computed_last():
    def help_by_formula(sheet: bytes) -> bytes:
        row = sheet.index(b'<row r="4"')
        end = sheet.index(b"</row>", row)
        formula = b'<c r="F4" t="str"><f>"Say "&amp;"more"</f><v>Say more</v></c>'
        return sheet[:end] + formula + sheet[end:]

    read = read_template(with_sheet(write_template(SMALL), "sheet2", help_by_formula))

    assert read.questions()[-1].help == "Say more"


# Files that are not a template workbook


@pytest.mark.parametrize(
    "data", [b"", b"name,key\nx,y\n", b"PK\x03\x04 truncated", b"\xd0\xcf\x11\xe0 old xls"]
)
def test_bytes_that_are_not_a_workbook_are_refused(data):
    assert problems_of(data) == [
        RowProblem(None, None, None, "this is not an Excel workbook: save it as .xlsx")
    ]


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")

    assert problems_of(out.getvalue()) == [
        RowProblem(None, None, None, "this is not an Excel workbook: save it as .xlsx")
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    data = write_template(STARTER)

    assert read_template(data, max_bytes=len(data)) == STARTER
    [problem] = problems_of(data, max_bytes=len(data) - 1)
    assert problem.sheet is None and "over the" in problem.message
    [problem] = problems_of(b"not even a zip" * 1000, max_bytes=100)
    assert "over the 100 allowed" in problem.message


def test_a_workbook_that_unpacks_too_large_is_refused_unread():
    out = io.BytesIO(write_template(SMALL))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", bytes(MAX_UNPACKED_BYTES))
    data = out.getvalue()

    assert len(data) < 1024 * 1024
    [problem] = problems_of(data)
    assert problem.message.startswith("the workbook unpacks to more than 50 MB")


SHEET_XML = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.mark.parametrize(
    "sheet",
    [
        b"<worksheet><sheetData><row",  # refused as the workbook opens
        SHEET_XML + b'<dimension ref="A1:J4"/><sheetData><row r="1"><c r="A1"',  # as it is read
    ],
)
def test_a_damaged_sheet_is_refused(sheet):
    damaged = with_sheet(write_template(SMALL), "sheet2", lambda _: sheet)

    assert problems_of(damaged) == [
        RowProblem(None, None, None, "the workbook is damaged (Excel may be able to repair it)")
    ]


def test_a_missing_sheet_is_named():
    workbook = workbook_of()
    del workbook["Choices"]

    assert edited_problems(workbook) == [
        RowProblem("Choices", None, None, 'the workbook has no sheet named "Choices"')
    ]


def test_a_template_sheet_without_a_name_row_is_refused():
    workbook = workbook_of()
    workbook["Template"]["A1"] = "title"

    assert edited_problems(workbook) == [
        RowProblem(
            "Template",
            None,
            "name",
            'no row has "name" in column A and the template\'s name in column B',
        )
    ]


def test_a_renamed_header_is_a_missing_column():
    workbook = workbook_of()
    workbook["Questions"].cell(1, 4, "kind")
    workbook["Choices"].delete_cols(5)

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            1,
            "type",
            'the header row has no "type" column (it needs ' + ", ".join(QUESTION_COLUMNS) + ")",
        ),
        RowProblem(
            "Choices",
            1,
            "red_flag",
            'the header row has no "red_flag" column (it needs ' + ", ".join(CHOICE_COLUMNS) + ")",
        ),
    ]


def test_a_column_headed_twice_is_refused():
    workbook = workbook_of()
    workbook["Choices"].cell(1, 6, "Weight")

    assert edited_problems(workbook) == [
        RowProblem("Choices", 1, "weight", 'two columns are headed "weight"')
    ]


def test_unknown_words_are_refused_where_they_are():
    workbook = workbook_of()
    questions = workbook["Questions"]
    type_row = set_cell(questions, "uses_cloud", "type", "ESSAY")
    domain_row = set_cell(questions, "provider", "domain", "PHYSICAL")
    required_row = set_cell(questions, "notes", "required", "maybe")
    blank_type_row = set_cell(questions, "notes", "type", None)

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            type_row,
            "type",
            '"ESSAY" is not a question type: use one of ' + ", ".join(QuestionType),
        ),
        RowProblem(
            "Questions",
            domain_row,
            "domain",
            '"PHYSICAL" is not a control domain: use one of ' + ", ".join(ControlDomain),
        ),
        RowProblem(
            "Questions",
            blank_type_row,
            "type",
            "the question type is missing: use one of " + ", ".join(QuestionType),
        ),
        RowProblem("Questions", required_row, "required", '"maybe" is neither yes nor no'),
    ]


@pytest.mark.parametrize("weight", ["heavy", 2.5, 101, -1, True, "1e1"])
def test_a_bad_weight_is_refused_on_its_row(weight):
    workbook = workbook_of()
    number = set_cell(workbook["Choices"], "provider", "weight", weight)
    shown = "TRUE" if weight is True else str(weight)

    assert edited_problems(workbook) == [
        RowProblem("Choices", number, "weight", f'"{shown}" is not a whole number from 0 to 100')
    ]


def test_a_choice_for_an_unknown_key_is_refused():
    workbook = workbook_of()
    workbook["Choices"].append(["hosted", "YES", "Yes", 1, "no"])
    workbook["Choices"].append([None, "NO", "No", 1, "maybe"])

    assert edited_problems(workbook) == [
        RowProblem("Choices", 6, "key", 'no question on the Questions sheet has the key "hosted"'),
        RowProblem(
            "Choices", 7, "key", "the key is missing: it names the question the choice belongs to"
        ),
        RowProblem("Choices", 7, "red_flag", '"maybe" is neither yes nor no'),
    ]


def test_the_first_question_needs_a_section():
    workbook = workbook_of()
    number = set_cell(workbook["Questions"], "uses_cloud", "section", None)

    assert edited_problems(workbook) == [
        RowProblem("Questions", number, "section", "the first question has no section")
    ]


def test_a_sheet_with_no_questions_is_refused():
    workbook = workbook_of()
    workbook["Questions"].delete_rows(2, 3)
    workbook["Choices"].delete_rows(2, 4)

    assert edited_problems(workbook) == [
        RowProblem("Questions", 2, None, "the sheet has no questions")
    ]


# What problems() says, placed on its row


def test_the_problems_of_questions_are_placed_on_their_rows_and_columns():
    workbook = workbook_of()
    questions = workbook["Questions"]
    set_cell(questions, "notes", "question", " ")
    notes = set_cell(questions, "notes", "criteria", "CC6.1, SOC2")
    provider = set_cell(questions, "provider", "show_if_any_of", "MAYBE")
    cloud = set_cell(questions, "uses_cloud", "show_if_key", "notes")
    set_cell(questions, "notes", "key", "Notes")

    assert edited_problems(workbook) == [
        RowProblem("Questions", cloud, "show_if_key", "its condition names no earlier question"),
        RowProblem(
            "Questions",
            provider,
            "show_if_any_of",
            "its condition names choices the earlier question does not have",
        ),
        RowProblem(
            "Questions",
            notes,
            "key",
            "key must be lower-case letters, digits and _, starting with a letter",
        ),
        RowProblem("Questions", notes, "question", "text must be given, at most 2000 characters"),
        RowProblem(
            "Questions", notes, "criteria", "'SOC2' is not a trust services criterion such as CC6.1"
        ),
    ]


def test_a_repeated_key_is_placed_on_the_later_row():
    workbook = workbook_of()
    number = set_cell(workbook["Questions"], "notes", "key", "provider")

    [problem] = edited_problems(workbook)
    assert problem == RowProblem("Questions", number, "key", "key is used by an earlier question")


def test_a_condition_on_a_text_question_is_placed_on_its_key():
    workbook = workbook_of()
    questions = workbook["Questions"]
    questions.append(["Notes", "after_notes", "And then?", "TEXT", "no"])
    questions.cell(5, column(questions, "show_if_key"), "notes")
    questions.cell(5, column(questions, "show_if_any_of"), "YES")

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            5,
            "show_if_key",
            "its condition depends on a question that is not answered by a choice",
        )
    ]


def test_the_problems_of_choices_are_placed_on_the_choice_rows():
    workbook = workbook_of()
    choices = workbook["Choices"]
    first_provider = row_of(choices, "provider")
    repeated = set_cell(choices, "provider", "value", "AWS", after=first_provider)
    choices.append(["provider", "GCP", None, 1, "no"])
    choices.append(["notes", "LONG", "Long", 0, "no"])
    del_row = row_of(choices, "uses_cloud", after=row_of(choices, "uses_cloud"))
    choices.cell(del_row, column(choices, "value"), "MAYBE")

    assert edited_problems(workbook) == [
        RowProblem(
            "Choices", del_row - 1, "value", "a YES_NO question has exactly the choices YES and NO"
        ),
        RowProblem("Choices", repeated, "value", "choice values repeat"),
        RowProblem("Choices", 6, "label", "every choice has a value and a label"),
        RowProblem("Choices", 7, "key", "a TEXT question has no choices"),
    ]


def test_a_choice_question_without_choice_rows_says_where_to_add_them():
    workbook = workbook_of()
    workbook["Choices"].delete_rows(2, 4)

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            2,
            "type",
            "a YES_NO question has exactly the choices YES and NO: add them on the Choices sheet",
        ),
        RowProblem(
            "Questions",
            3,
            "type",
            "a choice question has at least two choices: add them on the Choices sheet",
        ),
        RowProblem(
            "Questions",
            3,
            "show_if_any_of",
            "its condition names choices the earlier question does not have",
        ),
    ]


def test_two_blank_labels_are_placed_on_their_two_rows():
    workbook = workbook_of()
    choices = workbook["Choices"]
    choices.cell(4, column(choices, "label")).value = None
    choices.cell(5, column(choices, "label")).value = " "

    assert edited_problems(workbook) == [
        RowProblem("Choices", 4, "label", "every choice has a value and a label"),
        RowProblem("Choices", 5, "label", "every choice has a value and a label"),
    ]


def test_a_blank_name_is_placed_on_the_name_row():
    workbook = workbook_of()
    workbook["Template"]["B1"] = None

    assert edited_problems(workbook) == [
        RowProblem("Template", 1, "name", "name must be given, at most 200 characters")
    ]


def test_a_section_title_too_long_is_placed_on_its_first_row():
    workbook = workbook_of()
    questions = workbook["Questions"]
    for number in (2, 3):
        questions.cell(number, 1, "s" * 201)

    assert edited_problems(workbook) == [
        RowProblem("Questions", 2, "section", "a section has a title, at most 200 characters")
    ]


def test_more_questions_than_a_template_holds_is_placed_on_the_first_too_many():
    workbook = workbook_of()
    questions = workbook["Questions"]
    for n in range(MAX_QUESTIONS):
        questions.append(["More", f"more_{n}", "Anything?", "TEXT", "no"])

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            MAX_QUESTIONS + 2,
            None,
            f"a template has at most {MAX_QUESTIONS} questions",
        )
    ]


def test_every_problem_is_reported_at_once_and_nothing_is_half_read():
    workbook = workbook_of()
    set_cell(workbook["Questions"], "uses_cloud", "type", "ESSAY")
    set_cell(workbook["Choices"], "provider", "weight", "lots")

    problems = edited_problems(workbook)

    assert [(p.sheet, p.column) for p in problems] == [("Questions", "type"), ("Choices", "weight")]


# Limits on what is read


def test_more_question_rows_than_read_are_refused():
    workbook = workbook_of()
    questions = workbook["Questions"]
    for n in range(MAX_QUESTION_ROWS):
        questions.append(["More", f"more_{n}", "Anything?", "TEXT", "no"])

    assert edited_problems(workbook) == [
        RowProblem(
            "Questions",
            MAX_QUESTION_ROWS + 2,
            None,
            f"a sheet holds at most {MAX_QUESTION_ROWS} rows below its header",
        )
    ]


def test_a_cell_far_below_the_rows_read_is_refused():
    workbook = workbook_of()
    workbook["Choices"].cell(MAX_SCANNED_ROWS + 5, 1, "stray")

    assert edited_problems(workbook) == [
        RowProblem(
            "Choices",
            MAX_SCANNED_ROWS + 1,
            None,
            f"nothing may be below row {MAX_SCANNED_ROWS}: delete the rows from here",
        )
    ]


# How the error reads


def test_the_error_is_invalid_input_on_the_file_and_says_the_first_problems():
    error = TemplateFileError(
        [
            RowProblem("Questions", 5, "type", "bad"),
            RowProblem("Choices", None, None, "missing"),
            RowProblem(None, None, None, "odd"),
            RowProblem("Template", 1, "name", "empty"),
        ]
    )

    assert isinstance(error, InvalidInput)
    assert error.field == "file"
    assert error.message == (
        "The template file cannot be imported: Questions row 5, type: bad; Choices: missing;"
        " file: odd (and 1 more)."
    )
