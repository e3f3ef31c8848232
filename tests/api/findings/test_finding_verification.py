"""A finding is graded as auditors grade a control failure, given a root cause, and resolved
only on a verification: who reassessed it, when, on what evidence."""

from tests.api.findings.test_findings import _exception_finding
from tests.factories import SMALL_EXTRACTION, global_id, gql, make_read_report, make_vendor

MOVE = """mutation($i: TransitionFindingInput!) { transitionFinding(input: $i) {
  finding { status verification { note verifiedAt verifiedBy { displayName } document { id } } }
  errors { code field } } }"""
UPDATE = """mutation($i: UpdateFindingInput!) { updateFinding(input: $i) {
  finding { rootCause grade } errors { code field } } }"""


async def test_resolving_needs_a_verification_and_reopening_clears_it(client, db):
    _acme, reviewer, finding_id = await _exception_finding(client, db)
    vendor_id = (
        await gql(
            client,
            "query($id: ID!) { finding(id: $id) { vendor { id } document { id } } }",
            {"id": finding_id},
            token=reviewer.token,
        )
    )["data"]["finding"]
    document_id = vendor_id["document"]["id"]

    unverified = await gql(
        client, MOVE, {"i": {"findingId": finding_id, "to": "RESOLVED"}}, token=reviewer.token
    )
    verified = await gql(
        client,
        MOVE,
        {
            "i": {
                "findingId": finding_id,
                "to": "RESOLVED",
                "verification": {
                    "note": "The newer report has no exception.",
                    "documentId": document_id,
                },
            }
        },
        token=reviewer.token,
    )
    reopened = await gql(
        client, MOVE, {"i": {"findingId": finding_id, "to": "OPEN"}}, token=reviewer.token
    )

    assert unverified["data"]["transitionFinding"]["errors"] == [
        {"code": "INVALID", "field": ["verification", "note"]}
    ]
    finding = verified["data"]["transitionFinding"]["finding"]
    assert finding["status"] == "RESOLVED"
    assert finding["verification"]["note"] == "The newer report has no exception."
    assert finding["verification"]["verifiedBy"] == {"displayName": "rev"}
    assert finding["verification"]["document"] == {"id": document_id}
    assert reopened["data"]["transitionFinding"]["finding"]["verification"] is None


async def test_evidence_of_another_vendor_does_not_verify(client, db):
    acme, reviewer, finding_id = await _exception_finding(client, db)
    other = await make_vendor(db, acme, "Other Co")
    theirs = await make_read_report(db, acme, other.id, SMALL_EXTRACTION)

    body = await gql(
        client,
        MOVE,
        {
            "i": {
                "findingId": finding_id,
                "to": "RESOLVED",
                "verification": {
                    "note": "x",
                    "documentId": global_id("Document", theirs.document_id),
                },
            }
        },
        token=reviewer.token,
    )

    assert body["data"]["transitionFinding"]["errors"] == [
        {"code": "INVALID", "field": ["verification", "documentId"]}
    ]


async def test_an_exception_is_a_control_deficiency_until_a_reviewer_grades_it(client, db):
    _, reviewer, finding_id = await _exception_finding(client, db)

    graded = await gql(
        client,
        UPDATE,
        {"i": {"findingId": finding_id, "rootCause": "PROCESS", "grade": "MATERIAL_WEAKNESS"}},
        token=reviewer.token,
    )
    before = await gql(
        client,
        "query($id: ID!) { finding(id: $id) { kind } }",
        {"id": finding_id},
        token=reviewer.token,
    )

    assert before["data"]["finding"]["kind"] == "CONTROL_EXCEPTION"
    assert graded["data"]["updateFinding"]["finding"] == {
        "rootCause": "PROCESS",
        "grade": "MATERIAL_WEAKNESS",
    }


async def test_a_modified_opinion_is_at_least_a_significant_deficiency(client, db):
    acme, reviewer, _ = await _exception_finding(client, db)
    vendor = await make_vendor(db, acme, "Qualified Co")
    await make_read_report(db, acme, vendor.id, {**SMALL_EXTRACTION, "opinion": "QUALIFIED"})
    listed = await gql(
        client,
        """query($v: ID) { findings(filter: {vendorId: $v, kind: [MODIFIED_OPINION]}) {
          nodes { id grade } } }""",
        {"v": global_id("Vendor", vendor.id)},
        token=reviewer.token,
    )
    [opinion] = listed["data"]["findings"]["nodes"]

    lowered = await gql(
        client,
        UPDATE,
        {"i": {"findingId": opinion["id"], "grade": "CONTROL_DEFICIENCY"}},
        token=reviewer.token,
    )

    assert opinion["grade"] == "SIGNIFICANT_DEFICIENCY"
    assert lowered["data"]["updateFinding"]["errors"] == [{"code": "INVALID", "field": ["grade"]}]
