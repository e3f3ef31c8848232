"""A client that sends its body slowly holds a socket, never a database connection."""

import asyncio
import json

import httpx

from app.main import create_app
from domain.shared.roles import Role
from tests.factories import global_id, make_member, make_tenant, make_vendor, tenant_state

VIEWER_QUERY = b'{"query": "{ viewer { tenant { name } } }"}'


class SlowClient:
    """An ASGI client that sends one byte of its body and then nothing, until released."""

    def __init__(self, app, path: str, token: str, query_string: bytes = b"") -> None:
        self.app = app
        self.release = asyncio.Event()
        self.sent = False
        self.status: int | None = None
        self.body = b""
        self.scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query_string,
            "root_path": "",
            "headers": [
                (b"host", b"tprm.test"),
                (b"authorization", f"Bearer {token}".encode()),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(VIEWER_QUERY)).encode()),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("tprm.test", 80),
        }

    async def receive(self):
        if not self.sent:
            self.sent = True
            return {"type": "http.request", "body": VIEWER_QUERY[:1], "more_body": True}
        await self.release.wait()
        return {"type": "http.disconnect"}

    async def send(self, message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.body += message.get("body", b"")

    async def run(self) -> None:
        await self.app(self.scope, self.receive, self.send)


async def _two_tenants(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    viewer = await make_member(db, acme.tenant_id, "viewer@acme.example", Role.VIEWER)
    umbrella = await make_tenant(db, "Umbrella", "owner@umbrella.example")
    return acme, viewer, umbrella


async def test_slow_bodies_beyond_the_pool_leave_another_tenant_served(db, settings, database_url):
    # one connection and one in overflow: five slow clients would hold them all, and more
    app = create_app(settings.model_copy(update={"db_pool_size": 1}), database_url=database_url)
    _acme, viewer, umbrella = await _two_tenants(db)
    slow = [SlowClient(app, "/graphql", viewer.token) for _ in range(5)]
    slow += [SlowClient(app, "/documents", viewer.token) for _ in range(5)]
    tasks = [asyncio.create_task(client.run()) for client in slow]
    try:
        # every client starts its body at once unless something makes it wait first (as a
        # pool held by the others would): bounded, so that a regression fails, not hangs
        for _ in range(500):
            if all(client.sent for client in slow):
                break
            await asyncio.sleep(0.01)
        held_while_waiting = app.state.database.engine.pool.checkedout()
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
        ) as http:
            # bounded so that a regression fails here rather than hanging the suite
            other = await asyncio.wait_for(
                http.post(
                    "/graphql",
                    content=VIEWER_QUERY,
                    headers={
                        "Authorization": f"Bearer {umbrella.token}",
                        "Content-Type": "application/json",
                    },
                ),
                timeout=60,
            )
    finally:
        for client in slow:
            client.release.set()
        await asyncio.gather(*tasks)
        await app.state.database.dispose()

    assert held_while_waiting == 0
    assert other.status_code == 200
    assert other.json() == {"data": {"viewer": {"tenant": {"name": "Umbrella"}}}}
    # the clients hung up before their bodies ended: nothing to answer, nothing done
    assert [client.status for client in slow] == [None] * 10


async def test_a_post_without_credentials_is_refused_before_its_body_is_read(
    db, settings, database_url
):
    app = create_app(settings, database_url=database_url)
    anonymous = SlowClient(app, "/graphql", "")
    anonymous.scope["headers"] = [h for h in anonymous.scope["headers"] if h[0] != b"authorization"]
    try:
        # the body never ends: only an answer that does not wait for it can come back
        await asyncio.wait_for(anonymous.run(), timeout=30)
    finally:
        anonymous.release.set()
        await app.state.database.dispose()

    assert anonymous.status == 401
    assert anonymous.sent is False


async def test_a_body_slower_than_the_limit_gets_408_and_changes_nothing(
    db, settings, database_url
):
    app = create_app(
        settings.model_copy(update={"body_timeout_seconds": 0.2}), database_url=database_url
    )
    acme, viewer, _umbrella = await _two_tenants(db)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    before = await tenant_state(db, acme.tenant_id)
    query = f"vendorId={global_id('Vendor', vendor.id)}&kind=OTHER&filename=a.txt".encode()
    graphql = SlowClient(app, "/graphql", viewer.token)
    upload = SlowClient(app, "/documents", reviewer.token, query)
    try:
        await asyncio.gather(graphql.run(), upload.run())
    finally:
        await app.state.database.dispose()

    assert graphql.status == upload.status == 408
    assert json.loads(graphql.body)["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"
    assert json.loads(upload.body)["errors"][0]["code"] == "REQUEST_TIMEOUT"
    assert await tenant_state(db, acme.tenant_id) == before
