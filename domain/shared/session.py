"""The database session every service takes, and how a transaction gets its tenant."""

import asyncio
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

TENANT_SETTING = "app.tenant_id"


class SerializedSession(AsyncSession):
    """An AsyncSession that runs one statement at a time.

    GraphQL resolves sibling fields concurrently and dataloaders dispatch from
    several tasks, but one connection can only run one statement; the lock
    queues them instead of failing. Only methods that reach the connection
    directly take the lock (`scalars` goes through `execute`: locking it too
    would deadlock).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statement_lock = asyncio.Lock()

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock:
            return await super().execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock:
            return await super().scalar(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock:
            return await super().get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        async with self._statement_lock:
            await super().flush(*args, **kwargs)

    async def delete(self, *args: Any, **kwargs: Any) -> None:
        async with self._statement_lock:
            await super().delete(*args, **kwargs)

    async def refresh(self, *args: Any, **kwargs: Any) -> None:
        async with self._statement_lock:
            await super().refresh(*args, **kwargs)


async def set_tenant(session: AsyncSession, tenant_id: UUID | None) -> None:
    """Scope the rest of this transaction to one tenant (or to none)."""
    await session.execute(
        text("SELECT set_config(:name, :value, true)"),
        {"name": TENANT_SETTING, "value": str(tenant_id) if tenant_id else ""},
    )
