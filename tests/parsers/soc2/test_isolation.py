"""Worker processes: a document that hangs is killed at its deadline; the others still parse;
each starts from a forkserver that did the caller's imports once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import types
from pathlib import Path

from parsers.soc2.isolation import Outcome, forkserver_preload, parse_many
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


def test_a_module_run_with_m_is_imported_once_by_the_forkserver() -> None:
    worker = types.SimpleNamespace(__spec__=types.SimpleNamespace(name="app.cli"))

    assert forkserver_preload(worker) == ["app.cli", "parsers.soc2.pipeline"]


def test_a_script_is_loaded_once_by_the_forkserver_from_its_path() -> None:
    script = types.SimpleNamespace(__spec__=None, __file__="/usr/local/bin/tprm")

    assert forkserver_preload(script) == ["__main__", "parsers.soc2.pipeline"]


def test_a_package_s_main_never_runs_in_the_forkserver() -> None:
    pytest_run_with_m = types.SimpleNamespace(
        __spec__=types.SimpleNamespace(name="pytest.__main__")
    )

    assert forkserver_preload(pytest_run_with_m) == ["parsers.soc2.pipeline"]


CALLER = """
import asyncio
import sys

import heavy_dependency  # stands for the whole app a worker imports
from parsers.soc2.isolation import parse_one
from parsers.soc2.limits import ParseLimits


async def main():
    for _ in range(3):
        outcome = await parse_one(sys.argv[1], ParseLimits())
        assert outcome.error is not None  # not a PDF: what matters is the process it ran in


if __name__ == "__main__":
    asyncio.run(main())
"""


def test_each_parse_finds_the_caller_s_imports_done_in_the_forkserver(tmp_path: Path) -> None:
    marks = tmp_path / "imports.txt"
    (tmp_path / "heavy_dependency.py").write_text(
        "import os\nwith open(os.environ['MARKS'], 'a') as marks:\n"
        "    marks.write(f'{os.getpid()}\\n')\n"
    )
    (tmp_path / "caller.py").write_text(CALLER)
    not_a_pdf = tmp_path / "report.pdf"
    not_a_pdf.write_text("not a PDF")
    root = Path(__file__).resolve().parents[3]

    subprocess.run(
        [sys.executable, "-m", "caller", str(not_a_pdf)],
        env={**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{root}", "MARKS": str(marks)},
        cwd=tmp_path,
        check=True,
        timeout=120,
    )

    # the caller and the forkserver import it; the three parses' processes do not
    assert len(marks.read_text().split()) == 2


def _report_niceness(source: str, limits: ParseLimits) -> Outcome:
    return Outcome(source, {"nice": os.nice(0)}, None)


def test_a_parse_s_process_gives_way_for_the_cpu_as_far_as_asked() -> None:
    own = os.nice(0)

    [outcome] = parse_many(["a"], ParseLimits(nice=5), 1, _report_niceness)

    assert outcome.result == {"nice": min(19, own + 5)}
