"""The tenant's questionnaires, the most recently sent first, of one vendor or in some
statuses, page by page, in as many statements whatever the page's size."""

from tests.api.questionnaires.test_answering import send
from tests.factories import global_id, gql, make_tenant

LIST = """query($first: Int, $after: String, $vendorId: ID, $status: [QuestionnaireStatus!]) {
  questionnaires(first: $first, after: $after, vendorId: $vendorId, status: $status) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id status vendor { name } delivery { status } template { name }
      items { question { key } answer { source } } messages { body } } } }"""
CANCEL = """mutation($i: CancelQuestionnaireInput!) { cancelQuestionnaire(input: $i) {
  errors { code } } }"""


async def test_questionnaires_are_listed_newest_first_and_filtered(client, db):
    acme = await make_tenant(db)
    sent = [(await send(client, db, acme, vendor_name=f"Supplier {n}"))[0] for n in range(3)]
    await gql(
        client, CANCEL, {"i": {"questionnaireId": sent[0]["id"], "reason": "x"}}, token=acme.token
    )
    [_, _, vendor_two] = await send(client, db, acme, vendor_name="Supplier Extra")

    first = (await gql(client, LIST, {"first": 2}, token=acme.token))["data"]["questionnaires"]
    rest = await gql(
        client, LIST, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=acme.token
    )
    cancelled = await gql(client, LIST, {"status": ["CANCELLED"]}, token=acme.token)
    one_vendor = await gql(
        client, LIST, {"vendorId": global_id("Vendor", vendor_two.id)}, token=acme.token
    )

    listed = [n["vendor"]["name"] for n in first["nodes"]] + [
        n["vendor"]["name"] for n in rest["data"]["questionnaires"]["nodes"]
    ]
    assert first["totalCount"] == 4 and first["pageInfo"]["hasNextPage"]
    assert listed == ["Supplier Extra", "Supplier 2", "Supplier 1", "Supplier 0"]
    assert [n["id"] for n in cancelled["data"]["questionnaires"]["nodes"]] == [sent[0]["id"]]
    assert [n["vendor"]["name"] for n in one_vendor["data"]["questionnaires"]["nodes"]] == [
        "Supplier Extra"
    ]
    assert first["nodes"][0]["delivery"] == {"status": "NO_RECEIVER"}


async def test_a_page_reads_in_as_many_statements_whatever_its_size(client, db, count_statements):
    acme = await make_tenant(db)
    for n in range(4):
        await send(client, db, acme, vendor_name=f"Supplier {n}")
    counts = {}
    for size in (1, 4):
        count_statements.count = 0
        body = await gql(client, LIST, {"first": size}, token=acme.token)
        assert len(body["data"]["questionnaires"]["nodes"]) == size
        counts[size] = count_statements.count

    assert counts[1] == counts[4]
