"""The vendor list page side by side: tprm against the least a server can do (issue 18).

Seeds the data of benchmarks.vendors (a 100,000-vendor tenant and two others), then starts
two servers of one uvicorn worker each on it: `tprm serve --no-worker`, and the hand-written
Starlette + asyncpg + orjson endpoint of benchmarks.baseline_server (the same token check,
app role, row-level security, search and ranking; one statement for the page). It checks
once that both return the same `data` for each scenario, then measures the two interleaved:
sequential latency (p50, p95), round-robin over scenarios and servers, then throughput with
concurrent clients, the two servers taking turns. Also prints tprm's SQL statements per
request.

    uv run python -m benchmarks.list_pages                    # 100,000 vendors
    uv run python -m benchmarks.list_pages --vendors 20000    # a quick run
    uv run python -m benchmarks.list_pages --profile          # where tprm's time goes

`--profile` measures nothing over HTTP: it runs the tprm app in process (ASGI, no server)
under cProfile for `--profile-requests` requests of one scenario and prints the heaviest calls.

The load comes from a minimal HTTP/1.1 keep-alive client (one connection per client, the
request's bytes prepared once), so that on a small machine the client's own work takes as
little as it can of the cores the servers need.
"""

import argparse
import asyncio
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from sqlalchemy import event

from app.db import app_role_url
from app.main import create_app
from app.settings import Settings
from benchmarks import baseline_server
from benchmarks.vendors import (
    LIST_PAGE,
    SCENARIOS,
    prepare,
    seed_arguments,
    served,
    statements_per_request,
    tprm_server,
)
from domain.vendors.queries import search_terms

PAGE_SIZE = 50
SERVERS = ("tprm", "hand-written")


def baseline(url: str) -> AbstractContextManager[str]:
    """benchmarks.baseline_server on the app role's URL for `url`: its base URL."""
    settings = Settings()
    env = {"DATABASE_URL": app_role_url(url, settings.db_app_role, settings.app_database_url)}
    return served("benchmarks.baseline_server", [], env)


def payload(criteria: Any) -> bytes:
    return orjson.dumps({"query": LIST_PAGE, "variables": {"filter": criteria, "first": PAGE_SIZE}})


class Client:
    """One keep-alive HTTP/1.1 connection that POSTs prepared bodies to /graphql."""

    def __init__(self, base: str, token: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.head = (
            f"POST /graphql HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        ).encode()
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, body: bytes) -> bytes:
        reused = self.reader is not None
        if self.reader is None or self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(self.head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionResetError):
            if not reused:
                raise
            # The server closed the connection while it was idle (uvicorn keeps one alive
            # for 5 s), before reading this request: send it again on a new one.
            self.reader = self.writer = None
            return await self.post(body)
        status = int(head.split(b" ", 2)[1])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("a response without Content-Length")
        answer = await self.reader.readexactly(length)
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {answer[:300]!r}")
        return answer

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


def check_same(bases: dict[str, str], token: str) -> dict[str, int]:
    """Both servers' `data` for each scenario, compared (dicts: key order aside); the
    totals. Also that the hand-written tsquery is the one tprm builds."""
    totals = {}
    for name, criteria in SCENARIOS.items():
        search = criteria.get("search")
        if search:
            assert search_terms(search) == baseline_server.tsquery_text(search)
        data = {}
        for server, base in bases.items():
            response = httpx.post(
                f"{base}/graphql",
                content=payload(criteria),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                timeout=60,
            )
            body = response.json()
            assert response.status_code == 200 and "errors" not in body, (server, body)
            data[server] = body["data"]
        tprm, hand = data["tprm"], data["hand-written"]
        if tprm != hand:
            for i, (a, b) in enumerate(
                zip(tprm["vendors"]["edges"], hand["vendors"]["edges"], strict=False)
            ):
                if a != b:
                    print(f"{name}: first difference at edge {i}:\n  {a}\n  {b}", file=sys.stderr)
                    break
            raise SystemExit(f"{name}: the two servers answer differently")
        assert len(tprm["vendors"]["edges"]) == min(PAGE_SIZE, tprm["vendors"]["totalCount"])
        totals[name] = tprm["vendors"]["totalCount"]
    return totals


async def latencies(
    bases: dict[str, str], token: str, requests: int, bodies: dict[str, bytes] | None = None
) -> dict[tuple[str, str], list[float]]:
    """Sequential requests, round-robin over scenarios and servers (which server goes first
    alternates), after a warm-up: milliseconds per (scenario, server). `bodies`: each
    scenario's request body (the vendor list's scenarios when None)."""
    clients = {server: Client(base, token) for server, base in bases.items()}
    if bodies is None:
        bodies = {name: payload(criteria) for name, criteria in SCENARIOS.items()}
    for body in bodies.values():
        for client in clients.values():
            for _ in range(10):
                await client.post(body)
    times: dict[tuple[str, str], list[float]] = {
        (name, server): [] for name in bodies for server in bases
    }
    for i in range(requests):
        for name, body in bodies.items():
            for server in SERVERS if i % 2 == 0 else SERVERS[::-1]:
                started = time.perf_counter()
                await clients[server].post(body)
                times[name, server].append((time.perf_counter() - started) * 1000)
    for client in clients.values():
        await client.close()
    return times


async def throughput(
    bases: dict[str, str],
    token: str,
    seconds: float,
    concurrency: int,
    bodies: dict[str, bytes] | None = None,
) -> dict[tuple[str, str], float]:
    """Requests per second with `concurrency` clients, each scenario on each server in turn
    (in two halves, in opposite orders, so a slow moment falls on both alike). `bodies` as
    for `latencies`."""
    done: dict[tuple[str, str], int] = {}
    if bodies is None:
        bodies = {name: payload(criteria) for name, criteria in SCENARIOS.items()}

    async def run(base: str, body: bytes, deadline: float) -> int:
        client = Client(base, token)
        count = 0
        try:
            while time.perf_counter() < deadline:
                await client.post(body)
                count += 1
        finally:
            await client.close()
        return count

    for half in range(2):
        for name, body in bodies.items():
            for server in SERVERS if half == 0 else SERVERS[::-1]:
                deadline = time.perf_counter() + seconds / 2
                counts = await asyncio.gather(
                    *(run(bases[server], body, deadline) for _ in range(concurrency))
                )
                done[name, server] = done.get((name, server), 0) + sum(counts)
    return {key: count / seconds for key, count in done.items()}


def p(ordered: list[float], fraction: float) -> float:
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def compare(url: str, token: str, args: argparse.Namespace) -> None:
    counts = asyncio.run(statements_per_request(url, token))
    with tprm_server(url) as tprm, baseline(url) as hand:
        bases = {"tprm": tprm, "hand-written": hand}
        totals = check_same(bases, token)
        print("both servers return the same data for every scenario", file=sys.stderr)
        times = asyncio.run(latencies(bases, token, args.requests))
        rates = asyncio.run(throughput(bases, token, args.seconds, args.concurrency))
    print(
        f"\n{args.vendors} vendors in the tenant, {2 * args.others} in two others; first "
        f"{PAGE_SIZE}; one uvicorn worker each; {args.requests} sequential requests per "
        f"scenario and server, interleaved; throughput with {args.concurrency} concurrent "
        f"clients for {args.seconds:g} s per scenario and server, in turns.\n"
    )
    print(
        "| scenario | matches | tprm req/s | hand-written req/s | ratio | tprm p50 ms "
        "| hand-written p50 ms | tprm p95 ms | hand-written p95 ms |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name in SCENARIOS:
        ours, theirs = rates[name, "tprm"], rates[name, "hand-written"]
        ordered = {server: sorted(times[name, server]) for server in SERVERS}
        print(
            f"| {name} | {totals[name]} | {ours:.0f} | {theirs:.0f} | {ours / theirs:.2f} "
            f"| {statistics.median(ordered['tprm']):.1f} "
            f"| {statistics.median(ordered['hand-written']):.1f} "
            f"| {p(ordered['tprm'], 0.95):.1f} | {p(ordered['hand-written'], 0.95):.1f} |"
        )
    print(
        "\ntprm's SQL statements per request (the hand-written server: 2, the token and the page):"
    )
    for name, count in counts.items():
        print(f"- {name}: {count}")


# Where a profile's own time goes, by the file it is spent in (the first prefix that
# matches; C builtins count for the code that called them).
BUCKETS = (
    ("graphql-core: parse and validate", ("graphql/language/", "graphql/validation/")),
    ("graphql-core: execution", ("graphql/",)),
    (
        "extensions: strawberry's and ours (limits, cost, text, errors)",
        (
            "strawberry/extensions/",
            "app/api/cost.py",
            "app/api/input_text.py",
            "app/api/schema.py",
            "app/api/errors.py",
        ),
    ),
    ("strawberry: fields, types, dataloaders, view", ("strawberry/",)),
    ("SQLAlchemy ORM and SQLModel (rows to objects)", ("sqlalchemy/orm/", "sqlmodel/")),
    ("SQLAlchemy core (statements, compile, cache, results)", ("sqlalchemy/", "greenlet")),
    ("asyncpg", ("asyncpg/",)),
    ("json (stdlib)", ("json/",)),
    ("the in-process client (httpx)", ("httpx/", "httpcore/", "h11/", "benchmarks/")),
    ("Starlette and our middleware", ("starlette/", "app/main.py", "app/limits.py")),
    ("asyncio", ("asyncio/", "selectors.py", "contextvars")),
    ("our code: resolvers, view, loaders, domain", ("/app/", "/domain/")),
)


WAITING = "waiting in epoll (for PostgreSQL's replies, mostly)"


def _bucket(filename: str) -> str:
    for name, prefixes in BUCKETS:
        if any(prefix in filename for prefix in prefixes):
            return name
    return "other"


def by_bucket(stats: pstats.Stats) -> dict[str, float]:
    """Own time (seconds, wall clock) per bucket; a builtin's time goes to its callers'
    buckets, except the event loop's wait for sockets, which is a bucket of its own."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    totals: dict[str, float] = {}
    for (filename, _, function), (_, _, own, _, callers) in table.items():
        if filename == "~" and "epoll" in function:  # the loop idle: waiting for replies
            totals[WAITING] = totals.get(WAITING, 0.0) + own
        elif filename == "~" and callers:
            for (caller_file, _, _), (_, _, share, _) in callers.items():
                bucket = _bucket(caller_file)
                totals[bucket] = totals.get(bucket, 0.0) + share
        else:
            bucket = _bucket(filename)
            totals[bucket] = totals.get(bucket, 0.0) + own
    return totals


def calls_of(stats: pstats.Stats, path: str, function: str) -> int:
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    return sum(
        entry[1]
        for (filename, _, name), entry in table.items()
        if filename.endswith(path) and name == function
    )


@contextmanager
def timed_sql(app: Any) -> Iterator[list[float]]:
    """Seconds spent in SQL statements (before to after cursor execute) while inside."""
    engine = app.state.database.engine.sync_engine
    spent = [0.0]
    started: dict[int, float] = {}

    def before(_conn: Any, cursor: Any, *_: Any) -> None:
        started[id(cursor)] = time.perf_counter()

    def after(_conn: Any, cursor: Any, *_: Any) -> None:
        spent[0] += time.perf_counter() - started.pop(id(cursor))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield spent
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


@contextmanager
def timed_gc() -> Iterator[list[float]]:
    """Seconds spent in the garbage collector while inside."""
    spent = [0.0]
    started = [0.0]

    def callback(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    try:
        yield spent
    finally:
        gc.callbacks.remove(callback)


@asynccontextmanager
async def in_process(url: str) -> AsyncIterator[tuple[Any, httpx.AsyncClient]]:
    """The tprm app on `url` in this process (ASGI, no HTTP server), started and stopped as
    `tprm serve` starts and stops it (its lifespan: the collector's freeze, the pool's
    disposal), and a client of it."""
    app = create_app(Settings(demo=False), database_url=url)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120
        ) as client,
    ):
        yield app, client


async def profile(url: str, token: str, name: str, body: bytes, requests: int, top: int) -> None:
    """tprm in process (ASGI, no HTTP server) under cProfile for one request body (`name`:
    what it asks for): the heaviest calls, own time by bucket, and field executions per
    request. The in-process client's own time is in the profile too (its bucket says how
    much). benchmarks.house_pages profiles its screens with it too."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    async with in_process(url) as (app, client):
        for _ in range(20):  # warm-up: caches, the pool, prepared statements
            await client.post("/graphql", content=body, headers=headers)
        with timed_sql(app) as in_sql, timed_gc() as in_gc:
            started = time.perf_counter()
            for _ in range(requests):
                await client.post("/graphql", content=body, headers=headers)
            plain = (time.perf_counter() - started) / requests
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(requests):
            response = await client.post("/graphql", content=body, headers=headers)
        profiler.disable()
        profiled = (time.perf_counter() - started) / requests
        assert "errors" not in response.json()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(
        f"\n{name}: {requests} requests in process, {plain * 1000:.1f} ms each without "
        f"the profiler, of which {in_sql[0] / requests * 1000:.1f} ms in SQL statements "
        f"(from sending to the rows read, driver and database) and "
        f"{in_gc[0] / requests * 1000:.1f} ms in garbage collection; "
        f"{profiled * 1000:.1f} ms with the profiler. Under the profiler, time a greenlet "
        f"(SQLAlchemy's) spends switched out is counted in the frame it left: the SQLAlchemy "
        f"buckets below include some of the wait for the database.\n"
    )
    buckets = by_bucket(stats)
    whole = sum(buckets.values())
    print("| own time in | ms per request | share |\n|---|---|---|")
    for name, seconds in sorted(buckets.items(), key=lambda item: -item[1]):
        print(f"| {name} | {seconds / requests * 1000:.2f} | {seconds / whole:.0%} |")
    executed = calls_of(stats, "graphql/execution/executor.py", "execute_field")
    wrapped = calls_of(stats, "strawberry/schema/schema_converter.py", "extension_resolver")
    print(
        f"\nper request: {executed / requests:.0f} field executions (graphql-core), "
        f"{wrapped / requests:.0f} through strawberry's resolver wrapper"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed_arguments(parser)
    parser.add_argument(
        "--requests", type=int, default=100, help="sequential requests per scenario and server"
    )
    parser.add_argument(
        "--seconds", type=float, default=4.0, help="of throughput per scenario and server"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="clients for throughput")
    parser.add_argument(
        "--profile", action="store_true", help="profile tprm in process instead of comparing"
    )
    parser.add_argument("--profile-requests", type=int, default=200)
    parser.add_argument("--scenario", choices=list(SCENARIOS), default="status + tier")
    parser.add_argument("--top", type=int, default=60, help="profile lines to print")
    args = parser.parse_args()

    url, token = prepare(args.vendors, args.others)
    if args.profile:
        body = payload(SCENARIOS[args.scenario])
        asyncio.run(profile(url, token, args.scenario, body, args.profile_requests, args.top))
    else:
        compare(url, token, args)


if __name__ == "__main__":
    main()
