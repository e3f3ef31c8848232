"""The `tprm` command."""

import asyncio
import json
import os
import signal
from pathlib import Path
from typing import Annotated
from uuid import UUID

import typer
from rich.console import Console
from rich.table import Table

from app import migrate, soc2_cli
from app.db import Database, app_role_url, create_engine
from app.embedded import resolve_database_url
from app.settings import get_settings
from domain.shared.actor import Actor
from domain.shared.errors import DomainError, NotFound
from domain.shared.models import today
from domain.shared.roles import Role
from domain.tenancy import queries as tenancy_queries
from domain.tenancy import service
from domain.vendors import csv_export, csv_io
from domain.vendors.queries import VendorFilter

app = typer.Typer(help="tprm: vendor and third-party risk management.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants (operator commands).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens (operator commands).", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(tenant_app, name="tenant")
app.add_typer(token_app, name="token")
vendors_app = typer.Typer(help="Vendor inventory (operator commands).", no_args_is_help=True)
app.add_typer(vendors_app, name="vendors")
app.add_typer(soc2_cli.app, name="soc2", help="SOC reports: read a PDF into structured facts.")

err = Console(stderr=True)


def _database_url() -> str:
    settings = get_settings()
    return resolve_database_url(settings.database_url, settings.data_dir)


def _database(url: str) -> Database:
    """The app role's engine, plus the owner's for operator look-ups above tenancy."""
    settings = get_settings()
    app_url = app_role_url(url, settings.db_app_role, settings.app_database_url)
    return Database(create_engine(app_url, pool_size=2), create_engine(url, pool_size=1))


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=2)


async def _operator_database() -> Database:
    """The database for an operator command, refused in one line unless it is reachable and
    migrated (the app role and every table come with the migrations)."""
    database = _database(_database_url())
    assert database.owner_engine is not None
    try:
        current = await migrate.current_revision(database.owner_engine)
    except Exception as error:  # unreachable, refused, wrong password: say which, in a line
        await database.dispose()
        raise _fail(f"cannot reach the database: {' '.join(str(error).split())}") from None
    if current != migrate.head_revision():
        await database.dispose()
        raise _fail("the database is not at the latest migration: run `tprm db upgrade` first")
    return database


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind (TPRM_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind (TPRM_PORT).")] = None,
    worker: Annotated[
        bool,
        typer.Option(
            help="Also run `tprm worker` beside the server (a separate process), so uploaded "
            "reports are read. Turn off where workers run on their own."
        ),
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="API processes to serve with, on one port (TPRM_WORKERS; default 1). "
            "Not job workers: `tprm worker` is started once whatever this is.",
        ),
    ] = None,
) -> None:
    """Migrate, make sure the demo tenant exists, print a token, and serve GraphQL."""
    import subprocess
    import sys

    import uvicorn

    from app.demo import DemoAccess, ensure_demo
    from domain.documents.storage import BlobStore

    settings = get_settings()
    host = host or settings.host
    port = port or settings.port
    processes = workers or settings.workers
    url = _database_url()
    migrate.upgrade(url)
    # The API processes build the app themselves (uvicorn's factory) from the environment:
    # the database this process resolved (the embedded server is started here, once) goes
    # to them as DATABASE_URL, like every other setting.
    os.environ["DATABASE_URL"] = url.replace("+asyncpg", "", 1)
    get_settings.cache_clear()
    if settings.demo:

        async def demo() -> DemoAccess:
            database = _database(url)
            store = BlobStore.from_url(settings.storage_url, settings.data_dir)
            try:
                return await ensure_demo(database, store)
            finally:
                await database.dispose()

        access = asyncio.run(demo())
        err.print(f"GraphiQL:  http://{host}:{port}/graphql", soft_wrap=True)
        err.print(f"Token:     {access.token}", soft_wrap=True)
        err.print("           (demo tenant ADMIN; send it as `Authorization: Bearer <token>`)")
        if access.respondent_token:
            err.print(f"Vendor:    {access.respondent_token}", soft_wrap=True)
            err.print(
                f"           (a demo vendor's respondent token, for http://{host}:{port}"
                "/respond/graphql)",
                soft_wrap=True,
            )
    # The API processes never parse: documents are read by a worker process, one however
    # many API processes there are (it takes as many parses at once as there are cores).
    helper = subprocess.Popen([sys.executable, "-m", "app.cli", "worker"]) if worker else None
    # One process: uvicorn restores this handler on shutdown and raises the signal again:
    # SystemExit then unwinds through the `finally` below, where the default handler would
    # end the process before it and leave the worker running. Several: uvicorn's supervisor
    # takes SIGTERM over, stops its processes and returns.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        uvicorn.run(
            "app.main:create_app",
            factory=True,
            workers=processes,
            host=host,
            port=port,
            log_level=settings.log_level,
            # the client address (the security log, the failed-authentication brake) is the
            # one these proxies forward, not the proxy's own
            proxy_headers=True,
            forwarded_allow_ips=settings.forwarded_allow_ips,
            # Several processes: the supervisor asks each whether it is alive and kills one
            # that does not answer in time. A new process answers only once it has imported
            # tprm, which takes several seconds on a busy machine: uvicorn's 5 s would kill
            # it while it starts, again and again.
            timeout_worker_healthcheck=60,
        )
    finally:
        if helper is not None:
            helper.terminate()
            helper.wait(timeout=30)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply migrations (as the owner role of DATABASE_URL, or the embedded server)."""
    migrate.upgrade(_database_url(), revision)
    err.print(f"database at {migrate.head_revision() if revision == 'head' else revision}")


@tenant_app.command("list")
def tenant_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Every tenant, oldest first: id, name, current members, vendors, created."""

    async def run() -> list[tenancy_queries.TenantSummary]:
        database = await _operator_database()
        try:
            async with database.owner_transaction() as session:
                return await tenancy_queries.tenant_summaries(session)
        finally:
            await database.dispose()

    tenants = asyncio.run(run())
    if as_json:
        typer.echo(
            json.dumps(
                [
                    {
                        "tenant_id": str(t.id),
                        "name": t.name,
                        "members": t.members,
                        "vendors": t.vendors,
                        "created_at": t.created_at.isoformat(),
                    }
                    for t in tenants
                ]
            )
        )
        return
    table = Table("tenant", "name", "members", "vendors", "created")
    for t in tenants:
        table.add_row(
            str(t.id), t.name, str(t.members), str(t.vendors), t.created_at.date().isoformat()
        )
    Console().print(table)


@tenant_app.command("create")
def tenant_create(
    name: Annotated[str, typer.Argument(help="The company's name.")],
    admin_email: Annotated[str, typer.Option("--admin-email", help="Its first ADMIN.")],
    admin_name: Annotated[str | None, typer.Option(help="The ADMIN's display name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Create a tenant with its first ADMIN; prints the tenant id and a one-time token."""

    async def run() -> service.NewTenant:
        database = await _operator_database()
        try:
            async with database.transaction(None) as session:
                return await service.create_tenant(session, name, admin_email, admin_name)
        finally:
            await database.dispose()

    try:
        created = asyncio.run(run())
    except DomainError as error:
        raise _fail(error.message) from None
    out = {
        "tenant_id": str(created.tenant.id),
        "name": created.tenant.name,
        "admin_email": admin_email.strip().lower(),
        "token": created.admin_token.secret,
    }
    if as_json:
        typer.echo(json.dumps(out))
    else:
        typer.echo(f"tenant  {out['tenant_id']}  {out['name']}")
        typer.echo(f"token   {out['token']}   (shown once; ADMIN {out['admin_email']})")


@token_app.command("create")
def token_create(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant id.")],
    email: Annotated[str, typer.Option("--email", help="Whose token; made a member if new.")],
    role: Annotated[Role, typer.Option("--role", help="Their role in the tenant.")],
    name: Annotated[str, typer.Option(help="What the token is for.")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for machines.")] = False,
) -> None:
    """Create an API token for EMAIL in a tenant; prints it once."""
    tenant_id = _tenant_id(tenant)

    async def run() -> service.IssuedToken:
        database = await _operator_database()
        try:
            async with database.transaction(tenant_id) as session:
                return await service.grant_token(session, tenant_id, email, role, name)
        finally:
            await database.dispose()

    try:
        issued = asyncio.run(run())
    except DomainError as error:
        raise _fail(error.message) from None
    if as_json:
        typer.echo(json.dumps({"token_id": str(issued.token.id), "token": issued.secret}))
    else:
        typer.echo(issued.secret)


def _tenant_id(tenant: str) -> UUID:
    try:
        return UUID(tenant)
    except ValueError:
        raise _fail(f"not a tenant id: {tenant!r}") from None


@vendors_app.command("import")
def vendors_import(
    file: Annotated[Path, typer.Argument(help="CSV with a header row (see the README).")],
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant id.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report only; change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Create or update vendors from a CSV, matched by domain; prints a per-row report."""
    tenant_id = _tenant_id(tenant)
    try:
        data = file.read_bytes()
    except OSError as error:
        raise _fail(f"cannot read {file}: {error.strerror}") from None

    async def run() -> csv_io.ImportReport:
        database = await _operator_database()
        try:
            async with database.transaction(tenant_id) as session:
                if await tenancy_queries.get_tenant(session, tenant_id) is None:
                    raise NotFound("Tenant", "tenant")
                return await csv_io.import_vendors(session, Actor.system(tenant_id), data, dry_run)
        finally:
            await database.dispose()

    try:
        report = asyncio.run(run())
    except DomainError as error:
        raise _fail(error.message) from None
    counts = {k: report.count(k.upper()) for k in ("created", "updated", "unchanged", "rejected")}
    if as_json:
        rows = [
            {
                "line": r.line,
                "domain": r.domain,
                "outcome": r.outcome,
                "vendor_id": str(r.vendor_id) if r.vendor_id else None,
                "messages": r.messages,
            }
            for r in report.rows
        ]
        typer.echo(
            json.dumps({"dry_run": dry_run, **counts, "warnings": report.warnings, "rows": rows})
        )
        return
    table = Table("line", "domain", "outcome", "messages", title="dry run" if dry_run else None)
    for r in report.rows:
        table.add_row(str(r.line), r.domain or "", r.outcome, "; ".join(r.messages))
    Console().print(table)
    for warning in report.warnings:
        err.print(f"warning: {warning}", highlight=False)
    typer.echo(" ".join(f"{k}={v}" for k, v in counts.items()))


@vendors_app.command("export")
def vendors_export(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant id.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File; stdout if omitted.")
    ] = None,
) -> None:
    """Write the tenant's vendors as CSV, in the columns `vendors import` reads."""
    tenant_id = _tenant_id(tenant)

    async def run() -> str:
        database = await _operator_database()
        try:
            chunks = csv_export.export_csv(
                lambda: database.transaction(tenant_id), Actor.system(tenant_id), VendorFilter()
            )
            return "".join([chunk async for chunk in chunks])
        finally:
            await database.dispose()

    text = asyncio.run(run())
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def worker(
    drain: Annotated[
        bool, typer.Option(help="Exit once the queue is empty (batch runs, tests).")
    ] = False,
) -> None:
    """Run background jobs (parses, vendor imports, webhook deliveries, reminder sweeps)
    until stopped."""
    from app.jobs.worker import Worker

    async def run() -> None:
        await (await _operator_database()).dispose()
        jobs_worker = Worker(get_settings(), _database_url())
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, jobs_worker.stop)
        await jobs_worker.run(
            drain=drain,
            ready=lambda: err.print(f"worker ready: {jobs_worker.concurrency} parses at a time"),
        )

    asyncio.run(run())


@app.command()
def remind() -> None:
    """Append every tenant's reminders that fall due today (reviews, findings, actions) to
    the outbox, once each; a worker delivers them. Workers sweep on their own every
    TPRM_REMINDER_SWEEP_SECONDS: this is for cron, or to see it done now."""
    from domain.reviews import reminders

    async def run() -> int:
        database = await _operator_database()
        try:
            return await reminders.sweep_every_tenant(database.transaction, today())
        finally:
            await database.dispose()

    appended = asyncio.run(run())
    typer.echo(f"{appended} reminders appended to the outbox")


if __name__ == "__main__":
    app()
