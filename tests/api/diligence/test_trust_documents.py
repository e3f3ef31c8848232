"""The tenant's own documents it shares with its customers: uploaded through GraphQL (checked
and kept like control evidence), listed by title, downloaded over HTTP with the bearer
token, changed, removed; named as the evidence of the library's answers. Every member reads
them, REVIEWER and ADMIN keep them."""

import hashlib
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.demo_report import text_pdf
from domain.diligence import trust_documents
from domain.shared.errors import DomainErrors
from domain.shared.roles import Role
from tests.factories import (
    actor_of,
    global_id,
    gql,
    gql_upload,
    make_member,
    make_tenant,
    tenant_state,
    uuid_of,
)

DOCUMENT = """id title kind description validUntil filename contentType sizeBytes sha256
  expired downloadUrl uploadedBy { displayName } viewerCan { update remove }"""
UPLOAD = f"""mutation($input: UploadTrustDocumentInput!) {{ uploadTrustDocument(input: $input) {{
  document {{ {DOCUMENT} }} duplicate errors {{ code field message }} }} }}"""
UPDATE = """mutation($input: UpdateTrustDocumentInput!) { updateTrustDocument(input: $input) {
  document { title kind description validUntil expired } errors { code field message } } }"""
REMOVE = """mutation($input: RemoveTrustDocumentInput!) { removeTrustDocument(input: $input) {
  removedDocumentId errors { code field message } } }"""
ONE = "query($id: ID!) { trustDocument(id: $id) { title } }"
LIST = """query($f: TrustDocumentFilter) { trustDocuments(filter: $f) { totalCount
  nodes { title kind expired } } }"""
CREATE_ENTRY = """mutation($i: CreateAnswerEntryInput!) { createAnswerEntry(input: $i) {
  entry { id evidence { title } } errors { code field message } } }"""
UPDATE_ENTRY = """mutation($i: UpdateAnswerEntryInput!) { updateAnswerEntry(input: $i) {
  entry { id evidence { title } } errors { code field message } } }"""
ENTRY = "query($id: ID!) { answerEntry(id: $id) { evidence { title } } }"

POLICY = text_pdf([["Information security policy", "Approved by the board."]])
SOC2 = text_pdf([["Demo Company SOC 2 Type II report", "For the period of a year."]])


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _upload(
    client, token, content=POLICY, filename="policy.pdf", title="Security policy", **details
):
    return await gql_upload(
        client,
        UPLOAD,
        {"input": {"file": None, "title": title, "kind": "POLICY", **details}},
        "variables.input.file",
        content,
        token,
        filename=filename,
        content_type="application/octet-stream",
    )


async def _kept(client, token, **kwargs) -> dict:
    body = await _upload(client, token, **kwargs)
    assert body["data"]["uploadTrustDocument"]["errors"] == [], body
    return body["data"]["uploadTrustDocument"]["document"]


async def _events(db, prefix: str):
    async with db.owner_transaction() as session:
        return (
            await session.execute(
                text(
                    "SELECT action, entity_type, entity_id, changes FROM audit_events "
                    "WHERE action LIKE :p ORDER BY occurred_at"
                ),
                {"p": f"{prefix}%"},
            )
        ).all()


async def test_a_document_is_kept_listed_and_downloaded_byte_for_byte(client, db):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    until = (date.today() + timedelta(days=200)).isoformat()

    kept = await _kept(
        client, reviewer.token, description="What we do to keep data safe.", validUntil=until
    )
    await _kept(client, acme.token, content=SOC2, filename="soc2.pdf", title="SOC 2 Type II")

    assert kept == {
        "id": kept["id"],
        "title": "Security policy",
        "kind": "POLICY",
        "description": "What we do to keep data safe.",
        "validUntil": until,
        "filename": "policy.pdf",
        "contentType": "application/pdf",
        "sizeBytes": len(POLICY),
        "sha256": hashlib.sha256(POLICY).hexdigest(),
        "expired": False,
        "downloadUrl": f"/trust-documents/{kept['id']}/content",
        "uploadedBy": {"displayName": "rev"},
        "viewerCan": {"update": True, "remove": True},
    }
    listed = await gql(client, LIST, {}, token=acme.token)
    assert [n["title"] for n in listed["data"]["trustDocuments"]["nodes"]] == [
        "SOC 2 Type II",
        "Security policy",
    ]
    whole = await client.get(kept["downloadUrl"], headers=_auth(acme.token))
    part = await client.get(
        kept["downloadUrl"], headers={**_auth(acme.token), "Range": "bytes=0-9"}
    )
    head = await client.head(kept["downloadUrl"], headers=_auth(acme.token))
    assert whole.status_code == 200 and whole.content == POLICY
    assert whole.headers["content-type"] == "application/pdf"
    assert whole.headers["content-disposition"].startswith("attachment;")
    assert part.status_code == 206 and part.content == POLICY[:10]
    assert part.headers["content-range"] == f"bytes 0-9/{len(POLICY)}"
    assert head.status_code == 200 and head.headers["content-length"] == str(len(POLICY))


async def test_the_same_file_twice_is_kept_once(client, db):
    acme = await make_tenant(db)

    first = await _upload(client, acme.token)
    again = await _upload(client, acme.token, filename="again.pdf", title="Another title")

    one, two = first["data"]["uploadTrustDocument"], again["data"]["uploadTrustDocument"]
    assert (one["duplicate"], two["duplicate"]) == (False, True)
    assert one["document"] == two["document"]  # unchanged: its name and title as first kept
    listed = await gql(client, LIST, {}, token=acme.token)
    assert listed["data"]["trustDocuments"]["totalCount"] == 1


async def test_details_change_as_given_and_expiry_filters_the_list(client, db):
    acme = await make_tenant(db)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    old = await _kept(client, acme.token, title="ISO 27001 certificate", validUntil=yesterday)
    await _kept(client, acme.token, content=SOC2, filename="soc2.pdf", title="SOC 2 report")

    expired = await gql(client, LIST, {"f": {"expired": True}}, token=acme.token)
    current = await gql(client, LIST, {"f": {"expired": False}}, token=acme.token)
    renewed = await gql(
        client,
        UPDATE,
        {"input": {"documentId": old["id"], "kind": "CERTIFICATE", "validUntil": None}},
        token=acme.token,
    )
    certificates = await gql(client, LIST, {"f": {"kind": "CERTIFICATE"}}, token=acme.token)
    refused = await gql(
        client,
        UPDATE,
        {"input": {"documentId": old["id"], "title": None, "description": "x" * 2001}},
        token=acme.token,
    )

    assert expired["data"]["trustDocuments"]["nodes"] == [
        {"title": "ISO 27001 certificate", "kind": "POLICY", "expired": True}
    ]
    assert [n["title"] for n in current["data"]["trustDocuments"]["nodes"]] == ["SOC 2 report"]
    assert renewed["data"]["updateTrustDocument"] == {
        "document": {
            "title": "ISO 27001 certificate",
            "kind": "CERTIFICATE",
            "description": None,
            "validUntil": None,
            "expired": False,
        },
        "errors": [],
    }
    assert certificates["data"]["trustDocuments"]["totalCount"] == 1
    assert refused["data"]["updateTrustDocument"]["errors"] == [
        {"code": "INVALID", "field": ["title"], "message": "title cannot be cleared."}
    ]


async def test_uploading_changing_and_removing_are_audited_removal_with_the_answers(client, db):
    acme = await make_tenant(db)
    kept = await _kept(client, acme.token)
    entry = await gql(
        client,
        CREATE_ENTRY,
        {"i": {"question": "Policy?", "answer": "Yes.", "evidenceDocumentIds": [kept["id"]]}},
        token=acme.token,
    )
    entry_id = entry["data"]["createAnswerEntry"]["entry"]["id"]
    await gql(
        client, UPDATE, {"input": {"documentId": kept["id"], "title": "Policy"}}, token=acme.token
    )

    removed = await gql(client, REMOVE, {"input": {"documentId": kept["id"]}}, token=acme.token)
    after = await gql(client, ENTRY, {"id": entry_id}, token=acme.token)

    assert removed["data"]["removeTrustDocument"] == {
        "removedDocumentId": kept["id"],
        "errors": [],
    }
    assert after["data"]["answerEntry"] == {"evidence": []}
    events = await _events(db, "trust_document.")
    assert [(e.action, e.entity_type, e.entity_id) for e in events] == [
        ("trust_document.uploaded", "TrustDocument", uuid_of(kept["id"])),
        ("trust_document.updated", "TrustDocument", uuid_of(kept["id"])),
        ("trust_document.removed", "TrustDocument", uuid_of(kept["id"])),
    ]
    uploaded, updated, gone = (e.changes for e in events)
    assert uploaded["title"]["after"] == "Security policy"
    assert uploaded["sha256"]["after"] == hashlib.sha256(POLICY).hexdigest()
    assert updated["title"] == {"before": "Security policy", "after": "Policy"}
    assert gone["filename"]["after"] == "policy.pdf"
    assert gone["entryIds"]["after"] == [str(uuid_of(entry_id))]


async def test_every_member_reads_and_downloads_only_reviewers_and_admins_keep(
    client, db, settings
):
    acme = await make_tenant(db)
    kept = await _kept(client, acme.token)

    for role in (Role.VIEWER, Role.PROCUREMENT):
        member = await make_member(db, acme.tenant_id, f"{role.value.lower()}@acme.example", role)
        before = await tenant_state(db, acme.tenant_id)
        refused = await _upload(client, member.token, content=SOC2, filename="soc2.pdf")
        change = await gql(
            client, UPDATE, {"input": {"documentId": kept["id"], "title": "x"}}, token=member.token
        )
        removal = await gql(
            client, REMOVE, {"input": {"documentId": kept["id"]}}, token=member.token
        )
        listed = await gql(client, LIST, {}, token=member.token)
        download = await client.get(kept["downloadUrl"], headers=_auth(member.token))

        codes = [[e["extensions"]["code"] for e in b["errors"]] for b in (refused, change, removal)]
        assert codes == [["FORBIDDEN"]] * 3, role
        sha = hashlib.sha256(SOC2).hexdigest()
        blobs = settings.data_dir / "objects" / "tenants" / str(acme.tenant_id) / "sha256"
        assert (await tenant_state(db, acme.tenant_id), (blobs / sha[:2] / sha).exists()) == (
            before,
            False,
        )
        assert listed["data"]["trustDocuments"]["totalCount"] == 1
        assert (download.status_code, download.content) == (200, POLICY)


async def test_another_tenant_s_document_looks_exactly_like_a_missing_one(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    kept = await _kept(client, acme.token)
    missing = global_id("TrustDocument", uuid.uuid4())
    before = await tenant_state(db, acme.tenant_id)

    def each(document_id: str) -> list:
        return [
            (UPDATE, {"input": {"documentId": document_id, "title": "Mine"}}),
            (REMOVE, {"input": {"documentId": document_id}}),
            (ONE, {"id": document_id}),
            (CREATE_ENTRY, {"i": {"question": "Q?", "answer": "A.", "evidenceDocumentIds": [document_id]}}),
        ]  # fmt: skip

    answers = {}
    for name, document_id in (("foreign", kept["id"]), ("missing", missing)):
        answers[name] = [
            await gql(client, query, variables, token=globex.token)
            for query, variables in each(document_id)
        ]
        got = await client.get(
            f"/trust-documents/{document_id}/content", headers=_auth(globex.token)
        )
        answers[name].append((got.status_code, got.json()))

    assert answers["foreign"] == answers["missing"]
    update, remove, one, entry, download = answers["foreign"]
    assert update["data"]["updateTrustDocument"]["errors"][0]["code"] == "NOT_FOUND"
    assert remove["data"]["removeTrustDocument"]["errors"][0]["code"] == "NOT_FOUND"
    assert one == {"data": {"trustDocument": None}}
    assert entry["data"]["createAnswerEntry"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["evidenceDocumentIds", "0"], "message": "Document not found."}
    ]  # fmt: skip
    assert download[0] == 404
    assert await tenant_state(db, acme.tenant_id) == before


async def test_an_answer_s_evidence_is_set_replaced_cleared_and_audited(client, db):
    acme = await make_tenant(db)
    policy = await _kept(client, acme.token)
    report = await _kept(client, acme.token, content=SOC2, filename="soc2.pdf", title="SOC 2")
    created = await gql(
        client,
        CREATE_ENTRY,
        {"i": {"question": "Do you have a SOC 2?", "answer": "Yes.",
               "evidenceDocumentIds": [policy["id"], report["id"], policy["id"]]}},
        token=acme.token,
    )  # fmt: skip
    entry_id = created["data"]["createAnswerEntry"]["entry"]["id"]

    replaced = await gql(
        client, UPDATE_ENTRY, {"i": {"entryId": entry_id, "evidenceDocumentIds": [report["id"]]}},
        token=acme.token,
    )  # fmt: skip
    kept = await gql(
        client, UPDATE_ENTRY, {"i": {"entryId": entry_id, "answer": "Yes!"}}, token=acme.token
    )
    cleared = await gql(
        client, UPDATE_ENTRY, {"i": {"entryId": entry_id, "evidenceDocumentIds": None}},
        token=acme.token,
    )  # fmt: skip
    unknown = await gql(
        client, UPDATE_ENTRY,
        {"i": {"entryId": entry_id, "evidenceDocumentIds": [report["id"], global_id("TrustDocument", uuid.uuid4())]}},
        token=acme.token,
    )  # fmt: skip

    assert created["data"]["createAnswerEntry"]["entry"]["evidence"] == [
        {"title": "SOC 2"},
        {"title": "Security policy"},
    ]
    assert replaced["data"]["updateAnswerEntry"]["entry"]["evidence"] == [{"title": "SOC 2"}]
    assert kept["data"]["updateAnswerEntry"]["entry"]["evidence"] == [{"title": "SOC 2"}]
    assert cleared["data"]["updateAnswerEntry"]["entry"]["evidence"] == []
    assert unknown["data"]["updateAnswerEntry"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["evidenceDocumentIds", "1"], "message": "Document not found."}
    ]  # fmt: skip
    changes = [e.changes.get("evidenceDocumentIds") for e in await _events(db, "answer_entry.")]
    policy_id, report_id = str(uuid_of(policy["id"])), str(uuid_of(report["id"]))
    assert changes == [
        {"before": None, "after": [policy_id, report_id]},
        {"before": None, "after": [report_id]},
        None,
        {"before": None, "after": []},
    ]


async def test_an_answer_names_at_most_twenty_documents(client, db):
    acme = await make_tenant(db)
    ids = [global_id("TrustDocument", uuid.uuid4()) for _ in range(21)]

    body = await gql(
        client, CREATE_ENTRY, {"i": {"question": "Q?", "answer": "A.", "evidenceDocumentIds": ids}},
        token=acme.token,
    )  # fmt: skip

    assert body["data"]["createAnswerEntry"]["errors"] == [
        {
            "code": "INVALID",
            "field": ["evidenceDocumentIds"],
            "message": "An answer names at most 20 documents as its evidence.",
        }
    ]


async def test_a_page_of_answers_reads_its_evidence_in_the_same_statements_at_any_size(
    client, db, count_statements
):
    acme = await make_tenant(db)
    policy = await _kept(client, acme.token)
    report = await _kept(client, acme.token, content=SOC2, filename="soc2.pdf", title="SOC 2")
    for n in range(6):
        await gql(
            client, CREATE_ENTRY,
            {"i": {"question": f"Question {n}?", "answer": "A.",
                   "evidenceDocumentIds": [policy["id"], report["id"]]}},
            token=acme.token,
        )  # fmt: skip
    page = """query($first: Int) { answerLibrary(first: $first) { nodes {
      evidence { title expired uploadedBy { displayName } } } } }"""

    counts = {}
    for size in (2, 6):
        count_statements.count = 0
        body = await gql(client, page, {"first": size}, token=acme.token)
        nodes = body["data"]["answerLibrary"]["nodes"]
        assert [len(n["evidence"]) for n in nodes] == [2] * size
        counts[size] = count_statements.count

    assert counts[2] == counts[6]


async def test_a_trust_package_gets_the_documents_it_names_and_no_others(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    policy = uuid_of((await _kept(client, acme.token))["id"])
    report = uuid_of((await _kept(client, acme.token, content=SOC2, title="SOC 2"))["id"])
    theirs = uuid_of((await _kept(client, globex.token))["id"])

    async with db.transaction(acme.tenant_id) as session:
        found = await trust_documents.documents_for_package(
            session, actor_of(acme), [report, policy, report]
        )
        with pytest.raises(DomainErrors) as refused:
            await trust_documents.documents_for_package(session, actor_of(acme), [policy, theirs])

    assert [d.title for d in found] == ["SOC 2", "Security policy"]
    assert [(e.code, e.field) for e in refused.value.errors] == [("NOT_FOUND", "documentIds.1")]
