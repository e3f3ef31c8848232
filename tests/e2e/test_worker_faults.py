"""A worker killed in the middle of a parse loses nothing: another one finishes the job."""

import asyncio
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text
from strawberry import relay

from domain.tenancy.models import Role
from tests.e2e.conftest import REAL_REPORTS
from tests.factories import global_id, make_member, make_tenant, make_vendor

TPRM = [sys.executable, "-m", "app.cli", "worker"]


def _worker(database_url: str, settings) -> subprocess.Popen:
    env = {
        **os.environ,
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


async def test_a_worker_killed_mid_parse_loses_nothing(client, db, settings, database_url):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Microsoft")
    pdf = REAL_REPORTS / "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf"
    response = await client.post(
        "/documents",
        params={"vendorId": global_id("Vendor", vendor.id), "kind": "SOC2_REPORT"},
        content=pdf.read_bytes(),
        headers={"Authorization": f"Bearer {reviewer.token}"},
    )
    document_id = relay.GlobalID.from_id(response.json()["document"]["id"]).node_id

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
