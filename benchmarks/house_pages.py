"""Every screen of the house side by side: tprm against the least a server can do (issue 18).

Seeds (once) the data of benchmarks.vendors (a 100,000-vendor tenant and two others) and
of benchmarks.house_seed (500,000 findings, 20,000 SOC reports with their items, reviews,
questionnaires, risks in that tenant; a tenth of each in the others), then starts two
servers of one uvicorn worker each on it: `tprm serve --no-worker`, and the hand-written
Starlette + asyncpg + orjson yardstick of benchmarks.house_baseline. It checks that both
return the same `data` for every screen of benchmarks.house_scenarios (the first
difference ends the run), then measures the two interleaved as benchmarks.list_pages
does: sequential latency (p50, p95), round-robin over screens and servers, then
throughput with concurrent clients, the servers taking turns. Also prints tprm's SQL
statements per request of each screen (counted in process on the same requests).

    uv run python -m benchmarks.house_pages                              # the issue's scale
    uv run python -m benchmarks.house_pages --vendors 20000 --scale 0.2  # a quick run
    uv run python -m benchmarks.house_pages --profile --scenario "vendor page"

`--profile` measures nothing over HTTP: it runs the tprm app in process under cProfile for
one screen and prints where the time goes (benchmarks.list_pages' buckets).
"""

import argparse
import asyncio
import statistics
import sys
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import event

from app.db import app_role_url
from app.main import create_app
from app.settings import Settings
from benchmarks.house_baseline import ANSWERS
from benchmarks.house_scenarios import Scenario, scenarios
from benchmarks.house_seed import LARGE, seed_house
from benchmarks.list_pages import latencies, p, profile, throughput
from benchmarks.vendors import prepare, seed_arguments, served, tprm_server

SERVERS = ("tprm", "hand-written")


def first_difference(ours: Any, theirs: Any, path: str = "data") -> str | None:
    """Where two JSON values first differ (dicts compared by key, lists in order), or None."""
    if type(ours) is not type(theirs):
        return f"{path}: {ours!r:.300} / {theirs!r:.300}"
    if isinstance(ours, dict):
        for key in sorted(set(ours) | set(theirs)):
            if key not in ours or key not in theirs:
                return f"{path}.{key}: only in {'tprm' if key in ours else 'hand-written'}"
            found = first_difference(ours[key], theirs[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list):
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items / {len(theirs)}"
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            found = first_difference(a, b, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if ours == theirs else f"{path}: {ours!r:.300} / {theirs!r:.300}"


# What differs between any two askings by design: a document link is issued anew (signed,
# for a few minutes from now) each time it is asked for.
def _without_fresh_links(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: "(a fresh link)" if key == "link" and value else _without_fresh_links(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_without_fresh_links(item) for item in data]
    return data


def check_same(bases: dict[str, str], token: str, screens: list[Scenario]) -> None:
    """Both servers' `data` for each screen, compared; the run ends at the first difference."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for screen in screens:
        data = {}
        for server, base in bases.items():
            response = httpx.post(
                f"{base}/graphql", content=screen.body(), headers=headers, timeout=120
            )
            body = response.json()
            if response.status_code != 200 or body.get("errors") or "data" not in body:
                raise SystemExit(f"{screen.name}: {server} answered {response.status_code}: {body}")
            data[server] = _without_fresh_links(body["data"])
        difference = first_difference(data["tprm"], data["hand-written"])
        if difference:
            raise SystemExit(f"{screen.name}: the two servers answer differently at {difference}")


async def statements_per_request(url: str, token: str, screens: list[Scenario]) -> dict[str, int]:
    """tprm's SQL statements for one request of each screen (in process, warm)."""
    app = create_app(Settings(demo=False), database_url=url)
    engine = app.state.database.engine.sync_engine
    counter = {"n": 0}

    def count(*_: object) -> None:
        counter["n"] += 1

    counts = {}
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    event.listen(engine, "before_cursor_execute", count)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120
    ) as client:
        for screen in screens:
            await client.post("/graphql", content=screen.body(), headers=headers)
            counter["n"] = 0
            await client.post("/graphql", content=screen.body(), headers=headers)
            counts[screen.name] = counter["n"]
    await app.state.database.dispose()
    return counts


def house_baseline(url: str) -> Any:
    """benchmarks.house_baseline on the app role's URL for `url`: its base URL."""
    settings = Settings()
    env = {"DATABASE_URL": app_role_url(url, settings.db_app_role, settings.app_database_url)}
    return served("benchmarks.house_baseline", [], env)


def compare(url: str, token: str, screens: list[Scenario], args: argparse.Namespace) -> None:
    counts = asyncio.run(statements_per_request(url, token, screens))
    bodies = {screen.name: screen.body() for screen in screens}
    with tprm_server(url) as tprm, house_baseline(url) as hand:
        bases = {"tprm": tprm, "hand-written": hand}
        check_same(bases, token, screens)
        print("both servers return the same data for every screen", file=sys.stderr)
        times = asyncio.run(latencies(bases, token, args.requests, bodies))
        rates = asyncio.run(throughput(bases, token, args.seconds, args.concurrency, bodies))
    print(
        f"\n{args.vendors} vendors in the tenant, {2 * args.others} in two others; the house "
        f"at {args.scale:g} of the issue's scale ({int(LARGE.findings * args.scale)} findings, "
        f"{int(LARGE.reports * args.scale)} SOC reports); one uvicorn worker each; "
        f"{args.requests} sequential requests per screen and server, interleaved; throughput "
        f"with {args.concurrency} concurrent clients for {args.seconds:g} s per screen and "
        f"server, in turns.\n"
    )
    print(
        "| screen | tprm req/s | hand-written req/s | ratio | tprm p50 ms | hand-written p50 ms "
        "| tprm p95 ms | hand-written p95 ms | tprm statements |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for screen in screens:
        ours, theirs = rates[screen.name, "tprm"], rates[screen.name, "hand-written"]
        ordered = {server: sorted(times[screen.name, server]) for server in SERVERS}
        print(
            f"| {screen.name} | {ours:.0f} | {theirs:.0f} | {ours / theirs:.2f} "
            f"| {statistics.median(ordered['tprm']):.1f} "
            f"| {statistics.median(ordered['hand-written']):.1f} "
            f"| {p(ordered['tprm'], 0.95):.1f} | {p(ordered['hand-written'], 0.95):.1f} "
            f"| {counts[screen.name]} |"
        )
    print("\nThe hand-written server sends 2 statements a request: the token and the screen.")


def seeded_screens(
    args: argparse.Namespace, names: Sequence[str] | None
) -> tuple[str, str, list[Scenario]]:
    """The benchmark's database (seeded once: `args.vendors`, `args.others`, `args.scale`),
    a token of its large tenant, and the screens named (every screen when None), in
    benchmarks.house_scenarios' order."""
    url, token = prepare(args.vendors, args.others)
    owner_url = url.replace("+asyncpg", "")
    asyncio.run(seed_house(owner_url, LARGE.scaled(args.scale)))
    screens = asyncio.run(scenarios(owner_url))
    if names is not None:
        unknown = set(names) - {s.name for s in screens}
        if unknown:
            raise SystemExit(f"no such screen: {', '.join(sorted(unknown))}")
        screens = [s for s in screens if s.name in names]
    return url, token, screens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed_arguments(parser)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="of the issue's house (500,000 findings ...)"
    )
    parser.add_argument(
        "--requests", type=int, default=100, help="sequential requests per screen and server"
    )
    parser.add_argument(
        "--seconds", type=float, default=4.0, help="of throughput per screen and server"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="clients for throughput")
    parser.add_argument(
        "--scenario", action="append", help="only this screen (again for more); all by default"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile tprm in process instead of comparing"
    )
    parser.add_argument("--profile-requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=40, help="profile lines to print")
    args = parser.parse_args()

    url, token, screens = seeded_screens(args, args.scenario)
    if args.profile:
        for screen in screens:
            asyncio.run(
                profile(url, token, screen.name, screen.body(), args.profile_requests, args.top)
            )
    else:
        unanswered = [s.name for s in screens if s.operation not in ANSWERS]
        if unanswered:
            print(f"not yet answered by the hand-written server: {', '.join(unanswered)}")
        compare(url, token, [s for s in screens if s.operation in ANSWERS], args)


if __name__ == "__main__":
    main()
