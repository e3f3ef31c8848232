"""Engine and sessions: every transaction runs as the app role, scoped to one tenant."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from domain.shared.session import SerializedSession, enter_app_role, set_tenant


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    """An asyncpg engine for the owner URL; sessions switch to the app role themselves."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        connect_args={"server_settings": {"application_name": "tprm"}},
    )


class Database:
    """The engine and a session factory, bound to the app role's name."""

    def __init__(self, engine: AsyncEngine, app_role: str) -> None:
        self.engine = engine
        self.app_role = app_role
        self.sessionmaker = async_sessionmaker(
            engine, class_=SerializedSession, expire_on_commit=False, autoflush=True
        )

    @asynccontextmanager
    async def transaction(self, tenant_id: UUID | None) -> AsyncIterator[SerializedSession]:
        """One transaction as the app role with `tenant_id` set; commits on success."""
        async with self.sessionmaker() as session, session.begin():
            await enter_app_role(session, self.app_role)
            await set_tenant(session, tenant_id)
            yield session

    @asynccontextmanager
    async def owner_transaction(self) -> AsyncIterator[SerializedSession]:
        """A transaction as the owner role, bypassing tenancy: operator commands only."""
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
