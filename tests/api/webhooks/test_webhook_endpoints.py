"""ADMINs keep the tenant's webhook endpoints: https on a public address, a secret shown
once, a log nobody else reads; another tenant's endpoints and deliveries look missing."""

import base64
import uuid
from dataclasses import replace

import pytest
from sqlalchemy import text

from domain.shared.roles import Role
from tests.api.mutation_catalogue import CASES
from tests.api.scenes import build_scene
from tests.factories import global_id, gql, make_member, make_tenant, tenant_state

CREATE = """mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  endpoint { id url eventTypes enabled } secret errors { code field message } } }"""
ROTATE = """mutation($i: WebhookEndpointInput!) { rotateWebhookSecret(input: $i) {
  secret errors { code } } }"""
UPDATE = """mutation($i: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $i) {
  endpoint { url description eventTypes enabled } errors { code field message } } }"""
REDELIVER = """mutation($i: RedeliverWebhookInput!) { redeliverWebhook(input: $i) {
  delivery { status } errors { code field message } } }"""
ENDPOINTS = "{ webhookEndpoints { totalCount nodes { id url } } }"


async def _secret_of(db, endpoint_id: str) -> str:
    raw = base64.b64decode(endpoint_id).decode().split(":", 1)[1]
    async with db.owner_transaction() as session:
        return await session.scalar(
            text("SELECT secret FROM webhook_endpoints WHERE id = :i"), {"i": raw}
        )


async def test_an_endpoint_s_secret_is_shown_when_made_and_rotated_and_never_read_back(client, db):
    acme = await make_tenant(db)
    made = await gql(
        client,
        CREATE,
        {"i": {"url": "https://hooks.acme.example/tprm", "eventTypes": ["REVIEW_COMPLETED"]}},
        token=acme.token,
    )
    endpoint = made["data"]["createWebhookEndpoint"]["endpoint"]
    first = made["data"]["createWebhookEndpoint"]["secret"]
    stored_first = await _secret_of(db, endpoint["id"])
    rotated = await gql(client, ROTATE, {"i": {"id": endpoint["id"]}}, token=acme.token)
    second = rotated["data"]["rotateWebhookSecret"]["secret"]
    read_back = await gql(client, "{ webhookEndpoints { nodes { secret } } }", token=acme.token)
    audited = await gql(client, "{ auditEvents { nodes { action changes } } }", token=acme.token)

    assert endpoint["eventTypes"] == ["REVIEW_COMPLETED"] and endpoint["enabled"] is True
    assert first.startswith("whsec_") and len(first) == len("whsec_") + 44  # 32 bytes
    assert stored_first == first
    assert second.startswith("whsec_") and second != first
    assert await _secret_of(db, endpoint["id"]) == second
    assert "Cannot query field 'secret'" in read_back["errors"][0]["message"]
    assert first not in str(audited) and second not in str(audited)


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.acme.example/tprm",
        "https://localhost/tprm",
        "https://api.localhost/tprm",
        "https://10.1.2.3/tprm",
        "https://192.168.0.10:8443/tprm",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/tprm",
        "https://user:secret@hooks.acme.example/tprm",
        "ftp://hooks.acme.example/tprm",
        "hooks.acme.example/tprm",
        "",
    ],
)
async def test_an_endpoint_must_be_https_on_a_public_address(client, db, url):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(client, CREATE, {"i": {"url": url}}, token=acme.token)

    [error] = body["data"]["createWebhookEndpoint"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["url"])
    assert await tenant_state(db, acme.tenant_id) == before


async def test_an_endpoint_is_changed_field_by_field_and_keeps_what_was_not_given(client, db):
    acme = await make_tenant(db)
    made = await gql(
        client, CREATE, {"i": {"url": "https://hooks.acme.example/a"}}, token=acme.token
    )
    endpoint_id = made["data"]["createWebhookEndpoint"]["endpoint"]["id"]

    changed = await gql(
        client,
        UPDATE,
        {"i": {"id": endpoint_id, "eventTypes": ["FINDING_OVERDUE", "REVIEW_OVERDUE"]}},
        token=acme.token,
    )
    off = await gql(client, UPDATE, {"i": {"id": endpoint_id, "enabled": False}}, token=acme.token)
    cleared = await gql(client, UPDATE, {"i": {"id": endpoint_id, "url": None}}, token=acme.token)
    local = await gql(
        client, UPDATE, {"i": {"id": endpoint_id, "url": "https://127.0.0.1/"}}, token=acme.token
    )

    assert changed["data"]["updateWebhookEndpoint"]["endpoint"] == {
        "url": "https://hooks.acme.example/a",
        "description": "",
        "eventTypes": ["FINDING_OVERDUE", "REVIEW_OVERDUE"],
        "enabled": True,
    }
    assert off["data"]["updateWebhookEndpoint"]["endpoint"]["enabled"] is False
    assert off["data"]["updateWebhookEndpoint"]["endpoint"]["eventTypes"] == [
        "FINDING_OVERDUE",
        "REVIEW_OVERDUE",
    ]
    assert cleared["data"]["updateWebhookEndpoint"]["errors"][0]["field"] == ["url"]
    assert local["data"]["updateWebhookEndpoint"]["errors"][0]["field"] == ["url"]


async def test_a_tenant_has_at_most_twenty_endpoints(client, db):
    acme = await make_tenant(db)
    for n in range(20):
        made = await gql(
            client, CREATE, {"i": {"url": f"https://hooks{n}.acme.example/"}}, token=acme.token
        )
        assert made["data"]["createWebhookEndpoint"]["errors"] == []

    one_more = await gql(
        client, CREATE, {"i": {"url": "https://hooks.acme.example/"}}, token=acme.token
    )

    assert one_more["data"]["createWebhookEndpoint"]["errors"][0]["code"] == "TOO_MANY_ENDPOINTS"


async def test_a_delivery_still_being_tried_or_of_a_disabled_endpoint_is_not_queued_again(
    client, db
):
    scene = await build_scene(db, Role.ADMIN)
    pending = await gql(
        client,
        "mutation($i: WebhookEndpointInput!) { sendTestWebhook(input: $i) { delivery { id } } }",
        {"i": {"id": scene.ids["webhook_endpoint"]}},
        token=scene.actor.token,
    )
    pending_id = pending["data"]["sendTestWebhook"]["delivery"]["id"]
    again = await gql(client, REDELIVER, {"i": {"id": pending_id}}, token=scene.actor.token)
    await gql(
        client,
        UPDATE,
        {"i": {"id": scene.ids["webhook_endpoint"], "enabled": False}},
        token=scene.actor.token,
    )
    disabled = await gql(
        client, REDELIVER, {"i": {"id": scene.ids["webhook_delivery"]}}, token=scene.actor.token
    )

    assert again["data"]["redeliverWebhook"]["errors"][0]["code"] == "DELIVERY_PENDING"
    assert disabled["data"]["redeliverWebhook"]["errors"][0]["code"] == "ENDPOINT_DISABLED"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROCUREMENT, Role.VIEWER])
async def test_only_admins_see_webhooks(client, db, role):
    scene = await build_scene(db, Role.ADMIN)
    member = await make_member(db, scene.actor.tenant_id, "someone@acme.example", role)

    listed = await gql(client, ENDPOINTS, token=member.token)
    nodes = [
        await gql(
            client,
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": scene.ids[key]},
            token=member.token,
        )
        for key in ("webhook_endpoint", "webhook_delivery", "webhook_event")
    ]

    assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert nodes == [{"data": {"node": None}}] * 3


WEBHOOK_CASES = [c for c in CASES if "Webhook" in c.name]


@pytest.mark.parametrize("case", WEBHOOK_CASES, ids=[c.name for c in WEBHOOK_CASES])
async def test_another_tenant_s_webhook_ids_answer_exactly_like_missing_ones(client, db, case):
    acme = await build_scene(db, Role.ADMIN)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    foreign = acme.ids
    missing = {
        key: global_id(value_type, uuid.uuid4())
        for key, value_type in (
            ("webhook_endpoint", "WebhookEndpoint"),
            ("webhook_delivery", "WebhookDelivery"),
        )
    }
    acme_before = await tenant_state(db, acme.actor.tenant_id)

    with_foreign = await case.send(client, replace(acme, actor=globex))
    with_missing = await case.send(client, replace(acme, actor=globex, ids={**foreign, **missing}))
    listed = await gql(client, ENDPOINTS, token=globex.token)

    if case.name == "createWebhookEndpoint":  # no ID in it: made in Globex's own tenant
        assert with_foreign["data"][case.name]["errors"] == []
    else:
        assert with_foreign == with_missing
        assert with_foreign["data"][case.name]["errors"][0]["code"] == "NOT_FOUND"
    assert await tenant_state(db, acme.actor.tenant_id) == acme_before
    assert acme.ids["webhook_endpoint"] not in {
        node["id"] for node in listed["data"]["webhookEndpoints"]["nodes"]
    }
