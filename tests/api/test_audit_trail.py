"""Every mutation leaves an audit event; ADMINs read the trail through auditEvents."""

import pytest
from sqlalchemy import text

from domain.shared.roles import Role
from tests.api.mutation_catalogue import CASES, Case, Scene
from tests.api.scenes import build_scene
from tests.factories import gql, make_member, make_tenant

EVENTS = """
query($filter: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { action entityType entityId actorKind actorTokenId requestId changes
                   actor { user { email } } } }
  }
}
"""


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.name}-{sorted(c.allowed)}")
async def test_every_mutation_writes_audit_events_with_actor_and_request(client, db, case: Case):
    scene: Scene = await build_scene(db, Role.ADMIN)

    await case.send(client, scene, headers={"X-Request-ID": "req-audit-1"})

    async with db.owner_transaction() as session:
        events = (
            await session.execute(
                text("SELECT * FROM audit_events WHERE request_id = 'req-audit-1'")
            )
        ).all()
    assert case.action in [event.action for event in events]
    for event in events:
        assert event.tenant_id == scene.actor.tenant_id
        assert event.actor_kind == "USER"
        assert event.actor_user_id == scene.actor.user_id
        assert str(event.actor_token_id) == scene.actor_token_id
        # an import's counts are facts of the file, not of one row
        imports = ("VendorImport", "ControlImport", "AnswerLibraryImport")
        imports += ("CustomerQuestionnaireFile",)  # a file previewed, not kept
        assert event.entity_id is not None or event.entity_type in imports
        assert event.changes, "the changed fields, before and after"


async def test_audit_event_records_before_and_after_of_changed_fields_only(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "vic@acme.example", Role.VIEWER)

    await gql(
        client,
        "mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { errors { code } } }",
        {"i": {"memberId": viewer.global_id, "role": "REVIEWER"}},
        token=acme.token,
    )
    body = await gql(
        client, EVENTS, {"filter": {"action": "member.role_changed"}}, token=acme.token
    )

    [edge] = body["data"]["auditEvents"]["edges"]
    assert edge["node"]["changes"] == {"role": {"before": "VIEWER", "after": "REVIEWER"}}
    assert edge["node"]["entityId"] == viewer.global_id
    assert edge["node"]["actor"] == {"user": {"email": acme.email}}


async def test_audit_events_page_forward_with_cursors_and_total(client, db):
    acme = await make_tenant(db)
    for i in range(4):
        await make_member(db, acme.tenant_id, f"m{i}@acme.example", Role.VIEWER)

    first = await gql(client, EVENTS, {"first": 3}, token=acme.token)
    page1 = first["data"]["auditEvents"]
    second = await gql(
        client, EVENTS, {"first": 3, "after": page1["pageInfo"]["endCursor"]}, token=acme.token
    )
    page2 = second["data"]["auditEvents"]

    # tenant.created, member.added + api_token.created for the admin and for each of 4 members
    assert page1["totalCount"] == page2["totalCount"] == 11
    assert page1["pageInfo"]["hasNextPage"] is True
    actions = [e["node"]["action"] for e in page1["edges"] + page2["edges"]]
    assert actions[:3] == ["tenant.created", "member.added", "api_token.created"]
    assert len(actions) == 6


async def test_audit_events_filter_by_entity(client, db):
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.VIEWER)

    body = await gql(client, EVENTS, {"filter": {"entityId": bob.global_id}}, token=acme.token)

    assert [e["node"]["action"] for e in body["data"]["auditEvents"]["edges"]] == ["member.added"]


async def test_audit_events_filter_by_the_member_who_acted(client, db):
    acme = await make_tenant(db)
    bob = await make_member(db, acme.tenant_id, "bob@acme.example", Role.ADMIN)
    await gql(
        client,
        "mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) { errors { code } } }",
        {"i": {"name": "Acme Renamed"}},
        token=bob.token,
    )
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    by_bob = await gql(client, EVENTS, {"filter": {"actorId": bob.global_id}}, token=acme.token)
    foreign = await gql(client, EVENTS, {"filter": {"actorId": bob.global_id}}, token=globex.token)

    edges = by_bob["data"]["auditEvents"]["edges"]
    assert [e["node"]["action"] for e in edges] == ["tenant.settings_updated"]
    assert {e["node"]["actor"]["user"]["email"] for e in edges} == {"bob@acme.example"}
    assert foreign["data"]["auditEvents"]["totalCount"] == 0


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROCUREMENT, Role.VIEWER])
async def test_only_admins_read_the_audit_trail(client, db, role):
    acme = await make_tenant(db)
    member = await make_member(db, acme.tenant_id, "m@acme.example", role)

    body = await gql(client, EVENTS, token=member.token)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
