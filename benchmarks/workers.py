"""SOC reports parsed per minute by 1, 2 and 4 `tprm worker` processes on one queue, each
parsed exactly once; the list page's latency while they parse and while they are idle; the
memory of a worker, of each parse, and of the API process meanwhile.

For each number of workers: one `tprm serve --no-worker` (one API process) on the data of
benchmarks.vendors (a 100,000-vendor tenant, seeded once) is asked for the page of 50 vendors,
a request every `--probe-interval` seconds, for `--idle-seconds` with no worker running
(idle). Then the workers start (each ready once its parses' forkserver has imported the app)
and settle (the reminder sweep each queues as it starts is done), and a new tenant uploads
`--copies` copies of every real report of ../shared/soc2-samples/real/ (read from there,
never copied into the repository), each to a vendor of its own, in one transaction: its parse
jobs reach the queue together. The clock runs from that commit to the last document's
`parsed_at`; the list page is asked meanwhile (while parsing). Then the workers stop and the
database says how often each document was parsed: its `parse_attempts`, its
`document.parsed` audit events, its SOC report rows, and its job's log in pgqueuer (picked
once, successful once).

    uv run python -m benchmarks.workers                       # 3 copies: 24 documents a run
    uv run python -m benchmarks.workers --copies 5 --workers 1 2 4 8 --idle-seconds 20
    uv run python -m benchmarks.workers --workers 1 --parse-nice 0 10   # parses' CPU priority

Memory: every process under each worker (the worker itself, the forkserver, each parse's own
process) is sampled every 10 ms (VmHWM, the most it was resident; a parse's growth in its last
10 ms can be missed); a parse process is matched to its document by the temporary file it has
open (the reports' sizes differ). The API process is sampled too.
"""

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import asyncpg
import pypdfium2 as pdfium
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.db import Database, app_role_url, create_engine
from app.settings import Settings
from benchmarks import proc
from benchmarks.api_processes import BODIES, own_cpu, postmaster, tprm_serve
from benchmarks.list_pages import Client
from benchmarks.vendors import ROOT, prepare, seed_arguments
from domain.documents import service as documents
from domain.documents.intake import ReceivedFile
from domain.documents.models import DocumentKind
from domain.documents.storage import BlobStore
from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.tenancy import service as tenancy
from domain.vendors import service as vendors
from domain.vendors.models import VendorStatus

REAL = ROOT.parent / "shared" / "soc2-samples" / "real"
DATA_DIR = ROOT / ".tprm" / "bench"  # the object store the workers read (data_dir/objects)


@dataclass(frozen=True)
class Report:
    path: Path
    pages: int
    size: int
    sha256: str
    kind: DocumentKind


def reports() -> list[Report]:
    import hashlib

    found = []
    for path in sorted(REAL.glob("*.pdf")):
        data = path.read_bytes()
        pdf = pdfium.PdfDocument(data)
        pages = len(pdf)
        pdf.close()
        name = path.name.lower()
        kind = (
            DocumentKind.SOC1_REPORT
            if "soc-1" in name
            else DocumentKind.SOC3_REPORT
            if "soc-3" in name
            else DocumentKind.SOC2_REPORT
        )
        found.append(Report(path, pages, len(data), hashlib.sha256(data).hexdigest(), kind))
    if len({r.size for r in found}) != len(found):
        raise SystemExit("two reports of the same size: parses could not be told apart")
    return found


def plain(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(False)


@dataclass
class Workers:
    processes: list[subprocess.Popen[bytes]]
    logs: list[Path]


@contextmanager
def workers(
    url: str, count: int, concurrency: int | None, nice: int | None, logs: Path
) -> Iterator[Workers]:
    """`count` workers on the queue, each ready; stopped (SIGTERM) when the block ends."""
    env = {
        **os.environ,
        "DATABASE_URL": url.replace("+asyncpg", ""),
        "TPRM_DATA_DIR": str(DATA_DIR),
        "TPRM_LOG_LEVEL": "warning",
    }
    if concurrency:
        env["TPRM_WORKER_CONCURRENCY"] = str(concurrency)
    if nice is not None:
        env["TPRM_PARSE_NICE"] = str(nice)
    logs.mkdir(parents=True, exist_ok=True)
    started = Workers([], [])
    try:
        for n in range(count):
            log = logs / f"worker-{count}-{n}.log"
            with log.open("wb") as output:
                started.processes.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "app.cli", "worker"],
                        env=env,
                        cwd=ROOT,
                        stdout=output,
                        stderr=output,
                    )
                )
            started.logs.append(log)
        for _ in range(1200):
            if all("worker ready" in log.read_text() for log in started.logs):
                break
            if any(p.poll() is not None for p in started.processes):
                raise RuntimeError("a worker ended: " + " ".join(str(x) for x in started.logs))
            time.sleep(0.1)
        else:
            raise RuntimeError("the workers did not get ready")
        yield started
    finally:
        for process in started.processes:
            process.send_signal(signal.SIGTERM)
        for process in started.processes:
            process.wait(timeout=60)


async def queue_empty(owner: asyncpg.Connection, seconds: float = 300) -> None:
    """Wait until no job has been queued or running for two seconds (the reminder sweep each
    worker queues as it starts, one at a time)."""
    deadline = time.monotonic() + seconds
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < 2:
        if await owner.fetchval("SELECT count(*) FROM pgqueuer"):
            quiet_since = time.monotonic()
        if time.monotonic() > deadline:
            raise RuntimeError("the queue did not empty")
        await asyncio.sleep(0.2)


async def upload_all(
    database: Database, store: BlobStore, files: list[Report], copies: int, label: str
) -> tuple[UUID, float, list[int]]:
    """A new tenant, a vendor per document, every document uploaded in one transaction (its
    parse jobs queued with it): the tenant, the moment it committed, the parse jobs' ids."""
    async with database.transaction(None) as session:
        created = await tenancy.create_tenant(session, label, "bench-workers@bench.example")
    tenant_id = created.tenant.id
    actor = Actor(
        tenant_id=tenant_id,
        role=Role.ADMIN,
        user_id=created.admin.user_id,
        membership_id=created.admin.id,
    )
    for report in files:
        with report.path.open("rb") as file:
            await store.put(tenant_id, report.sha256, file)
    async with database.transaction(tenant_id) as session:
        vendor_ids = []
        for n in range(copies * len(files)):
            vendor = await vendors.create_vendor(
                session,
                actor,
                {"name": f"Parsed Vendor {n}", "domain": f"parsed{n}.example"},
                VendorStatus.ACTIVE,
            )
            vendor_ids.append(vendor.id)
    async with database.transaction(tenant_id) as session:
        for n, vendor_id in enumerate(vendor_ids):
            report = files[n % len(files)]
            with report.path.open("rb") as file:
                received = ReceivedFile(
                    file, report.size, report.sha256, "application/pdf", report.path.name
                )
                await documents.upload(
                    session,
                    actor,
                    store,
                    vendor_id,
                    documents.DocumentDetails(kind=report.kind),
                    received,
                    stored=True,
                )
        jobs = (
            await session.scalars(
                text(
                    "SELECT id FROM pgqueuer WHERE entrypoint = 'documents.parse' "
                    "AND convert_from(payload, 'UTF8')::jsonb ->> 'tenant_id' = :tenant"
                ),
                {"tenant": str(tenant_id)},
            )
        ).all()
    return tenant_id, time.time(), list(jobs)


async def probe(
    base: str, token: str, stop: asyncio.Event, interval: float
) -> list[tuple[float, float]]:
    """The list page, a request every `interval` seconds (or as soon as the last is answered,
    if it took longer), until stopped: (time started, ms). Paced like a person at a screen,
    so that the probe itself takes little of the cores the workers need."""
    client = Client(base, token)
    times: list[tuple[float, float]] = []
    n = 0
    try:
        while not stop.is_set():
            started = time.perf_counter()
            at = time.time()
            await client.post(BODIES[n % len(BODIES)])
            took = time.perf_counter() - started
            times.append((at, took * 1000))
            n += 1
            await asyncio.sleep(max(0.0, interval - took))
    finally:
        await client.close()
    return times


async def parsed_by(owner: asyncpg.Connection, tenant_id: UUID, total: int) -> datetime:
    """Wait until every document of the tenant is read (or failed): the last `parsed_at`."""
    while True:
        done = await owner.fetchval(
            "SELECT count(*) FROM documents WHERE tenant_id = $1 "
            "AND parse_status IN ('PARSED', 'FAILED')",
            tenant_id,
        )
        if done == total:
            last = await owner.fetchval(
                "SELECT max(coalesce(parsed_at, updated_at)) FROM documents WHERE tenant_id = $1",
                tenant_id,
            )
            return last
        await asyncio.sleep(0.1)


async def exactly_once(owner: asyncpg.Connection, tenant_id: UUID, jobs: list[int]) -> dict:
    """What the database says of each document's parse: how many times each happened."""
    row = await owner.fetchrow(
        """
        SELECT count(*) AS documents,
               count(*) FILTER (WHERE d.parse_status = 'PARSED') AS parsed,
               count(*) FILTER (WHERE d.parse_attempts = 1) AS one_attempt,
               count(*) FILTER (WHERE (SELECT count(*) FROM audit_events a
                                        WHERE a.tenant_id = d.tenant_id AND a.entity_id = d.id
                                          AND a.action = 'document.parsed') = 1) AS one_event,
               count(*) FILTER (WHERE (SELECT count(*) FROM soc_reports r
                                        WHERE r.tenant_id = d.tenant_id
                                          AND r.document_id = d.id) = 1) AS one_report,
               (SELECT count(*) FROM audit_events a WHERE a.tenant_id = $1
                  AND a.action = 'document.parse_failed') AS failed_events
          FROM documents d WHERE d.tenant_id = $1
        """,
        tenant_id,
    )
    log = await owner.fetch(
        "SELECT job_id, status::text, count(*) AS n FROM pgqueuer_log "
        "WHERE job_id = ANY($1::bigint[]) GROUP BY job_id, status",
        jobs,
    )
    per_job: dict[int, dict[str, int]] = {}
    for entry in log:
        per_job.setdefault(entry["job_id"], {})[entry["status"]] = entry["n"]
    once = sum(
        1
        for counts in per_job.values()
        if counts.get("picked") == 1 and counts.get("successful") == 1
    )
    return {**dict(row), "jobs": len(jobs), "jobs_picked_and_done_once": once}


def reading(sizes: dict[int, str]) -> Any:
    """Which report a parse process reads: the size of the PDF it has open."""

    def describe(pid: int) -> str | None:
        for path in proc.open_files(pid):
            if path.suffix == ".pdf":
                try:
                    return sizes.get(path.stat().st_size)
                except OSError:
                    return None
        return None

    return describe


@dataclass
class Run:
    workers: int
    nice: int | None  # TPRM_PARSE_NICE given to the workers (None: their default)
    slots: int
    documents: int
    pages: int
    seconds: float
    checks: dict
    idle_ms: list[float]
    busy_ms: list[float]
    worker_peaks_kb: list[int]
    parse_peaks: list[tuple[str | None, int, int]]  # report, peak RSS, peak private (KiB)
    api_peak_kb: int
    cpu: dict[str, float]  # CPU seconds over the parse, by part

    @property
    def label(self) -> str:
        return str(self.workers) if self.nice is None else f"{self.workers} (nice {self.nice})"


async def run_one(
    count: int,
    nice: int | None,
    url: str,
    token: str,
    base: str,
    api_pid: int,
    files: list[Report],
    args: Any,
) -> Run:
    settings = Settings()
    database = Database(create_engine(app_role_url(url, settings.db_app_role, None), 2))
    store = BlobStore.from_url(None, DATA_DIR)
    owner = await asyncpg.connect(plain(url))
    sizes = {r.size: r.path.name for r in files}
    try:
        stop = asyncio.Event()
        idle_task = asyncio.create_task(probe(base, token, stop, args.probe_interval))
        await asyncio.sleep(args.idle_seconds)
        stop.set()
        idle = [ms for _, ms in await idle_task]
        logs = ROOT / ".tprm" / "bench" / "logs"
        with workers(url, count, args.concurrency, nice, logs) as started:
            await queue_empty(owner)
            pids = [p.pid for p in started.processes]
            database_pid = postmaster()
            parts = {
                "worker processes": lambda: sum(proc.cpu_seconds(p) for p in pids),
                "parse processes": lambda: sum(
                    proc.tree_cpu_seconds(p) - proc.cpu_seconds(p) for p in pids
                ),
                "API process": lambda: proc.tree_cpu_seconds(api_pid),
                "PostgreSQL": lambda: proc.tree_cpu_seconds(database_pid) if database_pid else 0.0,
                "this benchmark": own_cpu,
                "machine": proc.busy_seconds,
            }
            with proc.PeakMemory([*pids, api_pid], 0.01, reading(sizes), True) as peaks:
                before = {part: read() for part, read in parts.items()}
                stop = asyncio.Event()
                busy_task = asyncio.create_task(probe(base, token, stop, args.probe_interval))
                label = f"Workers bench {count} {datetime.now(UTC).isoformat()}"
                tenant_id, committed, jobs = await upload_all(
                    database, store, files, args.copies, label
                )
                total = args.copies * len(files)
                last = await asyncio.wait_for(parsed_by(owner, tenant_id, total), 3600)
                cpu = {part: read() - before[part] for part, read in parts.items()}
                stop.set()
                busy = [ms for at, ms in await busy_task if committed <= at <= last.timestamp()]
            checks = await exactly_once(owner, tenant_id, jobs)
    finally:
        await owner.close()
        await database.dispose()
    worker_peaks = [peaks.peaks[p].hwm_kb for p in pids]
    parses = [
        (peak.note, peak.hwm_kb, peak.private_kb)
        for pid, peak in peaks.peaks.items()
        if peak.root in pids and pid not in pids and peak.parent not in pids
    ]
    slots = max(2, args.concurrency or os.cpu_count() or 1)
    return Run(
        workers=count,
        nice=nice,
        slots=slots,
        documents=total,
        pages=args.copies * sum(r.pages for r in files),
        seconds=last.timestamp() - committed,
        checks=checks,
        idle_ms=idle,
        busy_ms=busy,
        worker_peaks_kb=worker_peaks,
        parse_peaks=parses,
        api_peak_kb=peaks.peaks[api_pid].hwm_kb,
        cpu=cpu,
    )


def p50_p95(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return f"{statistics.median(ordered):.1f} / {ordered[max(0, int(len(ordered) * 0.95) - 1)]:.1f}"


def report(runs: list[Run], files: list[Report], args: Any) -> None:
    print(
        f"\n{len(files)} real reports ({sum(r.pages for r in files)} pages) x {args.copies} "
        f"copies a run, each to a vendor of its own, queued in one transaction; "
        f"{os.cpu_count()} cores shared by the workers, one API process, PostgreSQL and the "
        f"list page's client (one request at a time).\n"
    )
    print(
        "| worker processes | parses at once (each) | documents | seconds | documents/min "
        "| pages/min | parsed exactly once | list page p50 / p95 ms (requests), idle "
        "| while parsing |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        c = run.checks
        once = (
            c["documents"]
            == c["parsed"]
            == c["one_attempt"]
            == c["one_event"]
            == c["one_report"]
            == c["jobs"]
            == c["jobs_picked_and_done_once"]
            and c["failed_events"] == 0
        )
        verdict = f"{'yes' if once else 'NO'} ({c['one_event']} of {c['documents']})"
        print(
            f"| {run.label} | {run.slots} | {run.documents} | {run.seconds:.1f} "
            f"| {run.documents / run.seconds * 60:.1f} | {run.pages / run.seconds * 60:.0f} "
            f"| {verdict} "
            f"| {p50_p95(run.idle_ms)} ({len(run.idle_ms)}) "
            f"| {p50_p95(run.busy_ms)} ({len(run.busy_ms)}) |"
        )
    names = [part for part in runs[0].cpu if part != "machine"]
    print(
        "\nCPU seconds per document while parsing (the kernel's accounting): "
        + ", ".join(names)
        + ", the rest of the machine (other work on it)\n"
    )
    print("| worker processes | " + " | ".join(names) + " | rest of the machine |")
    print("|---" * (len(names) + 2) + "|")
    for run in runs:
        rest = run.cpu["machine"] - sum(run.cpu[part] for part in names)
        cells = " | ".join(f"{run.cpu[part] / run.documents:.2f}" for part in names)
        print(f"| {run.label} | {cells} | {rest / run.documents:.2f} |")
    print("\nChecks, per run:")
    for run in runs:
        print(f"- {run.label} workers: {run.checks}")
    print(
        "\n| worker processes | worker process peak RSS (each) | parse processes seen "
        "| parse peak RSS, median / max | of it its own (private), median / max "
        "| API process peak RSS |"
    )
    print("|---|---|---|---|---|---|")
    for run in runs:
        rss = [kb for _, kb, _ in run.parse_peaks]
        own = [kb for _, _, kb in run.parse_peaks]
        print(
            f"| {run.label} | {', '.join(proc.mb(kb) for kb in run.worker_peaks_kb)} "
            f"| {len(rss)} | {median_and_most(rss)} | {median_and_most(own)} "
            f"| {proc.mb(run.api_peak_kb)} |"
        )
    print(
        "\n| report | pages | size | parse process peak RSS | of it its own (private) "
        "| parses seen |"
    )
    print("|---|---|---|---|---|---|")
    for r in files:
        seen = [
            (kb, own) for run in runs for name, kb, own in run.parse_peaks if name == r.path.name
        ]
        rss = proc.mb(max(kb for kb, _ in seen)) if seen else "not seen"
        own = proc.mb(max(own for _, own in seen)) if seen else "not seen"
        print(
            f"| {r.path.name} | {r.pages} | {r.size / 1e6:.1f} MB | {rss} | {own} | {len(seen)} |"
        )


def median_and_most(kib: list[int]) -> str:
    if not kib:
        return "n/a"
    return f"{proc.mb(statistics.median(kib))} / {proc.mb(max(kib))}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--copies", type=int, default=3, help="of each real report, a run")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="TPRM_WORKER_CONCURRENCY (unset: per core)"
    )
    parser.add_argument(
        "--parse-nice",
        type=int,
        nargs="+",
        default=[None],
        help="TPRM_PARSE_NICE values, each run with every number of workers (unset: default)",
    )
    parser.add_argument("--idle-seconds", type=float, default=15.0)
    parser.add_argument(
        "--probe-interval", type=float, default=0.1, help="seconds between list page requests"
    )
    seed_arguments(parser)
    args = parser.parse_args()

    files = reports()
    url, token = prepare(args.vendors, args.others)
    runs = []
    with tprm_serve(url, 1) as server:
        for count in args.workers:
            for nice in args.parse_nice:
                run = asyncio.run(
                    run_one(count, nice, url, token, server.base, server.pid, files, args)
                )
                runs.append(run)
                print(f"{run.label} workers: {run.seconds:.1f} s", file=sys.stderr)
    report(runs, files, args)


if __name__ == "__main__":
    main()
