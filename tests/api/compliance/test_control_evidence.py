"""Evidence of the tenant's own controls: files attached through GraphQL (checked and kept
like a vendor's documents), listed on each control, downloaded over HTTP with the bearer
token, taken off again; every member reads them, REVIEWER and ADMIN keep them."""

import hashlib
import io
import uuid

import httpx
from PIL import Image
from sqlalchemy import text

from app.demo_report import text_pdf
from app.main import create_app
from domain.shared.roles import Role
from tests.factories import (
    global_id,
    gql,
    gql_upload,
    make_member,
    make_tenant,
    tenant_state,
    uuid_of,
)

ATTACH = """mutation($input: AttachControlEvidenceInput!) { attachControlEvidence(input: $input) {
  evidence { id filename contentType sizeBytes sha256 note downloadUrl createdAt
             uploadedBy { displayName } control { ref } }
  duplicate errors { code field message } } }"""
REMOVE = """mutation($input: RemoveControlEvidenceInput!) { removeControlEvidence(input: $input) {
  removedEvidenceId control { ref evidenceCount evidence { id } } errors { code field message } } }"""
CONTROL = """query($id: ID!) { control(id: $id) { ref evidenceCount
  evidence { id filename contentType sizeBytes note } } }"""
CREATE = """mutation($i: CreateControlInput!) { createControl(input: $i) { control { id } } }"""
DELETE = """mutation($i: DeleteControlInput!) { deleteControl(input: $i) { errors { code } } }"""

PDF = text_pdf([["Access review, third quarter", "Every account checked; two removed."]])


def png() -> bytes:
    """A real screenshot-sized image, as a browser would upload it."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


async def _control(client, token, ref="AC-01") -> str:
    body = await gql(client, CREATE, {"i": {"ref": ref, "title": "Access reviews"}}, token=token)
    return body["data"]["createControl"]["control"]["id"]


async def _attach(client, token, control_id, content=PDF, filename="review.pdf", note=None):
    return await gql_upload(
        client,
        ATTACH,
        {"input": {"controlId": control_id, "file": None, "note": note}},
        "variables.input.file",
        content,
        token,
        filename=filename,
        content_type="application/octet-stream",
    )


def _blob(settings, tenant_id, sha256):
    return (
        settings.data_dir / "objects" / "tenants" / str(tenant_id) / "sha256" / sha256[:2] / sha256
    )


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _fake_rows(db, tenant_id, control_id, count: int) -> None:
    """`count` evidence rows of a control, written directly (their bytes are never read)."""
    async with db.owner_transaction() as session:
        for n in range(count):
            await session.execute(
                text(
                    "INSERT INTO control_evidence (tenant_id, id, control_id, filename, "
                    "content_type, size_bytes, sha256) VALUES (:t, gen_random_uuid(), :c, "
                    ":name, 'application/pdf', 3, :sha)"
                ),
                {
                    "t": tenant_id,
                    "c": control_id,
                    "name": f"file-{n}.pdf",
                    "sha": hashlib.sha256(str(n).encode()).hexdigest(),
                },
            )


async def test_a_pdf_and_an_image_are_kept_and_read_back_byte_for_byte(client, db, settings):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    control_id = await _control(client, acme.token)
    image = png()

    policy = await _attach(client, reviewer.token, control_id, PDF, "policy.pdf", "The policy.")
    shot = await _attach(client, reviewer.token, control_id, image, "console.png")

    kept = policy["data"]["attachControlEvidence"]
    assert kept["errors"] == [] and kept["duplicate"] is False
    assert kept["evidence"] == {
        "id": kept["evidence"]["id"],
        "filename": "policy.pdf",
        "contentType": "application/pdf",
        "sizeBytes": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "note": "The policy.",
        "downloadUrl": f"/control-evidence/{kept['evidence']['id']}/content",
        "createdAt": kept["evidence"]["createdAt"],
        "uploadedBy": {"displayName": "rev"},
        "control": {"ref": "AC-01"},
    }
    screenshot = shot["data"]["attachControlEvidence"]["evidence"]
    assert screenshot["contentType"] == "image/png"
    listed = await gql(client, CONTROL, {"id": control_id}, token=acme.token)
    assert listed["data"]["control"]["evidenceCount"] == 2
    assert [e["filename"] for e in listed["data"]["control"]["evidence"]] == [
        "policy.pdf",
        "console.png",
    ]
    for evidence, content, media_type in (
        (kept["evidence"], PDF, "application/pdf"),
        (screenshot, image, "image/png"),
    ):
        response = await client.get(evidence["downloadUrl"], headers=_auth(acme.token))
        assert response.status_code == 200
        assert response.content == content
        assert response.headers["content-type"] == media_type
        assert response.headers["content-disposition"].startswith("attachment;")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert _blob(settings, acme.tenant_id, evidence["sha256"]).read_bytes() == content


async def test_a_download_answers_ranges_and_head_as_documents_do(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    body = await _attach(client, acme.token, control_id)
    url = body["data"]["attachControlEvidence"]["evidence"]["downloadUrl"]

    part = await client.get(url, headers={**_auth(acme.token), "Range": "bytes=0-9"})
    head = await client.head(url, headers=_auth(acme.token))

    assert part.status_code == 206
    assert part.content == PDF[:10]
    assert part.headers["content-range"] == f"bytes 0-9/{len(PDF)}"
    assert head.status_code == 200 and head.headers["content-length"] == str(len(PDF))


async def test_the_same_file_twice_is_kept_once(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    other_control = await _control(client, acme.token, "AC-02")

    first = await _attach(client, acme.token, control_id)
    again = await _attach(client, acme.token, control_id, filename="again.pdf", note="Again.")
    elsewhere = await _attach(client, acme.token, other_control)

    one, two = first["data"]["attachControlEvidence"], again["data"]["attachControlEvidence"]
    assert (one["duplicate"], two["duplicate"]) == (False, True)
    assert one["evidence"] == two["evidence"]  # unchanged: its name and note as first kept
    assert elsewhere["data"]["attachControlEvidence"]["duplicate"] is False
    listed = await gql(client, CONTROL, {"id": control_id}, token=acme.token)
    assert listed["data"]["control"]["evidenceCount"] == 1


async def test_a_file_that_is_not_what_it_says_or_not_kept_is_refused_and_nothing_stays(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    before = await tenant_state(db, acme.tenant_id)

    corrupt = await _attach(client, acme.token, control_id, b"not a pdf at all", "policy.pdf")
    binary = await _attach(client, acme.token, control_id, b"MZ\x90\x00" * 8, "tool.exe")
    empty = await _attach(client, acme.token, control_id, b"", "empty.pdf")
    long_note = await _attach(client, acme.token, control_id, note="x" * 2001)

    for body, field in ((corrupt, "file"), (binary, "file"), (empty, "file"), (long_note, "note")):
        payload = body["data"]["attachControlEvidence"]
        assert payload["evidence"] is None
        assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", [field])]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_an_oversize_file_is_refused_before_anything_is_stored(db, settings, database_url):
    small = settings.model_copy(update={"max_upload_bytes": 4096})
    app = create_app(small, database_url=database_url)
    acme = await make_tenant(db)
    big = PDF + b"0" * 8192
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
        ) as http:
            control_id = await _control(http, acme.token)
            before = await tenant_state(db, acme.tenant_id)
            body = await _attach(http, acme.token, control_id, big)
    finally:
        await app.state.database.dispose()

    assert body["data"]["attachControlEvidence"]["errors"] == [
        {
            "code": "TOO_LARGE",
            "field": ["file"],
            "message": "The file is over the 4096 bytes limit.",
        }
    ]
    assert await tenant_state(db, acme.tenant_id) == before
    assert not _blob(settings, acme.tenant_id, hashlib.sha256(big).hexdigest()).exists()


async def test_a_control_keeps_at_most_fifty_files(client, db, settings):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    await _fake_rows(db, acme.tenant_id, uuid_of(control_id), 50)
    content = PDF + b"% one more\n"

    body = await _attach(client, acme.token, control_id, content)

    assert body["data"]["attachControlEvidence"]["errors"] == [
        {
            "code": "INVALID",
            "field": ["controlId"],
            "message": "A control keeps at most 50 evidence files: remove one first.",
        }
    ]
    assert not _blob(settings, acme.tenant_id, hashlib.sha256(content).hexdigest()).exists()


async def test_evidence_taken_off_is_gone_from_the_control_and_from_download(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    kept = (await _attach(client, acme.token, control_id))["data"]["attachControlEvidence"]
    evidence_id = kept["evidence"]["id"]

    removed = await gql(client, REMOVE, {"input": {"evidenceId": evidence_id}}, token=acme.token)
    again = await gql(client, REMOVE, {"input": {"evidenceId": evidence_id}}, token=acme.token)
    download = await client.get(kept["evidence"]["downloadUrl"], headers=_auth(acme.token))

    assert removed["data"]["removeControlEvidence"] == {
        "removedEvidenceId": evidence_id,
        "control": {"ref": "AC-01", "evidenceCount": 0, "evidence": []},
        "errors": [],
    }
    assert again["data"]["removeControlEvidence"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["evidenceId"], "message": "Evidence not found."}
    ]
    assert download.status_code == 404


async def test_attaching_and_taking_off_are_audited_with_what_the_file_was(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    kept = (await _attach(client, acme.token, control_id, note="Q3."))["data"]
    evidence_id = kept["attachControlEvidence"]["evidence"]["id"]
    await gql(client, REMOVE, {"input": {"evidenceId": evidence_id}}, token=acme.token)

    async with db.owner_transaction() as session:
        events = (
            await session.execute(
                text(
                    "SELECT action, entity_type, entity_id, changes FROM audit_events "
                    "WHERE action LIKE 'control_evidence.%' ORDER BY occurred_at"
                )
            )
        ).all()

    assert [(e.action, e.entity_type, e.entity_id) for e in events] == [
        ("control_evidence.attached", "ControlEvidence", uuid_of(evidence_id)),
        ("control_evidence.removed", "ControlEvidence", uuid_of(evidence_id)),
    ]
    attached, removed = events[0].changes, events[1].changes
    assert attached["filename"]["after"] == "review.pdf"
    assert attached["note"]["after"] == "Q3."
    assert attached["sha256"]["after"] == hashlib.sha256(PDF).hexdigest()
    assert removed["filename"]["after"] == "review.pdf"
    assert removed["control_id"]["after"] == str(uuid_of(control_id))


async def test_every_member_reads_and_downloads_only_reviewers_and_admins_attach(
    client, db, settings
):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    kept = (await _attach(client, acme.token, control_id))["data"]["attachControlEvidence"]
    other = png()

    for role in (Role.VIEWER, Role.PROCUREMENT):
        member = await make_member(db, acme.tenant_id, f"{role.value.lower()}@acme.example", role)
        before = await tenant_state(db, acme.tenant_id)
        refused = await _attach(client, member.token, control_id, other, "x.png")
        removal = await gql(
            client, REMOVE, {"input": {"evidenceId": kept["evidence"]["id"]}}, token=member.token
        )
        listed = await gql(client, CONTROL, {"id": control_id}, token=member.token)
        download = await client.get(kept["evidence"]["downloadUrl"], headers=_auth(member.token))

        for body in (refused, removal):
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", role
        assert await tenant_state(db, acme.tenant_id) == before
        assert not _blob(settings, acme.tenant_id, hashlib.sha256(other).hexdigest()).exists()
        assert listed["data"]["control"]["evidenceCount"] == 1
        assert download.status_code == 200 and download.content == PDF


async def test_another_tenant_s_control_and_evidence_look_exactly_like_missing_ones(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    control_id = await _control(client, acme.token)
    kept = (await _attach(client, acme.token, control_id))["data"]["attachControlEvidence"]
    evidence_id = kept["evidence"]["id"]
    missing_control = global_id("Control", uuid.uuid4())
    missing_evidence = global_id("ControlEvidence", uuid.uuid4())
    before = await tenant_state(db, acme.tenant_id)

    attach = [await _attach(client, globex.token, c) for c in (control_id, missing_control)]
    remove = [
        await gql(client, REMOVE, {"input": {"evidenceId": e}}, token=globex.token)
        for e in (evidence_id, missing_evidence)
    ]
    downloads = [
        await client.get(f"/control-evidence/{e}/content", headers=_auth(globex.token))
        for e in (evidence_id, missing_evidence)
    ]
    read = await gql(client, CONTROL, {"id": control_id}, token=globex.token)

    assert attach[0] == attach[1]
    assert attach[0]["data"]["attachControlEvidence"]["errors"][0]["code"] == "NOT_FOUND"
    assert remove[0] == remove[1]
    assert remove[0]["data"]["removeControlEvidence"]["errors"][0]["code"] == "NOT_FOUND"
    assert [d.status_code for d in downloads] == [404, 404]
    assert downloads[0].json() == downloads[1].json()
    assert read == {"data": {"control": None}}
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_page_of_controls_reads_its_evidence_in_the_same_statements_at_any_size(
    client, db, count_statements
):
    acme = await make_tenant(db)
    for n in range(6):
        control_id = await _control(client, acme.token, f"AC-{n:02}")
        await _fake_rows(db, acme.tenant_id, uuid_of(control_id), 2)
    page = """query($first: Int) { controls(first: $first) { nodes { ref evidenceCount
      evidence { filename uploadedBy { displayName } control { ref } } } } }"""

    counts = {}
    for size in (2, 6):
        count_statements.count = 0
        body = await gql(client, page, {"first": size}, token=acme.token)
        nodes = body["data"]["controls"]["nodes"]
        assert [len(n["evidence"]) for n in nodes] == [2] * size
        assert {n["evidenceCount"] for n in nodes} == {2}
        counts[size] = count_statements.count

    assert counts[2] == counts[6]


async def test_deleting_a_control_takes_its_evidence_with_it(client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    await _attach(client, acme.token, control_id)

    deleted = await gql(client, DELETE, {"i": {"controlId": control_id}}, token=acme.token)

    assert deleted["data"]["deleteControl"]["errors"] == []
    async with db.owner_transaction() as session:
        left = await session.scalar(text("SELECT count(*) FROM control_evidence"))
    assert left == 0


async def test_the_file_is_stored_before_the_request_s_transaction_opens(app, client, db):
    acme = await make_tenant(db)
    control_id = await _control(client, acme.token)
    store, pool = app.state.store, app.state.database.engine.pool
    held: list[int] = []
    put = store.put

    async def watched(*args, **kwargs):
        held.append(pool.checkedout())
        return await put(*args, **kwargs)

    store.put = watched
    try:
        body = await _attach(client, acme.token, control_id)
    finally:
        store.put = put

    assert body["data"]["attachControlEvidence"]["errors"] == []
    assert held == [0]
