"""Running migrations, and the DDL every tenant-owned table gets (used by revisions)."""

from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import get_settings

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(database_url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Apply migrations up to `revision` (runs its own event loop: call from sync code)."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    command.downgrade(alembic_config(database_url), revision)


@lru_cache
def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("")).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


# --- DDL helpers for revisions -------------------------------------------------------


def app_role() -> str:
    return get_settings().db_app_role


def protect_tenant_table(op: Operations, table: str, grants: str) -> None:
    """Row-level security, enabled and forced, keyed on the transaction's tenant.

    The app role sees and writes only rows of `app.tenant_id`; the owner (migrations,
    SECURITY DEFINER functions) keeps full access through its own policy.
    """
    role = app_role()
    column = "id" if table == "tenants" else "tenant_id"
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY tenant_isolation ON {table} TO {role} "
        f"USING ({column} = tprm_current_tenant()) WITH CHECK ({column} = tprm_current_tenant())"
    )
    op.execute(
        f"CREATE POLICY owner_access ON {table} TO CURRENT_USER USING (true) WITH CHECK (true)"
    )
    op.execute(f"GRANT {grants} ON {table} TO {role}")


def execute_script(op: Operations, sql: str) -> None:
    """Run several statements at once (a library's DDL script): asyncpg's simple protocol,
    since a prepared statement holds one command only."""
    from sqlalchemy.util import await_only

    driver_connection = op.get_bind().connection.driver_connection
    assert driver_connection is not None  # a migration always runs on a live connection
    await_only(driver_connection.execute(sql))
