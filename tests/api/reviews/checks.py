"""Working a review's checklist from a test, as a front end would."""

from tests.factories import gql

CHECKLIST = "query($id: ID!) { review(id: $id) { checklist { id kind status } } }"
RESOLVE = """mutation($i: ResolveReviewChecklistItemInput!) {
  resolveReviewChecklistItem(input: $i) { errors { code field } } }"""


async def check_everything(client, member, review_id: str) -> list[str]:
    """Mark every item of the review's checklist DONE; the kinds it had."""
    body = await gql(client, CHECKLIST, {"id": review_id}, token=member.token)
    items = body["data"]["review"]["checklist"]
    for item in items:
        done = await gql(
            client,
            RESOLVE,
            {"i": {"itemId": item["id"], "status": "DONE", "note": "Checked."}},
            token=member.token,
        )
        assert done["data"]["resolveReviewChecklistItem"]["errors"] == [], done
    return [item["kind"] for item in items]
