"""A customer's questionnaire through the API: previewed, imported from files shaped as
customers send them (with the layout guessed or corrected), answered (suggested, accepted,
written, saved to the library), and downloaded back in the customer's own file."""

import csv
import io
import uuid

import openpyxl
import pytest

from domain.shared.roles import Role
from tests.domain.diligence import sheet_files
from tests.factories import global_id, gql, gql_upload, make_member, make_tenant

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW = """mutation($i: PreviewCustomerQuestionnaireInput!) {
  previewCustomerQuestionnaire(input: $i) {
    preview { format encoding delimiter chosenSheet
      sheets { name hidden headerRow questionCount reasons
        layout { sheet headerRow questionColumn sectionColumn answerColumn referenceColumn }
        columns { index letter header role samples } } }
    errors { code field message } } }"""
IMPORT = """mutation($i: ImportCustomerQuestionnaireInput!) {
  importCustomerQuestionnaire(input: $i) {
    questionnaire { id customer title filename format answeredFileUrl fileUrl
      layout { sheet headerRow questionColumn answerColumn sectionColumn referenceColumn }
      progress { total unanswered suggested accepted edited donePercent }
      importedBy { user { email } }
      questions(first: 100) { nodes { id position row section reference text answer status
        source libraryEntry { question } } } }
    errors { code field message } } }"""
LIST = "{ customerQuestionnaires { totalCount nodes { customer title } } }"
CREATE_ENTRY = """mutation($i: CreateAnswerEntryInput!) { createAnswerEntry(input: $i) {
  entry { id } errors { code } } }"""
ANSWER = """mutation($i: AnswerCustomerQuestionInput!) { answerCustomerQuestion(input: $i) {
  question { status answer source answeredBy { user { email } } answeredAt libraryEntry { question answer } }
  errors { code field message } } }"""
ACCEPT = """mutation($i: AcceptSuggestedAnswersInput!) { acceptSuggestedAnswers(input: $i) {
  questions { status answeredBy { user { email } } } errors { code field message } } }"""
USE = """mutation($i: UseSuggestedAnswerInput!) { useSuggestedAnswer(input: $i) {
  question { status answer source libraryEntry { question answer } }
  errors { code field message } } }"""
QUESTIONS = """query($id: ID!) { customerQuestionnaire(id: $id) {
  progress { total unanswered suggested accepted edited donePercent }
  questions(first: 100) { nodes { id text status answer source } } } }"""


async def _import(client, token, data: bytes, filename: str, **fields) -> dict:
    variables = {"i": {"file": None, "customer": "Initech", **fields}}
    body = await gql_upload(
        client, IMPORT, variables, "variables.i.file", data, token, filename=filename,
        content_type=XLSX if filename.endswith(".xlsx") else "text/csv",
    )  # fmt: skip
    assert body.get("data"), body
    return body["data"]["importCustomerQuestionnaire"]


async def _answered(client, token, url: str) -> bytes:
    response = await client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.content


def _by_text(questionnaire: dict) -> dict[str, dict]:
    return {q["text"]: q for q in questionnaire["questions"]["nodes"]}


async def test_a_sig_like_workbook_imports_with_the_guessed_layout_and_prefilled_answers(
    client, db
):
    acme = await make_tenant(db)
    await gql(
        client, CREATE_ENTRY,
        {"i": {"question": "ARE RISKS REVIEWED AT LEAST ANNUALLY", "answer": "Yes, each March."}},
        token=acme.token,
    )  # fmt: skip

    imported = await _import(client, acme.token, sheet_files.sig_like(), "SIG Lite 2026.xlsx")

    assert imported["errors"] == []
    questionnaire = imported["questionnaire"]
    assert questionnaire["title"] == "SIG Lite 2026.xlsx"
    assert questionnaire["format"] == "XLSX"
    assert questionnaire["importedBy"] == {"user": {"email": "admin@acme.example"}}
    assert questionnaire["layout"] == {
        "sheet": "SIG Lite", "headerRow": 4, "questionColumn": 1, "answerColumn": 2,
        "sectionColumn": None, "referenceColumn": 0,
    }  # fmt: skip
    questions = questionnaire["questions"]["nodes"]
    assert [q["reference"] for q in questions] == ["A.1", "A.2", "A.3", "B.1", "B.2", "B.3"]
    assert questions[0]["section"] == "A. Risk Assessment and Treatment"
    assert questions[0]["row"] == 6
    by_text = _by_text(questionnaire)
    held = by_text["Does the risk assessment program include a formal risk treatment plan?"]
    assert (held["status"], held["answer"], held["source"]) == ("SUGGESTED", "Yes", "FILE")
    known = by_text["Are risks reviewed at least annually?"]
    assert (known["status"], known["answer"], known["source"]) == (
        "SUGGESTED", "Yes, each March.", "LIBRARY",
    )  # fmt: skip
    assert known["libraryEntry"] == {"question": "ARE RISKS REVIEWED AT LEAST ANNUALLY"}
    assert questionnaire["progress"] == {
        "total": 6, "unanswered": 4, "suggested": 2, "accepted": 0, "edited": 0,
        "donePercent": 0,
    }  # fmt: skip


async def test_the_preview_guesses_and_a_corrected_layout_reads_a_hidden_sheet(client, db):
    acme = await make_tenant(db)
    data = sheet_files.hidden_instructions()

    body = await gql_upload(
        client, PREVIEW, {"i": {"file": None}}, "variables.i.file", data, acme.token,
        filename="assessment.xlsx", content_type=XLSX,
    )  # fmt: skip
    preview = body["data"]["previewCustomerQuestionnaire"]["preview"]
    assert preview["chosenSheet"] == "Assessment"
    sheets = {s["name"]: s for s in preview["sheets"]}
    assert sheets["Instructions"]["hidden"] is True
    assert sheets["Assessment"]["questionCount"] == 3  # the hidden row is passed over
    layout = sheets["Instructions"]["layout"]
    assert layout is not None
    listed = await gql(client, LIST, {}, token=acme.token)
    assert listed["data"]["customerQuestionnaires"]["totalCount"] == 0  # nothing kept

    imported = await _import(
        client, acme.token, data, "assessment.xlsx", layout=layout, title="Instructions only"
    )

    assert imported["errors"] == []
    texts = [q["text"] for q in imported["questionnaire"]["questions"]["nodes"]]
    assert texts == [
        "Have you read every tab?",
        "Did you answer every question in the Response column?",
    ]


@pytest.mark.parametrize(
    ("make", "filename", "count", "first"),
    [
        (sheet_files.merged_headers, "supplier.xlsx", 3, "Do you run vulnerability scans monthly?"),
        (sheet_files.caiq_like, "caiq.xlsx", 6, "Are audit and assurance policies established?"),
        (sheet_files.windows_1252_csv, "fragen.csv", 4,
         "Verschlüsselt ihr Daten während der Übertragung?"),
        (sheet_files.unicode_text, "export.txt", 3,
         "Do you process personal data of EU residents?"),
    ],
)  # fmt: skip
async def test_files_of_other_shapes_import_with_their_questions(
    client, db, make, filename, count, first
):
    acme = await make_tenant(db)

    imported = await _import(client, acme.token, make(), filename)

    assert imported["errors"] == []
    questions = imported["questionnaire"]["questions"]["nodes"]
    assert len(questions) == count
    assert questions[0]["text"] == first


async def test_the_answered_file_is_the_customers_own_with_accepted_and_written_answers(client, db):
    acme = await make_tenant(db)
    await gql(
        client, CREATE_ENTRY,
        {"i": {"question": "Are risks reviewed at least annually?", "answer": "Yes, each March."}},
        token=acme.token,
    )  # fmt: skip
    imported = await _import(client, acme.token, sheet_files.sig_like(), "sig.xlsx")
    questionnaire = imported["questionnaire"]
    by_text = _by_text(questionnaire)
    accepted = by_text["Are risks reviewed at least annually?"]
    written = by_text["Is there an information security policy approved by management?"]

    accept = await gql(client, ACCEPT, {"i": {"questionIds": [accepted["id"]]}}, token=acme.token)
    answer = await gql(
        client, ANSWER, {"i": {"questionId": written["id"], "answer": "Yes, by the board."}},
        token=acme.token,
    )  # fmt: skip
    assert accept["data"]["acceptSuggestedAnswers"]["questions"] == [
        {"status": "ACCEPTED", "answeredBy": {"user": {"email": "admin@acme.example"}}}
    ]
    assert answer["data"]["answerCustomerQuestion"]["question"]["status"] == "EDITED"

    data = await _answered(client, acme.token, questionnaire["answeredFileUrl"])

    sheet = openpyxl.load_workbook(io.BytesIO(data))["SIG Lite"]
    assert sheet["C8"].value == "Yes, each March."  # A.3, accepted
    assert sheet["C10"].value == "Yes, by the board."  # B.1, written
    assert sheet["C7"].value is None  # A.2: the file's own "Yes", never accepted: not sent
    assert sheet["C6"].value is None  # A.1: unanswered
    assert sheet["F4"].value == "=COUNTA(C5:C12)"  # the customer's formula kept
    assert "A1:D1" in {str(r) for r in sheet.merged_cells.ranges}
    original = openpyxl.load_workbook(
        io.BytesIO(await _answered(client, acme.token, questionnaire["fileUrl"]))
    )["SIG Lite"]
    assert original["C8"].value is None  # the file as it came


async def test_a_windows_1252_csv_goes_back_in_its_encoding_and_delimiter(client, db):
    acme = await make_tenant(db)
    imported = await _import(client, acme.token, sheet_files.windows_1252_csv(), "fragen.csv")
    questionnaire = imported["questionnaire"]
    first = questionnaire["questions"]["nodes"][0]
    await gql(
        client, ANSWER, {"i": {"questionId": first["id"], "answer": "Ja, über TLS 1.2+."}},
        token=acme.token,
    )  # fmt: skip

    data = await _answered(client, acme.token, questionnaire["answeredFileUrl"])

    rows = list(csv.reader(io.StringIO(data.decode("cp1252")), delimiter=";"))
    assert rows[0] == ["Nr", "Frage", "Antwort", "Kommentar"]
    assert rows[1][2] == "Ja, über TLS 1.2+."
    assert rows[3][2] == ""  # the file's own "Oui", never accepted: not sent
    assert rows[3][3] == "Révisée en 2025"  # the customer's other columns as they were


async def test_accepting_is_all_or_nothing_and_saving_to_the_library_updates_its_entry(client, db):
    acme = await make_tenant(db)
    await gql(
        client, CREATE_ENTRY,
        {"i": {"question": "Are risks reviewed at least annually?", "answer": "Yes."}},
        token=acme.token,
    )  # fmt: skip
    imported = await _import(client, acme.token, sheet_files.sig_like(), "sig.xlsx")
    questionnaire = imported["questionnaire"]
    by_text = _by_text(questionnaire)
    suggested = by_text["Are risks reviewed at least annually?"]
    bare = by_text["Has the policy been reviewed in the last 12 months?"]

    refused = await gql(
        client, ACCEPT, {"i": {"questionIds": [suggested["id"], bare["id"]]}}, token=acme.token
    )
    [error] = refused["data"]["acceptSuggestedAnswers"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["questionIds"])
    assert "question 6" in error["message"]
    after = await gql(client, QUESTIONS, {"id": questionnaire["id"]}, token=acme.token)
    assert after["data"]["customerQuestionnaire"]["progress"]["accepted"] == 0

    edited = await gql(
        client, ANSWER,
        {"i": {"questionId": suggested["id"], "answer": "Yes, each March.", "saveToLibrary": True}},
        token=acme.token,
    )  # fmt: skip
    question = edited["data"]["answerCustomerQuestion"]["question"]
    assert question["libraryEntry"] == {
        "question": "Are risks reviewed at least annually?", "answer": "Yes, each March.",
    }  # fmt: skip
    saved = await gql(
        client, ANSWER,
        {"i": {"questionId": bare["id"], "answer": "Yes, in May.", "saveToLibrary": True}},
        token=acme.token,
    )  # fmt: skip
    assert saved["data"]["answerCustomerQuestion"]["question"]["libraryEntry"] == {
        "question": "Has the policy been reviewed in the last 12 months?", "answer": "Yes, in May.",
    }  # fmt: skip
    library = await gql(client, "{ answerLibrary { totalCount } }", {}, token=acme.token)
    assert library["data"]["answerLibrary"]["totalCount"] == 2


async def test_a_file_that_cannot_be_read_or_a_layout_that_does_not_fit_keeps_nothing(client, db):
    acme = await make_tenant(db)

    pdf = await _import(client, acme.token, b"%PDF-1.7\n...", "questions.xlsx")
    wrong = await _import(
        client, acme.token, sheet_files.caiq_like(), "caiq.xlsx",
        layout={"sheet": "CAIQv4.0.3", "headerRow": 3, "questionColumn": 40},
    )  # fmt: skip
    blank = await _import(client, acme.token, sheet_files.caiq_like(), "caiq.xlsx", customer=" ")
    big = await _import(client, acme.token, b"a" * (10 * 1024 * 1024 + 1), "big.csv")
    named = await _import(
        client, acme.token, sheet_files.windows_1252_csv(), "fragen.csv",
        layout={"sheet": "x" * 256, "headerRow": 1, "questionColumn": 1},
    )  # fmt: skip

    assert [e["field"] for e in pdf["errors"]] == [["file"]]
    assert pdf["errors"][0]["code"] == "INVALID"
    assert [(e["code"], e["field"]) for e in wrong["errors"]] == [
        ("INVALID", ["layout", "questionColumn"])
    ]
    assert [(e["code"], e["field"]) for e in blank["errors"]] == [("INVALID", ["customer"])]
    assert [(e["code"], e["field"]) for e in big["errors"]] == [("TOO_LARGE", ["file"])]
    assert [(e["code"], e["field"]) for e in named["errors"]] == [("INVALID", ["layout", "sheet"])]
    listed = await gql(client, LIST, {}, token=acme.token)
    assert listed["data"]["customerQuestionnaires"]["totalCount"] == 0


async def test_members_read_but_only_reviewers_and_admins_import_and_answer(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)
    imported = await _import(client, acme.token, sheet_files.caiq_like(), "caiq.xlsx")
    questionnaire = imported["questionnaire"]
    question = questionnaire["questions"]["nodes"][0]

    refused = await gql_upload(
        client, IMPORT, {"i": {"file": None, "customer": "Initech"}}, "variables.i.file",
        sheet_files.caiq_like(), viewer.token, filename="caiq.xlsx", content_type=XLSX,
    )  # fmt: skip
    answer = await gql(
        client, ANSWER, {"i": {"questionId": question["id"], "answer": "No."}}, token=viewer.token
    )
    read = await gql(client, QUESTIONS, {"id": questionnaire["id"]}, token=viewer.token)

    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert [e["extensions"]["code"] for e in answer["errors"]] == ["FORBIDDEN"]
    assert read["data"]["customerQuestionnaire"]["progress"]["total"] == 6
    file = await _answered(client, viewer.token, questionnaire["answeredFileUrl"])
    assert file[:2] == b"PK"


async def test_another_tenants_questionnaire_is_as_missing_as_none(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "admin@globex.example")
    imported = await _import(client, acme.token, sheet_files.caiq_like(), "caiq.xlsx")
    questionnaire = imported["questionnaire"]
    question = questionnaire["questions"]["nodes"][0]

    read = await gql(client, QUESTIONS, {"id": questionnaire["id"]}, token=globex.token)
    answer = await gql(
        client, ANSWER, {"i": {"questionId": question["id"], "answer": "x"}}, token=globex.token
    )
    headers = {"Authorization": f"Bearer {globex.token}"}
    answered = await client.get(questionnaire["answeredFileUrl"], headers=headers)
    nobody = global_id("CustomerQuestionnaire", uuid.uuid4())
    missing = await client.get(f"/customer-questionnaires/{nobody}/answered", headers=headers)

    assert read["data"]["customerQuestionnaire"] is None
    assert answer["data"]["answerCustomerQuestion"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["questionId"], "message": "Question not found."}
    ]
    assert answered.status_code == missing.status_code == 404
    assert answered.json() == missing.json()


async def test_accepting_an_answer_the_library_has_since_changed_never_writes_it_back(client, db):
    acme = await make_tenant(db)
    created = await gql(
        client, CREATE_ENTRY,
        {"i": {"question": "Are risks reviewed at least annually?", "answer": "v1: yearly."}},
        token=acme.token,
    )  # fmt: skip
    entry_id = created["data"]["createAnswerEntry"]["entry"]["id"]
    imported = await _import(client, acme.token, sheet_files.sig_like(), "sig.xlsx")
    question = _by_text(imported["questionnaire"])["Are risks reviewed at least annually?"]
    await gql(
        client,
        "mutation($i: UpdateAnswerEntryInput!) { updateAnswerEntry(input: $i) { errors { code } } }",
        {"i": {"entryId": entry_id, "answer": "v2: every quarter."}},
        token=acme.token,
    )

    refused = await gql(
        client, ACCEPT, {"i": {"questionIds": [question["id"]], "saveToLibrary": True}},
        token=acme.token,
    )  # fmt: skip

    [error] = refused["data"]["acceptSuggestedAnswers"]["errors"]
    assert (error["code"], error["field"]) == ("CONFLICT", ["saveToLibrary"])
    library = await gql(client, "{ answerLibrary { nodes { answer } } }", {}, token=acme.token)
    assert library["data"]["answerLibrary"]["nodes"] == [{"answer": "v2: every quarter."}]
    after = await gql(client, QUESTIONS, {"id": imported["questionnaire"]["id"]}, token=acme.token)
    assert after["data"]["customerQuestionnaire"]["progress"]["accepted"] == 0


async def test_a_member_removed_no_longer_owns_a_questionnaire(client, db):
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)
    imported = await _import(
        client, acme.token, sheet_files.caiq_like(), "caiq.xlsx", ownerId=bob.global_id
    )
    mine = "query($f: CustomerQuestionnaireFilter) { customerQuestionnaires(filter: $f) { totalCount } }"
    before = await gql(client, mine, {"f": {"ownerId": bob.global_id}}, token=acme.token)

    await gql(
        client,
        "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }",
        {"i": {"memberId": bob.global_id}},
        token=acme.token,
    )

    after = await gql(client, mine, {"f": {"ownerId": bob.global_id}}, token=acme.token)
    assert before["data"]["customerQuestionnaires"]["totalCount"] == 1
    assert after["data"]["customerQuestionnaires"]["totalCount"] == 0
    owner = await gql(
        client, "query($id: ID!) { customerQuestionnaire(id: $id) { owner { id } } }",
        {"id": imported["questionnaire"]["id"]}, token=acme.token,
    )  # fmt: skip
    assert owner["data"]["customerQuestionnaire"]["owner"] is None
