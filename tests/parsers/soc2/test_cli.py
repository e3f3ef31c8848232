"""`tprm soc2 parse`: JSON and exit 0, or one line on stderr and exit 2; batches as JSON Lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from app.soc2_cli import app
from tests.parsers.soc2.helpers import real_report, write_pdf

CONTRACT_KEYS = [
    "kind", "type", "service_organization", "service_auditor", "period_start", "period_end",
    "as_of", "report_date", "opinion", "opinion_basis", "trust_services_categories", "exceptions",
    "cuecs", "subservice_organizations", "csocs", "pages", "warnings", "sources", "review",
]  # fmt: skip

runner = CliRunner()


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a real child interpreter, as a user would run it."""
    return subprocess.run(
        [sys.executable, "-c", "from app.soc2_cli import app; app()", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_parse_prints_one_json_object_with_exactly_the_contract_keys(small_pdf: Path) -> None:
    result = runner.invoke(app, ["parse", str(small_pdf)])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)) == CONTRACT_KEYS


def test_parse_in_a_real_process_exits_0_with_json(small_pdf: Path) -> None:
    proc = run_cli("parse", str(small_pdf))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["pages"] == 2


def test_a_text_file_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("hello")
    proc = run_cli("parse", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "not a PDF" in proc.stderr and "Traceback" not in proc.stderr


def test_a_password_protected_pdf_exits_2(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "locked.pdf", [["x"]], user_password="u", owner_password="o")
    result = runner.invoke(app, ["parse", str(path)])
    assert result.exit_code == 2
    assert "password" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["parse", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1


def test_a_tiny_timeout_exits_2_instead_of_hanging(small_pdf: Path) -> None:
    proc = run_cli("parse", "--timeout", "0.000001", str(small_pdf))
    assert proc.returncode == 2
    assert "time limit" in proc.stderr and "Traceback" not in proc.stderr


def test_limits_default_from_environment_variables(small_pdf: Path) -> None:
    import os

    env = {**os.environ, "TPRM_PARSE_MAX_PAGES": "1"}
    proc = run_cli("parse", str(small_pdf), env=env)
    assert proc.returncode == 2
    assert "page limit" in proc.stderr


def test_an_option_overrides_the_environment(small_pdf: Path) -> None:
    import os

    env = {**os.environ, "TPRM_PARSE_MAX_PAGES": "1"}
    proc = run_cli("parse", "--max-pages", "5", str(small_pdf), env=env)
    assert proc.returncode == 0, proc.stderr


def test_batch_prints_json_lines_with_the_file_in_input_order(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    write_pdf(folder / "b.pdf", [["one"]])
    write_pdf(folder / "sub" / "a.PDF", [["one"], ["two"]])
    (folder / "readme.txt").write_text("not a pdf, not listed")
    proc = run_cli("parse", "--batch", str(folder), "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [Path(r["file"]).relative_to(folder).as_posix() for r in rows] == ["b.pdf", "sub/a.PDF"]
    assert [r["pages"] for r in rows] == [1, 2]
    assert all(list(r)[1:] == CONTRACT_KEYS for r in rows)


def test_batch_reports_a_broken_file_on_stderr_and_exits_2(tmp_path: Path) -> None:
    write_pdf(tmp_path / "good.pdf", [["one"]])
    (tmp_path / "bad.pdf").write_bytes(b"garbage")
    proc = run_cli("parse", "--batch", str(tmp_path))
    assert proc.returncode == 2
    assert len(proc.stdout.splitlines()) == 1
    assert proc.stderr.strip().startswith("error: ") and "bad.pdf" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_parse_needs_a_file_or_a_batch_folder() -> None:
    result = runner.invoke(app, ["parse"])
    assert result.exit_code == 2


def test_batch_shows_a_progress_bar_only_when_stderr_is_a_terminal(tmp_path: Path) -> None:
    import os
    import pty

    write_pdf(tmp_path / "a.pdf", [["one"]])
    write_pdf(tmp_path / "b.pdf", [["two"]])
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from app.soc2_cli import app; app()",
                "parse",
                "--batch",
                str(tmp_path),
            ],
            stdout=subprocess.PIPE,
            stderr=slave,
            text=True,
            timeout=120,
        )
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) == 2
    assert b"parsing" in shown and b"2/2" in shown
    piped = run_cli("parse", "--batch", str(tmp_path))
    assert piped.stderr == ""


def test_a_worker_over_its_memory_limit_gives_one_line_and_exit_2() -> None:
    report = real_report("tembo-soc-2-type-1-2023-11-30.pdf")
    proc = run_cli("parse", "--max-memory-mb", "1", str(report))
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1
    assert "memory" in proc.stderr and "Traceback" not in proc.stderr


def test_an_unwritable_output_gives_one_line_and_exit_2(small_pdf: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-c", "from app.soc2_cli import app; app()", "parse", str(small_pdf)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: cannot write the output")
    assert len(proc.stderr.splitlines()) == 1
