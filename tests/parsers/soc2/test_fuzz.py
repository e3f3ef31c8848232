"""Damaged PDFs never give a traceback or a hang: JSON and exit 0, or one line and exit 2."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers.soc2 import Soc2ParseError, parse_pdf
from tests.parsers.soc2.generator import DocSpec, generate
from tests.parsers.soc2.helpers import real_report
from tests.parsers.soc2.mutations import MUTATIONS, mutants
from tests.parsers.soc2.test_cli import CONTRACT_KEYS

SMALL_REPORT = DocSpec("fuzz-seed", style="aligned", n_controls=10, n_exceptions=2, seed=41)


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("fuzz") / "seed.pdf"
    generate(SMALL_REPORT, str(path))
    return path.read_bytes()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from app.soc2_cli import app; app()", "parse", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_batch_of_mutated_and_truncated_pdfs_gives_json_or_one_line_errors(
    seed_pdf: bytes, tmp_path: Path
) -> None:
    tembo = real_report("tembo-soc-2-type-1-2023-11-30.pdf").read_bytes()
    files = []
    for prefix, data, count in (("gen", seed_pdf, 28), ("tembo", tembo, 14)):
        for name, damaged in mutants(data, count, seed=7):
            path = tmp_path / f"{prefix}-{name}.pdf"
            path.write_bytes(damaged)
            files.append(str(path))
    proc = _cli("--batch", str(tmp_path), "--jobs", "2", "--timeout", "20")
    assert proc.returncode in (0, 2)
    assert "Traceback" not in proc.stderr
    parsed = [json.loads(line) for line in proc.stdout.splitlines()]
    assert all(list(row)[1:] == CONTRACT_KEYS for row in parsed)
    errors = proc.stderr.splitlines()
    assert all(line.startswith("error: ") for line in errors)
    reported = [row["file"] for row in parsed] + [line.split(": ")[1] for line in errors]
    assert sorted(reported) == sorted(files)


@pytest.mark.parametrize("mutation", ["truncate", "deep_nesting", "absurd_numbers"])
def test_a_single_damaged_pdf_exits_0_with_json_or_2_with_one_line(
    seed_pdf: bytes, tmp_path: Path, mutation: str
) -> None:
    damage = next(m for m in MUTATIONS if m.__name__ == mutation)
    path = tmp_path / "damaged.pdf"
    path.write_bytes(damage(seed_pdf, random.Random(3)))
    proc = _cli(str(path), "--timeout", "20")
    assert "Traceback" not in proc.stderr
    if proc.returncode == 0:
        assert list(json.loads(proc.stdout)) == CONTRACT_KEYS
    else:
        assert proc.returncode == 2 and proc.stdout == ""
        assert len(proc.stderr.splitlines()) == 1


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(mutation=st.sampled_from(MUTATIONS), seed=st.integers(0, 10**6))
def test_the_library_returns_a_result_or_raises_a_parse_error(
    seed_pdf: bytes, mutation: object, seed: int
) -> None:
    damaged = mutation(seed_pdf, random.Random(seed))  # type: ignore[operator]
    try:
        result = parse_pdf(damaged)
    except Soc2ParseError:
        return
    assert list(result.to_dict()) == CONTRACT_KEYS
