"""`tprm worker`: runs queued jobs (pgqueuer) as the app role: parses (in child processes),
vendor imports, webhook deliveries, re-plans of a large tenant's reviews, large evidence
packs, and the reminder sweep it queues every few minutes.

Jobs hold a tenant id and entity ids; each handler step opens its own transaction
scoped to that tenant, so row-level security applies to the worker as to the API.
A worker that dies mid-job stops sending heartbeats; after `worker_heartbeat_seconds`
another worker picks the job up. A job whose step raises (database or object store
unreachable) is retried with backoff by pgqueuer's own retry executor, up to
`parse_max_attempts`. Told to stop, a worker abandons what it has in hand within
STOP_GRACE_SECONDS, and the queue gives it to the next worker (an import goes on after its
last committed batch).
"""

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, TypeVar
from uuid import UUID

import asyncpg
import httpx
from pgqueuer.core.executors import DatabaseRetryEntrypointExecutor
from pgqueuer.core.qm import QueueManager
from pgqueuer.db import AsyncpgDriver
from pgqueuer.domain.errors import RetryRequested
from pgqueuer.domain.models import Job
from pgqueuer.domain.types import QueueExecutionMode
from pgqueuer.queries import Queries
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.ext.asyncio import AsyncSession

from app import respondent_links
from app.db import Database, app_role_url, create_engine
from app.settings import Settings
from domain.compliance import coverage, evidence_pack
from domain.documents.storage import BlobStore
from domain.events import delivery
from domain.reviews import reminders, schedule
from domain.shared import jobs
from domain.shared.models import today
from domain.soc2 import parsing
from domain.soc2.parse_job import ParseJob, parse_document
from domain.vendors import import_steps
from domain.vendors import jobs as vendor_jobs
from parsers.soc2 import isolation
from parsers.soc2.limits import ParseLimits

logger = logging.getLogger("tprm.worker")

T = TypeVar("T")
# What a job step may meet and get past by waiting: the database or the network away, the
# connection pool exhausted for a moment.
TRANSIENT = (DBAPIError, SQLAlchemyTimeoutError, OSError)


STOP_GRACE_SECONDS = 2.0  # a job that ends this soon after SIGTERM still ends well


class Worker:
    """One worker process: a queue manager with tprm's job kinds registered."""

    def __init__(self, settings: Settings, owner_url: str) -> None:
        self.settings = settings
        self.app_url = app_role_url(owner_url, settings.db_app_role, settings.app_database_url)
        self.database = Database(create_engine(self.app_url, pool_size=4))
        self.store = BlobStore.from_url(settings.storage_url, settings.data_dir)
        self.concurrency = settings.worker_concurrency or os.cpu_count() or 1
        self.slots = max(2, self.concurrency)  # a parse always finds one beside an import
        self.parse_job = ParseJob(
            transaction=self.database.transaction,
            store=self.store,
            limits=ParseLimits(
                max_pages=settings.parse_max_pages,
                max_bytes=settings.max_upload_bytes,
                timeout_seconds=settings.parse_timeout_seconds,
                max_memory_mb=settings.parse_max_memory_mb,
                nice=settings.parse_nice,
            ),
        )
        self.import_job = vendor_jobs.ImportJob(
            transaction=self.database.transaction,
            store=self.store,
            batch_rows=settings.import_batch_rows,
        )
        # Posts webhooks: no redirects followed (a receiver must answer where it is), and no
        # proxy or certificate settings taken from the environment by surprise.
        self.http = httpx.AsyncClient(
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
            trust_env=False,
            # No connection is kept for another request: each is opened to the address just
            # checked for its own endpoint's name, and TLS proved that name only.
            limits=httpx.Limits(
                max_connections=settings.webhook_concurrency, max_keepalive_connections=0
            ),
        )
        self.delivery_policy = delivery.Policy(
            max_attempts=settings.webhook_max_attempts,
            first_retry=timedelta(seconds=settings.webhook_retry_seconds),
            deadline_seconds=settings.webhook_timeout_seconds,
            tenant_in_flight=settings.webhook_tenant_concurrency,
            allow_local=settings.webhook_allow_local,
            complete=respondent_links.completion(settings),
        )
        self.managers: list[QueueManager] = []
        self._stopping = False
        self._in_hand: set[asyncio.Task[Any]] = set()

    async def _parse(self, job: Job) -> None:
        data = jobs.read_payload(job.payload)
        tenant_id, document_id = UUID(data["tenant_id"]), UUID(data["document_id"])

        async def give_up(session: AsyncSession, reason: str) -> None:
            await parsing.fail(session, tenant_id, document_id, reason)

        work = parse_document(self.parse_job, tenant_id, document_id)
        await self._hold(job, tenant_id, f"parse of {document_id}", work, give_up)

    async def _import(self, job: Job) -> None:
        data = jobs.read_payload(job.payload)
        tenant_id, import_id = UUID(data["tenant_id"]), UUID(data["import_id"])

        async def give_up(session: AsyncSession, reason: str) -> None:
            await import_steps.fail(session, tenant_id, import_id, reason)

        work = vendor_jobs.run_import(self.import_job, tenant_id, import_id)
        await self._hold(job, tenant_id, f"vendor import {import_id}", work, give_up)

    async def _deliver(self, job: Job) -> None:
        """One attempt; the delivery itself counts its attempts and says when to try again.
        Not reaching the database is retried by the queue, with backoff, for as long as it
        lasts; any other failure marks the delivery FAILED (once that can be written)."""
        data = jobs.read_payload(job.payload)
        tenant_id, delivery_id = UUID(data["tenant_id"]), UUID(data["delivery_id"])
        wait = timedelta(seconds=min(2 ** (job.attempts + 1), 300))
        work = delivery.deliver(
            self.database.transaction, self.http, tenant_id, delivery_id, self.delivery_policy
        )
        try:
            again = await self._abandonable(work)
        except RetryRequested:
            raise
        except TRANSIENT as error:
            logger.warning("webhook delivery %s: %r, trying again in %s", delivery_id, error, wait)
            raise RetryRequested(wait, repr(error)) from error
        except Exception as error:
            logger.exception("webhook delivery %s failed, giving up", delivery_id)
            why = f"tprm could not send it ({type(error).__name__})."
            try:
                async with self.database.transaction(tenant_id) as session:
                    await delivery.give_up(session, tenant_id, delivery_id, why)
            except Exception as unrecorded:  # the database too: keep the job until it can
                raise RetryRequested(wait, repr(unrecorded)) from error
            return
        if again is not None:
            raise RetryRequested(again, "the receiver did not take it, or waits its turn")

    async def _sweep(self, job: Job) -> None:
        work = reminders.sweep_every_tenant(self.database.transaction, today())
        appended = await self._abandonable(work)
        if appended:
            logger.info("reminders: %d appended to the outbox", appended)

    async def _replan(self, job: Job) -> None:
        tenant_id = UUID(jobs.read_payload(job.payload)["tenant_id"])
        work = schedule.replan_tenant(self.database.transaction, tenant_id)
        planned = await self._abandonable(work)
        logger.info("reviews of tenant %s planned again: %d", tenant_id, planned)

    async def _gaps(self, job: Job) -> None:
        tenant_id = UUID(jobs.read_payload(job.payload)["tenant_id"])
        work = coverage.raise_gaps_of_every_vendor(self.database.transaction, tenant_id)
        vendors = await self._abandonable(work)
        logger.info("CUEC gaps of tenant %s said for %d vendors", tenant_id, vendors)

    async def _evidence_pack(self, job: Job) -> None:
        data = jobs.read_payload(job.payload)
        tenant_id, pack_id = UUID(data["tenant_id"]), UUID(data["pack_id"])

        async def give_up(session: AsyncSession, reason: str) -> None:
            await evidence_pack.fail(session, tenant_id, pack_id, reason)

        work = evidence_pack.run_job(self.database.transaction, self.store, tenant_id, pack_id)
        await self._hold(job, tenant_id, f"evidence pack {pack_id}", work, give_up)

    async def _queue_sweeps(self) -> None:
        """Now and every `reminder_sweep_seconds`, queue a sweep; the queue holds one at a
        time, however many workers ask."""
        while True:
            try:
                async with self.database.transaction(None) as session:
                    await jobs.enqueue(
                        session, jobs.SWEEP_REMINDERS, b"{}", dedupe_key=jobs.SWEEP_REMINDERS
                    )
            except Exception:
                logger.exception("could not queue the reminder sweep; trying again later")
            await asyncio.sleep(self.settings.reminder_sweep_seconds)

    async def _abandonable(self, work: Coroutine[Any, Any, T]) -> T:
        """Run a job's work as a task `stop` can abandon: then its job goes back to the
        queue at once, for this worker's successor."""
        task = asyncio.create_task(work)
        self._in_hand.add(task)
        try:
            return await task
        except asyncio.CancelledError:
            if not self._stopping or not task.cancelled():
                task.cancel()  # this handler was cancelled itself: the work goes with it
                raise
            raise RetryRequested(timedelta(0), "the worker stopped") from None
        finally:
            self._in_hand.discard(task)

    async def _hold(
        self,
        job: Job,
        tenant_id: UUID,
        what: str,
        work: Coroutine[Any, Any, object],
        give_up: Callable[[AsyncSession, str], Awaitable[None]],
    ) -> None:
        """`_abandonable`; past its last attempt, `give_up` records why (the document or
        import FAILED) instead of raising once more."""
        try:
            await self._abandonable(work)
        except RetryRequested:
            raise
        except Exception as error:
            attempt = job.attempts + 1
            if attempt < self.settings.parse_max_attempts:
                logger.warning("%s failed (attempt %d), retrying", what, attempt)
                raise  # pgqueuer's retry executor queues it again, with backoff
            logger.exception("%s failed %d times, giving up", what, attempt)
            async with self.database.transaction(tenant_id) as session:
                await give_up(session, f"gave up after {attempt} attempts ({type(error).__name__})")

    def _heavy(self, connection: asyncpg.Connection) -> QueueManager:
        """Parses and imports: the CPU's work, `concurrency` slots."""
        manager = QueueManager(Queries(AsyncpgDriver(connection)))
        for entrypoint, handler, limit in (
            (jobs.PARSE_DOCUMENT, self._parse, 0),
            # Long imports never take every slot: a parse (any tenant's) always finds one.
            # pgqueuer holds an entrypoint's limit in the database, across every worker: with
            # several workers, slots - 1 imports run at once in all, not in each.
            (jobs.IMPORT_VENDORS, self._import, self.slots - 1),
        ):
            manager.entrypoint(
                entrypoint,
                concurrency_limit=limit,
                # a step that fails on the database or the store: again after 2, 4, 8 ...
                # seconds (at most 5 minutes); the last attempt marks its document or import
                # FAILED itself (_hold)
                executor_factory=lambda parameters: DatabaseRetryEntrypointExecutor(
                    parameters,
                    max_attempts=self.settings.parse_max_attempts,
                    initial_delay=timedelta(seconds=2),
                    max_delay=timedelta(minutes=5),
                ),
            )(handler)
        return manager

    def _light(self, connection: asyncpg.Connection) -> QueueManager:
        """Webhook deliveries, reminder sweeps, re-plans, CUEC gaps and evidence packs wait on
        the network and the database, not the CPU: a queue manager of their own, with its own
        slots, so they never take a slot a parse or an import needs, nor these theirs."""
        manager = QueueManager(Queries(AsyncpgDriver(connection)))
        manager.entrypoint(jobs.DELIVER_WEBHOOK)(self._deliver)
        manager.entrypoint(jobs.SWEEP_REMINDERS, concurrency_limit=1)(self._sweep)
        manager.entrypoint(
            jobs.REPLAN_REVIEWS,
            concurrency_limit=1,  # across every worker: one tenant's re-plan at a time
            executor_factory=lambda parameters: DatabaseRetryEntrypointExecutor(
                parameters, max_attempts=self.settings.parse_max_attempts
            ),
        )(self._replan)
        manager.entrypoint(
            jobs.RAISE_CUEC_GAPS,
            concurrency_limit=1,
            executor_factory=lambda parameters: DatabaseRetryEntrypointExecutor(
                parameters, max_attempts=self.settings.parse_max_attempts
            ),
        )(self._gaps)
        # Mostly reading the database; the files are written on a thread beside the loop, so
        # deliveries go on meanwhile. One pack at a time, across every worker (the limit is
        # held in the database).
        manager.entrypoint(
            jobs.WRITE_EVIDENCE_PACK,
            concurrency_limit=1,
            executor_factory=lambda parameters: DatabaseRetryEntrypointExecutor(
                parameters,
                max_attempts=self.settings.parse_max_attempts,
                initial_delay=timedelta(seconds=2),
                max_delay=timedelta(minutes=5),
            ),
        )(self._evidence_pack)
        return manager

    async def run(self, drain: bool = False, ready: Callable[[], None] | None = None) -> None:
        """Process jobs until stopped (or, with `drain`, until both queues are empty); `ready`
        is called once the worker is about to take its first job."""
        url = make_url(self.app_url).set(drivername="postgresql").render_as_string(False)
        mode = QueueExecutionMode.drain if drain else QueueExecutionMode.continuous
        heartbeat = timedelta(seconds=self.settings.worker_heartbeat_seconds)
        connections: list[asyncpg.Connection] = []
        # the parses' forkserver imports the app once, now rather than on the first document
        await asyncio.to_thread(isolation.start_server)
        try:
            connections.append(await asyncpg.connect(url))
            connections.append(await asyncpg.connect(url))
            heavy, light = self._heavy(connections[0]), self._light(connections[1])
            self.managers = [heavy, light]
            if self._stopping:  # asked to stop before the managers existed
                for manager in self.managers:
                    manager.shutdown.set()
            if ready is not None:
                ready()
            # One manager failing stops the other: the worker ends, its jobs go elsewhere.
            async with asyncio.TaskGroup() as group:
                sweeps = None if drain else group.create_task(self._queue_sweeps())
                runs = [
                    group.create_task(
                        manager.run(
                            mode=mode,
                            batch_size=max(1, slots // 2),
                            max_concurrent_tasks=slots,
                            heartbeat_timeout=heartbeat,
                            dequeue_timeout=timedelta(seconds=5),
                        )
                    )
                    for manager, slots in (
                        (heavy, self.slots),
                        (light, self.settings.webhook_concurrency),
                    )
                ]
                await asyncio.gather(*runs)
                if sweeps is not None:
                    sweeps.cancel()
        finally:
            self.managers = []
            await self.http.aclose()
            await self.database.dispose()
            for connection in connections:
                if not connection.is_closed():
                    await connection.close()

    def stop(self) -> None:
        """Take no more jobs and return from `run` within STOP_GRACE_SECONDS: work still in
        hand then is abandoned (a parse's process killed, an import's batch rolled back) and
        its job goes back to the queue for the next worker."""
        self._stopping = True
        for manager in self.managers:
            manager.shutdown.set()
        asyncio.get_running_loop().call_later(STOP_GRACE_SECONDS, self._abandon)

    def _abandon(self) -> None:
        for task in list(self._in_hand):
            task.cancel()
