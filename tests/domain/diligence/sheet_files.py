"""Questionnaires as customers send them, made here with openpyxl and csv in the shapes seen
in the wild: a SIG-like workbook under a banner, a CAIQ-like one, section rows among the
questions, a hidden instructions sheet before a cover sheet, merged two-row headers, a
Windows-1252 CSV from a German Excel, and Excel's UTF-16 "Unicode text"."""

import csv
import io
from collections.abc import Iterable, Sequence

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | None

SIG_QUESTIONS = [
    ("A. Risk Assessment and Treatment", None),
    ("A.1", "Is there a risk assessment program that has been approved by management?"),
    ("A.2", "Does the risk assessment program include a formal risk treatment plan?"),
    ("A.3", "Are risks reviewed at least annually?"),
    ("B. Security Policy", None),
    ("B.1", "Is there an information security policy approved by management?"),
    ("B.2", "Describe how the policy is communicated to employees and contractors."),
    ("B.3", "Has the policy been reviewed in the last 12 months?"),
]

CAIQ_ROWS = [
    ("Audit & Assurance", "A&A-01.1", "Are audit and assurance policies established?", "Yes"),
    ("Audit & Assurance", "A&A-02.1", "Are independent audits conducted at least annually?", ""),
    ("Audit & Assurance", "A&A-03.1", "Are risk-based plans for audits performed?", "No"),
    ("Application Security", "AIS-01.1", "Are application security policies established?", ""),
    ("Application Security", "AIS-02.1", "Are baseline requirements for applications defined?", ""),
    ("Business Continuity", "BCR-01.1", "Are business continuity policies established?", "NA"),
]


def saved(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def first_sheet(workbook: Workbook, title: str) -> Worksheet:
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    return sheet


def put_rows(sheet: Worksheet, first: int, rows: Iterable[Sequence[Cell]]) -> int:
    """Rows written from row `first`; the number of the row after them."""
    number = first
    for number, values in enumerate(rows, start=first):
        for column, value in enumerate(values, start=1):
            if value is not None and value != "":
                sheet.cell(row=number, column=column, value=value)
    return number + 1


def sig_like() -> bytes:
    """Two title rows and a banner merged across, a blank row, the header at row 4 ("#",
    "Question", "Response", "Comments"), section rows merged across in bold, a formula, a
    drop-down on the responses and a note on a question."""
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "SIG Lite")
    sheet["A1"] = "Standardized Information Gathering (SIG) Questionnaire"
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "Confidential: for the use of Acme Corp only"
    sheet["A2"].fill = PatternFill("solid", start_color="1F4E78")
    sheet.merge_cells("A2:D2")
    put_rows(sheet, 4, [["#", "Question", "Response", "Comments"]])
    for column in "ABCD":
        sheet[f"{column}4"].font = Font(bold=True)
    number = 5
    for reference, question in SIG_QUESTIONS:
        if question is None:
            sheet.cell(row=number, column=1, value=reference).font = Font(bold=True)
            sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=4)
        else:
            put_rows(sheet, number, [[reference, question]])
            sheet.cell(row=number, column=2).alignment = Alignment(wrap_text=True)
        number += 1
    sheet["C7"] = "Yes"  # A.2 answered already
    sheet["F4"] = "=COUNTA(C5:C12)"  # the customer's own tally
    drop_down = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    drop_down.add("C5:C12")
    sheet.add_data_validation(drop_down)
    sheet["B6"].comment = Comment("Include the approval date.", "Acme Procurement")
    sheet.column_dimensions["B"].width = 80
    return saved(workbook)


def caiq_like() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "CAIQv4.0.3")
    sheet["A1"] = "Consensus Assessments Initiative Questionnaire v4.0.3"
    header = ["Control Domain", "Question ID", "Question", "Answer (Yes/No/NA)", "Notes"]
    put_rows(sheet, 3, [header, *[[*row, ""] for row in CAIQ_ROWS]])
    return saved(workbook)


def interleaved() -> bytes:
    """No section column, no answer column: bold section rows in the question column, and
    a guidance column of long text."""
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Questions")
    rows: list[list[Cell]] = [
        ["Question", "Guidance"],
        ["Governance"],
        ["Do you have a named security officer?", "Give their name and role in the company."],
        ["Describe your security organisation.", "Include an organisation chart if one exists."],
        ["Data Protection"],
        ["Is customer data encrypted at rest?", "Say which algorithms and key lengths are used."],
        ["Is customer data encrypted in transit?", "Say which TLS versions are accepted."],
        ["Do you keep backups offsite?", ""],
    ]
    put_rows(sheet, 1, rows)
    for number in (2, 5):
        sheet.cell(row=number, column=1).font = Font(bold=True)
    return saved(workbook)


def hidden_instructions(state: str = "hidden") -> bytes:
    """A hidden (or very hidden) "Instructions" sheet first, itself holding a question or
    two, a visible "Cover" without questions, the questions on the third sheet."""
    workbook = openpyxl.Workbook()
    instructions = first_sheet(workbook, "Instructions")
    put_rows(
        instructions,
        1,
        [
            ["How to fill in this questionnaire"],
            ["Step", "Question"],
            ["1", "Have you read every tab?"],
            ["2", "Did you answer every question in the Response column?"],
        ],
    )
    instructions.sheet_state = state
    cover = workbook.create_sheet("Cover")
    put_rows(
        cover,
        1,
        [
            ["Vendor Security Assessment"],
            [],
            ["Company name", ""],
            ["Completed by", ""],
            ["Date", ""],
        ],
    )
    questions = workbook.create_sheet("Assessment")
    put_rows(
        questions,
        1,
        [
            ["ID", "Category", "Question", "Vendor Response"],
            ["1", "Access", "Is MFA enforced for all remote access?", ""],
            ["2", "Access", "Are access rights reviewed quarterly?", ""],
            ["3", "Logging", "Are security logs retained for at least a year?", ""],
            ["4", "Logging", "Is log tampering detected?", ""],
        ],
    )
    questions.row_dimensions[5].hidden = True  # a question the customer hid: passed over
    return saved(workbook)


def merged_headers() -> bytes:
    """A two-row header: "Ref" and "Question" merged down over both rows, "Response" merged
    across C and D over "Yes/No" and "Comments"."""
    workbook = openpyxl.Workbook()
    sheet = first_sheet(workbook, "Security")
    sheet["A1"] = "Supplier security review 2026"
    sheet.merge_cells("A1:D1")
    sheet["A2"], sheet["B2"], sheet["C2"] = "Ref", "Question", "Response"
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:D2")
    sheet["C3"], sheet["D3"] = "Yes/No", "Comments"
    put_rows(
        sheet,
        4,
        [
            ["1.1", "Do you run vulnerability scans monthly?"],
            ["1.2", "Are penetration tests done yearly by a third party?"],
            ["1.3", "Is there a patch management policy?"],
        ],
    )
    return saved(workbook)


def csv_bytes(rows: Sequence[Sequence[str]], delimiter: str, lineterminator: str = "\r\n") -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


APOSTROPHE = "\u2019"  # the typographic one Word and Excel put in: 0x92 in Windows-1252
WINDOWS_ROWS = [
    ["Nr", "Frage", "Antwort", "Kommentar"],
    ["1", "Verschlüsselt ihr Daten während der Übertragung?", "", ""],
    ["2", f"Gibt es eine Richtlinie für die Geräte der Mitarbeiter{APOSTROPHE}innen?", "", ""],
    [
        "3",
        f"Avez-vous une stratégie de sécurité à jour pour l{APOSTROPHE}équipe?",
        "Oui",
        "Révisée en 2025",
    ],
    ["4", "Wird der Zugriff auf Produktionsdaten protokolliert?", "", ""],
]


def windows_1252_csv() -> bytes:
    """What Excel's "CSV (Trennzeichen-getrennt)" saves on a German Windows."""
    return csv_bytes(WINDOWS_ROWS, ";").encode("cp1252")


UNICODE_ROWS = [
    ["Question ID", "Question", "Answer"],
    ["Q1", "Do you process personal data of EU residents?", ""],
    ["Q2", "Is data stored in 東京 or in Zürich, or elsewhere?", ""],
    ["Q3", 'Do you use "sub-processors",\nand are they listed?', ""],
]


def unicode_text() -> bytes:
    """Excel's "Unicode Text": tab-separated UTF-16 LE with a byte order mark."""
    return b"\xff\xfe" + csv_bytes(UNICODE_ROWS, "\t").encode("utf-16-le")
