"""A worker killed in the middle of a parse loses nothing: another one finishes the job."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid

from sqlalchemy import text
from strawberry import relay

from domain.shared.roles import Role
from tests.e2e.conftest import REAL_REPORTS
from tests.factories import global_id, make_member, make_tenant, make_vendor
from tests.processes import processes_marked

TPRM = [sys.executable, "-m", "app.cli", "worker"]


def _worker(database_url: str, settings, mark: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "TPRM_TEST_MARK": mark,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DATA_DIR": str(settings.data_dir),
        # Heartbeats every half second: a silent job is taken over after one second.
        "TPRM_WORKER_HEARTBEAT_SECONDS": "1",
    }
    return subprocess.Popen(TPRM, env=env, stderr=subprocess.DEVNULL)


async def _status(db, document_id: str) -> tuple[str | None, int]:
    async with db.owner_transaction() as session:
        row = (
            await session.execute(
                text("SELECT parse_status, parse_attempts FROM documents WHERE id = :id"),
                {"id": document_id},
            )
        ).one()
        return row[0], row[1]


async def _wait_for(db, document_id: str, wanted: str, seconds: float) -> tuple[str | None, int]:
    deadline = time.monotonic() + seconds
    status: tuple[str | None, int] = (None, 0)
    while time.monotonic() < deadline:
        status = await _status(db, document_id)
        if status[0] == wanted:
            return status
        await asyncio.sleep(0.02)
    return status


async def _uploaded(client, db, report: str, kind: str) -> str:
    """A real report uploaded by a reviewer of a new tenant; its document id."""
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Microsoft")
    response = await client.post(
        "/documents",
        params={"vendorId": global_id("Vendor", vendor.id), "kind": kind},
        content=(REAL_REPORTS / report).read_bytes(),
        headers={"Authorization": f"Bearer {reviewer.token}"},
    )
    return relay.GlobalID.from_id(response.json()["document"]["id"]).node_id


async def test_a_worker_killed_mid_parse_loses_nothing(client, db, settings, database_url):
    document_id = await _uploaded(
        client, db, "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf", "SOC2_REPORT"
    )

    first = _worker(database_url, settings)
    try:
        status = await _wait_for(db, document_id, "PARSING", 60)
        assert status == ("PARSING", 1)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
    assert await _status(db, document_id) == ("PARSING", 1)

    second = _worker(database_url, settings)
    try:
        status = await _wait_for(db, document_id, "PARSED", 90)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    assert status == ("PARSED", 2)
    async with db.owner_transaction() as session:
        exceptions = await session.scalar(
            text(
                "SELECT count(*) FROM soc_exceptions e JOIN soc_reports r "
                "ON r.id = e.report_id WHERE r.document_id = :id"
            ),
            {"id": document_id},
        )
    assert exceptions == 3


async def test_sigterm_mid_parse_stops_the_worker_at_once_and_leaves_nothing_running(
    client, db, settings, database_url
):
    document_id = await _uploaded(
        client, db, "azure-soc-1-type-2-report-2017-10-01-to-2018-9-30.pdf", "SOC1_REPORT"
    )
    mark = uuid.uuid4().hex

    worker = _worker(database_url, settings, mark)
    try:
        assert (await _wait_for(db, document_id, "PARSING", 60))[0] == "PARSING"
        for _ in range(200):  # the worker, then the processes it parses in
            if len(processes_marked(mark)) > 1:
                break
            await asyncio.sleep(0.05)
        assert len(processes_marked(mark)) > 1
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    for _ in range(100):  # the parse processes go down with it, within moments
        if not processes_marked(mark):
            break
        await asyncio.sleep(0.05)

    assert code == 0
    assert processes_marked(mark) == []
    # abandoned or finished: either way the document is read in the end
    second = _worker(database_url, settings)
    try:
        status = await _wait_for(db, document_id, "PARSED", 90)
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
    assert status[0] == "PARSED"


async def test_a_job_that_keeps_failing_is_retried_then_given_up_with_a_reason(
    db, settings, database_url
):
    from app.jobs.worker import Worker
    from domain.documents.models import Document, DocumentKind, ParseStatus
    from domain.shared import jobs

    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    async with db.transaction(acme.tenant_id) as session:
        # A document whose bytes are not in the store: every attempt fails on the store.
        document = Document(
            tenant_id=acme.tenant_id,
            vendor_id=vendor.id,
            kind=DocumentKind.SOC2_REPORT,
            title="Lost",
            filename="lost.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="f" * 64,
            parse_status=ParseStatus.QUEUED,
        )
        session.add(document)
        await session.flush()
        await jobs.enqueue(
            session, jobs.PARSE_DOCUMENT, jobs.payload(acme.tenant_id, document_id=document.id)
        )

    two_tries = settings.model_copy(update={"parse_max_attempts": 2})
    await Worker(two_tries, database_url).run(drain=True)

    async with db.owner_transaction() as session:
        status, attempts, error = (
            await session.execute(
                text(
                    "SELECT parse_status, parse_attempts, parse_error FROM documents WHERE id = :i"
                ),
                {"i": document.id},
            )
        ).one()
        queued = await session.scalar(text("SELECT count(*) FROM pgqueuer"))
    assert (status, attempts) == ("FAILED", 2)
    assert error.startswith("gave up after 2 attempts")
    assert queued == 0
