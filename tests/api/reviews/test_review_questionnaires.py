"""A periodic review relies on a completed security questionnaire of its vendor: attached
while the review is worked, frozen into it when submitted (answers, verdicts, score), and
kept so whatever happens to the questionnaire after."""

from datetime import date, timedelta

from sqlalchemy import text

from domain.vendors.models import VendorStatus
from tests.api.questionnaires.test_answering import SAVE, SUBMIT, TEMPLATE
from tests.api.reviews.test_review_lifecycle import _decide, _move, _next_review
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

SEND = """mutation($i: SendQuestionnaireInput!) { sendQuestionnaire(input: $i) {
  respondentUrl questionnaire { id } errors { code } } }"""
COMPLETE = """mutation($i: QuestionnaireIdInput!) { completeQuestionnaire(input: $i) {
  errors { code } } }"""
ATTACH = """mutation($i: AttachReviewQuestionnaireInput!) { attachReviewQuestionnaire(input: $i) {
  reviewQuestionnaire { id questionnaire { id status } } errors { code field message } } }"""
REVIEW = """query($id: ID!) { node(id: $id) { ... on Review { questionnaires { note
  questionnaire { id } snapshot { templateName templateVersion score
  sectionScores { title score }
  items { key question answer source reviewStatus redFlag } } } } } }"""


async def _answered(client, db, owner, vendor, complete: bool = True) -> str:
    contact = await make_contact(db, owner, vendor.id, f"{vendor.id.hex[:6]}@v.example")
    template = await make_template(db, owner, TEMPLATE)
    sent = await gql(
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
        token=owner.token,
    )
    token = token_of(sent["data"]["sendQuestionnaire"]["respondentUrl"])
    answers = [
        {"questionKey": "mfa", "choices": ["NO"]},
        {"questionKey": "staff", "number": "12"},
        {"questionKey": "last_test", "date": "2026-09-30"},
    ]
    await respond(client, token, SAVE, {"a": answers})
    await respond(client, token, SUBMIT)
    questionnaire_id = sent["data"]["sendQuestionnaire"]["questionnaire"]["id"]
    if complete:
        done = await gql(
            client, COMPLETE, {"i": {"questionnaireId": questionnaire_id}}, token=owner.token
        )
        assert done["data"]["completeQuestionnaire"]["errors"] == []
    return questionnaire_id


async def test_a_completed_questionnaire_is_frozen_into_the_review_it_supports(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    questionnaire_id = await _answered(client, db, acme, vendor)
    review_id = (await _next_review(client, acme.token, vendor))["nextReview"]["id"]
    await _move(client, acme, review_id, "IN_PROGRESS")

    attached = await gql(
        client,
        ATTACH,
        {"i": {"reviewId": review_id, "questionnaireId": questionnaire_id, "note": "2026."}},
        token=acme.token,
    )
    assert attached["data"]["attachReviewQuestionnaire"]["errors"] == []
    before = await gql(client, REVIEW, {"id": review_id}, token=acme.token)
    assert before["data"]["node"]["questionnaires"] == [
        {"note": "2026.", "questionnaire": {"id": questionnaire_id}, "snapshot": None}
    ]

    await _decide(client, acme, review_id)
    assert (await _move(client, acme, review_id, "PENDING_APPROVAL"))["errors"] == []
    # the questionnaire changes after the submission; the review keeps what it decided on
    async with db.owner_transaction() as session:
        await session.execute(text("UPDATE questionnaires SET score = 1"))

    [kept] = (await gql(client, REVIEW, {"id": review_id}, token=acme.token))["data"]["node"][
        "questionnaires"
    ]
    snapshot = kept["snapshot"]
    assert (snapshot["templateName"], snapshot["templateVersion"]) == ("Supplier check", 1)
    assert snapshot["score"] == 0  # mfa NO: 0 of 10
    assert snapshot["sectionScores"] == [
        {"title": "Access", "score": 0},
        {"title": "Operations", "score": None},
    ]
    assert snapshot["items"][0] == {
        "key": "mfa",
        "question": "Is MFA enforced?",
        "answer": "No",
        "source": "VENDOR",
        "reviewStatus": "PENDING",
        "redFlag": True,
    }
    assert [i["answer"] for i in snapshot["items"][1:]] == ["12", "2026-09-30", ""]


async def test_only_a_completed_questionnaire_of_the_same_vendor_is_evidence(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    other = await make_vendor(db, acme, "Other Inc", status=VendorStatus.ACTIVE)
    submitted = await _answered(client, db, acme, vendor, complete=False)
    elsewhere = await _answered(client, db, acme, other)
    review_id = (await _next_review(client, acme.token, vendor))["nextReview"]["id"]
    await _move(client, acme, review_id, "IN_PROGRESS")

    errors = []
    for questionnaire_id in (submitted, elsewhere, global_id("Questionnaire", vendor.id)):
        body = await gql(
            client,
            ATTACH,
            {"i": {"reviewId": review_id, "questionnaireId": questionnaire_id}},
            token=acme.token,
        )
        errors += body["data"]["attachReviewQuestionnaire"]["errors"]

    assert [(e["code"], e["message"]) for e in errors] == [
        ("INVALID", "Only a COMPLETED questionnaire is evidence; this one is SUBMITTED."),
        ("INVALID", "The questionnaire was sent to another vendor."),
        ("NOT_FOUND", "Questionnaire not found."),
    ]
