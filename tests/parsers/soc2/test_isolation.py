"""Worker processes: a document that hangs is killed at its deadline; the others still parse."""

from __future__ import annotations

import time

from parsers.soc2.isolation import Outcome, parse_many
from parsers.soc2.limits import ParseLimits


def _hang_on_b(source: str, limits: ParseLimits) -> Outcome:
    if source == "b":
        time.sleep(60)  # stands for PDFium stuck in C code, which no in-process check can stop
    return Outcome(source, {"ok": source}, None)


def _die_on_b(source: str, limits: ParseLimits) -> Outcome:
    if source == "b":
        import os

        os._exit(9)
    return Outcome(source, {"ok": source}, None)


def test_a_hanging_document_is_killed_at_the_deadline_and_the_batch_goes_on() -> None:
    started = time.monotonic()
    outcomes = list(parse_many(["a", "b", "c"], ParseLimits(timeout_seconds=0.5), 2, _hang_on_b))
    assert time.monotonic() - started < 10
    assert [o.source for o in outcomes] == ["a", "b", "c"]
    assert outcomes[1].result is None and "time limit" in (outcomes[1].error or "")
    assert outcomes[0].result == {"ok": "a"} and outcomes[2].result == {"ok": "c"}


def test_a_worker_that_dies_gives_an_error_for_that_document_only() -> None:
    outcomes = list(parse_many(["a", "b", "c", "d"], ParseLimits(), 1, _die_on_b))
    assert [o.error is None for o in outcomes] == [True, False, True, True]
    assert "died" in (outcomes[1].error or "")
