"""The answer library as CSV: exported in the columns the import reads, imported back
unchanged, matched by question however cased; a file with any problem changes nothing and
names each problem by row and column."""

import csv
import io

from tests.factories import gql, gql_upload, make_tenant

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
