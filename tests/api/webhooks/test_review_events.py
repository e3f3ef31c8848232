"""A review's submission and sign-off go to the outbox in their own transaction: announced
when they commit, never when they are refused."""

from sqlalchemy import text

from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.api.reviews.checks import check_everything
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

MOVE = """mutation($i: TransitionReviewInput!) { transitionReview(input: $i) {
  errors { code } } }"""
DECIDE = """mutation($i: UpdateReviewInput!) { updateReview(input: $i) { errors { code } } }"""
NEXT = """query($id: ID!) { vendor(id: $id) { nextReview { id } } }"""


async def _outbox(db, tenant_id) -> list[tuple[str, str]]:
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text(
                "SELECT type, data->'review'->>'status' FROM outbox_events "
                "WHERE tenant_id = :t ORDER BY occurred_at"
            ),
            {"t": tenant_id},
        )
        return [tuple(row) for row in rows.all()]


async def test_submission_and_sign_off_are_announced_and_a_refused_move_is_not(client, db):
    acme = await make_tenant(db)
    preparer = await make_member(db, acme.tenant_id, "prep@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    body = await gql(client, NEXT, {"id": global_id("Vendor", vendor.id)}, token=preparer.token)
    review_id = body["data"]["vendor"]["nextReview"]["id"]

    async def move(member, to):
        moved = await gql(
            client, MOVE, {"i": {"reviewId": review_id, "to": to}}, token=member.token
        )
        return moved["data"]["transitionReview"]["errors"]

    await move(preparer, "IN_PROGRESS")
    undecided = await move(preparer, "PENDING_APPROVAL")
    after_refusal = await _outbox(db, acme.tenant_id)
    decided = {"decision": "APPROVED", "residualRisk": "LOW", "rationale": "Current SOC 2."}
    await gql(client, DECIDE, {"i": {"reviewId": review_id, **decided}}, token=preparer.token)
    await check_everything(client, preparer, review_id)
    await move(preparer, "PENDING_APPROVAL")
    own_sign_off = await move(preparer, "COMPLETED")
    after_own = await _outbox(db, acme.tenant_id)
    await move(acme, "COMPLETED")

    assert undecided[0]["code"] == "INVALID" and after_refusal == []
    assert own_sign_off[0]["code"] == "SELF_APPROVAL"
    assert after_own == [("review.submitted", "PENDING_APPROVAL")]
    assert await _outbox(db, acme.tenant_id) == [
        ("review.submitted", "PENDING_APPROVAL"),
        ("review.completed", "COMPLETED"),
    ]
