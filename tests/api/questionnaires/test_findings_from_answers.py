"""The findings of a vendor's answers follow its latest answers to a template: raised once,
updated (never duplicated) when it submits again, this year or next, resolved when put
right, reopened when wrong again, and handed back when a questionnaire is cancelled. A
changed answer is judged again whatever its verdict was."""

from datetime import date, timedelta

from sqlalchemy import text

from tests.api.questionnaires.test_answering import SAVE, SUBMIT, TEMPLATE
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
  respondentUrl questionnaire { id } } }"""
REVIEW = """mutation($i: ReviewQuestionnaireAnswerInput!) { reviewQuestionnaireAnswer(input: $i)
  { errors { code field message } } }"""
RETURN = """mutation($i: ReturnQuestionnaireInput!) { returnQuestionnaire(input: $i) {
  errors { code } } }"""
COMPLETE = """mutation($i: QuestionnaireIdInput!) { completeQuestionnaire(input: $i) {
  errors { code } } }"""
CANCEL = """mutation($i: CancelQuestionnaireInput!) { cancelQuestionnaire(input: $i) {
  errors { code } } }"""
VERDICT = """query($id: ID!) { questionnaire(id: $id) { items { question { key }
  reviewStatus reviewedBy { id } } } }"""


class World:
    def __init__(self, client, acme, vendor, contact, template):
        self.client, self.acme = client, acme
        self.vendor, self.contact, self.template = vendor, contact, template

    async def send(self) -> tuple[str, str]:
        body = await gql(
            self.client,
            SEND,
            {
                "i": {
                    "vendorId": global_id("Vendor", self.vendor.id),
                    "templateId": global_id("QuestionnaireTemplate", self.template.id),
                    "contactId": global_id("VendorContact", self.contact.id),
                    "dueDate": (date.today() + timedelta(days=7)).isoformat(),
                }
            },
            token=self.acme.token,
        )
        sent = body["data"]["sendQuestionnaire"]
        return sent["questionnaire"]["id"], token_of(sent["respondentUrl"])

    async def answer(self, token: str, mfa: str, submit: bool = True) -> None:
        answers = [
            {"questionKey": "mfa", "choices": [mfa]},
            {"questionKey": "staff", "number": "3"},
            {"questionKey": "last_test", "date": "2026-01-01"},
        ]
        if mfa == "YES":  # its follow-up shows
            answers.append({"questionKey": "mfa_factors", "choices": ["TOTP"]})
        saved = (await respond(self.client, token, SAVE, {"a": answers})).json()
        assert saved["data"]["saveAnswers"]["errors"] == [], saved
        if submit:
            body = (await respond(self.client, token, SUBMIT)).json()
            assert body["data"]["submitQuestionnaire"]["errors"] == [], body

    async def act(self, document: str, **input) -> dict:
        body = await gql(self.client, document, {"i": input}, token=self.acme.token)
        return next(iter(body["data"].values()))

    async def findings(self, db) -> list[tuple[str, str]]:
        async with db.owner_transaction() as session:
            rows = await session.execute(
                text("SELECT title, status FROM findings ORDER BY created_at")
            )
            return [(title.split(":")[0], status) for title, status in rows.all()]


async def _world(client, db) -> World:
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    contact = await make_contact(db, acme, vendor.id)
    template = await make_template(db, acme, TEMPLATE)
    return World(client, acme, vendor, contact, template)


async def test_a_red_flag_is_raised_resolved_and_reopened_as_the_answers_change(client, db):
    world = await _world(client, db)
    qid, token = await world.send()
    await world.answer(token, "NO")
    raised = await world.findings(db)

    async def returned():
        await world.act(REVIEW, questionnaireId=qid, questionKey="mfa", status="NEEDS_INFO",
                        comment="Really?")  # fmt: skip
        assert (await world.act(RETURN, questionnaireId=qid, note="MFA."))["errors"] == []

    await returned()
    await world.answer(token, "YES")
    resolved = await world.findings(db)
    await returned()
    await world.answer(token, "NO")
    reopened = await world.findings(db)

    flag = "Red-flag answer in Supplier check"
    assert raised == [(flag, "OPEN")]
    assert resolved == [(flag, "RESOLVED")]
    assert reopened == [(flag, "OPEN")]  # the same finding, once more


async def test_next_year_s_answers_decide_last_year_s_findings(client, db):
    world = await _world(client, db)
    last_year, token = await world.send()
    await world.answer(token, "NO")
    await world.act(COMPLETE, questionnaireId=last_year)
    this_year, token = await world.send()
    await world.answer(token, "NO")
    repeated = await world.findings(db)
    # cancelled: the findings go back to last year's answers (still NO)
    await world.act(CANCEL, questionnaireId=this_year, reason="Sent early.")
    after_cancel = await world.findings(db)
    _, token = await world.send()
    await world.answer(token, "YES")

    flag = "Red-flag answer in Supplier check"
    assert repeated == [(flag, "OPEN")]  # not a second finding
    assert after_cancel == [(flag, "OPEN")]
    assert await world.findings(db) == [(flag, "RESOLVED")]


async def test_cancelling_the_only_answers_resolves_their_findings(client, db):
    world = await _world(client, db)
    qid, token = await world.send()
    await world.answer(token, "NO")

    await world.act(CANCEL, questionnaireId=qid, reason="Wrong vendor.")

    assert await world.findings(db) == [("Red-flag answer in Supplier check", "RESOLVED")]


async def test_a_changed_answer_is_judged_again_an_unchanged_one_keeps_its_verdict(client, db):
    world = await _world(client, db)
    qid, token = await world.send()
    await world.answer(token, "YES")
    for key in ("mfa", "staff"):
        await world.act(REVIEW, questionnaireId=qid, questionKey=key, status="ACCEPTED")
    await world.act(REVIEW, questionnaireId=qid, questionKey="last_test", status="NEEDS_INFO",
                    comment="Which test?")  # fmt: skip
    await world.act(RETURN, questionnaireId=qid, note="One date.")

    await world.answer(token, "NO", submit=False)  # mfa changed; staff, last_test as they were

    body = await gql(client, VERDICT, {"id": qid}, token=world.acme.token)
    verdicts = {
        i["question"]["key"]: (i["reviewStatus"], i["reviewedBy"] is not None)
        for i in body["data"]["questionnaire"]["items"]
    }
    assert verdicts["mfa"] == ("PENDING", False)
    assert verdicts["staff"] == ("ACCEPTED", True)
    assert verdicts["last_test"] == ("PENDING", False)  # asked about: looked at again


async def test_the_vendor_may_answer_the_reviewer_while_it_has_the_questionnaire(client, db):
    world = await _world(client, db)
    qid, token = await world.send()
    await world.answer(token, "YES")
    comment = """mutation { commentOnQuestion(input: {questionKey: "mfa", body: "For all."})
      { errors { code } } }"""

    said = (await respond(client, token, comment)).json()["data"]["commentOnQuestion"]
    await world.act(COMPLETE, questionnaireId=qid)
    closed = await respond(client, token, comment)

    assert said == {"errors": []}
    assert closed.status_code == 401  # completed: the link is gone


async def test_a_link_reissued_for_an_overdue_questionnaire_works(client, db):
    world = await _world(client, db)
    qid, _ = await world.send()
    async with db.owner_transaction() as session:
        await session.execute(text("UPDATE questionnaires SET due_date = '2026-01-01'"))
    reissue = """mutation($i: ReissueRespondentLinkInput!) { reissueRespondentLink(input: $i) {
      respondentUrl errors { code } } }"""

    body = await world.act(reissue, questionnaireId=qid)

    opened = await respond(client, token_of(body["respondentUrl"]), "{ questionnaire { status } }")
    assert opened.status_code == 200


async def test_a_finding_resolved_by_a_cancel_or_by_a_person_opens_when_answered_so_again(
    client, db
):
    world = await _world(client, db)
    first, token = await world.send()
    await world.answer(token, "NO")
    await world.act(CANCEL, questionnaireId=first, reason="Sent early.")
    cancelled = await world.findings(db)
    second, token = await world.send()
    await world.answer(token, "NO")
    reopened = await world.findings(db)
    # a person resolves it; the vendor's next answers say NO again
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE findings SET status = 'RESOLVED', closed_at = now(),"
                " verified_by_id = :m, status_reason = 'Compensating control seen.'"
            ),
            {"m": world.acme.membership_id},
        )
    await world.act(COMPLETE, questionnaireId=second)
    kept_resolved = await world.findings(db)  # completing what was submitted before: no news
    _, token = await world.send()
    await world.answer(token, "NO")

    flag = "Red-flag answer in Supplier check"
    assert cancelled == [(flag, "RESOLVED")]
    assert reopened == [(flag, "OPEN")]
    assert kept_resolved == [(flag, "RESOLVED")]
    assert await world.findings(db) == [(flag, "OPEN")]


async def test_completing_an_older_questionnaire_does_not_undo_a_newer_one(client, db):
    world = await _world(client, db)
    older, token = await world.send()
    await world.answer(token, "NO")
    _, token = await world.send()
    await world.answer(token, "YES")  # the newer answers put it right

    await world.act(COMPLETE, questionnaireId=older)

    assert await world.findings(db) == [("Red-flag answer in Supplier check", "RESOLVED")]
