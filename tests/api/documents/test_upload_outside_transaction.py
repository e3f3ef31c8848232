"""A GraphQL upload's bytes reach the object store while no database connection is held."""

import uuid

from domain.shared.roles import Role
from tests.api.documents.test_documents import _upload, _world
from tests.factories import global_id, gql_upload, make_member


def _watch_puts(app) -> list[int]:
    """Connections the pool had handed out at each put into the object store."""
    store, pool = app.state.store, app.state.database.engine.pool
    held: list[int] = []
    put = store.put

    async def watched(*args, **kwargs):
        held.append(pool.checkedout())
        return await put(*args, **kwargs)

    store.put = watched
    return held


async def test_the_file_is_stored_before_the_request_s_transaction_opens(app, client, db):
    _acme, reviewer, vendor_id = await _world(db)
    held = _watch_puts(app)

    body = await _upload(client, reviewer.token, vendor_id)

    assert body["data"]["uploadDocument"]["errors"] == []
    assert held == [0]


async def test_a_refused_file_is_not_stored_and_its_error_comes_back(app, client, db):
    _acme, reviewer, vendor_id = await _world(db)
    held = _watch_puts(app)

    body = await _upload(client, reviewer.token, vendor_id, content=b"")

    assert body["data"]["uploadDocument"]["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The file is empty."}
    ]
    assert held == []


async def test_a_role_that_may_not_upload_stores_nothing(app, client, db):
    acme, _reviewer, vendor_id = await _world(db)
    viewer = await make_member(db, acme.tenant_id, "viewer@acme.example", Role.VIEWER)
    held = _watch_puts(app)

    body = await _upload(client, viewer.token, vendor_id)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert held == []


async def test_an_upload_to_a_vendor_that_is_not_there_stores_nothing(app, client, db):
    _acme, reviewer, _vendor_id = await _world(db)
    held = _watch_puts(app)

    body = await _upload(client, reviewer.token, global_id("Vendor", uuid.uuid4()))

    assert body["data"]["uploadDocument"]["errors"][0]["code"] == "NOT_FOUND"
    assert held == []


async def test_another_mutation_s_file_is_not_put_in_the_document_store(app, client, db):
    acme, _reviewer, _vendor_id = await _world(db)
    held = _watch_puts(app)

    body = await gql_upload(
        client,
        "mutation($i: ImportVendorsInput!) { importVendors(input: $i) { errors { code } } }",
        {"i": {"file": None, "dryRun": True}},
        "variables.i.file",
        b"name,domain\nGlobex,globex.example\n",
        acme.token,
    )

    assert body["data"]["importVendors"]["errors"] == []
    assert held == []
