"""Uploading, storing once, checking and downloading a vendor's documents."""

import hashlib

import httpx
from sqlalchemy import text

from app.main import create_app
from domain.shared.roles import Role
from tests.factories import (
    global_id,
    gql,
    gql_upload,
    make_member,
    make_tenant,
    make_vendor,
    tenant_state,
)

UPLOAD = """mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) {
  document { id parseStatus sha256 contentType filename downloadUrl } duplicate
  errors { code field message } } }"""
REPARSE = """mutation($input: ReparseDocumentInput!) { reparseDocument(input: $input) {
  document { id } errors { code field } } }"""
DOCUMENTS = """query($vendorId: ID) { documents(filter: {vendorId: $vendorId}) {
  totalCount edges { node { id title kind } } } }"""

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


async def _upload(client, token, vendor_id, content=PDF, kind="SOC2_REPORT", filename="r.pdf"):
    return await gql_upload(
        client,
        UPLOAD,
        {"input": {"vendorId": vendor_id, "kind": kind, "file": None}},
        "variables.input.file",
        content,
        token,
        filename=filename,
        content_type="application/octet-stream",
    )


async def _world(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    return acme, reviewer, global_id("Vendor", vendor.id)


async def _jobs(db) -> int:
    async with db.owner_transaction() as session:
        return await session.scalar(text("SELECT count(*) FROM pgqueuer"))


def _blob(settings, tenant_id, sha256):
    return (
        settings.data_dir / "objects" / "tenants" / str(tenant_id) / "sha256" / sha256[:2] / sha256
    )


async def test_the_same_file_uploaded_twice_is_stored_once_and_parsed_once(client, db, settings):
    acme, reviewer, vendor_id = await _world(db)

    first = await _upload(client, reviewer.token, vendor_id)
    second = await _upload(client, reviewer.token, vendor_id, filename="again.pdf")

    one, two = first["data"]["uploadDocument"], second["data"]["uploadDocument"]
    assert (one["duplicate"], two["duplicate"]) == (False, True)
    assert one["document"]["id"] == two["document"]["id"]
    sha256 = hashlib.sha256(PDF).hexdigest()
    assert _blob(settings, acme.tenant_id, sha256).read_bytes() == PDF
    assert await _jobs(db) == 1
    listed = await gql(client, DOCUMENTS, {"vendorId": vendor_id}, token=reviewer.token)
    assert listed["data"]["documents"]["totalCount"] == 1


async def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_kept(client, db):
    acme, reviewer, vendor_id = await _world(db)
    before = await tenant_state(db, acme.tenant_id)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

    named_pdf = await _upload(client, reviewer.token, vendor_id, b"hello", filename="r.pdf")
    png_report = await _upload(client, reviewer.token, vendor_id, png, filename="r.png")
    binary = await _upload(client, reviewer.token, vendor_id, b"MZ\x90\x00" * 8, "OTHER", "x.exe")

    for body in (named_pdf, png_report, binary):
        assert [e["code"] for e in body["data"]["uploadDocument"]["errors"]] == ["INVALID"]
    assert await tenant_state(db, acme.tenant_id) == before
    assert await _jobs(db) == 0


async def test_an_oversize_upload_is_refused_before_anything_is_stored(db, settings, database_url):
    small = settings.model_copy(update={"max_upload_bytes": 4096})
    app = create_app(small, database_url=database_url)
    acme, reviewer, vendor_id = await _world(db)
    before = await tenant_state(db, acme.tenant_id)
    big = PDF + b"0" * 8192
    headers = {"Authorization": f"Bearer {reviewer.token}"}
    params = {"vendorId": vendor_id, "kind": "SOC2_REPORT", "filename": "big.pdf"}

    async def chunked():  # no Content-Length: refused while it streams
        for start in range(0, len(big), 1024):
            yield big[start : start + 1024]

    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
        ) as http:
            declared = await http.post("/documents", params=params, content=big, headers=headers)
            streamed = await http.post(
                "/documents", params=params, content=chunked(), headers=headers
            )
            through_graphql = await _upload(http, reviewer.token, vendor_id, big)
    finally:
        await app.state.database.dispose()

    assert declared.status_code == streamed.status_code == 413
    assert declared.json()["errors"][0]["code"] == "TOO_LARGE"
    assert [e["code"] for e in through_graphql["data"]["uploadDocument"]["errors"]] == ["TOO_LARGE"]
    assert await tenant_state(db, acme.tenant_id) == before
    assert not _blob(settings, acme.tenant_id, hashlib.sha256(big).hexdigest()).exists()


async def test_a_download_gives_the_bytes_under_a_safe_name(client, db):
    _, reviewer, vendor_id = await _world(db)
    auth = {"Authorization": f"Bearer {reviewer.token}"}
    uploaded = await client.post(
        "/documents",
        params={"vendorId": vendor_id, "kind": "CONTRACT", "filename": '../../etc/pass"wd\x07.pdf'},
        content=PDF,
        headers=auth,
    )
    document = uploaded.json()["document"]

    response = await client.get(f"/documents/{document['id']}/content", headers=auth)

    assert uploaded.status_code == 201
    assert document["filename"] == "pass_wd.pdf"
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"].startswith('attachment; filename="pass_wd.pdf"')


async def test_a_file_is_downloaded_under_an_extension_that_says_what_its_bytes_are(client, db):
    _, reviewer, vendor_id = await _world(db)
    auth = {"Authorization": f"Bearer {reviewer.token}"}
    names = ["page.html", "setup.exe", "notes.txt", "sheet.csv", "scan.jpeg"]
    contents = [b"<script>alert(1)</script>", b"MZ text", b"notes", b"a,b\n", b"\xff\xd8\xff"]

    kept = []
    for name, content in zip(names, contents, strict=True):
        uploaded = await client.post(
            "/documents",
            params={"vendorId": vendor_id, "kind": "OTHER", "filename": name},
            content=content,
            headers=auth,
        )
        kept.append(uploaded.json()["document"])
    page = await client.get(f"/documents/{kept[0]['id']}/content", headers=auth)

    assert [d["filename"] for d in kept] == [
        "page.html.txt",
        "setup.exe.txt",
        "notes.txt",
        "sheet.csv",
        "scan.jpeg",
    ]
    assert page.headers["content-type"].startswith("text/plain")
    assert page.headers["content-disposition"].startswith('attachment; filename="page.html.txt"')


async def test_a_tenant_with_many_parses_waiting_does_not_delay_another_tenants_first(client, db):
    acme, reviewer, vendor_id = await _world(db)
    umbrella = await make_tenant(db, "Umbrella", "owner@umbrella.example")
    other_vendor = global_id("Vendor", (await make_vendor(db, umbrella, "Initech")).id)
    for n in range(3):
        await _upload(client, reviewer.token, vendor_id, PDF + b"%" + str(n).encode())
    await _upload(client, umbrella.token, other_vendor, PDF + b"%other")

    async with db.owner_transaction() as session:
        order = (
            (
                await session.execute(
                    text(
                        "SELECT convert_from(payload, 'UTF8')::json ->> 'tenant_id' FROM pgqueuer "
                        "ORDER BY priority DESC, id ASC"
                    )
                )
            )
            .scalars()
            .all()
        )

    # what the workers take first: each tenant's first parse, then the rest of acme's
    assert order == [str(acme.tenant_id), str(umbrella.tenant_id)] + [str(acme.tenant_id)] * 2


async def test_another_tenants_document_looks_exactly_like_a_missing_one(client, db):
    _, reviewer, vendor_id = await _world(db)
    uploaded = await _upload(client, reviewer.token, vendor_id)
    document = uploaded["data"]["uploadDocument"]["document"]
    umbrella = await make_tenant(db, "Umbrella", "owner@umbrella.example")
    missing_id = global_id("Document", "00000000-0000-0000-0000-000000000001")
    auth = {"Authorization": f"Bearer {umbrella.token}"}

    read = await gql(
        client,
        "query($id: ID!) { document(id: $id) { id } }",
        {"id": document["id"]},
        token=umbrella.token,
    )
    foreign = await client.get(document["downloadUrl"], headers=auth)
    missing = await client.get(f"/documents/{missing_id}/content", headers=auth)
    reparse = await gql(
        client, REPARSE, {"input": {"documentId": document["id"]}}, token=umbrella.token
    )
    upload = await _upload(client, umbrella.token, vendor_id, PDF + b"x")
    listed = await gql(client, DOCUMENTS, {"vendorId": vendor_id}, token=umbrella.token)

    assert read["data"]["document"] is None
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
    assert foreign.status_code == 404
    assert reparse["data"]["reparseDocument"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["documentId"]}
    ]
    assert [e["code"] for e in upload["data"]["uploadDocument"]["errors"]] == ["NOT_FOUND"]
    assert listed["data"]["documents"]["totalCount"] == 0


async def test_the_http_upload_needs_a_token_and_a_role_that_may_upload(client, db):
    acme, _, vendor_id = await _world(db)
    viewer = await make_member(db, acme.tenant_id, "viewer@acme.example", Role.VIEWER)
    params = {"vendorId": vendor_id, "kind": "CONTRACT"}

    anonymous = await client.post("/documents", params=params, content=PDF)
    refused = await client.post(
        "/documents",
        params=params,
        content=PDF,
        headers={"Authorization": f"Bearer {viewer.token}"},
    )

    assert anonymous.status_code == 401
    assert refused.status_code == 403
    assert await _jobs(db) == 0
