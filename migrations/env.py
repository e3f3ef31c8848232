"""Alembic environment: runs migrations as the owner role over asyncpg."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel

from app import areas  # noqa: F401  (every table on SQLModel.metadata)
from app.embedded import resolve_database_url
from app.settings import get_settings

target_metadata = SQLModel.metadata


def database_url() -> str:
    url = context.config.attributes.get("database_url")
    if url:
        return url
    settings = get_settings()
    return resolve_database_url(settings.database_url, settings.data_dir)


def run_with(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, include_name=_ours)
    with context.begin_transaction():
        context.run_migrations()


def _ours(name: str | None, type_: str, parent_names: object) -> bool:
    """Autogenerate compares the models' tables only: the job queue's schema is pgqueuer's
    own, and server_secrets (migration 0014) and authentication_failures (0043) are read
    by raw SQL and owner functions, never through a model."""
    if type_ != "table" or name is None:
        return True
    return not (
        name.startswith("pgqueuer") or name in ("server_secrets", "authentication_failures")
    )


async def run_online() -> None:
    engine = create_async_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(run_with)
    await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("tprm migrations run online only")
asyncio.run(run_online())
