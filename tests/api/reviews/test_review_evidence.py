"""A review relies on documents of its vendor; when it is submitted, each attached report
is frozen into it as it stood, so a later re-parse or correction never changes what was
decided on; once the review is COMPLETED its evidence is locked too."""

import base64

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.api.reviews.checks import check_everything
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

ATTACH = """mutation($i: AttachReviewEvidenceInput!) { attachReviewEvidence(input: $i) {
  evidence { id document { id } } errors { code field } } }"""
MOVE = """mutation($i: TransitionReviewInput!) { transitionReview(input: $i) {
  review { status } errors { code field message } } }"""
DECIDE = """mutation($i: UpdateReviewInput!) { updateReview(input: $i) { errors { code } } }"""
EVIDENCE = """query($id: ID!) { review(id: $id) { evidence { note
  report { opinion comparison { conclusive } review { needed } }
  snapshot { opinion serviceAuditor correctedFields reviewNeeded
    exceptions { controlId result } cuecs { text } } } } }"""
CORRECT = """mutation($i: CorrectReportInput!) { correctReport(input: $i) { errors { code } } }"""


async def _submitted(client, db):
    acme = await make_tenant(db)
    preparer = await make_member(db, acme.tenant_id, "prep@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    report = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    body = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { nextReview { id } } }",
        {"id": global_id("Vendor", vendor.id)},
        token=preparer.token,
    )
    review_id = body["data"]["vendor"]["nextReview"]["id"]
    await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "IN_PROGRESS"}}, token=preparer.token
    )
    attached = await gql(
        client,
        ATTACH,
        {
            "i": {
                "reviewId": review_id,
                "documentId": global_id("Document", report.document_id),
                "note": "The current SOC 2.",
            }
        },
        token=preparer.token,
    )
    assert attached["data"]["attachReviewEvidence"]["errors"] == [], attached
    decision = {"decision": "APPROVED", "residualRisk": "LOW", "rationale": "Clean report."}
    await gql(client, DECIDE, {"i": {"reviewId": review_id, **decision}}, token=preparer.token)
    await check_everything(client, preparer, review_id)
    submitted = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "PENDING_APPROVAL"}}, token=preparer.token
    )
    assert submitted["data"]["transitionReview"]["review"]["status"] == "PENDING_APPROVAL"
    return acme, preparer, vendor, report, review_id


async def test_the_report_decided_on_is_frozen_whatever_is_read_or_corrected_since(client, db):
    acme, preparer, _, report, review_id = await _submitted(client, db)
    reread = {**SMALL_EXTRACTION, "opinion": "QUALIFIED", "exceptions": [], "cuecs": []}

    await read_again(db, acme.tenant_id, report, reread)
    await gql(
        client,
        CORRECT,
        {"i": {"reportId": global_id("SocReport", report.id), "serviceAuditor": "Other LLP"}},
        token=preparer.token,
    )
    body = await gql(client, EVIDENCE, {"id": review_id}, token=preparer.token)

    [evidence] = body["data"]["review"]["evidence"]
    assert evidence["note"] == "The current SOC 2."
    assert evidence["report"]["opinion"] == "QUALIFIED"  # the report now
    assert evidence["snapshot"] == {  # the report as it was decided on
        "opinion": "UNQUALIFIED",
        "serviceAuditor": "Audit LLP",
        "correctedFields": [],
        "reviewNeeded": False,
        "exceptions": [
            {
                "controlId": "CC6.1.1",
                "result": "For 1 of 4 quarters the review was not performed.",
            }
        ],
        "cuecs": [{"text": "Customers review their users."}],
    }


async def test_evidence_of_a_completed_review_is_locked(client, db):
    acme, _preparer, _, _, review_id = await _submitted(client, db)
    approver = await make_member(db, acme.tenant_id, "appr@acme.example", Role.REVIEWER)
    completed = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "COMPLETED"}}, token=approver.token
    )
    raw_id = base64.b64decode(review_id).decode().split(":")[1]

    assert completed["data"]["transitionReview"]["review"]["status"] == "COMPLETED"
    for statement in (
        "UPDATE review_evidence SET note = 'rewritten' WHERE review_id = :r",
        "UPDATE review_evidence SET snapshot = '{}' WHERE review_id = :r",
        "DELETE FROM review_evidence WHERE review_id = :r",
    ):
        with pytest.raises(sqlalchemy.exc.DBAPIError, match="a completed review is locked"):
            async with db.transaction(acme.tenant_id) as session:
                await session.execute(text(statement), {"r": raw_id})


async def test_only_the_reviewed_vendor_s_documents_once_each_while_it_is_worked(client, db):
    acme, preparer, _, report, review_id = await _submitted(client, db)
    other = await make_vendor(db, acme, "Other Co")
    theirs = await make_read_report(db, acme, other.id, SMALL_EXTRACTION)

    submitted_already = await gql(
        client,
        ATTACH,
        {"i": {"reviewId": review_id, "documentId": global_id("Document", report.document_id)}},
        token=preparer.token,
    )
    await gql(
        client,
        MOVE,
        {"i": {"reviewId": review_id, "to": "IN_PROGRESS", "reason": "More evidence."}},
        token=preparer.token,
    )
    twice = await gql(
        client,
        ATTACH,
        {"i": {"reviewId": review_id, "documentId": global_id("Document", report.document_id)}},
        token=preparer.token,
    )
    another_vendor = await gql(
        client,
        ATTACH,
        {"i": {"reviewId": review_id, "documentId": global_id("Document", theirs.document_id)}},
        token=preparer.token,
    )

    assert submitted_already["data"]["attachReviewEvidence"]["errors"] == [
        {"code": "INVALID", "field": ["reviewId"]}
    ]
    assert twice["data"]["attachReviewEvidence"]["errors"] == [
        {"code": "CONFLICT", "field": ["documentId"]}
    ]
    assert another_vendor["data"]["attachReviewEvidence"]["errors"] == [
        {"code": "INVALID", "field": ["documentId"]}
    ]


async def test_a_finding_raised_from_a_review_is_the_vendor_s_and_listed_on_the_review(client, db):
    _acme, preparer, vendor, _, review_id = await _submitted(client, db)
    await gql(
        client,
        MOVE,
        {"i": {"reviewId": review_id, "to": "IN_PROGRESS", "reason": "One more finding."}},
        token=preparer.token,
    )

    raised = await gql(
        client,
        """mutation($i: RaiseReviewFindingInput!) { raiseReviewFinding(input: $i) {
          finding { kind severity status dueDate owner { displayName } vendor { name }
            statusHistory { toStatus changedBy { displayName } } }
          errors { code field } } }""",
        {
            "i": {
                "reviewId": review_id,
                "title": "No DPA signed",
                "description": "The data processing agreement is not signed.",
                "severity": "HIGH",
                "ownerId": preparer.global_id,
                "dueDate": "2027-03-31",
            }
        },
        token=preparer.token,
    )
    listed = await gql(
        client,
        """query($id: ID!) { review(id: $id) {
          findings(filter: {status: [OPEN, IN_REMEDIATION], kind: [RAISED_BY_HAND]}) {
            totalCount nodes { title } } } }""",
        {"id": review_id},
        token=preparer.token,
    )

    finding = raised["data"]["raiseReviewFinding"]["finding"]
    assert finding == {
        "kind": "RAISED_BY_HAND",
        "severity": "HIGH",
        "status": "OPEN",
        "dueDate": "2027-03-31",
        "owner": {"displayName": "prep"},
        "vendor": {"name": vendor.name},
        "statusHistory": [{"toStatus": "OPEN", "changedBy": {"displayName": "prep"}}],
    }
    assert listed["data"]["review"]["findings"]["nodes"] == [{"title": "No DPA signed"}]
