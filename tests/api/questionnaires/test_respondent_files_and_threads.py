"""The vendor answers a FILE question with a file, checked like any upload and kept as its
document; and writes in a question's thread, which the reviewer reads and answers."""

import json
from datetime import date, timedelta

from sqlalchemy import text

from domain.questionnaires import responding
from tests.factories import (
    global_id,
    gql,
    make_contact,
    make_template,
    make_tenant,
    make_vendor,
    respond,
    token_of,
)

TEMPLATE = {
    "name": "Policies",
    "description": "",
    "sections": [
        {
            "title": "Documents",
            "questions": [
                {
                    "key": "policy",
                    "text": "Attach your information security policy.",
                    "type": "FILE",
                    "required": True,
                    "help": None,
                    "choices": [],
                    "condition": None,
                    "criteria": [],
                    "domain": None,
                },
                {
                    "key": "owner",
                    "text": "Who owns it?",
                    "type": "TEXT",
                    "required": False,
                    "help": None,
                    "choices": [],
                    "condition": None,
                    "criteria": [],
                    "domain": None,
                },
            ],
        }
    ],
}
SEND = """mutation($i: SendQuestionnaireInput!) { sendQuestionnaire(input: $i) {
  respondentUrl questionnaire { id } } }"""
ATTACH = """mutation($i: AttachFileInput!) { attachFile(input: $i) {
  questionnaire { missingRequired questions { key answer { file { filename sizeBytes } } } }
  errors { code field message } } }"""


async def _sent(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    contact = await make_contact(db, acme, vendor.id)
    template = await make_template(db, acme, TEMPLATE)
    body = await gql(
        client,
        SEND,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "templateId": global_id("QuestionnaireTemplate", template.id),
                "contactId": global_id("VendorContact", contact.id),
                "dueDate": (date.today() + timedelta(days=7)).isoformat(),
            }
        },
        token=acme.token,
    )
    payload = body["data"]["sendQuestionnaire"]
    return acme, payload["questionnaire"]["id"], token_of(payload["respondentUrl"])


async def _attach(client, token, key: str, content: bytes, filename: str, content_type: str):
    response = await client.post(
        "/respond/graphql",
        data={
            "operations": json.dumps(
                {"query": ATTACH, "variables": {"i": {"questionKey": key, "file": None}}}
            ),
            "map": json.dumps({"0": ["variables.i.file"]}),
        },
        files={"0": (filename, content, content_type)},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()["data"]["attachFile"]


async def test_a_file_answers_a_file_question_and_is_kept_as_the_vendor_s_document(client, db):
    _, _, token = await _sent(client, db)
    policy = b"%PDF-1.4\n% a policy\n"

    attached = await _attach(client, token, "policy", policy, "policy.pdf", "application/pdf")

    assert attached["errors"] == []
    questions = {q["key"]: q for q in attached["questionnaire"]["questions"]}
    assert questions["policy"]["answer"]["file"] == {
        "filename": "policy.pdf",
        "sizeBytes": len(policy),
    }
    assert attached["questionnaire"]["missingRequired"] == []
    async with db.owner_transaction() as session:
        [document] = (
            await session.execute(text("SELECT kind, filename, uploaded_by FROM documents"))
        ).all()
        trail = (
            (
                await session.execute(
                    text(
                        "SELECT actor_kind FROM audit_events WHERE action = "
                        "'questionnaire.file_attached'"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert document == ("QUESTIONNAIRE_EVIDENCE", "policy.pdf", None)
    assert trail == ["RESPONDENT"]


async def test_a_file_for_a_question_not_answered_by_a_file_changes_nothing(client, db):
    _, _, token = await _sent(client, db)

    refused = await _attach(client, token, "owner", b"hello", "note.txt", "text/plain")

    assert refused["questionnaire"] is None
    assert refused["errors"] == [
        {
            "code": "INVALID",
            "field": ["questionKey"],
            "message": "A TEXT question is not answered with a file.",
        }
    ]
    async with db.owner_transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM documents")) == 0


async def test_the_vendor_and_the_reviewer_talk_in_a_question_s_thread(client, db):
    acme, questionnaire_id, token = await _sent(client, db)
    ask = """mutation($b: String!) { commentOnQuestion(input: {questionKey: "owner", body: $b})
      { message { author body } errors { code } } }"""

    said = (await respond(client, token, ask, {"b": "Our CISO; is a title enough?"})).json()
    answer = await gql(
        client,
        """mutation($i: CommentOnQuestionnaireInput!) { commentOnQuestionnaire(input: $i) {
          message { author } errors { code } } }""",
        {"i": {"questionnaireId": questionnaire_id, "questionKey": "owner", "body": "Yes."}},
        token=acme.token,
    )
    thread = (
        await respond(client, token, "{ questionnaire { messages { questionKey author body } } }")
    ).json()["data"]["questionnaire"]["messages"]

    assert said["data"]["commentOnQuestion"] == {
        "message": {"author": "VENDOR", "body": "Our CISO; is a title enough?"},
        "errors": [],
    }
    assert answer["data"]["commentOnQuestionnaire"]["errors"] == []
    assert thread == [
        {"questionKey": "owner", "author": "VENDOR", "body": "Our CISO; is a title enough?"},
        {"questionKey": "owner", "author": "REVIEWER", "body": "Yes."},
    ]


async def test_a_questionnaire_s_threads_hold_a_bounded_number_of_messages(client, db, monkeypatch):
    monkeypatch.setattr(responding, "MAX_MESSAGES", 2)
    _, _, token = await _sent(client, db)
    ask = """mutation { commentOnQuestion(input: {questionKey: "owner", body: "Hello?"})
      { errors { code field message } } }"""

    said = [(await respond(client, token, ask)).json()["data"]["commentOnQuestion"] for _ in "abc"]

    assert [s["errors"] for s in said[:2]] == [[], []]
    assert said[2]["errors"] == [
        {
            "code": "INVALID",
            "field": ["body"],
            "message": "A questionnaire's threads hold at most 2 messages from each side.",
        }
    ]
