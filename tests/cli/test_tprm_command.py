"""The `tprm` command, run as a real process against the test database."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

import asyncpg
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from app import cli
from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant, make_vendor
from tests.processes import processes_marked

TPRM = [sys.executable, "-m", "app.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_tprm(database_url: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url.replace("+asyncpg", "")}
    return subprocess.run(
        [*TPRM, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["serve"],
        ["db", "upgrade"],
        ["tenant", "create"],
        ["token", "create"],
        ["worker"],
        ["vendors", "import"],
        ["vendors", "export"],
        ["remind"],
    ],
    ids=lambda c: " ".join(c) or "tprm",
)
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli.app, [*command, "--help"])

    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_db_upgrade_is_idempotent(database_url):
    result = run_tprm(database_url, "db", "upgrade")

    assert result.returncode == 0, result.stderr
    assert "database at" in result.stderr


async def test_tenant_create_prints_an_id_and_a_working_admin_token(database_url, client, db):
    result = run_tprm(
        database_url,
        "tenant",
        "create",
        "Initech",
        "--admin-email",
        "Peter@Initech.example",
        "--json",
    )

    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    body = await gql(
        client, "{ viewer { role tenant { id name } user { email } } }", token=created["token"]
    )
    assert body["data"]["viewer"]["role"] == "ADMIN"
    assert body["data"]["viewer"]["tenant"]["name"] == "Initech"
    assert body["data"]["viewer"]["user"]["email"] == "peter@initech.example"


async def test_tenant_list_gives_every_tenant_with_its_counts(database_url, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)
    await make_vendor(db, acme, "Globex")
    await make_tenant(db, "Umbrella", "owner@umbrella.example")

    listed = run_tprm(database_url, "tenant", "list", "--json")
    table = run_tprm(database_url, "tenant", "list")

    assert listed.returncode == 0, listed.stderr
    rows = [(t["name"], t["members"], t["vendors"]) for t in json.loads(listed.stdout)]
    assert rows == [("Acme", 2, 1), ("Umbrella", 1, 0)]
    assert table.returncode == 0 and "Acme" in table.stdout and "Umbrella" in table.stdout


async def test_operator_commands_on_an_unmigrated_database_say_what_to_run(database_url):
    empty = "tprm_never_migrated"
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {empty}")
        await connection.execute(f"CREATE DATABASE {empty}")
    finally:
        await connection.close()
    url = make_url(database_url).set(database=empty).render_as_string(False)
    results = [
        run_tprm(url, "tenant", "create", "Initech", "--admin-email", "p@initech.example"),
        run_tprm(url, "tenant", "list"),
        run_tprm(url, "worker", "--drain"),
    ]

    for result in results:
        assert result.returncode == 2
        assert result.stderr.strip().count("\n") == 0  # one line, no traceback
        assert "run `tprm db upgrade` first" in result.stderr


async def test_token_create_makes_a_member_with_the_role(database_url, client, db):
    tenant = json.loads(
        run_tprm(
            database_url,
            "tenant",
            "create",
            "Initech",
            "--admin-email",
            "peter@initech.example",
            "--json",
        ).stdout
    )

    result = run_tprm(
        database_url,
        "token",
        "create",
        "--tenant",
        tenant["tenant_id"],
        "--email",
        "milton@initech.example",
        "--role",
        "REVIEWER",
    )

    assert result.returncode == 0, result.stderr
    body = await gql(client, "{ viewer { role } }", token=result.stdout.strip())
    assert body["data"]["viewer"]["role"] == "REVIEWER"


def test_bad_input_exits_2_with_one_line_and_no_traceback(database_url, db):
    bad_email = run_tprm(database_url, "tenant", "create", "X", "--admin-email", "nope")
    bad_tenant = run_tprm(
        database_url,
        "token",
        "create",
        "--tenant",
        "not-a-uuid",
        "--email",
        "a@b.example",
        "--role",
        "VIEWER",
    )
    unknown_tenant = run_tprm(
        database_url,
        "token",
        "create",
        "--tenant",
        "00000000-0000-0000-0000-000000000000",
        "--email",
        "a@b.example",
        "--role",
        "VIEWER",
    )

    for result in (bad_email, bad_tenant, unknown_tenant):
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


async def test_tenant_create_is_audited_as_the_system(database_url, db):
    tenant = json.loads(
        run_tprm(
            database_url,
            "tenant",
            "create",
            "Initech",
            "--admin-email",
            "peter@initech.example",
            "--json",
        ).stdout
    )

    async with db.owner_transaction() as session:
        rows = (
            await session.execute(
                text(
                    "SELECT action, actor_kind FROM audit_events WHERE tenant_id = :t "
                    "ORDER BY occurred_at"
                ),
                {"t": tenant["tenant_id"]},
            )
        ).all()

    assert [tuple(r) for r in rows] == [
        ("tenant.created", "SYSTEM"),
        ("member.added", "SYSTEM"),
        ("api_token.created", "SYSTEM"),
    ]


def test_worker_starts_and_stops_cleanly_on_sigterm(database_url):
    env = {**os.environ, "DATABASE_URL": database_url.replace("+asyncpg", "")}
    with subprocess.Popen([*TPRM, "worker"], env=env, stderr=subprocess.PIPE, text=True) as worker:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and "ready" not in line:
            line = worker.stderr.readline()
        assert "ready" in line
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0


def test_sigterm_stops_serve_and_the_worker_it_started(database_url, tmp_path):
    mark = uuid.uuid4().hex
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_TEST_MARK": mark,
        "TPRM_PORT": str(_free_port()),
    }
    with (
        (tmp_path / "serve.log").open("w") as log,
        subprocess.Popen([*TPRM, "serve"], env=env, stdout=log, stderr=log) as serve,
    ):
        try:
            for _ in range(600):  # the server and its worker are up
                if (
                    len(processes_marked(mark)) >= 2
                    and "startup complete" in (tmp_path / "serve.log").read_text()
                ):
                    break
                time.sleep(0.05)
            assert len(processes_marked(mark)) >= 2
            serve.send_signal(signal.SIGTERM)
            code = serve.wait(timeout=30)
        finally:
            if serve.poll() is None:
                serve.kill()
    for _ in range(200):
        if not processes_marked(mark):
            break
        time.sleep(0.05)

    assert code == 0
    assert processes_marked(mark) == []


async def test_behind_a_proxy_the_brake_holds_the_forwarded_client_not_everyone(
    database_url, db, tmp_path
):
    acme = await make_tenant(db)
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url.replace("+asyncpg", ""),
        "TPRM_DEMO": "false",
        "TPRM_PORT": str(port),
        "TPRM_AUTH_FAILURES_PER_MINUTE": "2",
    }
    query = {"query": "{ viewer { role } }"}

    def ask(client: str, token: str) -> int:
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": client}
        url = f"http://127.0.0.1:{port}/graphql"
        return httpx.post(url, json=query, headers=headers, timeout=10).status_code

    with (
        (tmp_path / "serve.log").open("w") as log,
        subprocess.Popen([*TPRM, "serve", "--no-worker"], env=env, stdout=log, stderr=log) as serve,
    ):
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.05)
            guesser = [ask("203.0.113.7", f"tprm_guess{n}") for n in range(3)]
            neighbour = ask("203.0.113.8", acme.token)
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(timeout=30)

    assert guesser == [401, 401, 429]
    assert neighbour == 200


async def test_vendors_import_dry_run_then_real_then_export(database_url, db, tmp_path):
    tenant = json.loads(
        run_tprm(
            database_url,
            "tenant",
            "create",
            "Initech",
            "--admin-email",
            "peter@initech.example",
            "--json",
        ).stdout
    )
    sheet = tmp_path / "vendors.csv"
    sheet.write_text("name,domain,status\nGlobex,globex.example,ACTIVE\nBad,nope,\n")

    dry = run_tprm(
        database_url,
        "vendors",
        "import",
        str(sheet),
        "--tenant",
        tenant["tenant_id"],
        "--dry-run",
        "--json",
    )
    real = run_tprm(
        database_url, "vendors", "import", str(sheet), "--tenant", tenant["tenant_id"], "--json"
    )
    exported = run_tprm(database_url, "vendors", "export", "--tenant", tenant["tenant_id"])

    assert dry.returncode == 0, dry.stderr
    dry_report = json.loads(dry.stdout)
    assert (dry_report["dry_run"], dry_report["created"], dry_report["rejected"]) == (True, 1, 1)
    real_report = json.loads(real.stdout)
    assert [r["outcome"] for r in real_report["rows"]] == ["CREATED", "REJECTED"]
    lines = exported.stdout.splitlines()
    assert lines[0].startswith("name,domain,")
    assert lines[1].startswith("Globex,globex.example,")
    assert len(lines) == 2


def test_vendors_import_of_a_missing_file_exits_2(database_url):
    result = run_tprm(
        database_url,
        "vendors",
        "import",
        "/nonexistent.csv",
        "--tenant",
        "00000000-0000-0000-0000-000000000000",
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr


async def test_remind_appends_what_falls_due_once_however_often_it_runs(database_url, db):
    from domain.vendors.models import VendorStatus

    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendor_reviews SET due_date = current_date - 3 WHERE vendor_id = :v"),
            {"v": vendor.id},
        )

    first = run_tprm(database_url, "remind")
    second = run_tprm(database_url, "remind")

    assert (first.returncode, first.stdout) == (0, "1 reminders appended to the outbox\n")
    assert (second.returncode, second.stdout) == (0, "0 reminders appended to the outbox\n")
    async with db.owner_transaction() as session:
        types = (await session.scalars(text("SELECT type FROM outbox_events"))).all()
    assert types == ["review.overdue"]
