"""A questionnaire from sending to completion: the vendor answers through its link, without
an account, and the reviewer reads, returns and completes it; the score is kept and the
answers raise findings, updated (never duplicated) when the vendor submits again."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

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


def _yes_no(key: str, text_: str, red_flag_on: str | None = "NO", **more: Any) -> dict:
    return {
        "key": key,
        "text": text_,
        "type": "YES_NO",
        "required": True,
        "help": None,
        "choices": [
            {"value": "YES", "label": "Yes", "weight": 10, "redFlag": red_flag_on == "YES"},
            {"value": "NO", "label": "No", "weight": 0, "redFlag": red_flag_on == "NO"},
        ],
        "condition": None,
        "criteria": [],
        "domain": None,
        **more,
    }


def _plain(key: str, type_: str, required: bool = True, **more: Any) -> dict:
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


TEMPLATE = {
    "name": "Supplier check",
    "description": "",
    "sections": [
        {
            "title": "Access",
            "questions": [
                _yes_no("mfa", "Is MFA enforced?"),
                _plain(
                    "mfa_factors",
                    "MULTIPLE_CHOICE",
                    choices=[
                        {"value": "TOTP", "label": "App codes", "weight": 5, "redFlag": False},
                        {"value": "KEY", "label": "Security keys", "weight": 5, "redFlag": False},
                        {"value": "SMS", "label": "Text messages", "weight": 0, "redFlag": True},
                    ],
                    condition={"key": "mfa", "anyOf": ["YES"]},
                ),
            ],
        },
        {
            "title": "Operations",
            "questions": [
                _plain("staff", "NUMBER"),
                _plain("last_test", "DATE"),
                _plain("notes", "TEXT", required=False),
            ],
        },
    ],
}

SEND = """mutation($i: SendQuestionnaireInput!) { sendQuestionnaire(input: $i) {
  respondentUrl questionnaire { id status delivery { status linkExpiresAt } }
  errors { code field message } } }"""
VIEW = """{ questionnaire { title vendorName status missingRequired
  questions { key shown asked answer { choices text number date carriedOver } } } }"""
SAVE = """mutation($a: [AnswerInput!]!) { saveAnswers(input: {answers: $a}) {
  questionnaire { status missingRequired } errors { code field message } } }"""
SUBMIT = """mutation { submitQuestionnaire { questionnaire { status }
  errors { code field message } } }"""
REVIEWER_VIEW = """query($id: ID!) { questionnaire(id: $id) { status score
  sectionScores { title score } returnNote
  items { question { key } shown asked reviewStatus redFlag answer { source choices } }
  messages { questionKey author body member { id } } viewerCan { review } } }"""


async def send(
    client, db, owner, vendor_name: str = "Supplier Inc", **overrides: Any
) -> tuple[dict, str, Any]:
    """TEMPLATE sent to a new vendor's contact: the questionnaire, its token, the vendor."""
    vendor = await make_vendor(db, owner, vendor_name)
    contact = await make_contact(db, owner, vendor.id)
    template = await make_template(db, owner, TEMPLATE)
    variables = {
        "vendorId": global_id("Vendor", vendor.id),
        "templateId": global_id("QuestionnaireTemplate", template.id),
        "contactId": global_id("VendorContact", contact.id),
        "dueDate": (date.today() + timedelta(days=14)).isoformat(),
        "message": "Please answer by the due date.",
        **overrides,
    }
    body = await gql(client, SEND, {"i": variables}, token=owner.token)
    payload = body["data"]["sendQuestionnaire"]
    assert payload["errors"] == [], payload
    return payload["questionnaire"], token_of(payload["respondentUrl"]), vendor


async def test_a_vendor_answers_through_its_link_and_the_reviewer_completes_it(client, db):
    acme = await make_tenant(db)
    sent, token, _ = await send(client, db, acme)
    assert sent["status"] == "SENT"

    view = (await respond(client, token, VIEW)).json()["data"]["questionnaire"]
    assert view["title"] == "Supplier check"
    assert view["vendorName"] == "Supplier Inc"
    assert view["missingRequired"] == ["mfa", "staff", "last_test"]
    shown = {q["key"]: (q["shown"], q["asked"]) for q in view["questions"]}
    assert shown["mfa_factors"] == (False, False)  # until mfa is YES

    answers = [
        {"questionKey": "mfa", "choices": ["YES"]},
        {"questionKey": "mfa_factors", "choices": ["TOTP", "SMS"]},
        {"questionKey": "staff", "number": "42"},
        {"questionKey": "last_test", "date": "2026-10-01"},
    ]
    saved = (await respond(client, token, SAVE, {"a": answers})).json()["data"]["saveAnswers"]
    assert saved == {
        "questionnaire": {"status": "IN_PROGRESS", "missingRequired": []},
        "errors": [],
    }
    submitted = (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"]
    assert submitted == {"questionnaire": {"status": "SUBMITTED"}, "errors": []}

    qid = sent["id"]
    reviewer = (await gql(client, REVIEWER_VIEW, {"id": qid}, token=acme.token))["data"][
        "questionnaire"
    ]
    # mfa 10 of 10, factors 5 of 10 (TOTP and SMS picked of TOTP 5, KEY 5, SMS 0)
    assert reviewer["score"] == 75
    assert reviewer["sectionScores"] == [
        {"title": "Access", "score": 75},
        {"title": "Operations", "score": None},
    ]
    flagged = [i["question"]["key"] for i in reviewer["items"] if i["redFlag"]]
    assert flagged == ["mfa_factors"]
    findings = await _findings(db, acme.tenant_id)
    assert [(f.kind, f.status, f.severity) for f in findings] == [
        ("QUESTIONNAIRE_ANSWER", "OPEN", "HIGH")
    ]
    assert "Answer: Text messages." in findings[0].description

    # The reviewer asks for more on the factors; the vendor drops SMS and submits again.
    review = """mutation($i: ReviewQuestionnaireAnswerInput!) { reviewQuestionnaireAnswer(
      input: $i) { errors { code field } } }"""
    needs = {
        "questionnaireId": qid,
        "questionKey": "mfa_factors",
        "status": "NEEDS_INFO",
        "comment": "Text messages are not a second factor we accept.",
    }
    assert (await gql(client, review, {"i": needs}, token=acme.token))["data"][
        "reviewQuestionnaireAnswer"
    ] == {"errors": []}
    back = """mutation($i: ReturnQuestionnaireInput!) { returnQuestionnaire(input: $i) {
      questionnaire { status returnNote } errors { code field } } }"""
    returned = await gql(
        client, back, {"i": {"questionnaireId": qid, "note": "See MFA."}}, token=acme.token
    )
    assert returned["data"]["returnQuestionnaire"] == {
        "questionnaire": {"status": "RETURNED", "returnNote": "See MFA."},
        "errors": [],
    }
    fixed = [{"questionKey": "mfa_factors", "choices": ["TOTP", "KEY"]}]
    await respond(client, token, SAVE, {"a": fixed})
    assert (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"][
        "questionnaire"
    ] == {"status": "SUBMITTED"}

    findings = await _findings(db, acme.tenant_id)
    assert [(f.kind, f.status) for f in findings] == [("QUESTIONNAIRE_ANSWER", "RESOLVED")]

    complete = """mutation($i: QuestionnaireIdInput!) { completeQuestionnaire(input: $i) {
      questionnaire { status score delivery { status } } errors { code } } }"""
    done = await gql(client, complete, {"i": {"questionnaireId": qid}}, token=acme.token)
    assert done["data"]["completeQuestionnaire"] == {
        "questionnaire": {"status": "COMPLETED", "score": 100, "delivery": {"status": "CLOSED"}},
        "errors": [],
    }
    # Completed: the link no longer works.
    assert (await respond(client, token, VIEW)).status_code == 401
    thread = (await gql(client, REVIEWER_VIEW, {"id": qid}, token=acme.token))["data"][
        "questionnaire"
    ]["messages"]
    assert thread == [
        {
            "questionKey": "mfa_factors",
            "author": "REVIEWER",
            "body": "Text messages are not a second factor we accept.",
            "member": {"id": global_id("Member", acme.membership_id)},
        }
    ]


async def test_answers_that_do_not_fit_are_refused_and_nothing_is_saved(client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    wrong = [
        {"questionKey": "mfa", "choices": ["MAYBE"]},
        {"questionKey": "staff", "text": "many"},
        {"questionKey": "nope", "text": "x"},
        {"questionKey": "last_test", "date": "2026-10-01"},
    ]
    saved = (await respond(client, token, SAVE, {"a": wrong})).json()["data"]["saveAnswers"]
    assert saved["questionnaire"] is None
    assert [(e["code"], e["field"]) for e in saved["errors"]] == [
        ("INVALID", ["answers", "0"]),
        ("INVALID", ["answers", "1"]),
        ("INVALID", ["answers", "2", "questionKey"]),
    ]
    view = (await respond(client, token, VIEW)).json()["data"]["questionnaire"]
    assert view["status"] == "SENT"
    assert all(q["answer"] is None for q in view["questions"])

    refused = (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"]
    assert [e["field"] for e in refused["errors"]] == [
        ["answers", "mfa"],
        ["answers", "staff"],
        ["answers", "last_test"],
    ]


async def _findings(db, tenant_id) -> list[Any]:
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text("SELECT kind, status, severity, description FROM findings WHERE tenant_id = :t"),
            {"t": tenant_id},
        )
        return list(rows.all())
