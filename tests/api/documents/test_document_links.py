"""Document links: a signed, short-lived URL a browser opens without a token, for one
document of one tenant, answering byte ranges as PDF viewers ask for them."""

import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import text

from domain.documents.links import Disposition, DocumentLink, LinkSigner
from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

# A PDF long enough for ranges to mean something.
PDF = b"%PDF-1.4\n" + b"".join(b"%% line %05d of the report\n" % i for i in range(400)) + b"%%EOF\n"

LINK = """query($id: ID!, $disposition: DocumentLinkDisposition) { document(id: $id) {
  link(disposition: $disposition) { url expiresAt } } }"""


async def _document(client, db, content=PDF, filename="report.pdf"):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    uploaded = await client.post(
        "/documents",
        params={
            "vendorId": global_id("Vendor", vendor.id),
            "kind": "CONTRACT",
            "filename": filename,
        },
        content=content,
        headers={"Authorization": f"Bearer {reviewer.token}"},
    )
    return acme, reviewer, uploaded.json()["document"]["id"]


async def _link(client, member, document_id, disposition=None):
    variables = {"id": document_id} | ({"disposition": disposition} if disposition else {})
    body = await gql(client, LINK, variables, token=member.token)
    assert "errors" not in body, body
    return body["data"]["document"]["link"]


def _path(url: str) -> str:
    return urlsplit(url).path


async def test_a_link_opens_the_file_in_the_page_without_a_token(client, db):
    _, reviewer, document_id = await _document(client, db)

    link = await _link(client, reviewer, document_id)
    response = await client.get(_path(link["url"]))

    assert link["url"].startswith("http")
    expires = datetime.fromisoformat(link["expiresAt"])
    assert timedelta(seconds=200) < expires - datetime.now(UTC) <= timedelta(seconds=300)
    assert response.status_code == 200
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith('inline; filename="report.pdf"')
    assert response.headers["accept-ranges"] == "bytes"
    assert response.headers["cache-control"] == "private, max-age=300"


async def test_a_link_answers_byte_ranges_as_a_pdf_viewer_asks(client, db):
    _, reviewer, document_id = await _document(client, db)
    path = _path((await _link(client, reviewer, document_id))["url"])
    size = len(PDF)

    head = await client.head(path)
    first = await client.get(path, headers={"Range": "bytes=0-99"})
    middle = await client.get(path, headers={"Range": "bytes=1000-1499"})
    tail = await client.get(path, headers={"Range": "bytes=-64"})
    rest = await client.get(path, headers={"Range": "bytes=10000-"})
    past = await client.get(path, headers={"Range": f"bytes={size}-"})
    stale = await client.get(path, headers={"Range": "bytes=0-9", "If-Range": '"another"'})

    assert (head.status_code, head.headers["content-length"], head.content) == (
        200,
        str(size),
        b"",
    )
    assert (first.status_code, first.content) == (206, PDF[:100])
    assert first.headers["content-range"] == f"bytes 0-99/{size}"
    assert (middle.status_code, middle.content) == (206, PDF[1000:1500])
    assert (tail.status_code, tail.content) == (206, PDF[-64:])
    assert tail.headers["content-range"] == f"bytes {size - 64}-{size - 1}/{size}"
    assert (rest.status_code, rest.content) == (206, PDF[10000:])
    assert (past.status_code, past.headers["content-range"]) == (416, f"bytes */{size}")
    assert (stale.status_code, stale.content) == (200, PDF)  # changed since: the whole file


async def test_a_link_to_save_the_file_is_an_attachment(client, db):
    _, reviewer, document_id = await _document(client, db)

    link = await _link(client, reviewer, document_id, "ATTACHMENT")
    response = await client.get(_path(link["url"]))

    assert response.headers["content-disposition"].startswith('attachment; filename="report.pdf"')


async def test_issuing_a_link_is_in_the_audit_trail(client, db):
    acme, reviewer, document_id = await _document(client, db)

    link = await _link(client, reviewer, document_id)

    async with db.owner_transaction() as session:
        event = (
            await session.execute(
                text(
                    "SELECT actor_user_id, entity_type, changes FROM audit_events "
                    "WHERE tenant_id = :t AND action = 'document.link_issued'"
                ),
                {"t": acme.tenant_id},
            )
        ).one()
    assert event.actor_user_id == reviewer.user_id
    assert event.entity_type == "Document"
    assert event.changes["disposition"]["after"] == "INLINE"
    assert datetime.fromisoformat(event.changes["expires_at"]["after"]) == datetime.fromisoformat(
        link["expiresAt"]
    )


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: "x" + token,
        lambda token: token.rsplit(".", 1)[0],
        lambda token: "not-a-link",
    ],
    ids=["signature", "payload", "unsigned", "garbage"],
)
async def test_an_altered_link_is_not_found(client, db, tamper):
    _, reviewer, document_id = await _document(client, db)
    path = _path((await _link(client, reviewer, document_id))["url"])
    token = path.rsplit("/", 1)[1]

    response = await client.get(f"/files/{tamper(token)}")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
    assert PDF[:20] not in response.content


async def test_a_link_stops_working_once_its_member_is_removed(client, db):
    acme, reviewer, document_id = await _document(client, db)
    path = _path((await _link(client, reviewer, document_id))["url"])
    removed = await gql(
        client,
        """mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }""",
        {"i": {"memberId": reviewer.global_id}},
        token=acme.token,
    )

    response = await client.get(path)

    assert removed["data"]["removeMember"]["errors"] == []
    assert response.status_code == 404


async def test_a_link_does_not_come_back_when_its_member_is_added_again(client, db):
    acme, reviewer, document_id = await _document(client, db)
    path = _path((await _link(client, reviewer, document_id))["url"])
    removed = await gql(
        client,
        """mutation($i: RemoveMemberInput!) { removeMember(input: $i) { errors { code } } }""",
        {"i": {"memberId": reviewer.global_id}},
        token=acme.token,
    )
    added = await gql(
        client,
        """mutation($i: AddMemberInput!) { addMember(input: $i) { errors { code } } }""",
        {"i": {"email": "rev@acme.example", "role": "VIEWER"}},
        token=acme.token,
    )

    response = await client.get(path)

    assert removed["data"]["removeMember"]["errors"] == []
    assert added["data"]["addMember"]["errors"] == []
    # the same member again, with none of their old tokens: none of their old links either
    assert response.status_code == 404


async def test_a_link_stops_working_once_the_token_it_was_issued_with_is_revoked(client, db):
    acme, reviewer, document_id = await _document(client, db)
    path = _path((await _link(client, reviewer, document_id))["url"])
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE api_tokens SET revoked_at = now() "
                "WHERE tenant_id = :t AND membership_id = :m"
            ),
            {"t": acme.tenant_id, "m": reviewer.membership_id},
        )

    response = await client.get(path)

    assert response.status_code == 404


async def test_rotating_the_stored_key_ends_the_links_issued_before(client, db):
    _, reviewer, document_id = await _document(client, db)
    before = _path((await _link(client, reviewer, document_id))["url"])
    async with db.owner_transaction() as session:  # as the migration says: UPDATE as the owner
        await session.execute(
            text(
                "UPDATE server_secrets SET secret = decode(replace(gen_random_uuid()::text "
                "|| gen_random_uuid()::text, '-', ''), 'hex') WHERE name = 'document_links'"
            )
        )
    after = _path((await _link(client, reviewer, document_id))["url"])

    assert (await client.get(before)).status_code == 404
    assert (await client.get(after)).status_code == 200


async def test_another_tenant_cannot_get_a_link_to_a_document_it_does_not_hold(client, db):
    _, _, document_id = await _document(client, db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    body = await gql(client, LINK, {"id": document_id}, token=globex.token)

    assert body == {"data": {"document": None}}


def test_a_link_expires_and_is_bound_to_its_key():
    link = DocumentLink(
        tenant_id=uuid.uuid4(),
        document_id=uuid.uuid4(),
        membership_id=uuid.uuid4(),
        token_id=uuid.uuid4(),
        disposition=Disposition.INLINE,
    )
    signer = LinkSigner(b"k" * 32, timedelta(seconds=0))
    token, _ = signer.issue(link)

    assert LinkSigner(b"k" * 32, timedelta(seconds=60)).read(token) == link
    assert LinkSigner(b"other key" * 4, timedelta(seconds=60)).read(token) is None
    time.sleep(1.1)
    assert signer.read(token) is None  # older than its lifetime
