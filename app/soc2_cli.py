"""`tprm soc2 parse`: print what a SOC report PDF says, as the JSON of the extraction contract."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from parsers.soc2.isolation import Outcome, parse_many
from parsers.soc2.limits import ParseLimits

app = typer.Typer(
    help="Read SOC 1/2/3 reports and bridge letters (PDF) into the soc2-extraction JSON contract.",
    add_completion=False,
    pretty_exceptions_enable=False,
)

_DEFAULTS = ParseLimits()


@app.callback()
def soc2() -> None:
    """SOC report tools."""


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {' '.join(message.split())}", err=True)
    return typer.Exit(code=2)


def _output_failed(err: OSError) -> typer.Exit:
    # point stdout at /dev/null so the interpreter's final flush cannot fail with a traceback
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return _fail(f"cannot write the output: {err.strerror or err}")


def _pdfs_under(directory: Path) -> list[str]:
    found = [p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"]
    return [str(p) for p in sorted(found)]


def _dump(obj: dict[str, Any], pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _run_batch(sources: list[str], limits: ParseLimits, jobs: int) -> int:
    failures = 0
    progress = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        # no auto refresh: no background thread, so worker processes fork from a single thread
        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            auto_refresh=False,
            transient=True,
        )
    outcomes = parse_many(sources, limits, jobs)
    if progress is None:
        for outcome in outcomes:
            failures += _emit_batch(outcome)
        return failures
    with progress:
        task = progress.add_task("parsing", total=len(sources))
        progress.refresh()
        for outcome in outcomes:
            failures += _emit_batch(outcome)
            progress.advance(task)
            progress.refresh()
    return failures


def _emit_batch(outcome: Outcome) -> int:
    if outcome.result is None:
        typer.echo(f"error: {outcome.source}: {outcome.error}", err=True)
        return 1
    typer.echo(_dump({"file": outcome.source, **outcome.result}, pretty=False))
    return 0


@app.command()
def parse(
    file: Annotated[
        Path | None, typer.Argument(help="The PDF to parse.", show_default=False)
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help="Parse every PDF under this folder; print JSON Lines."),
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="Worker processes for --batch (0: every core).")
    ] = 0,
    max_pages: Annotated[
        int, typer.Option(envvar="TPRM_PARSE_MAX_PAGES", help="Refuse documents with more pages.")
    ] = _DEFAULTS.max_pages,
    max_bytes: Annotated[
        int, typer.Option(envvar="TPRM_PARSE_MAX_BYTES", help="Refuse larger files.")
    ] = _DEFAULTS.max_bytes,
    timeout: Annotated[
        float,
        typer.Option(envvar="TPRM_PARSE_TIMEOUT_SECONDS", help="Seconds allowed per document."),
    ] = _DEFAULTS.timeout_seconds,
    max_memory_mb: Annotated[
        int, typer.Option(envvar="TPRM_PARSE_MAX_MEMORY_MB", help="Memory cap per worker, MB.")
    ] = _DEFAULTS.max_memory_mb,
) -> None:
    """Parse one PDF (JSON object) or, with --batch, a folder of PDFs (JSON Lines with "file")."""
    if (file is None) == (batch is None):
        raise _fail("give either FILE or --batch DIR")
    if min(max_pages, max_bytes, max_memory_mb) <= 0 or timeout <= 0 or jobs < 0:
        raise _fail("limits must be positive numbers")
    limits = ParseLimits(max_pages, max_bytes, timeout, max_memory_mb)
    if batch is not None:
        if not batch.is_dir():
            raise _fail(f"{batch}: not a folder")
        try:
            failures = _run_batch(_pdfs_under(batch), limits, jobs or os.cpu_count() or 1)
        except OSError as err:  # stdout closed early (| head) or full
            raise _output_failed(err) from None
        if failures:
            raise typer.Exit(code=2)
        return
    assert file is not None
    if not file.is_file():
        raise _fail(f"{file}: no such file")
    outcome = next(parse_many([str(file)], limits, jobs=1))
    if outcome.result is None:
        raise _fail(f"{file}: {outcome.error}")
    try:
        typer.echo(_dump(outcome.result, pretty=True))
    except OSError as err:
        raise _output_failed(err) from None
