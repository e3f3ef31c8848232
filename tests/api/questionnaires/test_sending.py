"""Sending asks only what the vendor's SOC report does not answer, lets the reviewer ask a
covered question anyway, and carries the vendor's last answers over for it to confirm."""

from datetime import date, timedelta

from sqlalchemy import text

from tests.api.questionnaires.test_answering import SAVE, SUBMIT
from tests.api.questionnaires.test_gap_preview import READ, TEMPLATE
from tests.factories import (
    global_id,
    gql,
    make_contact,
    make_read_report,
    make_template,
    make_tenant,
    make_vendor,
    respond,
    token_of,
)

SEND = """mutation($i: SendQuestionnaireInput!) { sendQuestionnaire(input: $i) {
  respondentUrl questionnaire { id report { id } items { question { key } asked
  answer { source } gap { decision note page quote sentAnyway } } }
  errors { code field message } } }"""
RESPONDENT_VIEW = """{ questionnaire { missingRequired questions { key asked
  answer { text carriedOver } report { covered note page quote } } } }"""
COMPLETE = """mutation($i: QuestionnaireIdInput!) { completeQuestionnaire(input: $i) {
  errors { code } } }"""
CONFIRM = """mutation($k: [String!]!) { confirmCarriedOverAnswers(input: {questionKeys: $k}) {
  errors { code field } } }"""


async def _world(db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    contact = await make_contact(db, acme, vendor.id)
    template = await make_template(db, acme, TEMPLATE)
    return acme, vendor, contact, template


def _input(vendor, contact, template, **more) -> dict:
    return {
        "vendorId": global_id("Vendor", vendor.id),
        "templateId": global_id("QuestionnaireTemplate", template.id),
        "contactId": global_id("VendorContact", contact.id),
        "dueDate": (date.today() + timedelta(days=10)).isoformat(),
        **more,
    }


async def test_only_what_the_report_does_not_answer_is_asked(client, db):
    acme, vendor, contact, template = await _world(db)
    report = await make_read_report(db, acme, vendor.id, READ)

    body = await gql(client, SEND, {"i": _input(vendor, contact, template)}, token=acme.token)

    payload = body["data"]["sendQuestionnaire"]
    assert payload["questionnaire"]["report"] == {"id": global_id("SocReport", report.id)}
    items = {i["question"]["key"]: i for i in payload["questionnaire"]["items"]}
    # CC7.2: covered, pre-answered from the report's opinion, not asked
    assert items["monitors"]["asked"] is False
    assert items["monitors"]["answer"] == {"source": "REPORT"}
    assert items["monitors"]["gap"] == {
        "decision": "COVERED",
        "note": "Covered by the vendor's SOC 2 Type II report for 2025-01-01 to 2025-12-31, "
        "unqualified opinion.",
        "page": 5,
        "quote": "In our opinion, in all material respects ...",
        "sentAnyway": False,
    }
    # CC6.1 has an exception: asked, with the exception quoted
    assert items["reviews_access"]["asked"] is True
    assert items["reviews_access"]["gap"]["decision"] == "FLAGGED"
    assert items["reviews_access"]["gap"]["quote"] == (
        "For 1 of 4 quarters the review was not performed."
    )
    # A1.2 lies outside the report's categories, and a question mapped to nothing: asked
    assert items["backs_up"]["asked"] and items["anything_else"]["asked"]

    token = token_of(payload["respondentUrl"])
    seen = (await respond(client, token, RESPONDENT_VIEW)).json()["data"]["questionnaire"]
    by_key = {q["key"]: q for q in seen["questions"]}
    assert by_key["monitors"]["report"]["covered"] is True
    assert by_key["monitors"]["answer"] is None  # the report's answer is not the vendor's
    assert seen["missingRequired"] == ["reviews_access", "backs_up", "anything_else"]
    covered = [{"questionKey": "monitors", "text": "We monitor."}]
    refused = (await respond(client, token, SAVE, {"a": covered})).json()["data"]["saveAnswers"]
    assert [e["field"] for e in refused["errors"]] == [["answers", "0", "questionKey"]]


async def test_the_reviewer_may_ask_a_covered_question_anyway(client, db):
    acme, vendor, contact, template = await _world(db)
    await make_read_report(db, acme, vendor.id, READ)

    asked = _input(vendor, contact, template, askAnyway=["monitors"])
    body = await gql(client, SEND, {"i": asked}, token=acme.token)

    items = {
        i["question"]["key"]: i for i in body["data"]["sendQuestionnaire"]["questionnaire"]["items"]
    }
    assert items["monitors"]["asked"] is True
    assert items["monitors"]["answer"] is None
    assert items["monitors"]["gap"]["sentAnyway"] is True

    unknown = _input(vendor, contact, template, askAnyway=["nope"])
    refused = await gql(client, SEND, {"i": unknown}, token=acme.token)
    assert refused["data"]["sendQuestionnaire"]["errors"] == [
        {
            "code": "INVALID",
            "field": ["askAnyway", "0"],
            "message": "The template has no question 'nope'.",
        }
    ]


async def test_sending_refuses_what_it_cannot_deliver(client, db):
    acme, vendor, contact, template = await _world(db)
    other_vendor = await make_vendor(db, acme, "Other Co")
    other_contact = await make_contact(db, acme, other_vendor.id, "x@other.example")

    late = _input(
        vendor,
        other_contact,
        template,
        dueDate=(date.today() - timedelta(days=1)).isoformat(),
    )
    body = await gql(client, SEND, {"i": late}, token=acme.token)

    assert [(e["code"], e["field"]) for e in body["data"]["sendQuestionnaire"]["errors"]] == [
        ("INVALID", ["contactId"]),
        ("INVALID", ["dueDate"]),
    ]
    missing = _input(vendor, contact, template, contactId=global_id("VendorContact", vendor.id))
    body = await gql(client, SEND, {"i": missing}, token=acme.token)
    assert body["data"]["sendQuestionnaire"]["errors"][0]["code"] == "NOT_FOUND"
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendors SET status = 'TERMINATED' WHERE id = :v"), {"v": vendor.id}
        )
    ended = await gql(client, SEND, {"i": _input(vendor, contact, template)}, token=acme.token)
    assert ended["data"]["sendQuestionnaire"]["errors"] == [
        {"code": "INVALID", "field": ["vendorId"], "message": "The vendor is TERMINATED."}
    ]


async def test_last_answers_are_carried_over_until_the_vendor_confirms_them(client, db):
    acme, vendor, contact, template = await _world(db)
    first = await gql(client, SEND, {"i": _input(vendor, contact, template)}, token=acme.token)
    token = token_of(first["data"]["sendQuestionnaire"]["respondentUrl"])
    answers = [
        {"questionKey": key, "text": f"{key}: yes"}
        for key in ("reviews_access", "monitors", "backs_up", "anything_else")
    ]
    await respond(client, token, SAVE, {"a": answers})
    assert (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"][
        "errors"
    ] == []
    # answers a reviewer has been through are carried over; these, once completed
    first_id = first["data"]["sendQuestionnaire"]["questionnaire"]["id"]
    await gql(client, COMPLETE, {"i": {"questionnaireId": first_id}}, token=acme.token)

    second = await gql(client, SEND, {"i": _input(vendor, contact, template)}, token=acme.token)
    token = token_of(second["data"]["sendQuestionnaire"]["respondentUrl"])

    seen = (await respond(client, token, RESPONDENT_VIEW)).json()["data"]["questionnaire"]
    assert {q["key"]: q["answer"] for q in seen["questions"]} == {
        key: {"text": f"{key}: yes", "carriedOver": True}
        for key in ("reviews_access", "monitors", "backs_up", "anything_else")
    }
    refused = (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"]
    assert len(refused["errors"]) == 4
    assert refused["errors"][0]["message"] == (
        "Confirm or change the answer carried over from last time."
    )

    changed = [{"questionKey": "monitors", "text": "Now with a SIEM."}]
    await respond(client, token, SAVE, {"a": changed})
    confirmed = await respond(client, token, CONFIRM, {"k": []})  # every one left
    assert confirmed.json()["data"]["confirmCarriedOverAnswers"]["errors"] == []
    seen = (await respond(client, token, RESPONDENT_VIEW)).json()["data"]["questionnaire"]
    assert {q["key"]: q["answer"]["carriedOver"] for q in seen["questions"]} == dict.fromkeys(
        ("reviews_access", "monitors", "backs_up", "anything_else"), False
    )
    assert (await respond(client, token, SUBMIT)).json()["data"]["submitQuestionnaire"][
        "errors"
    ] == []
