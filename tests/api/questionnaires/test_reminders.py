"""A questionnaire the vendor has yet to answer is reminded 7 days before it is due and once
overdue, each reminder carrying its live link; one submitted, closed or without a working
link is not."""

from datetime import date, timedelta

from sqlalchemy import text

from domain.reviews import reminders
from tests.api.questionnaires.test_answering import SAVE, SUBMIT, send
from tests.factories import gql, make_tenant, respond

REVOKE = """mutation($i: QuestionnaireIdInput!) { revokeRespondentLink(input: $i) {
  errors { code } } }"""


async def test_only_questionnaires_the_vendor_can_still_answer_are_reminded(client, db):
    acme = await make_tenant(db)
    waiting, _, _ = await send(client, db, acme)
    revoked, _, _ = await send(client, db, acme, vendor_name="Revoked Co")
    await gql(client, REVOKE, {"i": {"questionnaireId": revoked["id"]}}, token=acme.token)
    _, token, _ = await send(client, db, acme, vendor_name="Answered Co")
    answers = [
        {"questionKey": "mfa", "choices": ["NO"]},
        {"questionKey": "staff", "number": "3"},
        {"questionKey": "last_test", "date": "2026-01-01"},
    ]
    await respond(client, token, SAVE, {"a": answers})
    await respond(client, token, SUBMIT)
    due = date.today() + timedelta(days=14)

    async with db.transaction(acme.tenant_id) as session:
        early = await reminders.sweep(session, acme.tenant_id, due - timedelta(days=8))
        soon = await reminders.sweep(session, acme.tenant_id, due - timedelta(days=7))
        again = await reminders.sweep(session, acme.tenant_id, due - timedelta(days=6))
        late = await reminders.sweep(session, acme.tenant_id, due + timedelta(days=1))

    assert (early, soon, again, late) == (0, 1, 0, 1)
    async with db.owner_transaction() as session:
        events = (
            await session.execute(
                text(
                    "SELECT e.type, e.data, l.id AS link FROM outbox_events e "
                    "JOIN respondent_links l ON l.id::text = e.data->>'respondentLinkId' "
                    "WHERE e.type IN ('questionnaire.due_soon', 'questionnaire.overdue') "
                    "AND l.revoked_at IS NULL ORDER BY e.occurred_at"
                )
            )
        ).all()
    assert [(e.type, e.data["questionnaire"]["id"], e.data["daysLeft"]) for e in events] == [
        ("questionnaire.due_soon", waiting["id"], 7),
        ("questionnaire.overdue", waiting["id"], -1),
    ]
    assert events[0].data["contact"] == {"name": "Sam Vendor", "email": "security@vendor.example"}


async def test_a_vendor_let_go_is_reminded_of_nothing_nor_sent_a_new_link(client, db):
    acme = await make_tenant(db)
    waiting, _, vendor = await send(client, db, acme)
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendors SET status = 'TERMINATED' WHERE id = :v"), {"v": vendor.id}
        )
    due = date.today() + timedelta(days=14)

    async with db.transaction(acme.tenant_id) as session:
        appended = await reminders.sweep(session, acme.tenant_id, due + timedelta(days=1))
    reissued = await gql(
        client,
        """mutation($i: ReissueRespondentLinkInput!) { reissueRespondentLink(input: $i) {
          respondentUrl errors { code field message } } }""",
        {"i": {"questionnaireId": waiting["id"]}},
        token=acme.token,
    )

    assert appended == 0
    assert reissued["data"]["reissueRespondentLink"] == {
        "respondentUrl": None,
        "errors": [
            {
                "code": "INVALID",
                "field": ["questionnaireId"],
                "message": "The vendor is TERMINATED.",
            }
        ],
    }
