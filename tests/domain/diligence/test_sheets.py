"""A customer's questionnaire spreadsheet, in the layouts customers use: the preview finds the
header row and the question, section, answer and reference columns; `questions` reads them
under a layout the user may correct; `write_answers` gives the file back answered and
otherwise unchanged. Files that cannot be read are refused whole, on the right field."""

import io
import struct
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from domain.diligence.sheets import (
    MAX_FILE_BYTES,
    ColumnRole,
    FileFormat,
    Layout,
    SheetQuestion,
    preview,
    questions,
    write_answers,
)
from domain.documents.intake import FileTooLarge
from domain.shared.errors import InvalidInput
from tests.domain.diligence.sheet_files import (
    CAIQ_ROWS,
    UNICODE_ROWS,
    WINDOWS_ROWS,
    caiq_like,
    csv_bytes,
    first_sheet,
    hidden_instructions,
    interleaved,
    merged_headers,
    put_rows,
    saved,
    sig_like,
    unicode_text,
    windows_1252_csv,
)


def roles(data: bytes, filename: str, sheet: int = 0) -> dict[str, ColumnRole]:
    """The guessed role of each column with one, by letter."""
    found = preview(data, filename).sheets[sheet]
    return {c.letter: c.role for c in found.columns if c.role != ColumnRole.OTHER}


# --- (1) SIG-like: banner and title rows above a header at row 4 -------------------------


def test_sig_like_header_under_a_banner_and_section_rows():
    found = preview(sig_like(), "SIG Lite 2026.xlsx")
    sheet = found.sheets[0]
    assert found.format == FileFormat.XLSX and found.encoding is None
    assert found.chosen == "SIG Lite"
    assert sheet.header_row == 4
    assert sheet.layout == Layout("SIG Lite", 4, 1, None, 2, 0)
    assert roles(sig_like(), "sig.xlsx") == {
        "A": ColumnRole.REFERENCE,
        "B": ColumnRole.QUESTION,
        "C": ColumnRole.ANSWER,
    }
    assert sheet.questions == 6
    said = " | ".join(sheet.reasons)
    assert "row 4 is the header row" in said
    assert "column B holds the questions: its header says 'Question'" in said
    assert "2 section title rows" in said

    read = questions(sig_like(), "sig.xlsx", sheet.layout)
    assert read[0] == SheetQuestion(
        row=6,
        text="Is there a risk assessment program that has been approved by management?",
        section="A. Risk Assessment and Treatment",
        reference="A.1",
        answer=None,
    )
    assert read[1].answer == "Yes"
    assert [(q.row, q.section) for q in read[3:4]] == [(10, "B. Security Policy")]


# --- (2) CAIQ-like -----------------------------------------------------------------------


def test_caiq_like_columns_each_found_by_their_header():
    sheet = preview(caiq_like(), "CAIQ.xlsx").sheets[0]
    assert sheet.layout == Layout("CAIQv4.0.3", 3, 2, 0, 3, 1)
    read = questions(caiq_like(), "CAIQ.xlsx", sheet.layout)
    assert [(q.section, q.reference, q.text, q.answer or "") for q in read] == CAIQ_ROWS


# --- (3) section rows among the questions, no section or answer column -------------------


def test_section_rows_give_the_section_of_the_questions_below():
    sheet = preview(interleaved(), "vendor.xlsx").sheets[0]
    assert sheet.layout == Layout("Questions", 1, 0, None, None, None)
    assert any("added on export" in reason for reason in sheet.reasons)
    read = questions(interleaved(), "vendor.xlsx", sheet.layout)
    assert [(q.row, q.section) for q in read] == [
        (3, "Governance"),
        (4, "Governance"),
        (6, "Data Protection"),
        (7, "Data Protection"),
        (8, "Data Protection"),
    ]
    assert read[1].text == "Describe your security organisation."


# --- (4) a hidden instructions sheet, a cover sheet, then the questions ------------------


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_listed_and_never_chosen(state: str):
    found = preview(hidden_instructions(state), "assessment.xlsx")
    by_name = {sheet.name: sheet for sheet in found.sheets}
    assert [sheet.name for sheet in found.sheets] == ["Instructions", "Cover", "Assessment"]
    assert by_name["Instructions"].hidden and by_name["Instructions"].questions == 2
    assert by_name["Cover"].layout is None and not by_name["Cover"].hidden
    assert found.chosen == "Assessment"
    assessment = by_name["Assessment"]
    assert assessment.layout == Layout("Assessment", 1, 2, 1, 3, 0)
    assert assessment.questions == 3  # row 5 is hidden
    assert any("1 hidden row passed over" in reason for reason in assessment.reasons)


def test_a_hidden_column_is_not_guessed():
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Q")
    put_rows(
        sheet,
        1,
        [
            ["ID", "Question (2025)", "Question", "Answer"],
            ["1", "Do you scan for viruses?", "Do you scan for malware?", ""],
            ["2", "Do you patch?", "Do you patch within 30 days?", ""],
        ],
    )
    sheet.column_dimensions["B"].hidden = True
    found = preview(saved(workbook), "q.xlsx").sheets[0]
    assert found.layout == Layout("Q", 1, 2, None, 3, 0)
    assert found.columns[1].hidden and not found.columns[2].hidden


def test_a_layout_on_a_hidden_sheet_is_read_when_chosen():
    layout = Layout("Instructions", 2, 1, reference_column=0)
    read = questions(hidden_instructions(), "assessment.xlsx", layout)
    assert [q.text for q in read] == [
        "Have you read every tab?",
        "Did you answer every question in the Response column?",
    ]


# --- (5) merged header cells -------------------------------------------------------------


def test_merged_headers_name_their_columns():
    sheet = preview(merged_headers(), "review.xlsx").sheets[0]
    assert sheet.header_row == 2
    assert [c.header for c in sheet.columns] == [
        "Ref",
        "Question",
        "Response Yes/No",
        "Response Comments",
    ]
    assert sheet.layout == Layout("Security", 2, 1, None, 2, 0)
    read = questions(merged_headers(), "review.xlsx", sheet.layout)
    assert [(q.row, q.reference) for q in read] == [(4, "1.1"), (5, "1.2"), (6, "1.3")]


def test_a_title_merged_across_is_not_the_header():
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Sheet1")
    put_rows(sheet, 1, [["Vendor questions"], ["Question", "Answer"], ["Is it on?", ""]])
    sheet.merge_cells("A1:B1")
    assert preview(saved(workbook), "q.xlsx").sheets[0].header_row == 2


# --- (6) and (7) CSV in other encodings ---------------------------------------------------


def test_windows_1252_csv_with_semicolons():
    found = preview(windows_1252_csv(), "Fragebogen.csv")
    sheet = found.sheets[0]
    assert (found.format, found.encoding, found.delimiter) == (FileFormat.CSV, "cp1252", ";")
    assert sheet.name == "Fragebogen"
    assert sheet.layout == Layout("Fragebogen", 1, 1, None, 2, 0)
    read = questions(windows_1252_csv(), "Fragebogen.csv", sheet.layout)
    assert [q.text for q in read] == [row[1] for row in WINDOWS_ROWS[1:]]
    assert read[2].answer == "Oui"


def test_utf16_tab_separated_unicode_text():
    found = preview(unicode_text(), "questions.txt")
    assert (found.encoding, found.delimiter) == ("utf-16-le", "\t")
    layout = found.sheets[0].layout
    assert layout == Layout("questions", 1, 1, None, 2, 0)
    read = questions(unicode_text(), "questions.txt", layout)
    assert [q.text for q in read] == [" ".join(row[1].split()) for row in UNICODE_ROWS[1:]]
    assert [q.row for q in read] == [2, 3, 4]  # a quoted line break stays in its row


def test_utf8_csv_with_and_without_byte_order_mark():
    text = csv_bytes([["#", "Question"], ["1", "Gibt es Zugriffsprotokolle für Admins?"]], ",")
    assert preview(text.encode(), "q.csv").encoding == "utf-8"
    assert preview(b"\xef\xbb\xbf" + text.encode(), "q.csv").encoding == "utf-8-sig"


# --- (8) refusals ------------------------------------------------------------------------


def refused(data: bytes, filename: str = "q.xlsx", field: str = "file") -> str:
    with pytest.raises(InvalidInput) as error:
        preview(data, filename)
    assert error.value.field == field
    return error.value.message


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_files_that_are_no_spreadsheet_are_refused_saying_what_to_send():
    assert "PDF" in refused(b"%PDF-1.7\n1 0 obj\n", "questionnaire.xlsx")
    assert "PDF" in refused(b"%PDF-1.7\n1 0 obj\n", "questionnaire.csv")
    assert "not an Excel workbook" in refused(zipped({"word/document.xml": b"<w/>"}))
    assert "password" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "97-2003" in refused(b"anything", "old.xls")
    assert "not a spreadsheet" in refused(b"ID,Question", "q.json")
    assert "not a text file" in refused(b"ID\x00Q\x00\x01\x02", "q.csv")
    assert "empty" in refused(b"", "q.csv")


def test_a_file_over_the_size_limit_is_too_large():
    with pytest.raises(FileTooLarge):
        preview(b"a" * (MAX_FILE_BYTES + 1), "q.csv")


def test_a_zip_bomb_is_refused_from_its_directory():
    data = bytearray(sig_like())
    at = data.find(b"PK\x01\x02")  # the first entry of the central directory
    struct.pack_into("<I", data, at + 24, 3_000_000_000)  # its declared unpacked size
    assert "unpacks to more than 50 MB" in refused(bytes(data))


def test_a_merged_cell_over_the_whole_sheet_is_refused_before_openpyxl_opens_it():
    with zipfile.ZipFile(io.BytesIO(sig_like())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"</mergeCells>", b'<mergeCell ref="A20:XFD1048576"/></mergeCells>'
    )
    assert "more than 250,000 cells" in refused(zipped(parts))


def test_a_merged_range_written_backwards_counts_all_its_cells_wherever_it_is():
    # backwards in one direction only, in a part openpyxl never reads: once it counted less
    # than nothing, and switched the cell limit off for the real sheets
    with zipfile.ZipFile(io.BytesIO(sig_like())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts = {"aa.xml": b'<m><x:mergeCell ref="A1048576:XFD1"/></m>', **parts}
    assert "more than 250,000 cells" in refused(zipped(parts))


def test_a_nul_anywhere_in_a_text_file_is_refused():
    text = csv_bytes([["#", "Question"], ["1", "x" * 70_000], ["2", "Do you a\x00b?"]], ",")
    assert "text" in refused(text.encode(), "q.csv")


def test_entity_declarations_are_refused_before_openpyxl_reads_the_part():
    with zipfile.ZipFile(io.BytesIO(sig_like())) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    laughs = b'<!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    parts["xl/workbook.xml"] = laughs + parts["xl/workbook.xml"]
    assert "damaged" in refused(zipped(parts))


def test_a_sheet_with_text_past_the_row_limit_is_refused():
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Long")
    put_rows(sheet, 1, [["#", "Question"], ["1", "Is it?"]])
    sheet["B5001"] = "Is this one too far?"
    assert "down to row 5,001" in refused(saved(workbook))
    lines = csv_bytes([["Question"]] + [[f"Question {n}?"] for n in range(5001)], ",")
    assert "past row 5,000" in refused(lines.encode(), "long.csv")


def test_a_workbook_of_too_many_sheets_is_refused():
    workbook = openpyxl.Workbook()
    for number in range(50):
        workbook.create_sheet(f"Sheet {number}")
    assert "more than 50 sheets" in refused(saved(workbook))


def test_more_questions_than_one_import_takes_are_refused_and_the_preview_says_so():
    data = csv_bytes([["Question"]] + [[f"Is control {n} in place?"] for n in range(2001)], ",")
    sheet = preview(data.encode(), "big.csv").sheets[0]
    assert sheet.questions == 2001
    assert any("more than the 2,000 questions" in reason for reason in sheet.reasons)
    with pytest.raises(InvalidInput) as error:
        questions(data.encode(), "big.csv", Layout("big", 1, 0))
    assert error.value.field == "file" and "at most 2,000" in error.value.message


def test_a_question_too_long_to_be_one_is_refused_on_the_question_column():
    data = csv_bytes([["Question", "Notes"], ["Is it?", "x " * 3000]], ",").encode()
    with pytest.raises(InvalidInput) as error:
        questions(data, "q.csv", Layout("q", 1, 1))
    assert error.value.field == "layout.questionColumn"
    assert "B2 holds 5,999 characters" in error.value.message


@pytest.mark.parametrize(
    ("layout", "field", "message"),
    [
        (Layout("Nope", 4, 1), "layout.sheet", 'no sheet "Nope": it has "SIG Lite"'),
        (Layout("SIG Lite", 40, 1), "layout.headerRow", "Row 40 is not a row"),
        (Layout("SIG Lite", 4, 9), "layout.questionColumn", "no column J"),
        (Layout("SIG Lite", 4, 1, answer_column=1), "layout.answerColumn", "question column"),
        (Layout("SIG Lite", 4, 1, section_column=-1), "layout.sectionColumn", "no column -1"),
        (Layout("SIG Lite", 4, 3), "layout.questionColumn", "holds no questions below row 4"),
    ],
)
def test_a_layout_that_does_not_fit_names_its_field(layout: Layout, field: str, message: str):
    with pytest.raises(InvalidInput) as error:
        questions(sig_like(), "sig.xlsx", layout)
    assert error.value.field == field
    assert message in error.value.message


# --- (9) answers written back ------------------------------------------------------------


def cells_of(data: bytes) -> dict[tuple[str, str], object]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {
        (sheet.title, cell.coordinate): cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    }


def test_answers_go_in_the_answer_column_and_nothing_else_changes():
    before = sig_like()
    layout = preview(before, "sig.xlsx").sheets[0].layout
    assert layout is not None
    after = write_answers(before, "sig.xlsx", layout, {6: "Yes", 11: "By e-mail and training."})
    changed = {
        key: value for key, value in cells_of(after).items() if cells_of(before).get(key) != value
    }
    assert changed == {("SIG Lite", "C6"): "Yes", ("SIG Lite", "C11"): "By e-mail and training."}
    old, new = openpyxl.load_workbook(io.BytesIO(before)), openpyxl.load_workbook(io.BytesIO(after))
    old_sheet, new_sheet = old["SIG Lite"], new["SIG Lite"]
    assert set(map(str, new_sheet.merged_cells.ranges)) == set(
        map(str, old_sheet.merged_cells.ranges)
    )
    assert new_sheet["A1"].font.b and new_sheet["F4"].value == "=COUNTA(C5:C12)"
    assert new_sheet.column_dimensions["B"].width == 80
    assert str(new_sheet.data_validations.dataValidation[0].sqref) == "C5:C12"
    assert new_sheet["B6"].comment.text == "Include the approval date."
    assert questions(after, "sig.xlsx", layout)[0].answer == "Yes"


def test_a_logo_stays():
    workbook = openpyxl.load_workbook(io.BytesIO(sig_like()))
    png = io.BytesIO()
    PILImage.new("RGB", (120, 40), "navy").save(png, "PNG")
    workbook["SIG Lite"].add_image(Image(png), "E1")
    before = saved(workbook)
    after = write_answers(before, "sig.xlsx", Layout("SIG Lite", 4, 1, None, 2, 0), {6: "Yes"})
    with zipfile.ZipFile(io.BytesIO(after)) as archive:
        assert "xl/media/image1.png" in archive.namelist()


def test_hidden_sheets_and_rows_stay_hidden():
    before = hidden_instructions()
    layout = preview(before, "a.xlsx").sheets[2].layout
    assert layout is not None
    after = openpyxl.load_workbook(io.BytesIO(write_answers(before, "a.xlsx", layout, {2: "Yes"})))
    assert after["Instructions"].sheet_state == "hidden"
    assert after["Assessment"].row_dimensions[5].hidden
    assert after["Assessment"]["D2"].value == "Yes"


def test_an_answer_column_is_added_when_there_is_none():
    before = interleaved()
    layout = Layout("Questions", 1, 0)
    after = write_answers(before, "v.xlsx", layout, {3: "Yes: Jane Roe, CISO", 6: "AES-256"})
    sheet = openpyxl.load_workbook(io.BytesIO(after))["Questions"]
    assert (sheet["C1"].value, sheet["C3"].value, sheet["C6"].value) == (
        "Answer",
        "Yes: Jane Roe, CISO",
        "AES-256",
    )
    assert preview(after, "v.xlsx").sheets[0].layout == Layout("Questions", 1, 0, None, 2, None)


def test_clearing_the_others_empties_their_answers_but_keeps_the_customers_formulas():
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Q")
    put_rows(sheet, 1, [["Question", "Answer"], ["Do you have a CISO?", "Yes"],
                        ["If not, who leads security?", '=IF(B2="Yes","N/A","")'],
                        ["Do you run a bug bounty?", "Last year's answer"]])  # fmt: skip
    layout = Layout("Q", 1, 0, None, 1)

    after = write_answers(
        saved(workbook), "q.xlsx", layout, {2: "Yes, Jane Roe."}, clear_others=True
    )

    sheet = openpyxl.load_workbook(io.BytesIO(after))["Q"]
    assert sheet["B2"].value == "Yes, Jane Roe."
    assert sheet["B3"].value == '=IF(B2="Yes","N/A","")'  # the customer's own formula
    assert sheet["B4"].value is None  # an answer nobody vouched for is not sent back
    assert sheet["B1"].value == "Answer"  # the header is no question's answer
    kept = write_answers(saved(workbook), "q.xlsx", layout, {2: "Yes, Jane Roe."})
    assert openpyxl.load_workbook(io.BytesIO(kept))["Q"]["B4"].value == "Last year's answer"


def test_a_formula_looking_answer_stays_text():
    layout = Layout("SIG Lite", 4, 1, None, 2, 0)
    after = write_answers(sig_like(), "sig.xlsx", layout, {6: '=HYPERLINK("http://x")'})
    cell = openpyxl.load_workbook(io.BytesIO(after))["SIG Lite"]["C6"]
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x")')
    text = write_answers(windows_1252_csv(), "f.csv", Layout("f", 1, 1, None, 2), {2: "=1+1"})
    assert "'=1+1" in text.decode("cp1252")


def test_csv_keeps_its_encoding_delimiter_and_other_lines():
    before = windows_1252_csv()
    after = write_answers(before, "f.csv", Layout("f", 1, 1, None, 2, 0), {2: "Ja, mit TLS 1.3"})
    old_lines, new_lines = (
        before.decode("cp1252").split("\r\n"),
        after.decode("cp1252").split("\r\n"),
    )
    assert new_lines[1] == "1;Verschlüsselt ihr Daten während der Übertragung?;Ja, mit TLS 1.3;"
    assert new_lines[:1] + new_lines[2:] == old_lines[:1] + old_lines[2:]


def test_csv_in_utf16_or_utf8_is_written_back_in_its_encoding_with_an_added_column():
    layout = Layout("q", 1, 1, None, 2, 0)
    after = write_answers(unicode_text(), "q.txt", layout, {3: "Zürich only ✓"})
    assert after.startswith(b"\xff\xfe")
    lines = after[2:].decode("utf-16-le").split("\r\n")
    assert lines[2] == "Q2\tIs data stored in 東京 or in Zürich, or elsewhere?\tZürich only ✓"
    assert (
        lines[:2] + lines[3:]
        == unicode_text()[2:].decode("utf-16-le").split("\r\n")[:2]
        + (unicode_text()[2:].decode("utf-16-le").split("\r\n")[3:])
    )
    plain = csv_bytes([["Question"], ["Is it?"]], ",", "\n").encode()
    assert (
        write_answers(plain, "q.csv", Layout("q", 1, 0), {2: "Yes"})
        == b"Question,Answer\nIs it?,Yes\n"
    )
    marked = b"\xef\xbb\xbf" + plain
    assert write_answers(marked, "q.csv", Layout("q", 1, 0), {2: "Yes"}).startswith(
        b"\xef\xbb\xbfQuestion,Answer\n"
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({5: "Yes"}, "Row 5 holds no question"),
        ({6: "x" * 32_768}, "at most 32,767"),
    ],
)
def test_answers_that_cannot_be_written_are_refused(answers: dict[int, str], message: str):
    with pytest.raises(InvalidInput) as error:
        write_answers(sig_like(), "sig.xlsx", Layout("SIG Lite", 4, 1, None, 2, 0), answers)
    assert error.value.field == "answers" and message in error.value.message


def test_an_answer_windows_1252_cannot_hold_is_refused():
    with pytest.raises(InvalidInput) as error:
        write_answers(windows_1252_csv(), "f.csv", Layout("f", 1, 1, None, 2), {2: "Ja ✓"})
    assert error.value.field == "answers" and "'✓'" in error.value.message


def test_an_answer_cell_inside_a_merged_cell_is_refused():
    layout = Layout("Security", 2, 1, None, 3, 0)  # D, under "Response" merged over C and D
    data = merged_headers()
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    workbook["Security"].merge_cells("C4:D4")
    with pytest.raises(InvalidInput) as error:
        write_answers(saved(workbook), "r.xlsx", layout, {4: "Yes"})
    assert error.value.field == "layout.answerColumn" and "C4:D4" in error.value.message


# --- (10) any simple layout -------------------------------------------------------------

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=10)
QUESTION = st.builds(
    lambda first, rest: " ".join([first.capitalize(), *rest]) + "?",
    WORD,
    st.lists(WORD, min_size=2, max_size=12),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    asked=st.lists(QUESTION, min_size=1, max_size=30),
    titles=st.integers(min_value=0, max_value=3),
    before=st.integers(min_value=0, max_value=3),
    with_reference=st.booleans(),
    with_answer=st.booleans(),
)
def test_any_simple_layout_gives_back_every_question_in_order(
    asked: list[str], titles: int, before: int, with_reference: bool, with_answer: bool
):
    """Title rows, blank columns before the table, a reference and an answer column or not:
    the preview finds the question column and reads every question, in order; answers
    written back read back, in the file's answer column or one added."""
    header = ["Ref"] * with_reference + ["Question"] + ["Answer"] * with_answer
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Q")
    for number in range(1, titles + 1):
        sheet.cell(row=number, column=1, value=f"Security questionnaire, part {number}")
    rows = [header] + [[f"{n}.1"] * with_reference + [q] for n, q in enumerate(asked, 1)]
    put_rows(sheet, titles + 1, [[None] * before + row for row in rows])
    data = saved(workbook)
    found = preview(data, "q.xlsx").sheets[0]
    assert found.layout is not None
    assert found.layout.question_column == before + with_reference
    assert found.header_row == titles + 1
    read = questions(data, "q.xlsx", found.layout)
    assert [q.text for q in read] == asked

    answers = {q.row: f"Yes, see policy {n}" for n, q in enumerate(read)}
    answered = write_answers(data, "q.xlsx", found.layout, answers)
    again = preview(answered, "q.xlsx").sheets[0].layout
    assert again is not None and again.question_column == found.layout.question_column
    assert [q.answer for q in questions(answered, "q.xlsx", again)] == list(answers.values())


CELL = st.one_of(
    st.just(""),
    QUESTION,
    st.sampled_from(["Question", "Answer", "#", "Yes", "No", "1.1", "A.2", "Section"]),
    st.text(max_size=30),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELL, max_size=5), max_size=25))
def test_any_csv_previews_without_error_and_counts_what_questions_reads(rows: list[list[str]]):
    data = csv_bytes(rows, ",").encode()
    try:
        found = preview(data, "any.csv")
    except InvalidInput:
        return  # a file it refuses, with a reason on the file
    sheet = found.sheets[0]
    if sheet.layout is not None and sheet.questions:
        assert len(questions(data, "any.csv", sheet.layout)) == sheet.questions
