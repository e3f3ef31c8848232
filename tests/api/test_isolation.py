"""Tenant B using tenant A's IDs: every query and mutation behaves as if the ID did not exist."""

import uuid

import pytest
from sqlalchemy import text

from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, tenant_state

NODE = "query($id: ID!) { node(id: $id) { id __typename } }"


async def _two_tenants(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    acme_bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.VIEWER)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    async with db.owner_transaction() as session:
        acme_token_id = await session.scalar(
            text("SELECT id FROM api_tokens WHERE membership_id = :m"),
            {"m": acme_bob.membership_id},
        )
    return acme, acme_bob, globex, acme_token_id


async def test_node_with_another_tenants_ids_is_null_like_a_missing_id(client, db):
    acme, bob, globex, bob_token_id = await _two_tenants(db)
    foreign_ids = [
        global_id("Tenant", acme.tenant_id),
        global_id("Member", bob.membership_id),
        global_id("User", bob.user_id),
        global_id("ApiToken", bob_token_id),
    ]
    missing_ids = [global_id(t, uuid.uuid4()) for t in ("Tenant", "Member", "User", "ApiToken")]

    for node_id in foreign_ids + missing_ids:
        body = await gql(client, NODE, {"id": node_id}, token=globex.token)
        assert body == {"data": {"node": None}}, node_id


MUTATIONS = [
    ("changeMemberRole", "ChangeMemberRoleInput", lambda m, t: {"memberId": m, "role": "ADMIN"}),
    ("removeMember", "RemoveMemberInput", lambda m, t: {"memberId": m}),
    ("createApiToken", "CreateApiTokenInput", lambda m, t: {"name": "x", "memberId": m}),
    ("revokeApiToken", "RevokeApiTokenInput", lambda m, t: {"tokenId": t}),
]


@pytest.mark.parametrize("name,input_type,make_input", MUTATIONS, ids=[m[0] for m in MUTATIONS])
async def test_mutations_with_another_tenants_ids_answer_exactly_like_missing_ids(
    client, db, name, input_type, make_input
):
    acme, bob, globex, bob_token_id = await _two_tenants(db)
    document = (
        f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ code field message }} }} }}"
    )
    acme_before = await tenant_state(db, acme.tenant_id)

    foreign = await gql(
        client,
        document,
        {"i": make_input(bob.global_id, global_id("ApiToken", bob_token_id))},
        token=globex.token,
    )
    missing = await gql(
        client,
        document,
        {"i": make_input(global_id("Member", uuid.uuid4()), global_id("ApiToken", uuid.uuid4()))},
        token=globex.token,
    )

    assert foreign == missing
    assert foreign["data"][name]["errors"][0]["code"] == "NOT_FOUND"
    assert await tenant_state(db, acme.tenant_id) == acme_before


async def test_lists_show_only_the_callers_tenant(client, db):
    _, _, globex, _ = await _two_tenants(db)

    body = await gql(
        client,
        "{ members { totalCount edges { node { user { email } } } } "
        "apiTokens { totalCount } auditEvents { totalCount } }",
        token=globex.token,
    )

    data = body["data"]
    assert data["members"]["totalCount"] == 1
    assert [e["node"]["user"]["email"] for e in data["members"]["edges"]] == ["gus@globex.example"]
    assert data["apiTokens"]["totalCount"] == 1
    assert data["auditEvents"]["totalCount"] == 3
