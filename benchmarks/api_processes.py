"""The vendor list page from 1 and 2 API processes (`tprm serve --workers N`) on one
PostgreSQL: throughput, latency under load, the API processes' resident memory, and where the
CPU went (the API processes, PostgreSQL, the load generator, anything else on the machine).

Seeds the data of benchmarks.vendors once (a 100,000-vendor tenant and two others), starts a
`tprm serve --no-worker --workers N` for each N, all at once on their own ports, and measures
them in turns (1, 2, 1, 2, ...) so that the machine's drift falls on each alike. In a turn,
`--concurrency` clients, each on a keep-alive connection of its own, ask for the page of 50
vendors (the three scenarios of benchmarks.vendors in turn) for `--seconds`. A server of
several processes gets its connections spread evenly over them (connections are opened until
each process holds its share; the kernel hands each new one to whichever process accepts it
first): what is measured is what the processes can serve, not how the kernel spreads a few
connections.

    uv run python -m benchmarks.api_processes
    uv run python -m benchmarks.api_processes --processes 1 2 4 --rounds 5 --concurrency 8

CPU per request is each part's CPU time over the turn (the kernel's accounting, /proc)
divided by the requests served: the API processes, every PostgreSQL process of the embedded
server (not measured against a DATABASE_URL), this load generator, and what else the machine
ran meanwhile. Memory: each API process's resident size once warm, and the most it was
resident (VmHWM) by the end.
"""

import argparse
import asyncio
import os
import resource
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import orjson

from benchmarks import proc
from benchmarks.list_pages import Client
from benchmarks.vendors import LIST_PAGE, ROOT, SCENARIOS, prepare, seed_arguments, served
from tests.processes import command_line, process_serving, processes_listening

PAGE_SIZE = 50
BODIES = [
    orjson.dumps({"query": LIST_PAGE, "variables": {"filter": criteria, "first": PAGE_SIZE}})
    for criteria in SCENARIOS.values()
]


@dataclass
class Server:
    """One `tprm serve` and its API processes (the serve process itself when N is 1)."""

    processes: int
    base: str
    pid: int
    api: list[int]


@dataclass
class Tally:
    """What the turns of one server added up to."""

    seconds: float = 0.0
    requests: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    cpu: dict[str, float] = field(default_factory=dict)

    def add_cpu(self, part: str, seconds: float) -> None:
        self.cpu[part] = self.cpu.get(part, 0.0) + seconds


def postmaster() -> int | None:
    """The embedded server's postmaster (benchmarks.vendors.prepare starts it), if ours."""
    if os.environ.get("DATABASE_URL"):
        return None
    pid_file = ROOT / ".tprm" / "bench" / "pg" / "postmaster.pid"
    return int(pid_file.read_text().split()[0])


def server_pid(port: int) -> int:
    """The `tprm serve` listening on `port`: the process holding the listening socket whose
    parent does not (a server of several processes hands the socket to its children)."""
    for pid in processes_listening(port):
        if "app.cli" in command_line(pid):
            return pid
    raise RuntimeError(f"no tprm serve listens on {port}")


@contextmanager
def tprm_serve(url: str, processes: int) -> Iterator[Server]:
    env = {
        "DATABASE_URL": url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_LOG_LEVEL": "warning",
    }
    arguments = ["serve", "--no-worker", "--workers", str(processes)]
    with served("app.cli", arguments, env) as base:
        port = int(base.rsplit(":", 1)[1])
        pid = server_pid(port)
        api = [pid] if processes == 1 else []
        for _ in range(600):  # a server of several processes answers once one is up
            api = [pid] if processes == 1 else proc.children(pid)
            api = [p for p in api if processes == 1 or "--multiprocessing-fork" in command_line(p)]
            if len(api) == processes:
                break
            time.sleep(0.1)
        yield Server(processes, base, pid, api)


async def connect(server: Server, token: str, clients: int) -> list[Client]:
    """`clients` warm keep-alive connections, spread evenly over the server's processes."""
    port = int(server.base.rsplit(":", 1)[1])
    share = -(-clients // len(server.api))
    held: dict[int, int] = dict.fromkeys(server.api, 0)
    kept: list[Client] = []
    used = time.monotonic()
    for _ in range(clients * 100):
        if len(kept) == clients:
            break
        if time.monotonic() - used > 2:  # uvicorn closes a connection idle for 5 s
            for client in kept:
                await client.post(BODIES[0])
            used = time.monotonic()
        client = Client(server.base, token)
        await client.post(BODIES[0])
        assert client.writer is not None
        pid = process_serving(port, client.writer.get_extra_info("sockname")[1], server.api)
        if pid is None or held[pid] >= share:
            await client.close()
            await asyncio.sleep(0.1)  # another process may still be starting
            continue
        held[pid] += 1
        kept.append(client)
    if len(kept) < clients:
        raise RuntimeError(f"could not spread {clients} connections over {held}")
    for client in kept:  # warm-up: every scenario on every connection
        for _ in range(5):
            for body in BODIES:
                await client.post(body)
    return kept


async def turn(clients: list[Client], seconds: float) -> list[float]:
    """Every client asks, scenario after scenario, until the time is up: milliseconds each."""
    deadline = time.perf_counter() + seconds
    times: list[float] = []

    async def ask(client: Client, offset: int) -> None:
        n = offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await client.post(BODIES[n % len(BODIES)])
            times.append((time.perf_counter() - started) * 1000)
            n += 1

    await asyncio.gather(*(ask(client, i) for i, client in enumerate(clients)))
    return times


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure(
    servers: list[Server], token: str, args: argparse.Namespace
) -> tuple[dict[int, Tally], dict[int, dict[int, tuple[int, int]]]]:
    warm = {}
    for server in servers:
        for client in await connect(server, token, args.concurrency):
            await client.close()
        warm[server.processes] = {p: proc.memory_kb(p) or (0, 0) for p in server.api}
    database = postmaster()
    tallies = {s.processes: Tally() for s in servers}
    for round_ in range(args.rounds):
        for server in servers if round_ % 2 == 0 else servers[::-1]:
            tally = tallies[server.processes]
            # connections of its own each turn: a server closes one idle for 5 s (uvicorn's
            # keep-alive), as it is while another server takes its turn
            clients = await connect(server, token, args.concurrency)
            before = {
                "API processes": proc.tree_cpu_seconds(server.pid),
                "PostgreSQL": proc.tree_cpu_seconds(database) if database else 0.0,
                "load generator": own_cpu(),
                "machine": proc.busy_seconds(),
            }
            started = time.perf_counter()
            times = await turn(clients, args.seconds)
            tally.seconds += time.perf_counter() - started
            after = {
                "API processes": proc.tree_cpu_seconds(server.pid),
                "PostgreSQL": proc.tree_cpu_seconds(database) if database else 0.0,
                "load generator": own_cpu(),
                "machine": proc.busy_seconds(),
            }
            for part in before:
                tally.add_cpu(part, after[part] - before[part])
            tally.requests += len(times)
            tally.latencies_ms.extend(times)
            for client in clients:
                await client.close()
    return tallies, warm


def report(
    servers: list[Server],
    tallies: dict[int, Tally],
    warm: dict[int, dict[int, tuple[int, int]]],
    peaks: proc.PeakMemory,
    args: argparse.Namespace,
) -> None:
    print(
        f"\n{args.vendors} vendors in the tenant, {2 * args.others} in two others; the page "
        f"of {PAGE_SIZE} vendors, the three scenarios in turn; {args.concurrency} clients on "
        f"keep-alive connections spread evenly over the processes; {args.rounds} turns of "
        f"{args.seconds:g} s per server, servers in turns; {os.cpu_count()} cores shared by "
        f"the servers, PostgreSQL and this load generator.\n"
    )
    print(
        "| API processes | req/s | p50 ms | p95 ms | CPU ms per request: API | PostgreSQL "
        "| load generator | rest of the machine |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for server in servers:
        tally = tallies[server.processes]
        ordered = sorted(tally.latencies_ms)
        per = {part: seconds / tally.requests * 1000 for part, seconds in tally.cpu.items()}
        rest = per["machine"] - per["API processes"] - per["PostgreSQL"] - per["load generator"]
        print(
            f"| {server.processes} | {tally.requests / tally.seconds:.0f} "
            f"| {statistics.median(ordered):.1f} | {ordered[int(len(ordered) * 0.95) - 1]:.1f} "
            f"| {per['API processes']:.2f} | {per['PostgreSQL']:.2f} "
            f"| {per['load generator']:.2f} | {rest:.2f} |"
        )
    print("\n| API processes | process | resident once warm | peak resident (VmHWM) |")
    print("|---|---|---|---|")
    for server in servers:
        tree = peaks.under(server.pid)
        for pid in server.api:
            rss, _ = warm[server.processes][pid]
            what = "the serve process" if pid == server.pid else f"API process {pid}"
            print(f"| {server.processes} | {what} | {proc.mb(rss)} | {proc.mb(tree[pid].hwm_kb)} |")
        if server.pid not in server.api:
            print(
                f"| {server.processes} | its supervisor (`tprm serve`, serves nothing) | "
                f"{proc.mb((proc.memory_kb(server.pid) or (0, 0))[0])} "
                f"| {proc.mb(tree[server.pid].hwm_kb)} |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    seed_arguments(parser)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--concurrency", type=int, default=4, help="clients, each a connection")
    parser.add_argument("--seconds", type=float, default=10.0, help="of one turn")
    parser.add_argument("--rounds", type=int, default=3, help="turns per server")
    args = parser.parse_args()

    url, token = prepare(args.vendors, args.others)
    with ExitStack() as stack:
        servers = [stack.enter_context(tprm_serve(url, n)) for n in args.processes]
        with proc.PeakMemory([s.pid for s in servers], interval=0.1) as peaks:
            tallies, warm = asyncio.run(measure(servers, token, args))
        report(servers, tallies, warm, peaks, args)


if __name__ == "__main__":
    main()
