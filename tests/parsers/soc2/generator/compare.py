"""Compare a parse with its truth, field by field: tests assert on it, the benchmark counts it."""

from __future__ import annotations

from typing import Any

SCALARS = [
    "kind", "type", "service_organization", "service_auditor", "period_start", "period_end",
    "as_of", "report_date", "opinion", "opinion_basis", "trust_services_categories", "pages",
]  # fmt: skip
LISTS = ["exceptions", "cuecs", "subservice_organizations", "csocs"]


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def warning_problems(parsed: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """What is wrong with the warnings: image-only pages named, non-SOC explained, else none."""
    warnings = parsed["warnings"]
    problems = []
    expected_any = False
    if truth["image_only_pages"]:
        expected_any = True
        named = [w for w in warnings if "image only" in w]
        if not named or not all(str(p) in named[0] for p in truth["image_only_pages"][:1]):
            problems.append(f"image-only pages {truth['image_only_pages']} not named: {warnings}")
    if truth["kind"] == "UNKNOWN":
        expected_any = True
        if not any("SOC report" in w for w in warnings):
            problems.append(f"UNKNOWN without a warning saying why: {warnings}")
    if not expected_any and warnings:
        problems.append(f"unexpected warnings: {warnings}")
    return problems


def differences(parsed: dict[str, Any], truth: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Every field whose parsed value differs from the truth: {field: (parsed, truth)}."""
    out = {}
    for key in SCALARS + LISTS:
        got, want = _norm(parsed[key]), _norm(truth[key])
        if got != want:
            out[key] = (got, want)
    return out


def item_key(kind: str, item: dict[str, Any]) -> tuple[Any, ...]:
    """Identity of a list item for precision and recall: the whole normalised item."""
    return tuple(sorted((k, str(_norm(v))) for k, v in item.items()))
