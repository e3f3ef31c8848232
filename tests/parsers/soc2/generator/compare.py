"""Compare a parse with its truth, field by field: tests assert on it, the benchmark counts it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

SCALARS = [
    "kind", "type", "service_organization", "service_auditor", "period_start", "period_end",
    "as_of", "report_date", "opinion", "opinion_basis", "trust_services_categories", "pages",
]  # fmt: skip
LISTS = ["exceptions", "cuecs", "subservice_organizations", "csocs"]


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _norm(value: Any) -> Any:
    """Whitespace collapsed and quotes straightened: how the parser prints text."""
    if isinstance(value, str):
        return " ".join(value.translate(_QUOTES).split())
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


def differences(
    parsed: dict[str, Any], truth: dict[str, Any], review: bool = False
) -> dict[str, tuple[Any, Any]]:
    """Every contract field whose parsed value differs from the truth: {field: (parsed, truth)}.

    The truth's extra keys (`review_needed`, `uncertain_results`, `source_pages`,
    `image_only_pages`) are ignored unless `review` is true; then `review_differences` is added.
    """
    out = {}
    for key in SCALARS + LISTS:
        got, want = _norm(parsed[key]), _norm(truth[key])
        if got != want:
            out[key] = (got, want)
    if review:
        out.update(review_differences(parsed, truth))
    return out


def item_key(kind: str, item: dict[str, Any]) -> tuple[Any, ...]:
    """Identity of a list item for precision and recall: the whole normalised item."""
    return tuple(sorted((k, str(_norm(v))) for k, v in item.items()))


# The tolerance for text, shared by the benchmark and the tests of real reports: two texts are
# the same when they have the same letters and digits in the same order, whatever the case,
# spacing, punctuation, quotes or hyphenation (layout, not content). Names also match on the
# name outside or inside a parenthesis ("Amazon Web Services (AWS)" is "AWS"), and a subservice
# organization's services, which truths paraphrase, match when half the content words of the
# shorter of the two are in the other.
_STOPWORDS = frozenset(
    "the and for of to a an in on with by or its their as is are from such".split()
)


def text_key(value: Any) -> str:
    """Letters and digits only, case folded: the form in which texts are compared."""
    if value is None:
        return ""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).casefold())


def _name_keys(name: str) -> set[str]:
    keys = {text_key(name)}
    inside = re.findall(r"\(([^)]*)\)", name)
    outside = re.sub(r"\([^)]*\)", " ", name)
    keys |= {text_key(outside), *(text_key(i) for i in inside)}
    return {k for k in keys if k}


def same_name(ours: str | None, truth: str | None) -> bool:
    """Names match as printed, or on the name outside or inside a parenthesis."""
    if ours is None or truth is None:
        return ours is truth
    return bool(_name_keys(ours) & _name_keys(truth))


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]{3,}", text.lower()) if w not in _STOPWORDS}


def same_services(ours: str | None, truth: str | None) -> bool:
    """Paraphrases match: half the content words of the shorter text are in the other."""
    if ours is None or truth is None:
        return ours is truth
    a, b = _content_words(ours), _content_words(truth)
    if not a or not b:
        return text_key(ours) == text_key(truth)
    return len(a & b) >= max(1, 0.5 * min(len(a), len(b)))


_TEXT_FIELDS = {"control", "test", "result", "management_response", "text"}


def same_item(kind: str, ours: dict[str, Any], truth: dict[str, Any]) -> bool:
    """One list item against its truth, field by field, with the tolerance above."""
    for field, want in truth.items():
        got = ours.get(field)
        if field == "control_id" or field in _TEXT_FIELDS:
            same = text_key(got) == text_key(want) and (got is None) == (want is None)
        elif field in ("name", "subservice_organization"):
            same = same_name(got, want)
        elif field == "services":
            same = same_services(got, want)
        else:
            same = got == want
        if not same:
            return False
    return True


def matched_items(
    kind: str,
    ours: list[dict[str, Any]],
    truth: list[dict[str, Any]],
    same: Callable[[str, dict[str, Any], dict[str, Any]], bool] = same_item,
) -> int:
    """How many of our items match a truth item one to one (for precision and recall)."""
    left = list(truth)
    hits = 0
    for item in ours:
        found = next((t for t in left if same(kind, item, t)), None)
        if found is not None:
            left.remove(found)
            hits += 1
    return hits


def review_differences(parsed: dict[str, Any], truth: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The new truth keys (contract version 2) against a parse: {key: (parsed, truth)}.

    - `review_needed`: the parse's `review.needed`;
    - `uncertain_results`: the (page, text) of the parse's UNCERTAIN_RESULT reasons, as a set;
    - `source_pages.<field>`: the page of the parse's `sources[field]` for every field the truth
      names (fields the parse sources beyond those are not judged).
    Documents generated before these keys existed have no `source_pages`; nothing is judged then.
    """
    out: dict[str, tuple[Any, Any]] = {}
    review = parsed.get("review") or {}
    if "review_needed" in truth and bool(review.get("needed")) != truth["review_needed"]:
        out["review_needed"] = (bool(review.get("needed")), truth["review_needed"])
    got = {
        (r.get("page"), _norm(r.get("text")))
        for r in review.get("reasons", [])
        if r.get("reason") == "UNCERTAIN_RESULT"
    }
    want = {(u["page"], _norm(u["text"])) for u in truth.get("uncertain_results", [])}
    if got != want:
        out["uncertain_results"] = (sorted(got, key=str), sorted(want, key=str))
    sources = parsed.get("sources") or {}
    for key, page in truth.get("source_pages", {}).items():
        found = (sources.get(key) or {}).get("page")
        if found != page:
            out[f"source_pages.{key}"] = (found, page)
    return out
