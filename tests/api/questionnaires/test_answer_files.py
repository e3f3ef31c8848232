"""A questionnaire answered in Excel, for a vendor who will not use its link: a member
downloads the workbook, the vendor fills it in, the member imports it. The answers are the
vendor's, as through the link; submitting keeps the score and raises the findings, missing
answers included; a bad file changes nothing; another tenant's questionnaire looks missing."""

import datetime as dt
import io
import uuid
from typing import Any

import openpyxl
from sqlalchemy import text

from domain.shared.roles import Role
from tests.factories import (
    global_id,
    gql,
    gql_upload,
    make_contact,
    make_member,
    make_template,
    make_tenant,
    make_vendor,
    tenant_state,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _question(key: str, type_: str, required: bool = True, **more: Any) -> dict:
    return {
        "key": key,
        "text": f"{key}?",
        "type": type_,
        "required": required,
        "help": None,
        "choices": [],
        "condition": None,
        "criteria": [],
        "domain": None,
        **more,
    }


def _choice(value: str, weight: int, red_flag: bool = False) -> dict:
    return {"value": value, "label": value.title(), "weight": weight, "redFlag": red_flag}


TEMPLATE = {
    "name": "Supplier check",
    "description": "",
    "sections": [
        {
            "title": "Access",
            "questions": [
                _question("mfa", "YES_NO", choices=[_choice("YES", 10), _choice("NO", 0, True)]),
                _question(
                    "factors",
                    "MULTIPLE_CHOICE",
                    choices=[_choice("TOTP", 5), _choice("KEY", 5), _choice("SMS", 0, True)],
                    condition={"key": "mfa", "anyOf": ["YES"]},
                ),
                _question(
                    "review",
                    "SINGLE_CHOICE",
                    choices=[_choice("QUARTERLY", 5), _choice("NEVER", 0)],
                ),
            ],
        },
        {
            "title": "Operations",
            "questions": [
                _question("staff", "NUMBER"),
                _question("last_test", "DATE"),
                _question("notes", "TEXT", required=False),
                _question("policy", "FILE", required=False),
            ],
        },
    ],
}

SEND = """mutation($i: SendQuestionnaireInput!) { sendQuestionnaire(input: $i) {
  questionnaire { id } errors { code field message } } }"""
IMPORT = """mutation($i: ImportQuestionnaireAnswersInput!) { importQuestionnaireAnswers(input: $i) {
  questionnaire { id status score } errors { code field message } } }"""
VIEW = """query($id: ID!) { questionnaire(id: $id) { status score submittedAt
  items { question { key } reviewStatus answer { source choices text number date } }
  messages { questionKey author body member { id } } } }"""
REVIEW = """mutation($i: ReviewQuestionnaireAnswerInput!) { reviewQuestionnaireAnswer(input: $i) {
  errors { code } } }"""
RETURN = """mutation($i: ReturnQuestionnaireInput!) { returnQuestionnaire(input: $i) {
  errors { code } } }"""


async def _sent(client, db, owner, vendor_name: str = "Supplier Inc") -> str:
    vendor = await make_vendor(db, owner, vendor_name)
    contact = await make_contact(db, owner, vendor.id)
    template = await make_template(db, owner, TEMPLATE)
    return await _send(client, owner, vendor.id, template.id, contact.id)


async def _send(client, owner, vendor_id, template_id, contact_id) -> str:
    variables = {
        "vendorId": global_id("Vendor", vendor_id),
        "templateId": global_id("QuestionnaireTemplate", template_id),
        "contactId": global_id("VendorContact", contact_id),
        "dueDate": (dt.date.today() + dt.timedelta(days=14)).isoformat(),
    }
    body = await gql(client, SEND, {"i": variables}, token=owner.token)
    assert body["data"]["sendQuestionnaire"]["errors"] == [], body
    return body["data"]["sendQuestionnaire"]["questionnaire"]["id"]


async def _download(client, member, questionnaire_id: str):
    return await client.get(
        f"/questionnaires/{questionnaire_id}.xlsx",
        headers={"Authorization": f"Bearer {member.token}"},
    )


async def _import(client, member, questionnaire_id: str, content: bytes, **more: Any) -> dict:
    return await gql_upload(
        client,
        IMPORT,
        {"i": {"questionnaireId": questionnaire_id, "file": None, **more}},
        "variables.i.file",
        content,
        member.token,
        filename="answers.xlsx",
        content_type=XLSX,
    )


def _filled(content: bytes, cells: dict[str, dict[str, Any]]) -> bytes:
    """The workbook with the vendor's cells written: {key: {column: value}}."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook["Answers"]
    header = [cell.value for cell in sheet[1]]
    for number in range(2, sheet.max_row + 1):
        key = sheet.cell(number, 1).value
        for name, value in cells.get(key, {}).items():
            sheet.cell(number, header.index(name) + 1).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def _view(client, member, questionnaire_id: str) -> dict:
    body = await gql(client, VIEW, {"id": questionnaire_id}, token=member.token)
    return body["data"]["questionnaire"]


async def _rows(db, sql: str, tenant_id) -> list[Any]:
    async with db.owner_transaction() as session:
        return list((await session.execute(text(sql), {"t": tenant_id})).all())


async def test_a_workbook_the_vendor_filled_in_is_saved_as_its_answers_and_submitted(client, db):
    acme = await make_tenant(db)
    qid = await _sent(client, db, acme)

    download = await _download(client, acme, qid)
    filled = _filled(
        download.content,
        {
            "mfa": {"answer": "YES", "comment": "For every admin since March."},
            "factors": {"answer": "TOTP; SMS"},
            "staff": {"answer": 42},
            "last_test": {"answer": dt.datetime(2026, 10, 1)},
            "notes": {"answer": "Tested by Cure53."},
            # `review` is required and left unanswered
        },
    )
    imported = await _import(client, acme, qid, filled)

    assert download.status_code == 200
    assert download.headers["content-type"] == XLSX
    assert download.headers["content-disposition"] == (
        'attachment; filename="supplier-inc-supplier-check-answers.xlsx"'
    )
    assert imported["data"]["importQuestionnaireAnswers"] == {
        # mfa 10 of 10, factors 5 of 10, review 0 of 5
        "questionnaire": {"id": qid, "status": "SUBMITTED", "score": 60},
        "errors": [],
    }
    view = await _view(client, acme, qid)
    assert view["submittedAt"] is not None
    answers = {i["question"]["key"]: i["answer"] for i in view["items"]}
    assert answers["mfa"] == {
        "source": "VENDOR",
        "choices": ["YES"],
        "text": None,
        "number": None,
        "date": None,
    }
    assert answers["factors"]["choices"] == ["TOTP", "SMS"]
    assert (answers["staff"]["number"], answers["last_test"]["date"]) == ("42", "2026-10-01")
    assert answers["notes"]["text"] == "Tested by Cure53."
    assert answers["review"] is None and answers["policy"] is None
    assert view["messages"] == [
        {
            "questionKey": "mfa",
            "author": "VENDOR",
            "body": "For every admin since March.",
            "member": None,
        }
    ]
    findings = await _rows(
        db,
        "SELECT severity, title FROM findings WHERE tenant_id = :t ORDER BY severity",
        acme.tenant_id,
    )
    assert [(f.severity, f.title.split(":")[0]) for f in findings] == [
        ("HIGH", "Red-flag answer in Supplier check"),
        ("MEDIUM", "Unanswered in Supplier check"),
    ]
    events = await _rows(
        db,
        "SELECT type FROM outbox_events WHERE tenant_id = :t ORDER BY occurred_at",
        acme.tenant_id,
    )
    assert [e.type for e in events] == ["questionnaire.sent", "questionnaire.submitted"]
    [audited] = await _rows(
        db,
        "SELECT changes FROM audit_events WHERE tenant_id = :t "
        "AND action = 'questionnaire.answers_imported'",
        acme.tenant_id,
    )
    assert audited.changes["questions"]["after"] == [
        "mfa",
        "factors",
        "staff",
        "last_test",
        "notes",
    ]


async def test_a_draft_is_kept_and_the_next_download_holds_it(client, db):
    acme = await make_tenant(db)
    qid = await _sent(client, db, acme)
    first = await _download(client, acme, qid)

    draft = await _import(
        client, acme, qid, _filled(first.content, {"staff": {"answer": 12}}), submit=False
    )
    # the first file again would undo the draft: refused, nothing changed
    stale = await _import(
        client, acme, qid, _filled(first.content, {"mfa": {"answer": "no"}}), submit=False
    )
    second = await _download(client, acme, qid)
    # an empty cell gives no answer: the draft's stays
    again = await _import(
        client, acme, qid, _filled(second.content, {"mfa": {"answer": "no"}}), submit=False
    )
    third = await _download(client, acme, qid)

    assert draft["data"]["importQuestionnaireAnswers"]["questionnaire"]["status"] == "IN_PROGRESS"
    [refused] = stale["data"]["importQuestionnaireAnswers"]["errors"]
    assert refused["message"].startswith(
        "Questionnaire row 4, answers_as_of: the questionnaire's answers changed after this "
        "workbook was made"
    )
    assert again["data"]["importQuestionnaireAnswers"]["errors"] == []
    sheet = openpyxl.load_workbook(io.BytesIO(third.content))["Answers"]
    answered = {row[0]: row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert (answered["staff"], answered["mfa"]) == (12, "NO")


COMPLETE = """mutation($i: QuestionnaireIdInput!) { completeQuestionnaire(input: $i) {
  errors { code } } }"""


async def test_last_time_s_answers_are_confirmed_by_the_file_that_keeps_them(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    contact = await make_contact(db, acme, vendor.id)
    template = await make_template(db, acme, TEMPLATE)
    last_year = await _send(client, acme, vendor.id, template.id, contact.id)
    blank = (await _download(client, acme, last_year)).content
    await _import(client, acme, last_year, _filled(blank, {"staff": {"answer": 40}}))
    await gql(client, COMPLETE, {"i": {"questionnaireId": last_year}}, token=acme.token)
    this_year = await _send(client, acme, vendor.id, template.id, contact.id)

    carried = (await _download(client, acme, this_year)).content
    kept = await _import(client, acme, this_year, carried, submit=False)

    sheet = openpyxl.load_workbook(io.BytesIO(carried))["Answers"]
    staff = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "staff")
    assert (staff[7], "last time" in staff[9]) == (40, True)
    assert kept["data"]["importQuestionnaireAnswers"]["errors"] == []
    items = (await _view(client, acme, this_year))["items"]
    answer = next(i["answer"] for i in items if i["question"]["key"] == "staff")
    assert (answer["source"], answer["number"]) == ("VENDOR", "40")


async def test_a_returned_questionnaire_is_answered_again_by_file_and_then_closed_to_it(client, db):
    acme = await make_tenant(db)
    qid = await _sent(client, db, acme)
    blank = (await _download(client, acme, qid)).content
    await _import(client, acme, qid, _filled(blank, {"mfa": {"answer": "NO"}}))
    needs = {
        "questionnaireId": qid,
        "questionKey": "mfa",
        "status": "NEEDS_INFO",
        "comment": "When will MFA be enforced?",
    }
    await gql(client, REVIEW, {"i": needs}, token=acme.token)
    await gql(client, RETURN, {"i": {"questionnaireId": qid, "note": "See MFA."}}, token=acme.token)

    returned = (await _download(client, acme, qid)).content
    note = openpyxl.load_workbook(io.BytesIO(returned))["Answers"]["J2"].value
    answered = await _import(client, acme, qid, _filled(returned, {"mfa": {"answer": "YES"}}))
    closed = await _import(client, acme, qid, returned)

    assert "asked for more" in note
    assert answered["data"]["importQuestionnaireAnswers"]["questionnaire"]["status"] == "SUBMITTED"
    mfa = next(
        i for i in (await _view(client, acme, qid))["items"] if i["question"]["key"] == "mfa"
    )
    assert (mfa["reviewStatus"], mfa["answer"]["choices"]) == ("PENDING", ["YES"])
    assert closed["data"]["importQuestionnaireAnswers"] == {
        "questionnaire": None,
        "errors": [
            {
                "code": "CONFLICT",
                "field": ["questionnaireId"],
                "message": "The questionnaire is SUBMITTED: it can no longer be changed.",
            }
        ],
    }


async def test_a_bad_file_is_refused_with_every_problem_and_changes_nothing(client, db):
    acme = await make_tenant(db)
    qid = await _sent(client, db, acme)
    other = await _sent(client, db, acme, "Another Inc")
    blank = (await _download(client, acme, qid)).content
    others = (await _download(client, acme, other)).content
    wrong = _filled(blank, {"mfa": {"answer": "MAYBE"}, "staff": {"answer": "many"}})
    before = await tenant_state(db, acme.tenant_id)

    not_xlsx = await _import(client, acme, qid, b"key,answer\nmfa,YES\n")
    not_fitting = await _import(client, acme, qid, wrong)
    another = await _import(client, acme, qid, _filled(others, {"mfa": {"answer": "YES"}}))
    too_large = await _import(client, acme, qid, b"0" * (5 * 1024 * 1024 + 1))

    assert await tenant_state(db, acme.tenant_id) == before
    refused = [
        r["data"]["importQuestionnaireAnswers"] for r in (not_xlsx, not_fitting, another, too_large)
    ]
    assert all(r["questionnaire"] is None for r in refused)
    assert [[(e["code"], e["field"]) for e in r["errors"]] for r in refused] == [
        [("INVALID", ["file"])],
        [("INVALID", ["file"]), ("INVALID", ["file"])],
        [("INVALID", ["file"])],
        [("TOO_LARGE", ["file"])],
    ]
    assert [e["message"] for e in refused[1]["errors"]] == [
        "Answers row 2, answer: 'MAYBE' is not a choice here; the choices are YES, NO",
        'Answers row 5, answer: "many" is not a number: write it as 1500 or 99.5',
    ]
    assert refused[2]["errors"][0]["message"].startswith(
        "Questionnaire row 1, questionnaire: this workbook answers another questionnaire"
    )


async def test_another_tenant_s_questionnaire_looks_missing_to_download_and_import(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    qid = await _sent(client, db, acme)
    content = (await _download(client, acme, qid)).content
    nowhere = global_id("Questionnaire", uuid.uuid4())
    before = await tenant_state(db, acme.tenant_id)

    foreign = await _download(client, globex, qid)
    missing = await _download(client, globex, nowhere)
    foreign_import = await _import(client, globex, qid, content)
    missing_import = await _import(client, globex, nowhere, content)

    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert foreign_import == missing_import
    assert foreign_import["data"]["importQuestionnaireAnswers"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["questionnaireId"], "message": "Questionnaire not found."}
    ]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_viewer_downloads_the_workbook_but_may_not_import_it(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)
    qid = await _sent(client, db, acme)
    download = await _download(client, viewer, qid)
    before = await tenant_state(db, acme.tenant_id)

    refused = await _import(
        client, viewer, qid, _filled(download.content, {"mfa": {"answer": "YES"}})
    )

    assert download.status_code == 200
    assert refused["data"] is None
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_comment_brought_again_in_the_next_file_is_not_repeated(client, db):
    acme = await make_tenant(db)
    qid = await _sent(client, db, acme)
    comment = {"staff": {"answer": 12, "comment": "Contractors included."}}

    first = await _import(
        client, acme, qid, _filled((await _download(client, acme, qid)).content, comment),
        submit=False,
    )  # fmt: skip
    second = await _import(
        client, acme, qid, _filled((await _download(client, acme, qid)).content, comment),
        submit=False,
    )  # fmt: skip

    assert first["data"]["importQuestionnaireAnswers"]["errors"] == []
    assert second["data"]["importQuestionnaireAnswers"]["errors"] == []
    messages = await _rows(
        db, "SELECT body FROM questionnaire_messages WHERE tenant_id = :t", acme.tenant_id
    )
    assert [m.body for m in messages] == ["Contractors included."]
