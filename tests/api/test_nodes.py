"""`node(id:)` for every type that implements Node: its own tenant's row, and nothing else."""

import base64
import uuid

from sqlalchemy import text

from domain.shared.roles import Role
from tests.api.scenes import build_scene
from tests.factories import global_id, gql, make_member, make_tenant
from tests.vendor_imports import make_finished_import, sheet

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODE_TYPES = """{ __schema { types { name interfaces { name } } } }"""


async def _node_types(client, token: str) -> set[str]:
    body = await gql(client, NODE_TYPES, token=token)
    return {
        t["name"]
        for t in body["data"]["__schema"]["types"]
        if any(i["name"] == "Node" for i in t["interfaces"] or [])
    }


async def _every_kind_of_node(db, scene) -> dict[str, str]:
    """One global ID of each Node type in the scene's tenant."""
    async with db.owner_transaction() as session:
        row = await session.execute(
            text(
                "SELECT (SELECT id FROM soc_subservice_organizations WHERE tenant_id = :t LIMIT 1),"
                " (SELECT id FROM audit_events WHERE tenant_id = :t LIMIT 1)"
            ),
            {"t": scene.actor.tenant_id},
        )
        subservice_id, event_id = row.one()
    importer = await make_member(
        db, scene.actor.tenant_id, "importer@acme.example", Role.PROCUREMENT
    )
    ids = {value.split(":")[0]: value for value in map(_decoded, scene.ids.values())}
    ids.update(
        {
            "SubserviceOrganization": f"SubserviceOrganization:{subservice_id}",
            "AuditEvent": f"AuditEvent:{event_id}",
            "Tenant": f"Tenant:{scene.actor.tenant_id}",
            "User": f"User:{scene.actor.user_id}",
            "ApiToken": f"ApiToken:{scene.actor_token_id}",
            "VendorImport": f"VendorImport:{await make_finished_import(db, importer, sheet(2))}",
        }
    )
    return {name: global_id(*value.split(":", 1)) for name, value in ids.items()}


def _decoded(global_id_value: str) -> str:
    return base64.b64decode(global_id_value).decode()


async def test_every_node_type_answers_node_with_its_own_row(client, db):
    scene = await build_scene(db, Role.ADMIN)
    ids = await _every_kind_of_node(db, scene)
    # A new Node type must be added to the scene (and so to this test and the probe below).
    assert await _node_types(client, scene.actor.token) == set(ids)

    for type_name, node_id in ids.items():
        body = await gql(client, NODE, {"id": node_id}, token=scene.actor.token)
        assert body == {"data": {"node": {"__typename": type_name, "id": node_id}}}, type_name


async def test_every_node_type_is_null_for_another_tenant_like_a_missing_id(client, db):
    scene = await build_scene(db, Role.ADMIN)
    ids = await _every_kind_of_node(db, scene)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    for type_name, node_id in ids.items():
        foreign = await gql(client, NODE, {"id": node_id}, token=globex.token)
        missing = await gql(
            client, NODE, {"id": global_id(type_name, uuid.uuid4())}, token=globex.token
        )
        assert foreign == missing == {"data": {"node": None}}, type_name


async def test_a_node_the_role_may_not_read_is_null_like_a_missing_one(client, db):
    scene = await build_scene(db, Role.VIEWER)  # neither the audit trail nor imports for them
    ids = await _every_kind_of_node(db, scene)

    for type_name in ("AuditEvent", "VendorImport"):
        body = await gql(client, NODE, {"id": ids[type_name]}, token=scene.actor.token)
        assert body == {"data": {"node": None}}, type_name
