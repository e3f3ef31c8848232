"""`tprm worker` writes an evidence pack too large for its request: the client sees it QUEUED,
then READY, and downloads what the worker wrote."""

import httpx

from app.jobs.worker import Worker
from app.main import create_app
from tests.evidence_packs import PACK, make_world
from tests.factories import gql

WATCH = "query($id: ID!) { evidencePack(id: $id) { status csv { url } pdf { url } } }"


async def test_a_worker_writes_a_queued_pack_and_the_client_downloads_it(
    client, db, settings, database_url
):
    world = await make_world(db)  # two vendors in scope
    small = settings.model_copy(update={"evidence_pack_inline_max_vendors": 1})
    app = create_app(small, database_url=database_url)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as small_client:
        body = await gql(small_client, PACK, {"input": {}}, token=world.reviewer.token)
    await app.state.database.dispose()
    pack = body["data"]["generateEvidencePack"]["evidencePack"]

    await Worker(settings, database_url).run(drain=True)

    ready = await gql(client, WATCH, {"id": pack["id"]}, token=world.viewer.token)
    node = ready["data"]["evidencePack"]
    csv = await client.get(
        node["csv"]["url"], headers={"Authorization": f"Bearer {world.viewer.token}"}
    )
    assert pack["status"] == "QUEUED"
    assert node["status"] == "READY"
    assert csv.status_code == 200
    assert [line.split(",")[0] for line in csv.text.splitlines()] == [
        "vendor",
        "Globex Cloud",
        "Initech Payroll",
    ]
