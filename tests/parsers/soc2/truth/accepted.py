"""What the `notes` of ../shared/soc2-samples/real/truth/*.truth.json accept besides the truth's
own value, per document: other printed forms of a name, other pages for an item, optional items;
and whether the report should be sent to review. Written from those notes; the truth files
themselves are read from ../shared. The real-report tests and benchmarks/soc2_parse.py judge a
parse through the functions below, so both accept the same things."""

from __future__ import annotations

from typing import Any

from tests.parsers.soc2.generator.compare import same_item, same_name, text_key

NAMES = ("service_organization", "service_auditor")
TEXTS = ("opinion_basis",)

ACCEPTED: dict[str, dict[str, Any]] = {
    "2019-HackerBay-Fyipe-SOC-2-Type-2": {
        "service_organization": ["HackerBay, Inc.", "HackerBay", "Fyipe"],
        "service_auditor": [
            "SES Compliance and Attestation",
            "SES Compliance and Attestation, SSS INC.",
            "SES",
        ],
        "subservice_pages": {"AWS": {19, 5}},
        # control 6.10's result reports a change during the period: neither pass nor deviation
        "review_needed": True,
    },
    "2023-Neoflow-SOC-2-Type-1-Letter-of-Attestation": {
        "service_organization": ["Neoflow Inc", "Neoflow"],
        "service_auditor": ["Prescient Assurance LLC", "Prescient Assurance, LLC."],
    },
    "2024-MSG91-Walkover-SOC-2-Type-2": {
        "service_organization": [
            "Walkover Web Solutions Private Limited",
            "Walkover Web Solutions",
            "Walkover Web",
            "MSG91",
        ],
        # signed by an individual CPA; the firm is named only in Section 4
        "service_auditor": ["Atom Assurances", "Neha Mishra"],
        "subservice_pages": {name: {6, 11} for name in ("AWS", "Github", "MongoDB", "MySQL")}
        | {"Google LLC": {6, 11}},
        # an open-source product listed as if it were an organization: 4 or 5 are accepted
        "optional_subservice": ["MySQL"],
    },
    "2025-OneTrust-Certification-Automation-SOC-2-Type-2": {
        "service_organization": ["OneTrust, LLC", "OneTrust"],
        "service_auditor": ["Schellman & Company, LLC", "Schellman"],
        "subservice_pages": {"AWS": {5, 13, 19}},
    },
}


def same_fact(document: str, field: str, got: Any, truth: dict[str, Any]) -> bool:
    """A scalar field: names in any accepted form (with the tolerance of `same_name`), text with
    the tolerance of `text_key` (quotes, case, spacing), the rest exactly."""
    if field in TEXTS and got is not None and truth[field] is not None:
        return text_key(got) == text_key(truth[field])
    if field not in NAMES:
        return bool(got == truth[field])
    accepted = [truth[field], *ACCEPTED.get(document, {}).get(field, [])]
    return any(same_name(got, want) for want in accepted)


def same_listed(document: str, kind: str, got: dict[str, Any], want: dict[str, Any]) -> bool:
    """One item against one truth item; a subservice organization may be on any accepted page."""
    if kind != "subservice_organizations":
        return same_item(kind, got, want)
    pages = next(
        (
            p
            for n, p in ACCEPTED.get(document, {}).get("subservice_pages", {}).items()
            if same_name(got["name"], n)
        ),
        {want["page"]},
    )
    return same_item(kind, {**got, "page": want["page"]}, want) and got["page"] in pages


def required(document: str, kind: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items a parse is judged on: without the ones the truth's notes make optional."""
    if kind != "subservice_organizations":
        return list(items)
    optional = ACCEPTED.get(document, {}).get("optional_subservice", [])
    return [i for i in items if not any(same_name(i.get("name"), o) for o in optional)]


def review_needed(document: str) -> bool:
    return bool(ACCEPTED.get(document, {}).get("review_needed", False))
