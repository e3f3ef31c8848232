"""`tprm worker`: runs queued jobs (pgqueuer) as the app role, parses in child processes.

Jobs hold a tenant id and entity ids; each handler step opens its own transaction
scoped to that tenant, so row-level security applies to the worker as to the API.
A worker that dies mid-job stops sending heartbeats; after `worker_heartbeat_seconds`
another worker picks the job up. A job whose step raises (database or object store
unreachable) is retried with backoff by pgqueuer's own retry executor, up to
`parse_max_attempts`. Told to stop, a worker abandons what it has in hand within
STOP_GRACE_SECONDS, and the queue gives it to the next worker.
"""

import asyncio
import logging
import os
from datetime import timedelta
from uuid import UUID

import asyncpg
from pgqueuer.core.executors import DatabaseRetryEntrypointExecutor
from pgqueuer.core.qm import QueueManager
from pgqueuer.db import AsyncpgDriver
from pgqueuer.domain.errors import RetryRequested
from pgqueuer.domain.models import Job
from pgqueuer.domain.types import QueueExecutionMode
from pgqueuer.queries import Queries
from sqlalchemy.engine import make_url

from app.db import Database, app_role_url, create_engine
from app.settings import Settings
from domain.documents.storage import BlobStore
from domain.shared import jobs
from domain.soc2 import parsing
from domain.soc2.parse_job import ParseJob, parse_document
from parsers.soc2.limits import ParseLimits

logger = logging.getLogger("tprm.worker")


STOP_GRACE_SECONDS = 2.0  # a job that ends this soon after SIGTERM still ends well


class Worker:
    """One worker process: a queue manager with tprm's job kinds registered."""

    def __init__(self, settings: Settings, owner_url: str) -> None:
        self.settings = settings
        self.app_url = app_role_url(owner_url, settings.db_app_role, settings.app_database_url)
        self.database = Database(create_engine(self.app_url, pool_size=4))
        self.store = BlobStore.from_url(settings.storage_url, settings.data_dir)
        self.concurrency = settings.worker_concurrency or os.cpu_count() or 1
        self.parse_job = ParseJob(
            transaction=self.database.transaction,
            store=self.store,
            limits=ParseLimits(
                max_pages=settings.parse_max_pages,
                max_bytes=settings.max_upload_bytes,
                timeout_seconds=settings.parse_timeout_seconds,
                max_memory_mb=settings.parse_max_memory_mb,
            ),
        )
        self.manager: QueueManager | None = None
        self._stopping = False
        self._in_hand: set[asyncio.Task[None]] = set()

    async def _parse(self, job: Job) -> None:
        data = jobs.read_payload(job.payload)
        tenant_id, document_id = UUID(data["tenant_id"]), UUID(data["document_id"])
        parse = asyncio.create_task(parse_document(self.parse_job, tenant_id, document_id))
        self._in_hand.add(parse)
        try:
            await parse
        except asyncio.CancelledError:
            if not self._stopping or not parse.cancelled():
                parse.cancel()  # this handler was cancelled itself: the parse goes with it
                raise
            # abandoned by stop(): back to the queue at once, for this worker's successor
            raise RetryRequested(timedelta(0), "the worker stopped") from None
        except Exception as error:
            attempt = job.attempts + 1
            if attempt < self.settings.parse_max_attempts:
                logger.warning("parse of %s failed (attempt %d), retrying", document_id, attempt)
                raise  # pgqueuer's retry executor queues it again, with backoff
            logger.exception("parse of %s failed %d times, giving up", document_id, attempt)
            async with self.database.transaction(tenant_id) as session:
                await parsing.fail(
                    session,
                    tenant_id,
                    document_id,
                    f"gave up after {attempt} attempts ({type(error).__name__})",
                )
        finally:
            self._in_hand.discard(parse)

    async def run(self, drain: bool = False) -> None:
        """Process jobs until stopped (or, with `drain`, until the queue is empty)."""
        url = make_url(self.app_url).set(drivername="postgresql").render_as_string(False)
        connection = await asyncpg.connect(url)
        manager = QueueManager(Queries(AsyncpgDriver(connection)))
        manager.entrypoint(
            jobs.PARSE_DOCUMENT,
            concurrency_limit=0,
            # a step that fails on the database or the store: again after 2, 4, 8 ... seconds
            # (at most 5 minutes); the last attempt marks the document FAILED itself (_parse)
            executor_factory=lambda parameters: DatabaseRetryEntrypointExecutor(
                parameters,
                max_attempts=self.settings.parse_max_attempts,
                initial_delay=timedelta(seconds=2),
                max_delay=timedelta(minutes=5),
            ),
        )(self._parse)
        self.manager = manager
        if self._stopping:  # asked to stop before the manager existed
            manager.shutdown.set()
        try:
            await manager.run(
                mode=QueueExecutionMode.drain if drain else QueueExecutionMode.continuous,
                batch_size=max(1, self.concurrency // 2),
                max_concurrent_tasks=max(2, self.concurrency),
                heartbeat_timeout=timedelta(seconds=self.settings.worker_heartbeat_seconds),
                dequeue_timeout=timedelta(seconds=5),
            )
        finally:
            self.manager = None
            await self.database.dispose()
            if not connection.is_closed():
                await connection.close()

    def stop(self) -> None:
        """Take no more jobs and return from `run` within STOP_GRACE_SECONDS: a parse still
        in hand then is abandoned (its process killed, its transaction rolled back) and its
        job goes back to the queue for the next worker."""
        self._stopping = True
        if self.manager is not None:
            self.manager.shutdown.set()
        asyncio.get_running_loop().call_later(STOP_GRACE_SECONDS, self._abandon)

    def _abandon(self) -> None:
        for parse in list(self._in_hand):
            parse.cancel()
