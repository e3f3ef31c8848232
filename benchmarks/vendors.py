"""Vendor list speed at scale: 100,000 vendors in one tenant (and others beside it).

Seeds (once) a tenant with 100k vendors, contacts and fourth parties, plus two other
tenants with 20k vendors each; starts `tprm serve` on it; then measures over HTTP the
vendor list page a front end asks for (50 vendors with owner, tier, status, contact and
fourth-party counts) with a filter and a search term: p50 and p95 latency, throughput,
and SQL statements per request (counted in-process on the same query).

    uv run python -m benchmarks.vendors            # embedded PostgreSQL under .tprm/bench
    DATABASE_URL=postgresql://... uv run python -m benchmarks.vendors
"""

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event
from sqlalchemy.engine import make_url

from app import migrate
from app.db import Database, app_role_url, create_engine
from app.embedded import start_embedded, to_asyncpg_url
from app.main import create_app
from app.settings import Settings
from domain.shared.roles import Role
from domain.tenancy import service

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "tprm_bench"

LIST_PAGE = """query($filter: VendorFilter, $first: Int) {
  vendors(filter: $filter, first: $first) {
    totalCount
    edges { node { id name status tier contactsCount fourthPartiesCount
                   businessOwner { role user { email } } } } } }"""
SCENARIOS: dict[str, dict[str, Any]] = {
    "status + search": {"status": ["ACTIVE"], "search": "cloud"},
    "status + tier": {"status": ["ACTIVE"], "tier": ["HIGH", "CRITICAL"]},
    "search, two words": {"search": "north data"},
}

SEED_SQL = """
WITH words AS (
  SELECT ARRAY['Acme','Globex','Initech','Umbrella','Hooli','Stark','Wayne','Wonka','Tyrell',
               'Cyberdyne','Soylent','Vandelay','Northwind','Contoso','Fabrikam','Oscorp',
               'Aperture','Gringotts','Monarch','Dunder'] AS a,
         ARRAY['Cloud','Data','Pay','Labs','Systems','Analytics','Security','Networks','Health',
               'Logistics','Media','Software','Hosting','Identity','Payroll','Print','Legal',
               'Mail','Chat','Storage'] AS b
)
INSERT INTO vendors (tenant_id, id, name, domain, category, status, computed_tier, tier,
                     tier_rank, tier_score, currency, tags, data_access, tier_reasons,
                     business_owner_id, created_at, updated_at)
SELECT $1, gen_random_uuid(),
       w.a[1 + (i % 20)] || ' ' || w.b[1 + ((i / 20) % 20)] || ' ' || i,
       lower(w.a[1 + (i % 20)] || w.b[1 + ((i / 20) % 20)]) || i || '.example',
       (ARRAY['CLOUD_INFRASTRUCTURE','ANALYTICS','HR','SECURITY','OTHER'])
         [1 + abs(hashtext(i || 'category')) % 5],
       (ARRAY['ACTIVE','ACTIVE','ACTIVE','PROSPECT','ONBOARDING','OFFBOARDING','TERMINATED'])
         [1 + abs(hashtext(i || 'status')) % 7],
       t.tier, t.tier, t.rank, t.rank * 20, 'USD', ARRAY['seed'], '{}'::jsonb, '[]'::jsonb,
       CASE WHEN abs(hashtext(i || 'owner')) % 4 = 0 THEN $3::uuid END,
       now() - (i || ' minutes')::interval, now() - (i || ' seconds')::interval
FROM generate_series(1, $2) AS i, words w,
     LATERAL (SELECT abs(hashtext(i || 'tier')) % 4 AS n) h,
     LATERAL (SELECT (ARRAY['LOW','MEDIUM','HIGH','CRITICAL'])[1 + h.n] AS tier, 1 + h.n AS rank) t
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def seed(url: str, vendors: int, others: int) -> str:
    """Create the tenants and their vendors unless already there; return the ADMIN token."""
    plain = make_url(url).set(drivername="postgresql").render_as_string(False)
    app_url = app_role_url(url, Settings().db_app_role, None)
    database = Database(create_engine(app_url, pool_size=2))
    try:
        connection = await asyncpg.connect(plain)
        try:
            existing = await connection.fetchval(
                "SELECT id FROM tenants WHERE name = 'Bench Co' LIMIT 1"
            )
            count = 0
            if existing:
                count = await connection.fetchval(
                    "SELECT count(*) FROM vendors WHERE tenant_id = $1", existing
                )
            if existing and count == vendors:
                # Fresh statistics and visibility map, as autovacuum would leave them.
                await connection.execute("VACUUM ANALYZE")
                async with database.transaction(existing) as session:
                    issued = await service.grant_token(
                        session, existing, "bench@bench.example", Role.ADMIN, "bench"
                    )
                return issued.secret
            await connection.execute("TRUNCATE tenants, users CASCADE")
        finally:
            await connection.close()
        tokens = []
        for name, size in (("Bench Co", vendors), ("Other A", others), ("Other B", others)):
            async with database.transaction(None) as session:
                created = await service.create_tenant(
                    session,
                    name,
                    "bench@bench.example"
                    if name == "Bench Co"
                    else f"admin@{name.split()[1].lower()}.example",
                )
            tokens.append((created, size))
        connection = await asyncpg.connect(plain)
        try:
            for created, size in tokens:
                started = time.perf_counter()
                await connection.execute(SEED_SQL, created.tenant.id, size, created.admin.id)
                await connection.execute(
                    "INSERT INTO vendor_contacts (tenant_id, id, vendor_id, name, email, role) "
                    "SELECT tenant_id, gen_random_uuid(), id, 'Contact', 'c@v.example', 'PRIMARY' "
                    "FROM vendors WHERE tenant_id = $1 AND abs(hashtext(id::text)) % 3 = 0",
                    created.tenant.id,
                )
                await connection.execute(
                    "INSERT INTO vendor_fourth_parties (tenant_id, id, vendor_id, name) "
                    "SELECT tenant_id, gen_random_uuid(), id, 'AWS' "
                    "FROM vendors WHERE tenant_id = $1 AND abs(hashtext(id::text)) % 5 = 0",
                    created.tenant.id,
                )
                print(
                    f"seeded {created.tenant.name}: {size} vendors in "
                    f"{time.perf_counter() - started:.1f}s",
                    file=sys.stderr,
                )
            # As on a reuse: measured with fresh statistics, not while autovacuum catches up.
            await connection.execute("VACUUM ANALYZE")
        finally:
            await connection.close()
        return tokens[0][0].admin_token.secret
    finally:
        await database.dispose()


async def statements_per_request(url: str, token: str) -> dict[str, int]:
    app = create_app(Settings(demo=False), database_url=url)
    engine = app.state.database.engine.sync_engine
    counts: dict[str, int] = {}
    counter = {"n": 0}

    def count(*_: object) -> None:
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench"
    ) as client:
        for name, criteria in SCENARIOS.items():
            for size in (10, 50):
                counter["n"] = 0
                await client.post(
                    "/graphql",
                    json={"query": LIST_PAGE, "variables": {"filter": criteria, "first": size}},
                    headers={"Authorization": f"Bearer {token}"},
                )
                counts[f"{name} (first {size})"] = counter["n"]
    await app.state.database.dispose()
    return counts


async def measure(base: str, token: str, requests: int, concurrency: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    payloads = {
        name: {"query": LIST_PAGE, "variables": {"filter": criteria, "first": 50}}
        for name, criteria in SCENARIOS.items()
    }
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        for payload in payloads.values():
            for _ in range(10):  # warm-up
                await client.post("/graphql", json=payload)
        # Round-robin over the scenarios, so a noisy moment on this shared machine
        # falls on all of them alike rather than on whichever ran then.
        latencies: dict[str, list[float]] = {name: [] for name in payloads}
        totals: dict[str, int] = {}
        for _ in range(requests):
            for name, payload in payloads.items():
                started = time.perf_counter()
                response = await client.post("/graphql", json=payload)
                latencies[name].append((time.perf_counter() - started) * 1000)
                body = response.json()
                assert "errors" not in body, body
                totals[name] = body["data"]["vendors"]["totalCount"]

        async def worker(deadline: float, payload: dict) -> int:
            done = 0
            while time.perf_counter() < deadline:
                await client.post("/graphql", json=payload)
                done += 1
            return done

        for name, payload in payloads.items():
            seconds = 5.0
            deadline = time.perf_counter() + seconds
            done = sum(
                await asyncio.gather(*(worker(deadline, payload) for _ in range(concurrency)))
            )
            ordered = sorted(latencies[name])
            p50 = statistics.median(ordered)
            p95 = ordered[int(len(ordered) * 0.95) - 1]
            print(f"| {name} | {totals[name]} | {p50:.1f} | {p95:.1f} | {done / seconds:.0f} |")


def seed_arguments(parser: argparse.ArgumentParser) -> None:
    """The seed's size, as every benchmark on this data takes it (for `prepare`)."""
    parser.add_argument("--vendors", type=int, default=100_000, help="in the measured tenant")
    parser.add_argument("--others", type=int, default=20_000, help="in each of two others")


def prepare(vendors: int, others: int) -> tuple[str, str]:
    """The owner URL of the benchmark database (DATABASE_URL's server, else the embedded one
    under .tprm/bench), migrated and seeded; and the ADMIN token of the large tenant."""
    given = os.environ.get("DATABASE_URL")
    if given:
        url = make_url(to_asyncpg_url(given)).set(database=DATABASE).render_as_string(False)
    else:
        url = start_embedded(ROOT / ".tprm" / "bench", DATABASE)
    migrate.upgrade(url)
    return url, asyncio.run(seed(url, vendors, others))


def wait_until_up(base: str) -> None:
    """Wait (up to about 20 s) until the server at `base` answers /healthz."""
    for _ in range(100):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no server came up at {base}")


@contextmanager
def served(module: str, arguments: list[str], env: dict[str, str]) -> Iterator[str]:
    """`python -m module ... --port N` run until the block ends, once it answers /healthz:
    its base URL."""
    port = _free_port()
    with subprocess.Popen(
        [sys.executable, "-m", module, *arguments, "--port", str(port)],
        env={**os.environ, **env},
        cwd=ROOT,
    ) as server:
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base)
            yield base
        finally:
            server.terminate()
            server.wait(timeout=15)


def tprm_server(url: str) -> AbstractContextManager[str]:
    """`tprm serve --no-worker` on the database of `url`, one uvicorn worker: its base URL."""
    env = {
        "DATABASE_URL": url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_LOG_LEVEL": "warning",
    }
    return served("app.cli", ["serve", "--no-worker"], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed_arguments(parser)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()

    url, token = prepare(args.vendors, args.others)
    counts = asyncio.run(statements_per_request(url, token))
    with tprm_server(url) as base:
        print(
            f"\n{args.vendors} vendors in the tenant, {2 * args.others} in two others; "
            f"first 50; {args.requests} sequential requests per scenario, interleaved; "
            f"throughput with "
            f"{args.concurrency} concurrent clients for 5 s; one uvicorn worker.\n"
        )
        print("| scenario | matches | p50 ms | p95 ms | req/s |")
        print("|---|---|---|---|---|")
        asyncio.run(measure(base, token, args.requests, args.concurrency))
    print("\nSQL statements per request (the same at 10 and 50 rows):")
    for name, count in counts.items():
        print(f"- {name}: {count}")


if __name__ == "__main__":
    main()
