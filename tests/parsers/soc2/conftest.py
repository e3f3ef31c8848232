"""Fixtures for the SOC parser tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parsers.soc2.helpers import write_pdf


@pytest.fixture
def small_pdf(tmp_path: Path) -> Path:
    """A two-page PDF that is not a SOC report."""
    return write_pdf(
        tmp_path / "memo.pdf", [["Quarterly memo", "Nothing to report."], ["Page two"]]
    )
