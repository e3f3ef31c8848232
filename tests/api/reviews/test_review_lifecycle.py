"""A review is started, decided, submitted, and signed off by another member than its
preparer; once COMPLETED the database refuses any change to it; completing plans the next
one, and a REJECTED vendor starts offboarding."""

import base64
from datetime import UTC, datetime

import pytest
import sqlalchemy.exc
from sqlalchemy import text

from domain.findings.rules import add_months
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.api.reviews.checks import check_everything
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

MOVE = """mutation($i: TransitionReviewInput!) { transitionReview(input: $i) {
  review { id status preparer { displayName } approver { displayName } availableTransitions
    viewerCan { update transition signOff } }
  errors { code field message } } }"""
UPDATE = """mutation($i: UpdateReviewInput!) { updateReview(input: $i) {
  review { decision residualRisk rationale } errors { code field } } }"""
VENDOR = """query($id: ID!) { vendor(id: $id) { status nextReview { id status dueDate } } }"""


async def _world(db):
    acme = await make_tenant(db)
    preparer = await make_member(db, acme.tenant_id, "prep@acme.example", Role.REVIEWER)
    approver = await make_member(db, acme.tenant_id, "appr@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    return acme, preparer, approver, vendor


async def _next_review(client, token, vendor):
    body = await gql(client, VENDOR, {"id": global_id("Vendor", vendor.id)}, token=token)
    return body["data"]["vendor"]


async def _move(client, member, review_id, to, reason=None):
    body = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": to, "reason": reason}}, token=member.token
    )
    return body["data"]["transitionReview"]


async def _decide(client, member, review_id, decision="APPROVED"):
    body = await gql(
        client,
        UPDATE,
        {
            "i": {
                "reviewId": review_id,
                "decision": decision,
                "residualRisk": "LOW",
                "rationale": "Current SOC 2, no open findings.",
            }
        },
        token=member.token,
    )
    assert body["data"]["updateReview"]["errors"] == [], body
    await check_everything(client, member, review_id)


async def test_a_review_is_worked_and_signed_off_by_another_member(client, db):
    _, preparer, approver, vendor = await _world(db)
    review_id = (await _next_review(client, preparer.token, vendor))["nextReview"]["id"]

    started = await _move(client, preparer, review_id, "IN_PROGRESS")
    early = await _move(client, preparer, review_id, "PENDING_APPROVAL")
    await _decide(client, preparer, review_id)
    submitted = await _move(client, preparer, review_id, "PENDING_APPROVAL")
    by_preparer = await _move(client, preparer, review_id, "COMPLETED")
    completed = await _move(client, approver, review_id, "COMPLETED")
    after = await _next_review(client, approver.token, vendor)

    assert started["review"]["preparer"]["displayName"] == "prep"
    assert early["errors"][0]["code"] == "INVALID"
    assert submitted["review"]["status"] == "PENDING_APPROVAL"
    # the preparer sees no sign-off among their moves, and is refused it
    assert submitted["review"]["availableTransitions"] == ["IN_PROGRESS", "CANCELLED"]
    assert submitted["review"]["viewerCan"]["signOff"] is False
    assert by_preparer["errors"] == [
        {
            "code": "SELF_APPROVAL",
            "field": ["reviewId"],
            "message": "The preparer of a review cannot sign it off.",
        }
    ]
    assert completed["review"]["status"] == "COMPLETED"
    assert completed["review"]["approver"]["displayName"] == "appr"
    assert completed["review"]["availableTransitions"] == []
    assert after["nextReview"]["status"] == "SCHEDULED"
    assert after["nextReview"]["id"] != review_id
    today = datetime.now(UTC).date()
    assert after["nextReview"]["dueDate"] == add_months(today, 36).isoformat()


async def test_a_completed_review_is_locked_by_the_database(client, db):
    acme, preparer, approver, vendor = await _world(db)
    review_id = (await _next_review(client, preparer.token, vendor))["nextReview"]["id"]
    await _move(client, preparer, review_id, "IN_PROGRESS")
    await _decide(client, preparer, review_id)
    await _move(client, preparer, review_id, "PENDING_APPROVAL")
    await _move(client, approver, review_id, "COMPLETED")
    again = await _move(client, approver, review_id, "CANCELLED", "Oops.")
    raw_id = base64.b64decode(review_id).decode().split(":")[1]

    with pytest.raises(sqlalchemy.exc.DBAPIError, match="a completed review is locked"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(
                text("UPDATE vendor_reviews SET rationale = 'rewritten' WHERE id = :r"),
                {"r": raw_id},
            )
    # and no review is ever deleted by the app role
    with pytest.raises(sqlalchemy.exc.DBAPIError, match="permission denied"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(text("DELETE FROM vendor_reviews WHERE id = :r"), {"r": raw_id})

    assert again["errors"][0]["code"] == "INVALID_TRANSITION"


async def test_a_rejected_vendor_starts_offboarding_and_has_no_review_scheduled(client, db):
    _, preparer, approver, vendor = await _world(db)
    review_id = (await _next_review(client, preparer.token, vendor))["nextReview"]["id"]
    await _move(client, preparer, review_id, "IN_PROGRESS")
    await _decide(client, preparer, review_id, "REJECTED")
    await _move(client, preparer, review_id, "PENDING_APPROVAL")

    await _move(client, approver, review_id, "COMPLETED")
    after = await _next_review(client, approver.token, vendor)

    assert after == {"status": "OFFBOARDING", "nextReview": None}


async def test_sending_back_and_cancelling_need_a_reason_and_cancelling_plans_the_next(client, db):
    _, preparer, approver, vendor = await _world(db)
    review_id = (await _next_review(client, preparer.token, vendor))["nextReview"]["id"]
    await _move(client, preparer, review_id, "IN_PROGRESS")
    await _decide(client, preparer, review_id)
    await _move(client, preparer, review_id, "PENDING_APPROVAL")

    back_without = await _move(client, approver, review_id, "IN_PROGRESS")
    back = await _move(client, approver, review_id, "IN_PROGRESS", "Attach the bridge letter.")
    cancelled = await _move(client, preparer, review_id, "CANCELLED", "Vendor replaced.")
    after = await _next_review(client, preparer.token, vendor)

    assert back_without["errors"] == [
        {"code": "INVALID", "field": ["reason"], "message": "reason must not be empty."}
    ]
    assert back["review"]["status"] == "IN_PROGRESS"
    async with db.owner_transaction() as session:
        actions = (
            (
                await session.execute(
                    text(
                        "SELECT action FROM audit_events WHERE entity_type = 'Review' "
                        "AND action LIKE 'review.%' ORDER BY occurred_at, id"
                    )
                )
            )
            .scalars()
            .all()
        )
    assert actions.index("review.started") < actions.index("review.submitted")
    assert actions.index("review.submitted") < actions.index("review.returned")
    assert cancelled["review"]["status"] == "CANCELLED"
    assert after["nextReview"]["status"] == "SCHEDULED"
    assert after["nextReview"]["id"] != review_id


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PROCUREMENT])
async def test_a_role_that_does_not_review_sees_no_moves_and_is_refused(client, db, role):
    acme, _, _, vendor = await _world(db)
    member = await make_member(db, acme.tenant_id, "m@acme.example", role)
    review_id = (await _next_review(client, member.token, vendor))["nextReview"]["id"]

    seen = await gql(
        client,
        "query($id: ID!) { review(id: $id) { availableTransitions viewerCan { transition } } }",
        {"id": review_id},
        token=member.token,
    )
    refused = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "IN_PROGRESS"}}, token=member.token
    )

    assert seen["data"]["review"] == {
        "availableTransitions": [],
        "viewerCan": {"transition": False},
    }
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_another_tenant_s_review_looks_exactly_like_a_missing_one(client, db):
    _, preparer, _, vendor = await _world(db)
    review_id = (await _next_review(client, preparer.token, vendor))["nextReview"]["id"]
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    missing = global_id("Review", "00000000-0000-4000-8000-000000000000")

    foreign = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "IN_PROGRESS"}}, token=globex.token
    )
    absent = await gql(
        client, MOVE, {"i": {"reviewId": missing, "to": "IN_PROGRESS"}}, token=globex.token
    )
    read = await gql(
        client, "query($id: ID!) { review(id: $id) { id } }", {"id": review_id}, token=globex.token
    )

    assert foreign == absent
    assert foreign["data"]["transitionReview"]["errors"][0]["code"] == "NOT_FOUND"
    assert read == {"data": {"review": None}}


async def test_the_overdue_queue_and_the_dashboard_counts(client, db):
    acme, preparer, _, _vendor = await _world(db)
    other = await make_vendor(db, acme, "Late Co", status=VendorStatus.ACTIVE)
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendor_reviews SET due_date = current_date - 3 WHERE vendor_id = :v"),
            {"v": other.id},
        )

    queue = await gql(
        client,
        """{ reviews(filter: {overdue: true}) { nodes { overdue vendor { name } } }
             reviewCounts { total overdue byStatus { status count } } }""",
        token=preparer.token,
    )

    assert queue["data"]["reviews"]["nodes"] == [{"overdue": True, "vendor": {"name": "Late Co"}}]
    counts = queue["data"]["reviewCounts"]
    assert (counts["total"], counts["overdue"]) == (2, 1)
    assert {c["status"]: c["count"] for c in counts["byStatus"]}["SCHEDULED"] == 2


async def test_the_checklist_follows_the_vendor_s_tier_and_holds_back_submission(client, db):
    acme, preparer, _, _ = await _world(db)
    critical = await make_vendor(
        db,
        acme,
        "Crit Cloud",
        status=VendorStatus.ACTIVE,
        data_access={
            "data_categories": ["CREDENTIALS"],
            "access_level": "ADMIN",
            "connects_to_production": True,
            "hosting_regions": ["US"],
        },
    )
    review_id = (await _next_review(client, preparer.token, critical))["nextReview"]["id"]
    await _move(client, preparer, review_id, "IN_PROGRESS")
    body = await gql(
        client,
        UPDATE,
        {
            "i": {
                "reviewId": review_id,
                "decision": "APPROVED",
                "residualRisk": "LOW",
                "rationale": "x",
            }
        },
        token=preparer.token,
    )
    assert body["data"]["updateReview"]["errors"] == []

    held = await _move(client, preparer, review_id, "PENDING_APPROVAL")
    kinds = await check_everything(client, preparer, review_id)
    submitted = await _move(client, preparer, review_id, "PENDING_APPROVAL")

    assert held["errors"][0]["code"] == "REQUIREMENTS_PENDING"
    # no report read yet: no bridge letter to ask for
    assert kinds == [
        "SOC_REPORT_REVIEWED",
        "CUECS_CONSIDERED",
        "OPEN_FINDINGS_REVIEWED",
        "CONTRACT_TERMS",
        "SECURITY_QUESTIONNAIRE",
    ]
    assert submitted["review"]["status"] == "PENDING_APPROVAL"
