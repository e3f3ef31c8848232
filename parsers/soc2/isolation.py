"""Parse documents in worker processes with a hard wall-clock deadline and a memory cap each.

The in-process deadline (checked between stages and pages) stops runaway Python code; a process
that is stuck inside PDFium itself can only be stopped from outside, so the pool (pebble) kills
it at the deadline and starts a fresh one. Processes start from a clean interpreter (forkserver,
or spawn where there is none), never forked from the caller: a fork copies the caller's threads'
locks and open database connections, and a child forked from a worker's event loop can hang on
them or hold a transaction open after the worker is gone.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

from pebble import ProcessExpired, ProcessPool

from parsers.soc2.errors import Soc2ParseError
from parsers.soc2.limits import ParseLimits
from parsers.soc2.pipeline import parse_pdf

_GRACE_SECONDS = 1.0  # let the worker's own deadline report first; kill only if it cannot


@dataclass(frozen=True)
class Outcome:
    """One document's result: the contract's JSON object, or a one-line error."""

    source: str
    result: dict[str, Any] | None
    error: str | None


def one_line(message: str) -> str:
    """Collapse a message to a single line."""
    return " ".join(message.split()) or "unknown error"


def parse_to_outcome(source: str, limits: ParseLimits) -> Outcome:
    """Parse one file in this process; every failure becomes a one-line error, never a traceback."""
    try:
        return Outcome(source, parse_pdf(source, limits).to_dict(), None)
    except Soc2ParseError as err:
        return Outcome(source, None, one_line(str(err)))
    except MemoryError:
        return Outcome(source, None, "limit exceeded: the parse ran out of its memory limit")
    except RecursionError:
        return Outcome(source, None, "the PDF is too deeply nested to parse")
    except Exception as err:  # a parser bug must still give one line and exit 2, not a traceback
        return Outcome(
            source, None, one_line(f"internal parser error: {type(err).__name__}: {err}")
        )


Parser = Callable[[str, ParseLimits], Outcome]


def _limit_process(megabytes: int, nice: int) -> None:
    """A parse's process, as it starts: its memory capped, its CPU priority lowered."""
    if nice > 0 and hasattr(os, "nice"):
        os.nice(nice)
    try:
        import resource
    except ImportError:  # not on POSIX: no cap, the deadline still applies
        return
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def forkserver_preload(main: Any) -> list[str]:
    """What the forkserver imports once, before it forks any parse's process, for a caller
    whose main module is `main`.

    A process that multiprocessing does not fork from its caller imports the caller's main
    module again first (as `__mp_main__`): for `python -m app.cli worker` or `tprm worker`,
    the whole app, seconds of CPU for every document, more than most parses take. Imported
    once in the server instead, each process forked from it finds that work done: for a module
    run with `-m`, its imports (the module's own lines, run again, are cheap); for a script,
    the script itself (`__main__`: the server loads it from its path, and a process then skips
    it). A package's `__main__` (`python -m pytest`) is never imported again in a process, and
    must not run in the server either. Then the parser, so each process forks with PDFium
    loaded."""
    preload = ["parsers.soc2.pipeline"]
    name = getattr(getattr(main, "__spec__", None), "name", None)
    if name is None:
        preload.insert(0, "__main__")
    elif name != "__main__" and not name.endswith(".__main__"):
        preload.insert(0, name)
    return preload


def _context() -> Any:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # read when the server starts (the first pool), ignored after
    context.set_forkserver_preload(forkserver_preload(sys.modules["__main__"]))
    return context


def _started() -> bool:
    return True


def start_server() -> None:
    """Start the forkserver now (a worker at its start) and wait until it has imported what
    it preloads (a process forked from it has answered), so that the first document waits for
    neither. Nothing to do where there is no forkserver."""
    if _context().get_start_method() != "forkserver":
        return
    pool = _pool(1, ParseLimits())
    try:
        pool.schedule(_started).result()
    finally:
        pool.stop()
        pool.join()


def _pool(jobs: int, limits: ParseLimits) -> ProcessPool:
    return ProcessPool(
        max_workers=jobs,
        initializer=_limit_process,
        initargs=(limits.max_memory_mb, limits.nice),
        context=_context(),
    )


async def parse_one(source: str, limits: ParseLimits, parser: Parser = parse_to_outcome) -> Outcome:
    """One document in its own process, awaited without holding a thread: cancelling the
    await kills the process (a worker told to stop abandons the parse at once)."""
    budget = limits.timeout_seconds + _GRACE_SECONDS
    pool = _pool(1, limits)
    try:
        future = pool.schedule(parser, args=(source, limits), timeout=budget)
        try:
            await asyncio.wrap_future(future)
        except Exception:  # noqa: S110 - the outcome says what went wrong
            pass
        return _outcome(source, future, limits)
    finally:
        pool.stop()
        await asyncio.to_thread(pool.join)


def parse_many(
    sources: Sequence[str],
    limits: ParseLimits,
    jobs: int | None = None,
    parser: Parser = parse_to_outcome,
) -> Iterator[Outcome]:
    """Parse every source in `jobs` processes; yield outcomes in input order. `parser` must be
    a module-level function (it is sent to a fresh interpreter)."""
    if not sources:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(sources)))
    budget = limits.timeout_seconds + _GRACE_SECONDS
    pool = _pool(jobs, limits)
    try:
        futures = [
            pool.schedule(parser, args=(source, limits), timeout=budget) for source in sources
        ]
        for source, future in zip(sources, futures, strict=True):
            yield _outcome(source, future, limits)
    finally:
        pool.stop()  # kills whatever is still running: a consumer that stopped early
        pool.join()


def _outcome(source: str, future: Any, limits: ParseLimits) -> Outcome:
    try:
        outcome: Outcome = future.result()
        return outcome
    except FutureTimeout:
        message = f"parse took longer than the {limits.timeout_seconds:g} s time limit"
        return Outcome(source, None, message)
    except ProcessExpired as died:
        reason = f"exit code {died.exitcode}"
        if died.exitcode < 0 or died.exitcode == 70:
            reason += ", maybe over the memory limit"
        return Outcome(source, None, f"the parser process died ({reason})")
    except MemoryError:
        return Outcome(source, None, "limit exceeded: the parse ran out of its memory limit")
