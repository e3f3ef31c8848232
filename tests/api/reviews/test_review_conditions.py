"""An approval with conditions lists them, each a tracked action worked after the sign-off;
a completed review is amended with a new version, the completed one left as it was."""

from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.api.reviews.checks import check_everything
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

MOVE = """mutation($i: TransitionReviewInput!) { transitionReview(input: $i) {
  review { status } errors { code field message } } }"""
DECIDE = """mutation($i: UpdateReviewInput!) { updateReview(input: $i) { errors { code } } }"""
ADD = """mutation($i: AddReviewConditionInput!) { addReviewCondition(input: $i) {
  condition { id status owner { displayName } dueDate } errors { code field } } }"""
CONDITION = """mutation($i: TransitionReviewConditionInput!) { transitionReviewCondition(input: $i) {
  condition { status doneAt } errors { code } } }"""
AMEND = """mutation($i: AmendReviewInput!) { amendReview(input: $i) {
  review { id version status decision replaces { id } conditions { description }
    preparer { displayName } }
  errors { code field } } }"""
REVIEW = """query($id: ID!) { review(id: $id) { status rationale amendedBy { id version }
  conditions { description status } } }"""


async def _in_progress(client, db, decision="APPROVED_WITH_CONDITIONS"):
    acme = await make_tenant(db)
    preparer = await make_member(db, acme.tenant_id, "prep@acme.example", Role.REVIEWER)
    approver = await make_member(db, acme.tenant_id, "appr@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
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
    decided = {"decision": decision, "residualRisk": "MEDIUM", "rationale": "Mostly sound."}
    await gql(client, DECIDE, {"i": {"reviewId": review_id, **decided}}, token=preparer.token)
    await check_everything(client, preparer, review_id)
    return preparer, approver, review_id


async def test_an_approval_with_conditions_lists_them_and_they_are_worked_after_sign_off(
    client, db
):
    preparer, approver, review_id = await _in_progress(client, db)
    move = {"reviewId": review_id, "to": "PENDING_APPROVAL"}

    without = await gql(client, MOVE, {"i": move}, token=preparer.token)
    added = await gql(
        client,
        ADD,
        {
            "i": {
                "reviewId": review_id,
                "description": "Sign the DPA.",
                "ownerId": preparer.global_id,
                "dueDate": "2027-02-01",
            }
        },
        token=preparer.token,
    )
    await gql(client, MOVE, {"i": move}, token=preparer.token)
    await gql(client, MOVE, {"i": {"reviewId": review_id, "to": "COMPLETED"}}, token=approver.token)
    condition_id = added["data"]["addReviewCondition"]["condition"]["id"]
    done = await gql(
        client, CONDITION, {"i": {"conditionId": condition_id, "to": "DONE"}}, token=preparer.token
    )
    after = await gql(client, REVIEW, {"id": review_id}, token=preparer.token)

    assert without["data"]["transitionReview"]["errors"][0]["field"] == ["decision"]
    assert added["data"]["addReviewCondition"]["condition"] == {
        "id": condition_id,
        "status": "OPEN",
        "owner": {"displayName": "prep"},
        "dueDate": "2027-02-01",
    }
    assert done["data"]["transitionReviewCondition"]["condition"]["status"] == "DONE"
    assert done["data"]["transitionReviewCondition"]["condition"]["doneAt"]
    assert after["data"]["review"]["status"] == "COMPLETED"
    assert after["data"]["review"]["conditions"] == [
        {"description": "Sign the DPA.", "status": "DONE"}
    ]


async def test_conditions_belong_to_an_approval_with_conditions_only(client, db):
    preparer, _, review_id = await _in_progress(client, db, decision="APPROVED")
    await gql(client, ADD, {"i": {"reviewId": review_id, "description": "x"}}, token=preparer.token)

    submitted = await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "PENDING_APPROVAL"}}, token=preparer.token
    )

    assert submitted["data"]["transitionReview"]["errors"][0]["code"] == "INVALID"


async def test_a_completed_review_is_amended_with_a_new_version_once(client, db):
    preparer, approver, review_id = await _in_progress(client, db)
    await gql(
        client,
        ADD,
        {"i": {"reviewId": review_id, "description": "Pen test."}},
        token=preparer.token,
    )
    await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "PENDING_APPROVAL"}}, token=preparer.token
    )
    not_yet = await gql(
        client, AMEND, {"i": {"reviewId": review_id, "reason": "x"}}, token=approver.token
    )
    await gql(client, MOVE, {"i": {"reviewId": review_id, "to": "COMPLETED"}}, token=approver.token)

    amended = await gql(
        client,
        AMEND,
        {"i": {"reviewId": review_id, "reason": "The vendor disclosed an incident."}},
        token=approver.token,
    )
    twice = await gql(
        client, AMEND, {"i": {"reviewId": review_id, "reason": "Again."}}, token=approver.token
    )
    old = await gql(client, REVIEW, {"id": review_id}, token=preparer.token)

    assert not_yet["data"]["amendReview"]["errors"] == [{"code": "INVALID", "field": ["reviewId"]}]
    new = amended["data"]["amendReview"]["review"]
    assert (new["version"], new["status"], new["decision"]) == (
        2,
        "IN_PROGRESS",
        "APPROVED_WITH_CONDITIONS",
    )
    assert new["replaces"] == {"id": review_id}
    assert new["conditions"] == [{"description": "Pen test."}]
    assert new["preparer"] == {"displayName": "appr"}
    assert twice["data"]["amendReview"]["errors"] == [{"code": "CONFLICT", "field": ["reviewId"]}]
    assert old["data"]["review"]["status"] == "COMPLETED"
    assert old["data"]["review"]["rationale"] == "Mostly sound."
    assert old["data"]["review"]["amendedBy"] == {"id": new["id"], "version": 2}
