"""A confirmation holds for what was confirmed: a re-parse or a correction that changes
what the report says withdraws it (recorded); one that changes nothing keeps it. Each kind
of item is corrected through its own input."""

import pytest
from sqlalchemy import text

from domain.shared.roles import Role
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
    read_again,
)

CONFIRM = """mutation($i: ConfirmReportInput!) { confirmReport(input: $i) {
  report { confirmedAt } errors { code } } }"""
CORRECT = """mutation($i: CorrectReportInput!) { correctReport(input: $i) {
  report { confirmedAt confirmedBy { user { email } } } errors { code field } } }"""
CORRECT_ITEM = """mutation($i: CorrectReportItemInput!) { correctReportItem(input: $i) {
  item { __typename ... on Cuec { text } ... on SubserviceOrganization { name method } }
  errors { code field message } } }"""
DISMISS = """mutation($i: DismissReportItemInput!) { dismissReportItem(input: $i) {
  errors { code } } }"""
REPORT = """query($id: ID!) { node(id: $id) { ... on SocReport { confirmedAt
  cuecs { id } subserviceOrganizations { id } exceptions { id } } } }"""


async def _confirmed(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    report = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    report_id = global_id("SocReport", report.id)
    confirmed = await gql(client, CONFIRM, {"i": {"reportId": report_id}}, token=reviewer.token)
    assert confirmed["data"]["confirmReport"]["report"]["confirmedAt"]
    return acme, reviewer, report, report_id


async def _report(client, token, report_id):
    return (await gql(client, REPORT, {"id": report_id}, token=token))["data"]["node"]


async def _withdrawals(db, report) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(
            text(
                "SELECT count(*) FROM audit_events WHERE entity_id = :r "
                "AND action = 'soc_report.confirmation_withdrawn'"
            ),
            {"r": report.id},
        )


async def test_a_correction_that_changes_the_report_withdraws_the_confirmation(client, db):
    _, reviewer, report, report_id = await _confirmed(client, db)

    same = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "opinion": "UNQUALIFIED"}},
        token=reviewer.token,
    )
    changed = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "opinion": "QUALIFIED"}},
        token=reviewer.token,
    )

    assert same["data"]["correctReport"]["report"]["confirmedAt"] is not None
    assert changed["data"]["correctReport"]["report"] == {"confirmedAt": None, "confirmedBy": None}
    assert await _withdrawals(db, report) == 1


async def test_a_reparse_that_reads_the_same_keeps_it_and_one_that_reads_more_withdraws_it(
    client, db
):
    acme, reviewer, report, report_id = await _confirmed(client, db)

    await read_again(db, acme.tenant_id, report, SMALL_EXTRACTION)
    kept = await _report(client, reviewer.token, report_id)
    another = {**SMALL_EXTRACTION["exceptions"][0], "control_id": "CC8.1.1", "result": "Missed."}
    await read_again(
        db,
        acme.tenant_id,
        report,
        {**SMALL_EXTRACTION, "exceptions": [*SMALL_EXTRACTION["exceptions"], another]},
    )
    withdrawn = await _report(client, reviewer.token, report_id)

    assert kept["confirmedAt"] is not None
    assert withdrawn["confirmedAt"] is None
    assert len(withdrawn["exceptions"]) == 2
    assert await _withdrawals(db, report) == 1


async def test_dismissing_an_item_withdraws_the_confirmation(client, db):
    _, reviewer, _, report_id = await _confirmed(client, db)
    [exception] = (await _report(client, reviewer.token, report_id))["exceptions"]

    await gql(
        client,
        DISMISS,
        {"i": {"itemId": exception["id"], "reason": "A pass."}},
        token=reviewer.token,
    )

    assert (await _report(client, reviewer.token, report_id))["confirmedAt"] is None


async def test_each_kind_of_item_is_corrected_through_its_own_input(client, db):
    _, reviewer, _, report_id = await _confirmed(client, db)
    items = await _report(client, reviewer.token, report_id)
    cuec_id = items["cuecs"][0]["id"]
    organization_id = items["subserviceOrganizations"][0]["id"]

    cuec = await gql(
        client,
        CORRECT_ITEM,
        {"i": {"cuec": {"id": cuec_id, "text": "Customers review their users monthly."}}},
        token=reviewer.token,
    )
    organization = await gql(
        client,
        CORRECT_ITEM,
        {"i": {"subserviceOrganization": {"id": organization_id, "method": "INCLUSIVE"}}},
        token=reviewer.token,
    )

    assert cuec["data"]["correctReportItem"]["item"] == {
        "__typename": "Cuec",
        "text": "Customers review their users monthly.",
    }
    assert organization["data"]["correctReportItem"]["item"] == {
        "__typename": "SubserviceOrganization",
        "name": "Amazon Web Services",
        "method": "INCLUSIVE",
    }


@pytest.mark.parametrize(
    "sent",
    [
        {},
        {"cuec": {"id": "x", "text": "a"}, "csoc": {"id": "y", "text": "b"}},
        {"cuec": {"id": "x", "name": "a field a CUEC does not have"}},
    ],
    ids=["none", "two kinds", "a field of another kind"],
)
async def test_a_correction_names_exactly_one_item_with_its_own_fields(client, db, sent):
    _, reviewer, _, _ = await _confirmed(client, db)

    body = await gql(client, CORRECT_ITEM, {"i": sent}, token=reviewer.token)

    assert body.get("data") is None
    assert body["errors"]


async def test_an_item_named_under_another_kind_is_not_found(client, db):
    _, reviewer, _, report_id = await _confirmed(client, db)
    cuec_id = (await _report(client, reviewer.token, report_id))["cuecs"][0]["id"]

    body = await gql(
        client, CORRECT_ITEM, {"i": {"csoc": {"id": cuec_id, "text": "x"}}}, token=reviewer.token
    )

    assert body["data"]["correctReportItem"]["errors"][0]["code"] == "NOT_FOUND"
