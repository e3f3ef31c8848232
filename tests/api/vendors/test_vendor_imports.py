"""A long CSV of vendors is queued and imported in the background; clients watch it run."""

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from strawberry import relay

from app.main import create_app
from domain.shared.roles import Role
from tests.factories import gql, gql_upload, make_member, make_tenant, make_vendor, tenant_state
from tests.vendor_imports import IMPORT, queue, run_job, sheet, watched

INLINE_MAX_ROWS = 5

WATCH = "query($id: ID!) { vendorImport(id: $id) { status rowsDone } }"
REPORT = """query($id: ID!) { vendorImport(id: $id) {
  status dryRun created updated unchanged rejected warnings
  rows(first: 100) { totalCount edges { node { line domain outcome vendorId messages } } } } }"""

# One row of each kind: created, updated, unchanged, and refused four ways.
MIXED = b"""Vendor Name,Domain,Owner,Department,Status,Notes
Globex Cloud,https://www.globex.example,buyer@acme.example,,,x
Initech,initech.example,,Finance,,
Hooli,hooli.example,,,,
Broken,not a domain,,,,
Umbrella,umbrella.example,nobody@acme.example,,,
Globex Again,globex.example,,,,
Active Co,active.example,,,ACTIVE,
Stark,stark.example,,Ops,,
"""


@pytest_asyncio.fixture
async def small_client(database_url, settings, db):
    """The app with an inline limit of five rows: a longer file is queued."""
    small = settings.model_copy(update={"import_inline_max_rows": INLINE_MAX_ROWS})
    app = create_app(small, database_url=database_url)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as http:
        yield http
    await app.state.database.dispose()


async def _upload(client, token: str, data: bytes, dry_run: bool = False) -> dict:
    body = await gql_upload(
        client,
        IMPORT,
        {"input": {"file": None, "dryRun": dry_run}},
        "variables.input.file",
        data,
        token,
        filename="vendors.csv",
    )
    return body["data"]["importVendors"]


async def _team(db, name: str = "Acme"):
    tenant = await make_tenant(db, name, f"admin@{name.lower()}.example")
    buyer = await make_member(db, tenant.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    return tenant, buyer


def _uuid(global_id: str):
    return relay.GlobalID.from_id(global_id).node_id


async def _queued_jobs(db) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(
            text("SELECT count(*) FROM pgqueuer WHERE entrypoint = 'vendors.import'")
        )


async def test_a_file_longer_than_the_inline_limit_is_queued_not_imported(small_client, db):
    _, buyer = await _team(db)

    payload = await _upload(small_client, buyer.token, sheet(INLINE_MAX_ROWS + 1))
    vendors = await gql(small_client, "{ vendors { totalCount } }", token=buyer.token)

    assert payload["report"] is None
    assert {k: v for k, v in payload["vendorImport"].items() if k != "id"} == {
        "status": "QUEUED",
        "rowCount": INLINE_MAX_ROWS + 1,
        "rowsDone": 0,
        "dryRun": False,
        "filename": "vendors.csv",
    }
    assert vendors["data"]["vendors"]["totalCount"] == 0
    assert await _queued_jobs(db) == 1


async def test_a_file_within_the_inline_limit_is_imported_at_once(small_client, db):
    _, buyer = await _team(db)

    payload = await _upload(small_client, buyer.token, sheet(INLINE_MAX_ROWS))

    assert (payload["report"]["created"], payload["vendorImport"]) == (INLINE_MAX_ROWS, None)


async def test_the_job_works_in_batches_and_clients_see_the_progress_between_them(
    small_client, db, settings
):
    acme, buyer = await _team(db)
    payload = await _upload(small_client, buyer.token, sheet(12))
    import_id = payload["vendorImport"]["id"]
    seen: list[tuple[str, int]] = []

    async def look() -> None:
        body = await gql(small_client, WATCH, {"id": import_id}, token=buyer.token)
        seen.append(
            (body["data"]["vendorImport"]["status"], body["data"]["vendorImport"]["rowsDone"])
        )

    await run_job(
        db, settings, acme.tenant_id, _uuid(import_id), batch_rows=5, transaction=watched(db, look)
    )
    await look()

    # before it begins, then after each batch of five: 5, 10, and the last two
    assert seen == [
        ("QUEUED", 0),
        ("RUNNING", 0),
        ("RUNNING", 5),
        ("RUNNING", 10),
        ("SUCCEEDED", 12),
    ]


async def test_a_queued_import_reports_every_row_as_the_same_file_imported_at_once(
    client, small_client, db, settings
):
    reports = []
    for name, api in (("Acme", client), ("Umbrella", small_client)):
        tenant, buyer = await _team(db, name)
        await make_vendor(db, tenant, "Initech", domain="initech.example", department="IT")
        await make_vendor(db, tenant, "Hooli", domain="hooli.example")
        payload = await _upload(api, buyer.token, MIXED)
        if payload["vendorImport"] is not None:
            import_id = payload["vendorImport"]["id"]
            await run_job(db, settings, tenant.tenant_id, _uuid(import_id), batch_rows=3)
            body = await gql(api, REPORT, {"id": import_id}, token=buyer.token)
            report = body["data"]["vendorImport"]
            report["rows"] = [e["node"] for e in report["rows"]["edges"]]
        else:
            report = payload["report"]
        reports.append(report)

    def comparable(report: dict) -> dict:
        # the vendors are two tenants' own: their ids differ, whether a row names one does not
        rows = [{**row, "vendorId": row["vendorId"] is not None} for row in report["rows"]]
        counts = {k: report[k] for k in ("created", "updated", "unchanged", "rejected")}
        return {"rows": rows, "warnings": report["warnings"], **counts}

    inline, queued = reports
    assert inline["rejected"] == 4 and inline["updated"] == inline["unchanged"] == 1
    assert comparable(queued) == comparable(inline)


async def test_a_queued_dry_run_changes_no_vendor(small_client, db, settings):
    acme, buyer = await _team(db)
    await make_vendor(db, acme, "Initech", domain="initech.example", department="IT")
    await make_vendor(db, acme, "Hooli", domain="hooli.example")
    untouched = lambda state: {  # noqa: E731 - the import's own record aside
        table: rows
        for table, rows in state.items()
        if table not in ("vendor_imports", "vendor_import_rows", "audit_events")
    }
    before = untouched(await tenant_state(db, acme.tenant_id))

    payload = await _upload(small_client, buyer.token, MIXED, dry_run=True)
    await run_job(db, settings, acme.tenant_id, _uuid(payload["vendorImport"]["id"]))

    assert untouched(await tenant_state(db, acme.tenant_id)) == before


async def test_a_dry_run_names_no_vendor_for_a_row_it_would_create(small_client, db, settings):
    acme, buyer = await _team(db)
    payload = await _upload(small_client, buyer.token, sheet(6), dry_run=True)
    import_id = payload["vendorImport"]["id"]
    await run_job(db, settings, acme.tenant_id, _uuid(import_id))

    body = await gql(small_client, REPORT, {"id": import_id}, token=buyer.token)

    rows = [e["node"] for e in body["data"]["vendorImport"]["rows"]["edges"]]
    assert {(row["outcome"], row["vendorId"]) for row in rows} == {("CREATED", None)}


UNIMPORTABLE = {
    "too many rows": sheet(10_001),
    "not UTF-8": "name,domain\n" + "Müller,m.example\n" * 6,
    "no domain column": b"vendor,website\n" + b"Globex,globex.example\n" * 6,
    "a malformed line": sheet(6) + b'"' + b"x" * 200_000 + b'",y.example\n',
}


@pytest.mark.parametrize("content", UNIMPORTABLE.values(), ids=UNIMPORTABLE.keys())
async def test_a_file_the_import_cannot_take_is_refused_before_anything_is_queued(
    small_client, db, content
):
    acme, buyer = await _team(db)
    data = content.encode("latin-1") if isinstance(content, str) else content
    before = await tenant_state(db, acme.tenant_id)

    payload = await _upload(small_client, buyer.token, data)

    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["file"])]
    assert await tenant_state(db, acme.tenant_id) == before
    assert await _queued_jobs(db) == 0


async def test_an_imports_rows_page_in_file_order_and_filter_by_outcome(small_client, db, settings):
    acme, buyer = await _team(db)
    payload = await _upload(small_client, buyer.token, MIXED)
    import_id = payload["vendorImport"]["id"]
    await run_job(db, settings, acme.tenant_id, _uuid(import_id))
    page = """query($id: ID!, $after: String) { vendorImport(id: $id) {
      rows(first: 3, after: $after, outcome: [REJECTED]) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { line } } } } }"""

    first = await gql(small_client, page, {"id": import_id}, token=buyer.token)
    rows = first["data"]["vendorImport"]["rows"]
    second = await gql(
        small_client,
        page,
        {"id": import_id, "after": rows["pageInfo"]["endCursor"]},
        token=buyer.token,
    )

    lines = [e["node"]["line"] for e in rows["edges"]] + [
        e["node"]["line"] for e in second["data"]["vendorImport"]["rows"]["edges"]
    ]
    assert (rows["totalCount"], lines) == (4, [5, 6, 7, 8])


async def test_imports_are_listed_newest_first(small_client, db, settings):
    _, buyer = await _team(db)
    older = await queue(db, settings, buyer, sheet(6))
    newer = await queue(db, settings, buyer, sheet(7))

    body = await gql(
        small_client, "{ vendorImports { totalCount edges { node { id } } } }", token=buyer.token
    )

    ids = [_uuid(e["node"]["id"]) for e in body["data"]["vendorImports"]["edges"]]
    assert ids == [str(newer), str(older)]


@pytest.mark.parametrize("role", [Role.VIEWER, Role.REVIEWER], ids=lambda r: r.value)
async def test_roles_that_may_not_import_may_not_read_imports(small_client, db, settings, role):
    acme, buyer = await _team(db)
    import_id = await queue(db, settings, buyer, sheet(6))
    reader = await make_member(db, acme.tenant_id, "reader@acme.example", role)

    body = await gql(
        small_client,
        WATCH,
        {"id": relay.to_base64("VendorImport", import_id)},
        token=reader.token,
    )

    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
