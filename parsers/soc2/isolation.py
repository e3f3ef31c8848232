"""Parse documents in worker processes with a hard wall-clock deadline and a memory cap each.

The in-process deadline (checked between stages and pages) stops runaway Python code; a worker that
is stuck inside PDFium itself can only be stopped from outside, so the parent kills it at the
deadline and starts a fresh one.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

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


def _cap_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # not on POSIX: no cap, the deadline still applies
        return
    limit = megabytes * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or limit < hard:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _serve(conn: Connection, limits: ParseLimits, parser: Parser) -> None:
    try:
        _cap_memory(limits.max_memory_mb)
        while True:
            job = conn.recv()
            if job is None:
                return
            index, source = job
            conn.send((index, parser(source, limits)))
    except BaseException:
        # out of memory outside the parser, or the parent gone: end quietly, no traceback on
        # stderr; the parent reports the document as failed
        os._exit(70)


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    job: tuple[int, str] | None = None
    started: float = 0.0


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _start(limits: ParseLimits, parser: Parser) -> _Worker:
    parent, child = _context().Pipe()
    process = _context().Process(target=_serve, args=(child, limits, parser), daemon=True)
    process.start()
    child.close()
    return _Worker(process, parent)


def _stop(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
    worker.conn.close()


def parse_many(
    sources: Sequence[str],
    limits: ParseLimits,
    jobs: int | None = None,
    parser: Parser = parse_to_outcome,
) -> Iterator[Outcome]:
    """Parse every source in `jobs` worker processes; yield outcomes in input order."""
    if not sources:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(sources)))
    pending = list(enumerate(sources))
    pending.reverse()
    done: dict[int, Outcome] = {}
    next_out = 0
    workers = [_start(limits, parser) for _ in range(jobs)]
    budget = limits.timeout_seconds + _GRACE_SECONDS
    try:
        while next_out < len(sources):
            for worker in workers:
                if worker.job is None and pending:
                    worker.job = pending.pop()
                    worker.started = time.monotonic()
                    worker.conn.send(worker.job)
            busy = [w for w in workers if w.job is not None]
            now = time.monotonic()
            timeout = max(0.0, min(w.started + budget - now for w in busy)) if busy else 0.0
            ready = wait([w.conn for w in busy], timeout=timeout)
            for position, worker in enumerate(workers):
                if worker.job is None:
                    continue
                index, _source = worker.job
                outcome, broken = _collect(worker, worker.conn in ready, budget, limits)
                if outcome is None:
                    continue
                done[index] = outcome
                worker.job = None
                if broken:
                    _stop(worker)
                    workers[position] = _start(limits, parser)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for worker in workers:
            if worker.job is None and worker.process.is_alive():
                try:
                    worker.conn.send(None)
                    worker.process.join(timeout=5)
                except OSError:
                    pass
            _stop(worker)


def _collect(
    worker: _Worker, ready: bool, budget: float, limits: ParseLimits
) -> tuple[Outcome | None, bool]:
    """The worker's outcome if it has one (or has run out of time), and whether to replace it."""
    assert worker.job is not None
    index, source = worker.job
    if ready:
        try:
            got_index, outcome = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=1)
            code = worker.process.exitcode
            reason = f"exit code {code}"
            if code is not None and (code < 0 or code == 70):
                reason += ", maybe over the memory limit"
            return Outcome(source, None, f"the parser process died ({reason})"), True
        if got_index == index:
            return outcome, False
        return Outcome(source, None, "the parser process answered out of turn"), True
    if time.monotonic() - worker.started > budget:
        message = f"parse took longer than the {limits.timeout_seconds:g} s time limit"
        return Outcome(source, None, message), True
    return None, False
