"""The database session every service takes, and how a transaction gets its tenant."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

TENANT_SETTING = "app.tenant_id"


class SerializedSession(AsyncSession):
    """An AsyncSession that runs one statement at a time, each to its end.

    GraphQL resolves sibling fields concurrently and dataloaders dispatch from
    several tasks, but one connection can only run one statement; the lock
    queues them instead of failing. Only methods that reach the connection
    directly take the lock (`scalars` goes through `execute`: locking it too
    would deadlock).

    When one field fails, GraphQL cancels its siblings; a statement cancelled on the
    wire would leave the connection, and the request's transaction, unusable. So a
    statement runs in a task of its own that a cancelled caller stops waiting for but
    does not stop; `settle` waits for such statements before the transaction ends.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statement_lock = asyncio.Lock()
        self._running: set[asyncio.Task[Any]] = set()

    async def _one_at_a_time(
        self, call: Callable[..., Awaitable[Any]], *args: Any, **kw: Any
    ) -> Any:
        async def locked() -> Any:
            async with self._statement_lock:
                return await call(*args, **kw)

        task = asyncio.ensure_future(locked())
        self._running.add(task)
        task.add_done_callback(self._running.discard)
        return await asyncio.shield(task)

    async def settle(self) -> None:
        """Wait for the statements still running for callers that were cancelled."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await self._one_at_a_time(super().execute, *args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await self._one_at_a_time(super().scalar, *args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await self._one_at_a_time(super().get, *args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        await self._one_at_a_time(super().flush, *args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        await self._one_at_a_time(super().delete, *args, **kwargs)

    async def refresh(self, *args: Any, **kwargs: Any) -> None:
        await self._one_at_a_time(super().refresh, *args, **kwargs)


async def set_tenant(session: AsyncSession, tenant_id: UUID | None) -> None:
    """Scope the rest of this transaction to one tenant (or to none)."""
    await session.execute(
        text("SELECT set_config(:name, :value, true)"),
        {"name": TENANT_SETTING, "value": str(tenant_id) if tenant_id else ""},
    )
