"""A respondent link: a token of 256 bits the database never holds (only its SHA-256), good
for one questionnaire, until it expires or is revoked, at a limited rate; and the respondent
API it opens reaches nothing else of the tenant's, whatever id is replayed through it."""

import hashlib
import json
from datetime import date, timedelta

import httpx
import pytest_asyncio
from sqlalchemy import text

from app.main import create_app
from app.respondent_links import completion
from app.settings import Settings
from domain.events.models import OutboxEvent, WebhookEndpoint
from domain.questionnaires import links
from domain.shared.roles import Role
from tests.api.questionnaires.test_answering import SEND, VIEW, send
from tests.api.scenes import build_scene
from tests.factories import (
    global_id,
    gql,
    make_contact,
    make_template,
    make_tenant,
    make_vendor,
    respond,
    token_of,
)

REISSUE = """mutation($i: ReissueRespondentLinkInput!) { reissueRespondentLink(input: $i) {
  respondentUrl errors { code } } }"""
REVOKE = """mutation($i: QuestionnaireIdInput!) { revokeRespondentLink(input: $i) {
  errors { code } } }"""


async def _owner_rows(db, sql: str, **params):
    async with db.owner_transaction() as session:
        return (await session.execute(text(sql), params)).all()


async def test_the_token_is_256_bits_and_only_its_hash_is_stored(client, db):
    acme = await make_tenant(db)
    sent, token, _ = await send(client, db, acme)

    assert token.startswith("tprq_") and len(token.removeprefix("tprq_")) == 43  # 32 bytes
    [link] = await _owner_rows(db, "SELECT * FROM respondent_links")
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    secret = token.removeprefix("tprq_")
    assert all(secret not in str(value) for value in link)
    # The event that carries the link to the mailer holds the link's id, never the token.
    events = await _owner_rows(db, "SELECT type, data FROM outbox_events")
    assert [(e.type, e.data["respondentLinkId"]) for e in events] == [
        ("questionnaire.sent", str(link.id))
    ]
    assert secret not in json.dumps([e.data for e in events])
    # and nothing in the audit trail has it either
    trail = await _owner_rows(db, "SELECT changes::text AS c FROM audit_events")
    assert all(secret not in row.c for row in trail)
    assert sent["delivery"]["status"] == "NO_RECEIVER"  # the tenant has no webhook endpoint


async def test_the_delivered_event_carries_the_link_made_again_from_the_key(client, db, settings):
    acme = await make_tenant(db)
    sent, token, _ = await send(client, db, acme)
    complete = completion(settings)
    mailer = WebhookEndpoint(
        tenant_id=acme.tenant_id, url="https://m.example/", event_types=["questionnaire.sent"]
    )
    catch_all = WebhookEndpoint(tenant_id=acme.tenant_id, url="https://log.example/")

    async with db.transaction(acme.tenant_id) as session:
        [event] = (await session.execute(text("SELECT id FROM outbox_events"))).scalars()
        row = await session.get(OutboxEvent, (acme.tenant_id, event))
        to_mailer = await complete(session, row, mailer)
        to_log = await complete(session, row, catch_all)
    assert to_mailer["respondentUrl"] == f"{settings.respondent_link_base}#{token}"
    assert "respondentLinkId" not in to_mailer
    assert to_mailer["contact"] == {"name": "Sam Vendor", "email": "security@vendor.example"}
    # an endpoint that takes every event (a log, a chat) never gets a vendor's token
    assert to_log["respondentUrl"] is None and "respondentLinkId" not in to_log

    await gql(client, REVOKE, {"i": {"questionnaireId": sent["id"]}}, token=acme.token)
    async with db.transaction(acme.tenant_id) as session:
        row = await session.get(OutboxEvent, (acme.tenant_id, event), populate_existing=True)
        revoked = await complete(session, row, mailer)
    # A revoked link is not sent: a newer event carries the link that works.
    assert revoked["respondentUrl"] is None


async def test_the_delivery_status_is_the_mailer_s(client, db):
    acme = await make_tenant(db)
    create = """mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
      errors { code } } }"""
    status = "query($id: ID!) { questionnaire(id: $id) { delivery { status } } }"
    await gql(client, create, {"i": {"url": "https://log.acme.example/"}}, token=acme.token)
    unmailed, _, _ = await send(client, db, acme)
    mailer = {"url": "https://mail.acme.example/", "eventTypes": ["QUESTIONNAIRE_SENT"]}
    await gql(client, create, {"i": mailer}, token=acme.token)
    mailed, _, _ = await send(client, db, acme, vendor_name="Mailed Co")

    before = await gql(client, status, {"id": unmailed["id"]}, token=acme.token)
    after = await gql(client, status, {"id": mailed["id"]}, token=acme.token)

    assert before["data"]["questionnaire"]["delivery"] == {"status": "NO_RECEIVER"}
    assert after["data"]["questionnaire"]["delivery"] == {"status": "PENDING"}


async def test_a_link_works_until_it_is_revoked_replaced_or_expired(client, db):
    acme = await make_tenant(db)
    sent, token, _ = await send(client, db, acme)
    assert (await respond(client, token, VIEW)).status_code == 200

    reissued = await gql(client, REISSUE, {"i": {"questionnaireId": sent["id"]}}, token=acme.token)
    new_token = token_of(reissued["data"]["reissueRespondentLink"]["respondentUrl"])
    assert (await respond(client, token, VIEW)).status_code == 401  # the old one stopped
    assert (await respond(client, new_token, VIEW)).status_code == 200

    await gql(client, REVOKE, {"i": {"questionnaireId": sent["id"]}}, token=acme.token)
    refused = await respond(client, new_token, VIEW)
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

    again = await gql(client, REISSUE, {"i": {"questionnaireId": sent["id"]}}, token=acme.token)
    last = token_of(again["data"]["reissueRespondentLink"]["respondentUrl"])
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE respondent_links SET expires_at = now() - interval '1 second'")
        )
    assert (await respond(client, last, VIEW)).status_code == 401
    state = await gql(
        client,
        "query($id: ID!) { questionnaire(id: $id) { delivery { status } } }",
        {"id": sent["id"]},
        token=acme.token,
    )
    assert state["data"]["questionnaire"]["delivery"] == {"status": "LINK_EXPIRED"}


async def test_a_forged_or_foreign_token_is_refused_like_none(client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    for credential in (forged, "tprq_" + "A" * 43, acme.token, "x" * 500):
        refused = await respond(client, credential, VIEW)
        assert refused.status_code == 401, credential
    # and a respondent's token opens nothing of the member API
    member_api = await gql_status(client, token)
    assert member_api == 401


async def gql_status(client, token) -> int:
    response = await client.post(
        "/graphql",
        json={"query": "{ vendors { totalCount } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    return response.status_code


async def test_each_link_opens_its_own_questionnaire_only(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    _, acme_token, _ = await send(client, db, acme)
    vendor = await make_vendor(db, globex, "Other Supplier")
    contact = await make_contact(db, globex, vendor.id)
    template = await make_template(db, globex)
    other = await gql(
        client,
        SEND,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "templateId": global_id("QuestionnaireTemplate", template.id),
                "contactId": global_id("VendorContact", contact.id),
                "dueDate": (date.today() + timedelta(days=7)).isoformat(),
            }
        },
        token=globex.token,
    )
    globex_token = token_of(other["data"]["sendQuestionnaire"]["respondentUrl"])

    mine = (await respond(client, acme_token, VIEW)).json()["data"]["questionnaire"]
    theirs = (await respond(client, globex_token, VIEW)).json()["data"]["questionnaire"]
    assert (mine["title"], mine["vendorName"]) == ("Supplier check", "Supplier Inc")
    assert (theirs["title"], theirs["vendorName"]) == ("Vendor security basics", "Other Supplier")


async def _client_allowing(database_url: str, per_minute: int):
    app = create_app(
        Settings(demo=False, respondent_requests_per_minute=per_minute), database_url=database_url
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as http:
        yield http
    await app.state.database.dispose()


@pytest_asyncio.fixture
async def limited_client(database_url, db):
    """The app with a respondent link allowed three requests a minute."""
    async for http in _client_allowing(database_url, 3):
        yield http


@pytest_asyncio.fixture
async def probing_client(database_url, db):
    """The app with room for a probe's many requests through one link."""
    async for http in _client_allowing(database_url, 10_000):
        yield http


async def test_a_link_is_rate_limited_per_minute(limited_client, client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    _, other_token, _ = await send(client, db, acme, vendor_name="Second Supplier")

    statuses = [(await respond(limited_client, token, VIEW)).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    refused = await respond(limited_client, token, VIEW)
    assert refused.headers["retry-after"] == "60"
    # another link is counted on its own
    assert (await respond(limited_client, other_token, VIEW)).status_code == 200
    # a minute later the link may go on
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE respondent_links SET window_started_at = now() - interval '61 seconds'")
        )
    assert (await respond(limited_client, token, VIEW)).status_code == 200


PROBES = [
    # the respondent schema has no field that takes an id: each is refused as invalid
    ("query($id: ID!) { node(id: $id) { id } }", "id"),
    ("query($id: ID!) { questionnaire(id: $id) { title } }", "id"),
]


async def test_no_id_of_the_tenant_reaches_anything_through_the_respondent_api(probing_client, db):
    client = probing_client
    scene = await build_scene(db, Role.ADMIN)
    async with db.owner_transaction() as session:
        [link_id] = (
            await session.execute(
                text(
                    "SELECT l.id FROM respondent_links l JOIN questionnaires q "
                    "ON q.id = l.questionnaire_id WHERE q.status = 'SENT' LIMIT 1"
                )
            )
        ).scalars()
    # the scene's links were made with the stored key: make one of them again
    async with db.owner_transaction() as session:
        token = links.token_for(await links.stored_key(session), link_id)
    before = (await respond(client, token, VIEW)).json()["data"]["questionnaire"]

    introspection = """{ __schema { types { fields { args { type { name ofType { name } } } }
      inputFields { type { name ofType { name } } } } } }"""
    named = json.dumps((await respond(client, token, introspection)).json())
    assert '"name": "ID"' not in named  # no argument, no input field is an ID

    for name, value in scene.ids.items():
        for probe, variable in PROBES:
            body = (await respond(client, token, probe, {variable: value})).json()
            assert body.get("data") is None and body["errors"], name
        # a key that is an id of the tenant's is no question of this questionnaire
        save = """mutation($k: String!) { saveAnswers(input: {answers: [{questionKey: $k,
          text: "x"}]}) { errors { code field } } }"""
        saved = (await respond(client, token, save, {"k": value})).json()["data"]
        assert saved["saveAnswers"]["errors"] == [
            {"code": "INVALID", "field": ["answers", "0", "questionKey"]}
        ], name
        comment = """mutation($k: String!) { commentOnQuestion(input: {questionKey: $k,
          body: "x"}) { errors { code field } } }"""
        said = (await respond(client, token, comment, {"k": value})).json()["data"]
        assert said["commentOnQuestion"]["errors"] == [
            {"code": "INVALID", "field": ["questionKey"]}
        ], name
    after = (await respond(client, token, VIEW)).json()["data"]["questionnaire"]
    assert after == before


async def test_a_link_s_requests_run_one_at_a_time(client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    [link_id] = [row.id for row in await _owner_rows(db, "SELECT id FROM respondent_links")]

    async with db.owner_transaction() as session:  # another request of the link, running
        assert await links.hold(session, link_id)
        busy = await respond(client, token, VIEW)
    free = await respond(client, token, VIEW)

    assert busy.status_code == 429 and busy.headers["retry-after"] == "1"
    assert free.status_code == 200


async def test_the_respondent_api_keeps_the_member_api_s_limits(client, db):
    acme = await make_tenant(db)
    _, token, _ = await send(client, db, acme)
    many = "{ " + " ".join(f"a{n}: questionnaire {{ title }}" for n in range(40)) + " }"

    body = (await respond(client, token, many)).json()

    assert body["data"] is None
    assert "aliases" in body["errors"][0]["message"]


async def test_a_vendor_page_on_another_origin_may_call_the_respondent_api(client, db):
    preflight = await client.options(
        "/respond/graphql",
        headers={
            "Origin": "https://portal.acme.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )

    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "authorization" in preflight.headers["access-control-allow-headers"].lower()


async def test_junk_sent_to_the_respondent_api_never_locks_members_out(limited_client, db):
    acme = await make_tenant(db)

    for _ in range(31):  # more than TPRM_AUTH_FAILURES_PER_MINUTE
        await respond(limited_client, "tprq_" + "J" * 43, VIEW)
    member = await limited_client.post(
        "/graphql",
        json={"query": "{ viewer { role } }"},
        headers={"Authorization": f"Bearer {acme.token}"},
    )
    respondent = await respond(limited_client, "tprq_" + "J" * 43, VIEW)

    assert member.status_code == 200
    assert respondent.status_code == 429  # the respondents' own brake
