"""The answer library as CSV and as XLSX: exported in the columns the import reads, imported
back unchanged, matched by question however cased; a file with any problem changes nothing
and names each problem by row and column."""

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl

from tests.factories import gql, gql_upload, make_tenant, tenant_state

CREATE = """mutation($i: CreateAnswerEntryInput!) { createAnswerEntry(input: $i) {
  entry { id } errors { code } } }"""
IMPORT = """mutation($i: ImportAnswerLibraryInput!) { importAnswerLibrary(input: $i) {
  report { created updated unchanged warnings } errors { code field message } } }"""
LIST = """{ answerLibrary { totalCount nodes { question answer tags lastReviewedOn
  owner { displayName } } } }"""


async def _import(client, token, data: bytes) -> dict:
    body = await gql_upload(client, IMPORT, {"i": {"file": None}}, "variables.i.file", data, token)
    return body["data"]["importAnswerLibrary"]


async def _export(client, token) -> bytes:
    response = await client.get("/answer-library.csv", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.content


async def test_an_export_imports_back_unchanged_formulas_and_all(client, db):
    acme = await make_tenant(db)
    for question, answer, tags in (
        ("Do you encrypt data at rest?", "Yes, AES-256.", ["crypto", "=SUM(A1)"]),
        ('=HYPERLINK("x")', "-1 incidents, of course", []),
    ):
        await gql(
            client, CREATE,
            {"i": {"question": question, "answer": answer, "tags": tags,
                   "ownerId": acme.global_id}},
            token=acme.token,
        )  # fmt: skip
    before = await gql(client, LIST, {}, token=acme.token)

    exported = await _export(client, acme.token)
    again = await _import(client, acme.token, exported)
    after = await gql(client, LIST, {}, token=acme.token)

    rows = list(csv.DictReader(io.StringIO(exported.decode())))
    assert rows[0]["question"] == '\'=HYPERLINK("x")'
    assert rows[0]["answer"] == "'-1 incidents, of course"
    assert rows[1]["tags"] == "crypto; '=sum(a1)"  # tags are kept lowercased
    assert rows[1]["owner_email"] == "admin@acme.example"
    assert again["report"] == {"created": 0, "updated": 0, "unchanged": 2, "warnings": []}
    assert after == before


async def test_rows_are_matched_by_question_however_cased(client, db):
    acme = await make_tenant(db)
    await gql(
        client, CREATE, {"i": {"question": "Do you use MFA?", "answer": "Sometimes."}},
        token=acme.token,
    )  # fmt: skip

    imported = await _import(
        client, acme.token,
        b"Question,Answer,Tags,Notes\n\"do you use mfa\",Always.,identity; mfa,x\n"
        b"Do you log admin actions?,Yes.,,\n",
    )  # fmt: skip
    listed = await gql(client, LIST, {}, token=acme.token)

    assert imported["report"] == {
        "created": 1,
        "updated": 1,
        "unchanged": 0,
        "warnings": ["Ignored columns: notes."],
    }
    by_question = {n["question"]: n for n in listed["data"]["answerLibrary"]["nodes"]}
    assert by_question["do you use mfa"]["answer"] == "Always."
    assert by_question["do you use mfa"]["tags"] == ["identity", "mfa"]


async def test_a_file_with_problems_changes_nothing_and_names_each(client, db):
    acme = await make_tenant(db)

    refused = await _import(
        client, acme.token,
        b"question,answer,owner_email,last_reviewed_on\n"
        b"Do you use MFA?,Yes.,nobody@acme.example,2026-13-01\n"
        b"Do you use SSO?,,,\n"
        b"DO YOU USE MFA,No.,,\n",
    )  # fmt: skip
    listed = await gql(client, LIST, {}, token=acme.token)
    missing = await _import(client, acme.token, b"question,tags\nx,y\n")

    assert refused["report"] is None
    assert [e["message"] for e in refused["errors"]] == [
        "row 2, owner_email: nobody@acme.example is not a member here.",
        "row 2, last_reviewed_on: expected a date as YYYY-MM-DD, got '2026-13-01'.",
        "row 3, answer: must not be empty.",
        "row 4, question: the same question is on row 2.",
    ]
    assert listed["data"]["answerLibrary"]["totalCount"] == 0
    assert missing["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The header has no answer column."}
    ]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def _import_xlsx(client, token, data: bytes, filename="library.xlsx") -> dict:
    body = await gql_upload(
        client, IMPORT, {"i": {"file": None}}, "variables.i.file", data, token,
        filename=filename, content_type=XLSX,
    )  # fmt: skip
    return body["data"]["importAnswerLibrary"]


def _workbook(*sheets: tuple[str, list[list[object]], bool]) -> bytes:
    """A workbook of (title, rows, hidden) sheets, rows from the first."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows, hidden in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = "hidden" if hidden else "visible"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_an_xlsx_export_has_the_csv_s_columns_and_imports_back_unchanged(client, db):
    acme = await make_tenant(db)
    for question, answer, tags, reviewed in (
        ("Do you encrypt data at rest?", "Yes, AES-256.", ["crypto", "=SUM(A1)"], "2026-01-31"),
        ('=HYPERLINK("x")', "'-1 incidents, of course", [], None),
    ):
        await gql(
            client, CREATE,
            {"i": {"question": question, "answer": answer, "tags": tags,
                   "ownerId": acme.global_id, "lastReviewedOn": reviewed}},
            token=acme.token,
        )  # fmt: skip
    before = await gql(client, LIST, {}, token=acme.token)

    response = await client.get(
        "/answer-library.xlsx", headers={"Authorization": f"Bearer {acme.token}"}
    )
    again = await _import_xlsx(client, acme.token, response.content)
    after = await gql(client, LIST, {}, token=acme.token)

    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="answer-library-'
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Answer library" and sheet.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows[0]
    csv_header = next(csv.reader(io.StringIO((await _export(client, acme.token)).decode())))
    assert header == csv_header
    assert all(cell.font.b for cell in sheet[1])
    assert rows[1][:3] == ['=HYPERLINK("x")', "'-1 incidents, of course", None]
    assert sheet["A2"].data_type == "s"  # text, never a formula
    assert rows[2][2:] == ["crypto; =sum(a1)", "admin@acme.example", "2026-01-31"]
    assert again["report"] == {"created": 0, "updated": 0, "unchanged": 2, "warnings": []}
    assert after == before


async def test_a_workbook_s_first_visible_sheet_is_read_and_its_rows_named_as_excel_numbers_them(
    client, db
):
    acme = await make_tenant(db)
    header = ["Question", "Answer", "Owner email", "Last reviewed on"]
    notes = ("Notes", [["question", "answer"], ["Hidden?", "Never read."]], True)

    refused = await _import_xlsx(
        client, acme.token,
        _workbook(notes, ("Library", [
            header,
            ["Do you use MFA?", "Yes.", None, datetime(2026, 3, 1)],
            [],
            ["Do you use SSO?", "Yes.", "nobody@acme.example", "2026-02-30"],
        ], False)),
    )  # fmt: skip
    nothing = await gql(client, LIST, {}, token=acme.token)
    imported = await _import_xlsx(
        client, acme.token,
        _workbook(notes, ("Library", [
            header,
            ["Do you use MFA?", "Yes.", "admin@acme.example", date(2026, 3, 1)],
            [None, None, None, None],
            ["Do you use SSO?", "Yes.", None, "2026-02-28"],
        ], False)),
    )  # fmt: skip
    listed = await gql(client, LIST, {}, token=acme.token)

    assert [e["message"] for e in refused["errors"]] == [
        "row 4, owner_email: nobody@acme.example is not a member here.",
        "row 4, last_reviewed_on: expected a date as YYYY-MM-DD, got '2026-02-30'.",
    ]
    assert nothing["data"]["answerLibrary"]["totalCount"] == 0
    assert imported["report"] == {"created": 2, "updated": 0, "unchanged": 0, "warnings": []}
    assert [(n["question"], n["lastReviewedOn"], n["owner"]) for n in listed["data"]["answerLibrary"]["nodes"]] == [
        ("Do you use MFA?", "2026-03-01", {"displayName": "admin"}),
        ("Do you use SSO?", "2026-02-28", None),
    ]  # fmt: skip


def _zip_bomb() -> bytes:
    """A small zip that says it unpacks past the guard's 50 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (51 * 1024 * 1024))
    return out.getvalue()


async def test_a_file_named_xlsx_that_is_no_workbook_within_the_limits_is_refused(client, db):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    not_a_zip = await _import_xlsx(client, acme.token, b"question,answer\nQ?,A.\n")
    bomb = await _import_xlsx(client, acme.token, _zip_bomb())
    old_excel = await _import_xlsx(client, acme.token, b"\xd0\xcf\x11\xe0", "library.xls")

    assert [e["message"] for e in not_a_zip["errors"]] == [
        "This is not an Excel workbook: save it as .xlsx (Excel Workbook)."
    ]
    assert [e["message"] for e in bomb["errors"]] == [
        "The workbook unpacks to more than 50 MB or more than 1,000 parts."
    ]
    assert [e["message"] for e in old_excel["errors"]] == [
        "This is an Excel 97-2003 workbook: save it as .xlsx (Excel Workbook) or .csv."
    ]
    assert {e["field"][0] for e in not_a_zip["errors"] + bomb["errors"]} == {"file"}
    assert await tenant_state(db, acme.tenant_id) == before
