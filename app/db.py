"""Engines and sessions: the app connects as its own role; the owner only migrates and operates.

The API and workers log in as the app role (TPRM_DB_APP_ROLE), which is neither
superuser nor owner and is not a member of the owner: row-level security applies to
every statement they send, and no `RESET ROLE` can lift it. The owner's URL
(DATABASE_URL) serves migrations and operator commands.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from app import areas  # noqa: F401  (every area loaded wherever the database is used)
from app.embedded import to_asyncpg_url
from domain.shared.session import SerializedSession, set_tenant


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"server_settings": {"application_name": "tprm"}},
    )


def app_role_url(owner_url: str, app_role: str, given: str | None) -> str:
    """The app role's URL: TPRM_APP_DATABASE_URL, else the owner's with the app role as user
    (enough where the server trusts local connections, as the embedded one does)."""
    if given:
        return to_asyncpg_url(given)
    return make_url(owner_url).set(username=app_role, password=None).render_as_string(False)


class Database:
    """The app role's engine; `owner_engine` only for operator commands and tests."""

    def __init__(self, engine: AsyncEngine, owner_engine: AsyncEngine | None = None) -> None:
        self.engine = engine
        self.owner_engine = owner_engine
        self.sessionmaker = async_sessionmaker(
            engine, class_=SerializedSession, expire_on_commit=False, autoflush=True
        )

    @asynccontextmanager
    async def transaction(self, tenant_id: UUID | None) -> AsyncIterator[SerializedSession]:
        """One transaction as the app role with `tenant_id` set; commits on success."""
        async with self.sessionmaker() as session, session.begin():
            # The setting is transaction-local: a transaction starts with no tenant.
            if tenant_id is not None:
                await set_tenant(session, tenant_id)
            try:
                yield session
            finally:
                await session.settle()  # before the transaction commits or rolls back

    @asynccontextmanager
    async def owner_transaction(self) -> AsyncIterator[SerializedSession]:
        """A transaction as the owner, above tenancy: operator commands and tests only."""
        if self.owner_engine is None:
            raise RuntimeError("this process holds no owner connection")
        async with SerializedSession(self.owner_engine, expire_on_commit=False) as session:
            async with session.begin():
                try:
                    yield session
                finally:
                    await session.settle()

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.owner_engine is not None:
            await self.owner_engine.dispose()
