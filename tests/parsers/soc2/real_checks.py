"""Shared assertions for the real-report tests: exceptions and CUECs against hand-written truth."""

from __future__ import annotations

from collections import Counter
from typing import Any

from tests.parsers.soc2.generator.compare import SCALARS

# the top-level facts contract version 2 gives a source for
SOURCED = [k for k in SCALARS if k != "pages"]


def assert_exceptions(parsed: dict[str, Any], expected: list[dict[str, Any]]) -> None:
    got = parsed["exceptions"]
    assert [e["control_id"] for e in got] == [e["control_id"] for e in expected]
    for exc, want in zip(got, expected, strict=True):
        assert exc["criteria"] == want["criteria"], exc["control_id"]
        assert exc["page"] == want["page"], exc["control_id"]
        assert exc["control"].startswith(want["control_starts"]), exc["control"]
        assert exc["test"].startswith(want["test_starts"]), exc["test"]
        assert exc["result"].startswith(want["result_starts"]), exc["result"]
        assert (exc["management_response"] or "").startswith(want["response_starts"]), exc


def assert_cuecs(parsed: dict[str, Any], truth: Any) -> None:
    cuecs = parsed["cuecs"]
    assert len(cuecs) == truth.CUEC_COUNT
    assert dict(Counter(c["page"] for c in cuecs)) == truth.CUEC_PAGES
    assert cuecs[0]["text"].startswith(truth.CUEC_FIRST_STARTS)
    assert cuecs[-1]["text"].startswith(truth.CUEC_LAST_STARTS)
    assert all(c["criteria"] == [] for c in cuecs)
    assert len({c["text"] for c in cuecs}) == len(cuecs)


def assert_read_in_full(parsed: dict[str, Any]) -> None:
    """A report read in full: no warning, nothing sent to review, every fact found is sourced."""
    assert parsed["warnings"] == []
    assert parsed["review"] == {"needed": False, "reasons": []}
    found = {k for k, v in parsed.items() if k in SOURCED and v not in (None, [])}
    assert set(parsed["sources"]) == found
    for source in parsed["sources"].values():
        assert 1 <= source["page"] <= parsed["pages"]
        assert 0 < len(source["quote"]) <= 300
