"""A reviewer corrects what the parser read; the parser's values stay beside, re-parses respect
the reviewer, and the vendor's findings follow."""

from sqlalchemy import text

from domain.shared.roles import Role
from domain.soc2 import parsing
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_parsed_document,
    make_tenant,
    make_vendor,
    tenant_state,
)

REPORT = """query($id: ID!) { node(id: $id) { ... on SocReport { opinion serviceAuditor
  corrections { field value { opinion } parserValue { opinion } note
    correctedBy { user { email } } }
  exceptions { id result parserValues { result } review { origin dismissedAt dismissReason } }
} } }"""
FINDINGS = """query { findings(filter: {status: [OPEN]}) { edges { node { kind title } } } }"""
CORRECT = """mutation($i: CorrectReportInput!) { correctReport(input: $i) {
  report { opinion } errors { code field } } }"""
CORRECT_ITEM = """mutation($i: CorrectReportItemInput!) { correctReportItem(input: $i) {
  item { ... on SocException { result } } errors { code field } } }"""
DISMISS = """mutation($i: DismissReportItemInput!) { dismissReportItem(input: $i) {
  errors { code field } } }"""
ADD = """mutation($i: AddReportExceptionInput!) { addReportException(input: $i) {
  item { ... on SocException { id review { origin } } } errors { code field } } }"""
REVERT = """mutation($i: RevertReportFieldInput!) { revertReportField(input: $i) {
  report { opinion } errors { code field } } }"""


async def _world(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    report = await make_parsed_document(db, acme, vendor.id)
    return acme, reviewer, report


async def _reparse(db, tenant_id, report):
    async with db.transaction(tenant_id) as session:
        await parsing.finish(session, tenant_id, report.document_id, SMALL_EXTRACTION)


def _kinds(body):
    return sorted(edge["node"]["kind"] for edge in body["data"]["findings"]["edges"])


async def test_a_report_links_to_its_document_and_its_vendor(client, db):
    _acme, reviewer, report = await _world(db)

    body = await gql(
        client,
        """query($id: ID!) { node(id: $id) { ... on SocReport {
          document { id kind } vendor { name } } } }""",
        {"id": global_id("SocReport", report.id)},
        token=reviewer.token,
    )

    assert body["data"]["node"] == {
        "document": {"id": global_id("Document", report.document_id), "kind": "SOC2_REPORT"},
        "vendor": {"name": "Globex Cloud"},
    }


async def test_corrections_survive_a_reparse_with_the_parser_values_kept_beside(client, db):
    acme, reviewer, report = await _world(db)
    report_id = global_id("SocReport", report.id)
    read = await gql(client, REPORT, {"id": report_id}, token=reviewer.token)
    exception_id = read["data"]["node"]["exceptions"][0]["id"]

    corrected = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "opinion": "QUALIFIED", "note": "Page 4 says so."}},
        token=reviewer.token,
    )
    await gql(
        client,
        CORRECT_ITEM,
        {
            "i": {
                "exception": {"id": exception_id, "result": "2 of 4 quarterly reviews were missed."}
            }
        },
        token=reviewer.token,
    )
    await _reparse(db, acme.tenant_id, report)
    after = await gql(client, REPORT, {"id": report_id}, token=reviewer.token)
    findings = await gql(client, FINDINGS, {}, token=reviewer.token)

    assert corrected["data"]["correctReport"]["errors"] == []
    node = after["data"]["node"]
    assert node["opinion"] == "QUALIFIED"
    opinion = next(c for c in node["corrections"] if c["field"] == "OPINION")
    assert (opinion["value"], opinion["parserValue"], opinion["note"]) == (
        {"opinion": "QUALIFIED"},
        {"opinion": "UNQUALIFIED"},
        "Page 4 says so.",
    )
    assert opinion["correctedBy"] == {"user": {"email": "rev@acme.example"}}
    [exception] = node["exceptions"]
    assert exception["result"] == "2 of 4 quarterly reviews were missed."
    assert exception["parserValues"]["result"] == (SMALL_EXTRACTION["exceptions"][0]["result"])
    assert "MODIFIED_OPINION" in _kinds(findings)


async def test_dropping_a_false_exception_resolves_its_finding_and_adding_one_raises_it(client, db):
    acme, reviewer, report = await _world(db)
    report_id = global_id("SocReport", report.id)
    read = await gql(client, REPORT, {"id": report_id}, token=reviewer.token)
    exception_id = read["data"]["node"]["exceptions"][0]["id"]
    before = _kinds(await gql(client, FINDINGS, {}, token=reviewer.token))

    dismissed = await gql(
        client,
        DISMISS,
        {"i": {"itemId": exception_id, "reason": "A test note, not a deviation."}},
        token=reviewer.token,
    )
    await _reparse(db, acme.tenant_id, report)
    after_dismissal = _kinds(await gql(client, FINDINGS, {}, token=reviewer.token))
    added = await gql(
        client,
        ADD,
        {
            "i": {
                "reportId": report_id,
                "controlId": "CC8.1.2",
                "result": "1 of 25 changes untested.",
                "page": 41,
            }
        },
        token=reviewer.token,
    )
    after_addition = _kinds(await gql(client, FINDINGS, {}, token=reviewer.token))
    read_again = await gql(client, REPORT, {"id": report_id}, token=reviewer.token)

    assert dismissed["data"]["dismissReportItem"]["errors"] == []
    assert before.count("CONTROL_EXCEPTION") == 1
    assert after_dismissal.count("CONTROL_EXCEPTION") == 0
    assert added["data"]["addReportException"]["item"]["review"]["origin"] == "REVIEWER"
    assert after_addition.count("CONTROL_EXCEPTION") == 1
    dropped = next(e for e in read_again["data"]["node"]["exceptions"] if e["id"] == exception_id)
    assert dropped["review"]["dismissReason"] == "A test note, not a deviation."


async def test_a_bad_correction_changes_nothing_and_a_revert_restores_the_parser_value(client, db):
    _, reviewer, report = await _world(db)
    report_id = global_id("SocReport", report.id)
    await gql(
        client, CORRECT, {"i": {"reportId": report_id, "opinion": "ADVERSE"}}, token=reviewer.token
    )

    wrong_field = await gql(
        client,
        CORRECT_ITEM,
        {
            "i": {
                "subserviceOrganization": {"id": global_id("SocException", report.id), "name": "x"}
            }
        },
        token=reviewer.token,
    )
    reverted = await gql(
        client, REVERT, {"i": {"reportId": report_id, "field": "OPINION"}}, token=reviewer.token
    )
    again = await gql(
        client, REVERT, {"i": {"reportId": report_id, "field": "OPINION"}}, token=reviewer.token
    )

    assert wrong_field["data"]["correctReportItem"]["errors"][0]["code"] == "NOT_FOUND"
    assert reverted["data"]["revertReportField"]["report"]["opinion"] == "UNQUALIFIED"
    assert again["data"]["revertReportField"]["errors"] == [{"code": "INVALID", "field": ["field"]}]


ADD_WITH_CRITERIA = """mutation($i: AddReportExceptionInput!) { addReportException(input: $i) {
  item { ... on SocException { controlId criteria } } errors { code field message } } }"""


async def test_a_period_corrected_to_end_before_it_starts_is_refused_and_changes_nothing(
    client, db
):
    acme, reviewer, report = await _world(db)
    report_id = global_id("SocReport", report.id)
    before = await tenant_state(db, acme.tenant_id)

    # the parser read 2025-01-01 to 2025-12-31, signed 2026-02-01
    start_late = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "periodStart": "2026-01-15"}},
        token=reviewer.token,
    )
    signed_early = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "reportDate": "2025-06-30"}},
        token=reviewer.token,
    )
    far_future = await gql(
        client,
        CORRECT,
        {"i": {"reportId": report_id, "periodEnd": "2999-12-31"}},
        token=reviewer.token,
    )
    both_moved = await gql(
        client,
        CORRECT,
        {
            "i": {
                "reportId": report_id,
                "periodStart": "2026-01-01",
                "periodEnd": "2026-06-30",
                "reportDate": "2026-08-01",
            }
        },
        token=reviewer.token,
    )

    assert start_late["data"]["correctReport"]["errors"] == [
        {"code": "INVALID", "field": ["periodStart"]}
    ]
    assert signed_early["data"]["correctReport"]["errors"] == [
        {"code": "INVALID", "field": ["reportDate"]}
    ]
    assert far_future["data"]["correctReport"]["errors"] == [
        {"code": "INVALID", "field": ["periodEnd"]}
    ]
    assert both_moved["data"]["correctReport"]["errors"] == []
    assert await tenant_state(db, acme.tenant_id) != before  # the consistent one landed
    async with db.owner_transaction() as session:
        period = await session.scalar(
            text("SELECT period_start || ' ' || period_end FROM soc_reports WHERE id = :id"),
            {"id": report.id},
        )
    assert period == "2026-01-01 2026-06-30"


async def test_criteria_added_by_a_reviewer_are_normalised_like_the_parsers_or_refused(client, db):
    acme, reviewer, report = await _world(db)
    report_id = global_id("SocReport", report.id)
    before = await tenant_state(db, acme.tenant_id)

    bogus = await gql(
        client,
        ADD_WITH_CRITERIA,
        {"i": {"reportId": report_id, "result": "1 of 25 untested.", "criteria": ["bogus"]}},
        token=reviewer.token,
    )
    unchanged = await tenant_state(db, acme.tenant_id)
    spaced = await gql(
        client,
        ADD_WITH_CRITERIA,
        {
            "i": {
                "reportId": report_id,
                "result": "1 of 25 untested.",
                "controlId": " CC8.1 . 2 ",
                "criteria": ["CC 1.4", "cc6.1 - cc6.3", "CC1.4"],
            }
        },
        token=reviewer.token,
    )
    findings = await gql(client, FINDINGS, {}, token=reviewer.token)

    [error] = bogus["data"]["addReportException"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["criteria"])
    assert "'bogus' is not a Trust Services Criteria reference" in error["message"]
    assert unchanged == before
    assert spaced["data"]["addReportException"]["item"]["controlId"] == "CC8.1.2"
    assert spaced["data"]["addReportException"]["item"]["criteria"] == [
        "CC1.4",
        "CC6.1",
        "CC6.2",
        "CC6.3",
    ]
    titles = [e["node"]["title"] for e in findings["data"]["findings"]["edges"]]
    assert not any("CC 1.4" in title or "bogus" in title for title in titles)
