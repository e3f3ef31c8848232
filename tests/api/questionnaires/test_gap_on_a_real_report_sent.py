"""The starter questionnaire sent to a vendor whose real SOC 2 report tprm has read
(OneTrust's 2025 Type II, by the real parser): only the questions the report does not
answer are asked; each one it answers carries the page and words of the opinion."""

from datetime import date, timedelta

from domain.questionnaires import templates
from domain.questionnaires.starter import STARTER
from parsers.soc2 import parse_pdf
from tests.api.questionnaires.test_sending import SEND
from tests.domain.questionnaires.test_gap_on_a_real_report import REPORT
from tests.factories import (
    actor_of,
    global_id,
    gql,
    make_contact,
    make_read_report,
    make_tenant,
    make_vendor,
)


async def test_the_starter_sent_to_a_vendor_with_a_real_report_asks_only_the_rest(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "OneTrust")
    contact = await make_contact(db, acme, vendor.id)
    await make_read_report(db, acme, vendor.id, parse_pdf(REPORT).to_dict())
    async with db.transaction(acme.tenant_id) as session:
        starter = await templates.add_starter(session, actor_of(acme))

    body = await gql(
        client,
        SEND,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "templateId": global_id("QuestionnaireTemplate", starter.id),
                "contactId": global_id("VendorContact", contact.id),
                "dueDate": (date.today() + timedelta(days=30)).isoformat(),
            }
        },
        token=acme.token,
    )

    items = body["data"]["sendQuestionnaire"]["questionnaire"]["items"]
    covered = [i for i in items if i["gap"] and i["gap"]["decision"] == "COVERED"]
    asked = [i for i in items if i["asked"]]
    assert covered and asked
    assert all(not i["asked"] and i["answer"] == {"source": "REPORT"} for i in covered)
    assert all(i["gap"]["page"] and "opinion" in i["gap"]["quote"].lower() for i in covered)
    assert len(covered) + len(asked) <= len(items)  # follow-ups of NO answers stay hidden
    # The report covers Security, Availability and Confidentiality, not Privacy: the
    # privacy questions are asked (follow-ups of a covered yes/no, answered YES by it).
    privacy = {
        q.key for q in STARTER.questions() if any(c[0] == "P" and c[:2] != "PI" for c in q.criteria)
    }
    assert privacy and privacy <= {i["question"]["key"] for i in asked}
    assert not any(i["gap"] and i["gap"]["decision"] == "FLAGGED" for i in items)
