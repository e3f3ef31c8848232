"""Enqueueing background jobs in the caller's transaction (pgqueuer on PostgreSQL).

A job enqueued here commits or rolls back with the rows that call for it: a failed
upload leaves no job, a committed one always has its job.
"""

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any
from uuid import UUID

from pgqueuer.db import AsyncpgDriver
from pgqueuer.queries import Queries
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

PARSE_DOCUMENT = "documents.parse"
IMPORT_VENDORS = "vendors.import"
DELIVER_WEBHOOK = "events.deliver"
# every scheduled review of a tenant planned again (a settings change of a large tenant)
REPLAN_REVIEWS = "reviews.replan"
# a tenant's CUEC gaps said as findings, vendor by vendor (when it starts keeping controls)
RAISE_CUEC_GAPS = "compliance.gaps"
# an evidence pack too large to write within its request, written by a worker
WRITE_EVIDENCE_PACK = "compliance.evidence_pack"
# every tenant's due and overdue reminders, queued by workers now and then (one at a time)
SWEEP_REMINDERS = "reviews.remind"

# What a job step runs in: a transaction as the app role, scoped to the job's tenant.
Transaction = Callable[[UUID | None], AbstractAsyncContextManager[AsyncSession]]


def payload(tenant_id: UUID, **ids: UUID) -> bytes:
    """A job's payload: the tenant it runs in and the ids it works on, nothing else."""
    return json.dumps({"tenant_id": str(tenant_id), **{k: str(v) for k, v in ids.items()}}).encode()


def read_payload(raw: bytes | None) -> dict[str, Any]:
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise ValueError("job payload is not an object")
    return data


async def enqueue(
    session: AsyncSession,
    entrypoint: str,
    body: bytes,
    dedupe_key: str | None = None,
    priority: int = 0,
) -> bool:
    """Queue a job in the session's transaction; False if one with `dedupe_key` is pending.
    Workers take the highest priority first, then the oldest."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = AsyncpgDriver(raw.driver_connection)  # type: ignore[arg-type]
    ids = await Queries(driver).enqueue(
        entrypoint, body, priority=priority, dedupe_key=dedupe_key, on_conflict="skip"
    )
    return ids[0] is not None


async def enqueue_unless_waiting(session: AsyncSession, entrypoint: str, body: bytes) -> bool:
    """Queue a job unless the same one is waiting to start (or waiting to be retried); False
    if it is. A job already running does not count (unlike `dedupe_key`, which covers running
    ones too): what changed since it started gets a run of its own. Two callers at once may
    both queue one; callers that must not (a tenant's settings) are serialised by their own
    row lock."""
    waiting = await session.scalar(
        text(
            "SELECT EXISTS (SELECT 1 FROM pgqueuer WHERE entrypoint = :entrypoint "
            "AND payload = :body AND status = 'queued')"
        ),
        {"entrypoint": entrypoint, "body": body},
    )
    if waiting:
        return False
    return await enqueue(session, entrypoint, body)
