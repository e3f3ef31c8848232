"""A tenant with more vendors in scope than a request writes gets its evidence pack QUEUED,
and a worker writes it: READY, or FAILED with why; a job run twice writes it once."""

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from strawberry import relay

from app.main import create_app
from domain.compliance import evidence_pack
from tests.api.compliance.test_evidence_pack import pdf_text
from tests.evidence_packs import PACK, make_world
from tests.factories import gql
from tests.vendor_imports import store_of

WATCH = """query($id: ID!) { evidencePack(id: $id) { status vendorCount error completedAt
  csv { url sizeBytes } pdf { url sizeBytes } } }"""


@pytest_asyncio.fixture
async def small_client(database_url, settings, db):
    """The app writing packs of one vendor in scope at most within the request."""
    small = settings.model_copy(update={"evidence_pack_inline_max_vendors": 1})
    app = create_app(small, database_url=database_url)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as http:
        yield http
    await app.state.database.dispose()


async def _queued(small_client, db) -> tuple[object, str]:
    world = await make_world(db)  # two vendors in scope
    body = await gql(small_client, PACK, {"input": {}}, token=world.reviewer.token)
    return world, body["data"]["generateEvidencePack"]["evidencePack"]


def _uuid(global_id: str):
    return relay.GlobalID.from_id(global_id).node_id


async def _jobs(db) -> list[str]:
    """The payloads of the evidence pack jobs queued."""
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text("SELECT payload FROM pgqueuer WHERE entrypoint = 'compliance.evidence_pack'")
        )
        return [bytes(payload).decode() for payload in rows.scalars()]


async def _watch(client, token: str, pack_id: str) -> dict:
    return (await gql(client, WATCH, {"id": pack_id}, token=token))["data"]["evidencePack"]


async def test_a_pack_past_the_inline_limit_is_queued_with_its_job_and_not_yet_downloadable(
    small_client, db
):
    world, pack = await _queued(small_client, db)

    download = await small_client.get(
        f"/evidence-packs/{pack['id']}.pdf",
        headers={"Authorization": f"Bearer {world.reviewer.token}"},
    )

    assert (pack["status"], pack["vendorCount"], pack["csv"], pack["pdf"]) == (
        "QUEUED",
        2,
        None,
        None,
    )
    # ids only: the tenant and the pack
    assert await _jobs(db) == [
        f'{{"tenant_id": "{world.admin.tenant_id}", "pack_id": "{_uuid(pack["id"])}"}}'
    ]
    assert download.status_code == 409
    assert download.json()["errors"][0]["code"] == "CONFLICT"
    assert "not ready" in download.json()["errors"][0]["message"]


async def test_the_job_writes_the_queued_pack_once_however_often_it_runs(
    small_client, db, settings
):
    world, pack = await _queued(small_client, db)
    tenant_id, pack_id = world.admin.tenant_id, _uuid(pack["id"])

    first = await evidence_pack.run_job(db.transaction, store_of(settings), tenant_id, pack_id)
    written = await _watch(small_client, world.viewer.token, pack["id"])
    again = await evidence_pack.run_job(db.transaction, store_of(settings), tenant_id, pack_id)
    pdf = await small_client.get(
        written["pdf"]["url"], headers={"Authorization": f"Bearer {world.viewer.token}"}
    )
    events = await gql(
        small_client,
        "{ auditEvents(first: 50) { nodes { action actorKind } } }",
        token=world.admin.token,
    )

    assert (first, again) == (evidence_pack.EvidencePackStatus.READY, None)
    assert written["status"] == "READY" and written["error"] is None
    assert written["completedAt"] is not None
    assert written["pdf"]["sizeBytes"] == len(pdf.content)
    assert "Globex Cloud (globexcloud.example)" in pdf_text(pdf.content)
    actions = [(e["action"], e["actorKind"]) for e in events["data"]["auditEvents"]["nodes"]]
    assert actions.count(("evidence_pack.generated", "USER")) == 1
    assert actions.count(("evidence_pack.ready", "SYSTEM")) == 1


async def test_a_pack_whose_files_cannot_be_written_is_failed_with_why(
    small_client, db, settings, monkeypatch
):
    world, pack = await _queued(small_client, db)

    def broken(content):
        raise ValueError("no room on the page")

    monkeypatch.setattr(evidence_pack, "write_pdf", broken)
    status = await evidence_pack.run_job(
        db.transaction, store_of(settings), world.admin.tenant_id, _uuid(pack["id"])
    )
    failed = await _watch(small_client, world.viewer.token, pack["id"])
    download = await small_client.get(
        f"/evidence-packs/{pack['id']}.csv",
        headers={"Authorization": f"Bearer {world.viewer.token}"},
    )

    assert status == evidence_pack.EvidencePackStatus.FAILED
    assert (failed["status"], failed["csv"], failed["pdf"]) == ("FAILED", None, None)
    assert failed["error"] == "Its files could not be written (the error is in tprm's log)."
    assert download.status_code == 409
    assert "FAILED" in download.json()["errors"][0]["message"]


class _UnreachableStore:
    async def put(self, tenant_id, sha256, file) -> bool:
        raise ConnectionRefusedError("the object store is away")


async def test_a_job_that_keeps_failing_is_given_up_and_the_pack_failed_with_the_reason(
    small_client, db
):
    world, pack = await _queued(small_client, db)
    tenant_id, pack_id = world.admin.tenant_id, _uuid(pack["id"])

    # The store being away is raised, for the queue to try again: the pack waits.
    with pytest.raises(ConnectionRefusedError):
        await evidence_pack.run_job(db.transaction, _UnreachableStore(), tenant_id, pack_id)
    waiting = await _watch(small_client, world.viewer.token, pack["id"])
    # After its last attempt, the worker gives it up (app/jobs/worker.py: _hold).
    async with db.transaction(tenant_id) as session:
        await evidence_pack.fail(
            session, tenant_id, pack_id, "gave up after 5 attempts (ConnectionRefusedError)"
        )
    failed = await _watch(small_client, world.viewer.token, pack["id"])

    assert waiting["status"] == "QUEUED"
    assert (failed["status"], failed["error"]) == (
        "FAILED",
        "tprm could not write it: gave up after 5 attempts (ConnectionRefusedError).",
    )


async def test_a_pack_within_the_limit_that_cannot_be_written_comes_back_failed(
    client, db, monkeypatch
):
    world = await make_world(db)

    def broken(content):
        raise ValueError("no room on the page")

    monkeypatch.setattr(evidence_pack, "write_csv", broken)
    body = await gql(client, PACK, {"input": {}}, token=world.reviewer.token)

    payload = body["data"]["generateEvidencePack"]
    assert payload["errors"] == []
    assert (payload["evidencePack"]["status"], payload["evidencePack"]["csv"]) == ("FAILED", None)
    assert await _jobs(db) == []


async def test_a_tenant_has_three_packs_waiting_at_most(small_client, db):
    world, _ = await _queued(small_client, db)
    for _ in range(2):
        await gql(small_client, PACK, {"input": {}}, token=world.reviewer.token)

    fourth = await gql(small_client, PACK, {"input": {}}, token=world.reviewer.token)

    payload = fourth["data"]["generateEvidencePack"]
    assert payload["evidencePack"] is None
    assert [e["code"] for e in payload["errors"]] == ["CONFLICT"]
    assert len(await _jobs(db)) == 3


async def test_a_pack_asked_while_another_is_written_in_a_request_is_queued(client, db):
    world = await make_world(db)
    async with db.transaction(world.admin.tenant_id) as writing:  # another request, writing
        await writing.execute(
            text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
            {"k": f"evidence-pack:{world.admin.tenant_id}"},
        )
        body = await gql(client, PACK, {"input": {}}, token=world.reviewer.token)

    assert body["data"]["generateEvidencePack"]["evidencePack"]["status"] == "QUEUED"
    assert len(await _jobs(db)) == 1
