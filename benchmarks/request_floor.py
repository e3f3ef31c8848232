"""What one API process spends on a request, layer by layer, beside the hand-written
endpoint's whole request for the same screen (issue 18).

benchmarks.house_pages measures throughput over HTTP; on screens that read a few rows (the
app shell, a vendor's documents) tprm serves a quarter of what the hand-written endpoint
serves, and its SQL is not why. This says where the rest goes. Each request is made in
process (the ASGI app called directly: no HTTP server, no client) on uvloop, as `tprm serve`
runs, and what is counted is this process's CPU time a request (`time.process_time`: its
Python, and the kernel's work for its sockets), not PostgreSQL's. Rounds are interleaved
and the best round of each kind counts, so that a busy moment of the machine weighs on none.

For tprm, the same app with its /graphql view swapped for less and less of it:

- **Starlette and tprm's middleware:** the route, the request id, the body's limits; a
  constant answer;
- **+ the token's transaction:** the session opened, the token's statement (which also
  scopes the transaction to the tenant), the commit; a constant answer;
- **+ strawberry, `{ __typename }`:** the whole view: GraphQL over HTTP, the extensions
  (limits, cost), execution;
- **the screen:** what the front end sends (benchmarks.house_scenarios).

And, behind the same middleware and constant answer, what the stack itself costs before
any of tprm's code: a connection checked out of SQLAlchemy's pool and back; BEGIN, the
token's statement and COMMIT through SQLAlchemy Core; the same three through asyncpg on a
connection of that pool (what the hand-written endpoint does, but for its pool).

    uv run python -m benchmarks.request_floor                               # the issue's scale
    uv run python -m benchmarks.request_floor --scenario "vendor documents"
"""

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import orjson
import uvloop
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth import AUTHENTICATE
from app.db import app_role_url
from app.limits import RequestBody
from app.main import create_app
from app.request_scope import request_scope
from app.settings import Settings
from benchmarks.house_pages import seeded_screens
from benchmarks.house_scenarios import Scenario
from benchmarks.vendors import seed_arguments
from domain.shared.session import TENANT_SETTING
from domain.tenancy import tokens

TYPENAME = orjson.dumps({"query": "{ __typename }"})
CONSTANT = b'{"data":{"__typename":"Query"}}'
DEFAULT_SCREENS = ("app shell (Viewer)", "vendor documents")


async def request(app: ASGIApp, body: bytes, token: str) -> tuple[int, bytes]:
    """One POST /graphql as uvicorn hands it to the app: its status and body."""
    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"bench"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
        "state": {},
    }
    delivered = False

    async def receive() -> Message:
        nonlocal delivered
        if delivered:  # nothing more comes: the app does not ask
            await asyncio.Event().wait()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    answer: dict[str, Any] = {"body": b""}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return answer["status"], answer["body"]


def graphql_route(app: Any) -> RequestBody:
    """The body-reading wrapper of tprm's /graphql route, whose `app` is the view."""
    route = next(route for route in app.routes if getattr(route, "path", None) == "/graphql")
    wrapper = route.endpoint
    assert isinstance(wrapper, RequestBody)
    return wrapper


async def nothing() -> None:
    pass


def answering_after(work: Callable[[], Awaitable[None]]) -> ASGIApp:
    """A view that does `work`, then answers the constant."""

    async def view(scope: Scope, receive: Receive, send: Send) -> None:
        await work()
        await Response(CONSTANT, media_type="application/json")(scope, receive, send)

    return view


def stack_floors(engine: AsyncEngine, token: str) -> dict[str, ASGIApp]:
    """What SQLAlchemy and asyncpg cost a request before any of tprm's code: each with the
    token's statement as tprm sends it (app/auth.py), in a transaction of its own."""
    parameters = {"hash": tokens.digest(token), "setting": TENANT_SETTING}
    # asyncpg's numbered parameters for AUTHENTICATE's named ones
    positional = AUTHENTICATE.text.replace(":setting", "$1").replace(":hash", "$2")

    async def checkout() -> None:
        async with engine.connect() as connection:
            await connection.get_raw_connection()

    async def core() -> None:
        async with engine.begin() as connection:
            assert (await connection.execute(AUTHENTICATE, parameters)).first()

    async def driver() -> None:
        async with engine.connect() as connection:
            asyncpg = (await connection.get_raw_connection()).driver_connection
            assert asyncpg is not None
            async with asyncpg.transaction():
                assert await asyncpg.fetchrow(positional, parameters["setting"], parameters["hash"])

    return {
        "SQLAlchemy: a pooled connection out and back": answering_after(checkout),
        "SQLAlchemy Core: BEGIN, the token's statement, COMMIT": answering_after(core),
        "asyncpg on that pool's connection: the same three": answering_after(driver),
    }


def token_view(app: Any) -> ASGIApp:
    """The request's transaction as the view opens it (app/request_scope.py), and nothing in
    it: a constant answer once the token is checked."""
    database = app.state.database

    async def view(scope: Scope, receive: Receive, send: Send) -> None:
        http = Request(scope, receive)
        await http.body()
        async with request_scope(database, http) as opened:
            assert not isinstance(opened, Response), "the token was refused"
        await Response(CONSTANT, media_type="application/json")(scope, receive, send)

    return view


Measured = Callable[[], Awaitable[tuple[int, bytes]]]


async def best_cpu(kinds: dict[str, Measured], rounds: int, per_round: int) -> dict[str, float]:
    """This process's CPU ms a request of each kind: the best of `rounds` interleaved rounds
    of `per_round` requests, after a warm-up round of each (caches, the pools, prepared
    statements). Every answer must be a 200 without errors."""
    best = dict.fromkeys(kinds, float("inf"))
    for round_ in range(rounds + 1):
        for name, make in kinds.items():
            started = time.process_time()
            for _ in range(per_round):
                status, body = await make()
                assert status == 200 and b'"errors"' not in body, (name, status, body[:300])
            spent = (time.process_time() - started) * 1000 / per_round
            if round_:
                best[name] = min(best[name], spent)
    return best


async def measure(url: str, token: str, screens: list[Scenario], args: Any) -> None:
    settings = Settings(demo=False)
    # The hand-written endpoint reads its database from the environment, as when served.
    os.environ["DATABASE_URL"] = app_role_url(url, settings.db_app_role, settings.app_database_url)
    from benchmarks.house_baseline import app as hand_written

    tprm = create_app(settings, database_url=url)
    route = graphql_route(tprm)
    view = route.app
    layers = {
        "Starlette and tprm's middleware": answering_after(nothing),
        "+ the token's transaction": token_view(tprm),
        "+ strawberry: `{ __typename }`": view,
    }

    def asking(app: ASGIApp, body: bytes, layer: ASGIApp | None = None) -> Measured:
        """A request of `body` to `app`, tprm's /graphql view swapped for `layer` if given."""

        async def make() -> tuple[int, bytes]:
            route.app = view if layer is None else layer
            return await request(app, body, token)

        return make

    floors = stack_floors(tprm.state.database.engine, token)
    kinds = {f"stack: {name}": asking(tprm, TYPENAME, floor) for name, floor in floors.items()}
    for name, layer in layers.items():
        kinds[f"tprm: {name}"] = asking(tprm, TYPENAME, layer)
    for screen in screens:
        kinds[f"tprm: {screen.name}"] = asking(tprm, screen.body())
        kinds[f"hand-written: {screen.name}"] = asking(hand_written, screen.body())
    async with (
        tprm.router.lifespan_context(tprm),
        hand_written.router.lifespan_context(hand_written),
    ):
        best = await best_cpu(kinds, args.rounds, args.requests)
    print(
        f"\nCPU of this process a request, in ms (best of {args.rounds} interleaved rounds of "
        f"{args.requests} requests each; ASGI in process on uvloop, PostgreSQL's CPU not "
        f"counted):\n"
    )
    print("| request | CPU ms |\n|---|---|")
    for name, spent in best.items():
        print(f"| {name} | {spent:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed_arguments(parser)
    parser.add_argument("--scale", type=float, default=1.0, help="of the issue's house")
    parser.add_argument(
        "--scenario",
        action="append",
        help="a screen of benchmarks.house_scenarios (again for more)",
    )
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=100, help="a round, of each kind")
    args = parser.parse_args()

    url, token, screens = seeded_screens(args, args.scenario or DEFAULT_SCREENS)
    uvloop.run(measure(url, token, screens, args))


if __name__ == "__main__":
    main()
