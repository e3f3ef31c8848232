"""Real PostgreSQL for every test that touches data: the embedded server, or TEST_DATABASE_URL.

The schema is migrated once per run; each test that uses the database leaves it
empty again (DELETE as the owner), so tests see real commits and stay independent.
"""

import asyncio
import contextlib
import fcntl
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest
import pytest_asyncio
from sqlmodel import SQLModel
from starlette.applications import Starlette

from app import migrate
from app.db import Database, app_role_url, create_engine
from app.embedded import start_embedded, to_asyncpg_url
from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TEST_DIR = ROOT / ".tprm" / "test"
# `pytest -n 2` (pytest-xdist) runs a worker per core: each has a database of its own on the
# one embedded server, and an object store of its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER")
TEST_DATABASE = f"tprm_test_{WORKER}" if WORKER else "tprm_test"


def _plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _reset_schema(url: str) -> None:
    connection = await asyncpg.connect(_plain_url(url))
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
        # A test's commits need not outlive a crash of the machine: not waiting for each to
        # reach the disk makes the many small transactions of a run several times faster.
        database = await connection.fetchval("SELECT current_database()")
        with contextlib.suppress(asyncpg.InsufficientPrivilegeError):  # a server not ours
            await connection.execute(f'ALTER DATABASE "{database}" SET synchronous_commit = off')
    finally:
        await connection.close()


# Tests that start processes (the CLI, workers, a server to fuzz or audit, node), parse whole
# PDFs, build a large tenant, or run the repository's own checks: `pytest -m "not slow"` is
# the fast loop; CI runs everything.
SLOW = (
    "tests/e2e/",
    "tests/cli/",
    "tests/parsers/",
    "tests/project/",
    "test_fuzz_schemathesis",
    "test_gap_on_a_real_report",
    "test_exception_domains_on_real_reports",
    # every front-end list at four page sizes, in a tenant of full lists built through the
    # services (about ten seconds, once per worker)
    "test_statements_per_page",
    # npm ci, a server, node
    "tests/contract/test_http_audit",
    "tests/contract/test_typescript_client",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if any(part in item.nodeid for part in SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def database_url() -> str:
    """A migrated, empty database for this run (this worker's, under xdist)."""
    given = os.environ.get("TEST_DATABASE_URL")
    TEST_DIR.mkdir(parents=True, exist_ok=True)
    # Workers start the one server, and migrate (roles are the cluster's), one at a time.
    with open(TEST_DIR / "setup.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if given:
            url = to_asyncpg_url(given)
        else:
            url = start_embedded(TEST_DIR, TEST_DATABASE, stop_at_exit=True)
        asyncio.run(_reset_schema(url))
        migrate.upgrade(url)
    return url


@pytest.fixture(scope="session")
def settings() -> Settings:
    # Documents go to an object store beside the test database, emptied once per run.
    data_dir = TEST_DIR / "workers" / WORKER if WORKER else TEST_DIR
    shutil.rmtree(data_dir / "objects", ignore_errors=True)
    return Settings(database_url=None, demo=False, data_dir=data_dir)


@pytest_asyncio.fixture(scope="session")
async def session_database(database_url: str, settings: Settings) -> AsyncIterator[Database]:
    app_url = app_role_url(database_url, settings.db_app_role, None)
    database = Database(create_engine(app_url, pool_size=5), create_engine(database_url, 2))
    yield database
    await database.dispose()


def _emptying_statement() -> str:
    """DELETE every table's rows, children first, the queue's and the failed authentications'
    (app/security.py). A test leaves a few rows: deleting them costs far less than TRUNCATE,
    which gives each table new files on disk."""
    import app.areas  # noqa: F401 - every area's tables on the metadata

    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    names = [*tables, "pgqueuer", "pgqueuer_log", "authentication_failures"]
    return "; ".join(f"DELETE FROM {name}" for name in names)  # noqa: S608 - our own table names


EMPTY_EVERY_TABLE = _emptying_statement()


@pytest_asyncio.fixture
async def db(session_database: Database) -> AsyncIterator[Database]:
    """The database, emptied after the test."""
    yield session_database
    async with session_database.owner_engine.connect() as connection:  # type: ignore[union-attr]
        raw = await connection.get_raw_connection()
        await raw.driver_connection.execute(EMPTY_EVERY_TABLE)  # type: ignore[union-attr]
        await connection.commit()


@pytest_asyncio.fixture(scope="session")
async def app(database_url: str, settings: Settings) -> AsyncIterator[Starlette]:
    application = create_app(settings, database_url=database_url)
    yield application
    await application.state.database.dispose()


@pytest_asyncio.fixture
async def client(app: Starlette, db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """HTTP against the ASGI app itself; the database is emptied after the test."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tprm.test") as http:
        yield http


class StatementCounter:
    """Counts SQL statements the app sends, to prove reads are batched; keeps their text."""

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _connection: object, _cursor: object, statement: str, *_: object) -> None:
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_statements(app: Starlette):
    from sqlalchemy import event

    counter = StatementCounter()
    engine = app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", counter)
    yield counter
    event.remove(engine, "before_cursor_execute", counter)
