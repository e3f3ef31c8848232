"""A reviewer corrects what the parser read; the parser's values stay beside, re-parses respect
the reviewer, and the vendor's findings follow."""

from domain.documents import parsing
from domain.tenancy.models import Role
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_parsed_document,
    make_tenant,
    make_vendor,
)

REPORT = """query($id: ID!) { node(id: $id) { ... on SocReport { opinion serviceAuditor
  corrections { field value parserValue note correctedBy { email } }
  exceptions { id result review { origin parserValues dismissedAt dismissReason } } } } }"""
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
        {"i": {"itemId": exception_id, "result": "2 of 4 quarterly reviews were missed."}},
        token=reviewer.token,
    )
    await _reparse(db, acme.tenant_id, report)
    after = await gql(client, REPORT, {"id": report_id}, token=reviewer.token)
    findings = await gql(client, FINDINGS, {}, token=reviewer.token)

    assert corrected["data"]["correctReport"]["errors"] == []
    node = after["data"]["node"]
    assert node["opinion"] == "QUALIFIED"
    opinion = next(c for c in node["corrections"] if c["field"] == "opinion")
    assert (opinion["value"], opinion["parserValue"], opinion["note"]) == (
        "QUALIFIED",
        "UNQUALIFIED",
        "Page 4 says so.",
    )
    assert opinion["correctedBy"] == {"email": "rev@acme.example"}
    [exception] = node["exceptions"]
    assert exception["result"] == "2 of 4 quarterly reviews were missed."
    assert (
        exception["review"]["parserValues"]["result"]
        == (SMALL_EXTRACTION["exceptions"][0]["result"])
    )
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
        {"i": {"itemId": global_id("SocException", report.id), "name": "x"}},
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
    assert again["data"]["revertReportField"]["errors"] == [{"code": "INVALID", "field": "field"}]
