"""What the `notes` of ../shared/soc2-samples/real/truth/*.truth.json accept besides the truth's
own value, per document: other printed forms of a name, other pages for an item, optional items.
Written from those notes; the truth files themselves are read from ../shared."""

from __future__ import annotations

from typing import Any

ACCEPTED: dict[str, dict[str, Any]] = {
    "2019-HackerBay-Fyipe-SOC-2-Type-2": {
        "service_organization": ["HackerBay, Inc.", "HackerBay", "Fyipe"],
        "service_auditor": [
            "SES Compliance and Attestation",
            "SES Compliance and Attestation, SSS INC.",
            "SES",
        ],
        "subservice_pages": {"AWS": {19, 5}},
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
