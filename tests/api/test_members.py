"""ADMINs manage members: add, change role, remove, list; one ADMIN always remains."""

from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant, tenant_state

ADD = "mutation($i: AddMemberInput!) { addMember(input: $i) { member { id role displayName user { email } } errors { code field message } } }"
CHANGE = "mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { member { role } errors { code field message } } }"
REMOVE = "mutation($i: RemoveMemberInput!) { removeMember(input: $i) { removedMemberId errors { code field message } } }"
MEMBERS = "query($first: Int, $after: String, $last: Int, $before: String) { members(first: $first, after: $after, last: $last, before: $before) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { role user { email } } } } }"


async def test_admin_adds_a_member_with_a_normalised_email(client, db):
    acme = await make_tenant(db)

    body = await gql(
        client,
        ADD,
        {"i": {"email": "  Carol@ACME.example ", "role": "PROCUREMENT"}},
        token=acme.token,
    )

    member = body["data"]["addMember"]["member"]
    assert member["role"] == "PROCUREMENT"
    assert member["user"] == {"email": "carol@acme.example"}
    assert member["displayName"] == "carol"


async def test_a_person_can_belong_to_several_tenants(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    body = await gql(
        client, ADD, {"i": {"email": "ann@acme.example", "role": "VIEWER"}}, token=globex.token
    )
    members = await gql(
        client, "{ members { edges { node { role user { email } } } } }", token=acme.token
    )

    assert body["data"]["addMember"]["member"]["role"] == "VIEWER"
    assert [e["node"] for e in members["data"]["members"]["edges"]] == [
        {"role": "ADMIN", "user": {"email": "ann@acme.example"}}
    ]


async def test_what_one_tenant_calls_a_person_never_reaches_another(client, db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    await gql(
        client,
        ADD,
        {
            "i": {
                "email": "pat@example.com",
                "role": "VIEWER",
                "displayName": "Globex Internal Codename",
            }
        },
        token=globex.token,
    )

    fresh = await gql(
        client,
        ADD,
        {"i": {"email": "new@example.com", "role": "VIEWER", "displayName": "Pat"}},
        token=acme.token,
    )
    known = await gql(
        client,
        ADD,
        {"i": {"email": "pat@example.com", "role": "VIEWER", "displayName": "Pat"}},
        token=acme.token,
    )

    assert "Codename" not in str(known)
    assert known["data"]["addMember"]["member"]["displayName"] == "Pat"
    assert (
        fresh["data"]["addMember"]["member"].keys() == known["data"]["addMember"]["member"].keys()
    )


async def test_adding_an_existing_member_is_a_conflict(client, db):
    acme = await make_tenant(db, admin_email="ann@acme.example")

    body = await gql(
        client, ADD, {"i": {"email": "ANN@acme.example", "role": "VIEWER"}}, token=acme.token
    )

    assert body["data"]["addMember"]["errors"] == [
        {"code": "CONFLICT", "field": ["email"], "message": "ann@acme.example is already a member."}
    ]


async def test_an_invalid_email_is_refused_and_changes_nothing(client, db):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(
        client, ADD, {"i": {"email": "not-an-email", "role": "VIEWER"}}, token=acme.token
    )

    [error] = body["data"]["addMember"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID", ["email"])
    assert await tenant_state(db, acme.tenant_id) == before


async def test_the_last_admin_can_be_neither_demoted_nor_removed(client, db):
    acme = await make_tenant(db)
    me = {"memberId": acme.global_id}

    demote = await gql(client, CHANGE, {"i": {**me, "role": "VIEWER"}}, token=acme.token)
    remove = await gql(client, REMOVE, {"i": me}, token=acme.token)

    assert demote["data"]["changeMemberRole"]["errors"][0]["code"] == "CONFLICT"
    assert remove["data"]["removeMember"]["errors"][0]["code"] == "CONFLICT"


async def test_an_admin_can_step_down_once_another_admin_exists(client, db):
    acme = await make_tenant(db)
    await make_member(db, acme.tenant_id, "second@acme.example", Role.ADMIN)

    body = await gql(
        client, CHANGE, {"i": {"memberId": acme.global_id, "role": "VIEWER"}}, token=acme.token
    )

    assert body["data"]["changeMemberRole"]["member"] == {"role": "VIEWER"}


async def test_removing_a_member_revokes_their_access(client, db):
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.REVIEWER)

    body = await gql(client, REMOVE, {"i": {"memberId": bob.global_id}}, token=acme.token)

    assert body["data"]["removeMember"]["removedMemberId"] == bob.global_id
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {bob.token}"},
    )
    assert response.status_code == 401


async def test_members_page_forwards_and_backwards(client, db):
    acme = await make_tenant(db, admin_email="m0@acme.example")
    for i in range(1, 5):
        await make_member(db, acme.tenant_id, f"m{i}@acme.example", Role.VIEWER)

    page1 = (await gql(client, MEMBERS, {"first": 2}, token=acme.token))["data"]["members"]
    page2 = (
        await gql(
            client, MEMBERS, {"first": 2, "after": page1["pageInfo"]["endCursor"]}, token=acme.token
        )
    )["data"]["members"]
    back = (
        await gql(
            client,
            MEMBERS,
            {"last": 2, "before": page2["pageInfo"]["startCursor"]},
            token=acme.token,
        )
    )["data"]["members"]

    emails = lambda page: [e["node"]["user"]["email"] for e in page["edges"]]  # noqa: E731
    assert page1["totalCount"] == 5
    assert emails(page1) == ["m0@acme.example", "m1@acme.example"]
    assert emails(page2) == ["m2@acme.example", "m3@acme.example"]
    assert page2["pageInfo"]["hasNextPage"] is True
    assert page2["pageInfo"]["hasPreviousPage"] is True
    assert emails(back) == emails(page1)
    assert back["pageInfo"]["hasPreviousPage"] is False
