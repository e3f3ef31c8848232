"""A worker posts each event to the endpoints that want it, signed the Standard Webhooks
way: the README's verification snippets, in Python and in JavaScript, accept what it sent
and refuse a tampered copy. A receiver that fails is tried again with backoff; one that
keeps failing leaves a FAILED delivery in the log, sent again on request."""

import base64
import json
import re
import subprocess
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text

from app.jobs.worker import Worker
from app.main import create_app
from domain.reviews import reminders
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.api.reviews.checks import check_everything
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

README = Path(__file__).resolve().parents[2] / "README.md"

CREATE = """mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  endpoint { id } secret errors { code field message } } }"""
TEST = """mutation($i: WebhookEndpointInput!) { sendTestWebhook(input: $i) {
  delivery { id status } errors { code } } }"""
REDELIVER = """mutation($i: RedeliverWebhookInput!) { redeliverWebhook(input: $i) {
  delivery { status } errors { code field } } }"""
LOG = """query { webhookEndpoints { nodes { deliveries { nodes {
  status attempts lastResponseCode lastError succeededAt event { type data } } } } } }"""
MOVE = """mutation($i: TransitionReviewInput!) { transitionReview(input: $i) {
  errors { code message } } }"""
DECIDE = """mutation($i: UpdateReviewInput!) { updateReview(input: $i) { errors { code } } }"""
NEXT = """query($id: ID!) { vendor(id: $id) { nextReview { id } } }"""


class Receiver:
    """A local HTTP server that records what it is sent and answers as told (then 200),
    taking `slow` seconds over each answer, and counts requests in flight per path."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answers: list[int] = []
        self.slow = 0.0
        self.in_flight: dict[str, int] = {}
        self.most_in_flight: dict[str, int] = {}
        self.log: list[tuple[str, str]] = []  # (start | end, path), in order
        lock = threading.Lock()
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                with lock:
                    now = received.in_flight[self.path] = received.in_flight.get(self.path, 0) + 1
                    most = received.most_in_flight.get(self.path, 0)
                    received.most_in_flight[self.path] = max(most, now)
                    received.log.append(("start", self.path))
                time.sleep(received.slow)
                with lock:
                    received.in_flight[self.path] -= 1
                    received.log.append(("end", self.path))
                body = self.rfile.read(int(self.headers["content-length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}
                received.requests.append({"headers": headers, "body": body})
                status = received.answers.pop(0) if received.answers else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"" if status < 300 else b"receiver says no")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def events(self) -> list[dict[str, Any]]:
        return [json.loads(request["body"]) for request in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    thread = threading.Thread(target=made.server.serve_forever, daemon=True)
    thread.start()
    yield made
    made.server.shutdown()
    made.server.server_close()


@pytest.fixture
def local_settings(settings):
    """Local endpoints allowed (the receiver is on 127.0.0.1), retries at once, three tries."""
    return settings.model_copy(
        update={"webhook_allow_local": True, "webhook_retry_seconds": 0, "webhook_max_attempts": 3}
    )


@pytest_asyncio.fixture
async def local_client(database_url, local_settings, db) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(local_settings, database_url=database_url)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tprm.test") as http:
        yield http
    await app.state.database.dispose()


async def _endpoint(client, admin, url: str, types: list[str] | None = None) -> tuple[str, str]:
    body = await gql(client, CREATE, {"i": {"url": url, "eventTypes": types}}, token=admin.token)
    made = body["data"]["createWebhookEndpoint"]
    assert made["errors"] == [], made
    return made["endpoint"]["id"], made["secret"]


def _snippet(language: str) -> str:
    section = README.read_text().split("### Verifying a webhook", 1)[1]
    return re.search(rf"```{language}\n(.*?)```", section, re.S).group(1)


def _python_verify():
    scope: dict[str, Any] = {}
    exec(_snippet("python"), scope)  # noqa: S102 - the README's own snippet, under test
    return scope["verify"]


def _javascript_verify(tmp_path: Path, secret: str, requests: list[dict[str, Any]]) -> list[bool]:
    (tmp_path / "verify.js").write_text(_snippet("js"))
    (tmp_path / "check.js").write_text(
        'const { verify } = require("./verify.js");\n'
        'const input = JSON.parse(require("node:fs").readFileSync(0, "utf8"));\n'
        "console.log(JSON.stringify(input.requests.map(\n"
        '  (r) => verify(input.secret, r.headers, Buffer.from(r.body, "base64")))));\n'
    )
    given = {
        "secret": secret,
        "requests": [
            {"headers": r["headers"], "body": base64.b64encode(r["body"]).decode()}
            for r in requests
        ],
    }
    done = subprocess.run(
        ["node", "check.js"],
        cwd=tmp_path,
        input=json.dumps(given),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


def _tampered(request: dict[str, Any]) -> dict[str, Any]:
    return {**request, "body": request["body"].replace(b'"id"', b'"Id"', 1)}


async def _work_review_to_sign_off(client, preparer, approver, vendor) -> str:
    body = await gql(client, NEXT, {"id": global_id("Vendor", vendor.id)}, token=preparer.token)
    review_id = body["data"]["vendor"]["nextReview"]["id"]
    await gql(
        client, MOVE, {"i": {"reviewId": review_id, "to": "IN_PROGRESS"}}, token=preparer.token
    )
    decided = {"decision": "APPROVED", "residualRisk": "LOW", "rationale": "Current SOC 2."}
    await gql(client, DECIDE, {"i": {"reviewId": review_id, **decided}}, token=preparer.token)
    await check_everything(client, preparer, review_id)
    for member, to in ((preparer, "PENDING_APPROVAL"), (approver, "COMPLETED")):
        moved = await gql(
            client, MOVE, {"i": {"reviewId": review_id, "to": to}}, token=member.token
        )
        assert moved["data"]["transitionReview"]["errors"] == [], moved
    return review_id


async def test_a_signed_off_review_reaches_its_endpoint_signed_as_the_readme_verifies(
    local_client, db, receiver, local_settings, database_url, tmp_path
):
    acme = await make_tenant(db)
    preparer = await make_member(db, acme.tenant_id, "prep@acme.example", Role.REVIEWER)
    approver = await make_member(db, acme.tenant_id, "appr@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    _, secret = await _endpoint(
        local_client, acme, receiver.url, ["REVIEW_SUBMITTED", "REVIEW_COMPLETED"]
    )
    # another endpoint that wants only overdue reviews hears nothing of this one
    await _endpoint(local_client, acme, receiver.url + "/overdue", ["REVIEW_OVERDUE"])
    review_id = await _work_review_to_sign_off(local_client, preparer, approver, vendor)

    await Worker(local_settings, database_url).run(drain=True)

    # posted concurrently, in no set order: receivers order by occurredAt
    events = sorted(receiver.events(), key=lambda e: e["occurredAt"])
    assert [e["type"] for e in events] == ["review.submitted", "review.completed"]
    assert {request["headers"]["webhook-id"] for request in receiver.requests} == {
        e["id"] for e in events
    }
    completed = events[1]["data"]
    assert events[1]["id"].startswith("V2ViaG9va0V2ZW50")  # a WebhookEvent's GraphQL ID
    assert completed["review"]["id"] == review_id
    assert completed["review"]["decision"] == "APPROVED"
    assert completed["approver"]["email"] == "appr@acme.example"
    assert completed["vendor"]["name"] == "Pens Inc"
    verify = _python_verify()
    assert [verify(secret, r["headers"], r["body"]) for r in receiver.requests] == [True, True]
    assert not verify(
        secret, receiver.requests[0]["headers"], _tampered(receiver.requests[0])["body"]
    )
    other_secret = "whsec_" + base64.b64encode(b"0" * 32).decode()
    assert not verify(other_secret, receiver.requests[0]["headers"], receiver.requests[0]["body"])
    replayed = {**receiver.requests[0]["headers"], "webhook-timestamp": "1700000000"}
    assert not verify(secret, replayed, receiver.requests[0]["body"])
    assert _javascript_verify(
        tmp_path, secret, [*receiver.requests, _tampered(receiver.requests[0])]
    ) == [True, True, False]


async def test_a_receiver_that_fails_is_tried_again_until_it_takes_the_event(
    local_client, db, receiver, local_settings, database_url
):
    acme = await make_tenant(db)
    endpoint_id, _ = await _endpoint(local_client, acme, receiver.url)
    receiver.answers = [500, 503]
    await gql(local_client, TEST, {"i": {"id": endpoint_id}}, token=acme.token)

    await Worker(local_settings, database_url).run(drain=True)

    assert len(receiver.requests) == 3
    assert len({r["headers"]["webhook-id"] for r in receiver.requests}) == 1  # one event
    assert len({r["body"] for r in receiver.requests}) == 1  # the same body each time
    log = await gql(local_client, LOG, token=acme.token)
    [delivery] = log["data"]["webhookEndpoints"]["nodes"][0]["deliveries"]["nodes"]
    assert (delivery["status"], delivery["attempts"], delivery["lastResponseCode"]) == (
        "SUCCEEDED",
        3,
        200,
    )
    assert delivery["lastError"] is None and delivery["succeededAt"] is not None
    assert delivery["event"]["type"] == "WEBHOOK_TEST"


async def test_a_delivery_that_never_succeeds_is_failed_in_the_log_and_sent_again_on_request(
    local_client, db, receiver, local_settings, database_url
):
    acme = await make_tenant(db)
    endpoint_id, _ = await _endpoint(local_client, acme, receiver.url)
    receiver.answers = [500, 500, 500]
    sent = await gql(local_client, TEST, {"i": {"id": endpoint_id}}, token=acme.token)
    delivery_id = sent["data"]["sendTestWebhook"]["delivery"]["id"]

    await Worker(local_settings, database_url).run(drain=True)
    failed = await gql(local_client, LOG, token=acme.token)
    still_failing = await gql(local_client, REDELIVER, {"i": {"id": delivery_id}}, token=acme.token)
    await Worker(local_settings, database_url).run(drain=True)
    after = await gql(local_client, LOG, token=acme.token)

    [first] = failed["data"]["webhookEndpoints"]["nodes"][0]["deliveries"]["nodes"]
    assert (first["status"], first["attempts"], first["lastResponseCode"]) == ("FAILED", 3, 500)
    assert first["lastError"] == "receiver says no"
    assert still_failing["data"]["redeliverWebhook"] == {
        "delivery": {"status": "PENDING"},
        "errors": [],
    }
    [again] = after["data"]["webhookEndpoints"]["nodes"][0]["deliveries"]["nodes"]
    assert (again["status"], again["attempts"], again["lastResponseCode"]) == ("SUCCEEDED", 4, 200)
    assert len(receiver.requests) == 4


async def test_reminders_from_the_sweep_reach_only_the_endpoints_that_want_them(
    local_client, db, receiver, local_settings, database_url
):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    await _endpoint(local_client, acme, receiver.url, ["REVIEW_OVERDUE"])
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendor_reviews SET due_date = :d WHERE vendor_id = :v"),
            {"d": date(2026, 1, 1), "v": vendor.id},
        )
    today = date(2026, 1, 1) + timedelta(days=2)

    first = await reminders.sweep_every_tenant(db.transaction, today)
    second = await reminders.sweep_every_tenant(db.transaction, today)
    await Worker(local_settings, database_url).run(drain=True)

    assert (first, second) == (1, 0)
    [event] = receiver.events()
    assert event["type"] == "review.overdue"
    assert event["data"]["daysLeft"] == -2


async def test_a_tenant_with_a_slow_receiver_waits_for_its_own_never_holds_up_another(
    local_client, db, receiver, local_settings, database_url
):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    acme_endpoint, _ = await _endpoint(local_client, acme, receiver.url + "/acme")
    globex_endpoint, _ = await _endpoint(local_client, globex, receiver.url + "/globex")
    receiver.slow = 0.5
    for _ in range(3):
        await gql(local_client, TEST, {"i": {"id": acme_endpoint}}, token=acme.token)
    await gql(local_client, TEST, {"i": {"id": globex_endpoint}}, token=globex.token)
    one_at_a_time = local_settings.model_copy(
        update={"webhook_tenant_concurrency": 1, "webhook_concurrency": 4}
    )

    await Worker(one_at_a_time, database_url).run(drain=True)

    assert receiver.most_in_flight == {"/hooks/acme": 1, "/hooks/globex": 1}
    acme_ends = [
        i for i, (what, path) in enumerate(receiver.log) if (what, path) == ("end", "/hooks/acme")
    ]
    globex_start = receiver.log.index(("start", "/hooks/globex"))
    assert len(acme_ends) == 3
    assert globex_start < acme_ends[-1]  # Globex's did not queue behind all of Acme's
