"""Each webhook endpoint shows its own delivery log, newest first, a page at a time; a page of
endpoints reads every endpoint's log in the same statements, whatever its size."""

from sqlalchemy import text

from tests.factories import gql, make_tenant, uuid_of

CREATE = """mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  endpoint { id } errors { code } } }"""
SEND_TEST = """mutation($i: WebhookEndpointInput!) { sendTestWebhook(input: $i) {
  delivery { id } errors { code } } }"""
LOGS = """query($first: Int, $deliveries: Int, $after: String, $status: WebhookDeliveryStatus) {
  webhookEndpoints(first: $first) { nodes { id
    deliveries(first: $deliveries, after: $after, status: $status) {
      totalCount pageInfo { hasNextPage endCursor } nodes { id status event { type } } } } } }"""


async def _endpoints_sent_tests(client, token: str, tests: list[int]) -> list[tuple[str, list]]:
    """An endpoint per entry of `tests`, each sent that many tests: (its id, the ids of its
    deliveries, oldest first)."""
    made = []
    for n, count in enumerate(tests):
        created = await gql(
            client, CREATE, {"i": {"url": f"https://hooks{n}.acme.example/"}}, token=token
        )
        endpoint_id = created["data"]["createWebhookEndpoint"]["endpoint"]["id"]
        sent = [
            await gql(client, SEND_TEST, {"i": {"id": endpoint_id}}, token=token)
            for _ in range(count)
        ]
        made.append((endpoint_id, [s["data"]["sendTestWebhook"]["delivery"]["id"] for s in sent]))
    return made


def _logs(body) -> list[dict]:
    return [node["deliveries"] for node in body["data"]["webhookEndpoints"]["nodes"]]


async def test_each_endpoint_lists_its_own_deliveries_newest_first_a_page_at_a_time(client, db):
    acme = await make_tenant(db)
    (_, busy), (_, quiet) = await _endpoints_sent_tests(client, acme.token, [3, 1])

    first_page = _logs(await gql(client, LOGS, {"deliveries": 2}, token=acme.token))
    cursor = first_page[0]["pageInfo"]["endCursor"]
    rest = _logs(
        await gql(client, LOGS, {"first": 1, "deliveries": 2, "after": cursor}, token=acme.token)
    )

    busy_log, quiet_log = first_page
    assert busy_log["totalCount"] == 3 and busy_log["pageInfo"]["hasNextPage"]
    assert [d["id"] for d in busy_log["nodes"]] == [busy[2], busy[1]]
    assert {d["event"]["type"] for d in busy_log["nodes"]} == {"WEBHOOK_TEST"}
    assert quiet_log["totalCount"] == 1 and not quiet_log["pageInfo"]["hasNextPage"]
    assert [d["id"] for d in quiet_log["nodes"]] == quiet
    assert [d["id"] for d in rest[0]["nodes"]] == [busy[0]]
    assert not rest[0]["pageInfo"]["hasNextPage"]


async def test_an_endpoint_s_log_is_filtered_by_status(client, db):
    acme = await make_tenant(db)
    (_, busy), (_, quiet) = await _endpoints_sent_tests(client, acme.token, [2, 1])
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE webhook_deliveries SET status = 'FAILED' WHERE id = :id"),
            {"id": uuid_of(busy[0])},
        )

    failed = _logs(await gql(client, LOGS, {"status": "FAILED"}, token=acme.token))
    pending = _logs(await gql(client, LOGS, {"status": "PENDING"}, token=acme.token))

    assert [[d["id"] for d in log["nodes"]] for log in failed] == [[busy[0]], []]
    assert [log["totalCount"] for log in failed] == [1, 0]
    assert [[d["id"] for d in log["nodes"]] for log in pending] == [[busy[1]], quiet]


async def test_a_page_of_endpoints_with_their_logs_costs_the_same_statements_at_any_size(
    client, db, count_statements
):
    acme = await make_tenant(db)
    await _endpoints_sent_tests(client, acme.token, [2, 2, 2, 2])

    counts = {}
    for size in (1, 4):
        count_statements.count = 0
        body = await gql(client, LOGS, {"first": size, "deliveries": 2}, token=acme.token)
        counts[size] = count_statements.count
        logs = _logs(body)
        assert len(logs) == size and all(len(log["nodes"]) == 2 for log in logs)

    assert counts[1] == counts[4]
