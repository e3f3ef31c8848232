"""A questionnaire keeps asking the version it was sent with, whatever the template becomes;
and every change to it, the vendor's included, is in the audit trail with who made it."""

from sqlalchemy import text

from tests.api.questionnaires.test_answering import SAVE, SUBMIT, TEMPLATE, send
from tests.factories import gql, make_tenant, respond

REVISE = """mutation($i: ReviseQuestionnaireTemplateInput!) { reviseQuestionnaireTemplate(
  input: $i) { template { version } errors { code } } }"""
ITEMS = """query($id: ID!) { questionnaire(id: $id) { template { id version }
  items { question { key text } } } }"""


async def test_revising_the_template_leaves_sent_questionnaires_as_they_were(client, db):
    acme = await make_tenant(db)
    sent, _, _ = await send(client, db, acme)
    before = (await gql(client, ITEMS, {"id": sent["id"]}, token=acme.token))["data"]

    revised = {**TEMPLATE, "sections": [{**TEMPLATE["sections"][0]}]}
    revised["sections"][0]["questions"] = [
        {**TEMPLATE["sections"][0]["questions"][0], "text": "Is MFA enforced for everyone?"}
    ]
    body = await gql(
        client,
        REVISE,
        {"i": {"templateId": before["questionnaire"]["template"]["id"], "template": revised}},
        token=acme.token,
    )
    after = (await gql(client, ITEMS, {"id": sent["id"]}, token=acme.token))["data"]

    assert body["data"]["reviseQuestionnaireTemplate"]["template"] == {"version": 2}
    assert after == before
    assert before["questionnaire"]["template"]["version"] == 1
    assert [i["question"]["text"] for i in before["questionnaire"]["items"]][:1] == [
        "Is MFA enforced?"
    ]


async def test_every_change_is_audited_with_who_made_it(client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    answers = [
        {"questionKey": "mfa", "choices": ["NO"]},
        {"questionKey": "staff", "number": "3"},
        {"questionKey": "last_test", "date": "2026-01-01"},
    ]
    await respond(client, token, SAVE, {"a": answers})
    await respond(client, token, SUBMIT)

    async with db.owner_transaction() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT action, actor_kind, actor_user_id IS NULL AS nobody, "
                    "changes ? 'respondentLinkId' AS by_link FROM audit_events "
                    "WHERE action LIKE 'questionnaire.%' OR action = 'finding.raised' "
                    "ORDER BY occurred_at, action"
                )
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        ("questionnaire.sent", "USER", False, False),
        ("questionnaire.answers_saved", "RESPONDENT", True, True),
        ("finding.raised", "SYSTEM", True, False),
        ("questionnaire.submitted", "RESPONDENT", True, True),
    ]
