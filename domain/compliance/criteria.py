"""The 2017 trust services criteria (revised 2022) as a catalogue: every criterion id, the
series it belongs to and the trust services category that series serves, points of focus
left out.

The titles are tprm's own short words for what each criterion is about, written to name it
in lists and reports; they are not the AICPA's text, which is licensed and is not
reproduced here. The ids are those `domain.questionnaires.definition.SERIES_2017` counts.
"""

from dataclasses import dataclass

from parsers.soc2.result import Category

__all__ = ["BY_ID", "CRITERIA", "Category", "Criterion", "criterion"]


@dataclass(frozen=True)
class Criterion:
    id: str  # CC6.1
    title: str  # tprm's own short words
    series: str  # CC6
    series_title: str  # tprm's own words for the series
    category: Category


# A series' id without its number names its category: CC6 -> CC -> SECURITY.
_CATEGORY_OF_PREFIX = {
    "CC": Category.SECURITY,
    "A": Category.AVAILABILITY,
    "C": Category.CONFIDENTIALITY,
    "PI": Category.PROCESSING_INTEGRITY,
    "P": Category.PRIVACY,
}

# Each series in order: its id, its title and the titles of its criteria, 1 upward.
_SERIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "CC1",
        "Control environment",
        (
            "Commitment to integrity and ethical conduct",
            "Independent board oversight of internal control",
            "Structure, reporting lines and authority set by management",
            "Hiring, developing and keeping competent people",
            "People held accountable for their control duties",
        ),
    ),
    (
        "CC2",
        "Information and communication",
        (
            "Relevant, good-quality information supports internal control",
            "Control objectives and duties communicated inside the organisation",
            "Control matters communicated with outside parties",
        ),
    ),
    (
        "CC3",
        "Risk assessment",
        (
            "Objectives clear enough to assess risks against",
            "Risks to objectives identified and analysed",
            "Fraud risk considered",
            "Changes that could affect internal control assessed",
        ),
    ),
    (
        "CC4",
        "Monitoring of controls",
        (
            "Ongoing and separate evaluations of controls",
            "Control deficiencies reported and corrected in time",
        ),
    ),
    (
        "CC5",
        "Control activities",
        (
            "Control activities chosen to reduce risks",
            "General controls over technology",
            "Controls put in place through policies and procedures",
        ),
    ),
    (
        "CC6",
        "Logical and physical access",
        (
            "Logical access security over information assets",
            "Granting and removing user access",
            "Role-based access, least privilege and segregation of duties",
            "Physical access to facilities and assets restricted",
            "Safe disposal of assets that hold data",
            "Protection against threats from outside the system",
            "Data protected in transmission, movement and removal",
            "Preventing and detecting malicious or unauthorised software",
        ),
    ),
    (
        "CC7",
        "System operations",
        (
            "Detecting risky configuration changes and new vulnerabilities",
            "Monitoring systems for anomalies that signal attacks or errors",
            "Evaluating security events to find incidents",
            "Responding to security incidents",
            "Recovering from security incidents",
        ),
    ),
    (
        "CC8",
        "Change management",
        ("Changes authorised, tested and approved before release",),
    ),
    (
        "CC9",
        "Risk mitigation",
        (
            "Mitigating the risk of business disruption",
            "Managing risks from vendors and business partners",
        ),
    ),
    (
        "A1",
        "Availability",
        (
            "Capacity monitored and planned to meet demand",
            "Environmental safeguards, backups and recovery infrastructure",
            "Recovery plans tested",
        ),
    ),
    (
        "C1",
        "Confidentiality",
        (
            "Confidential information identified and protected",
            "Confidential information disposed of when no longer needed",
        ),
    ),
    (
        "PI1",
        "Processing integrity",
        (
            "Definitions of processed data and service specifications",
            "Inputs complete and accurate",
            "Processing complete, accurate and timely",
            "Outputs complete, accurate and delivered as intended",
            "Inputs, work in progress and outputs stored safely",
        ),
    ),
    (
        "P1",
        "Privacy notice",
        ("Data subjects told about privacy practices",),
    ),
    (
        "P2",
        "Choice and consent",
        ("Choices offered and consent obtained for personal information",),
    ),
    (
        "P3",
        "Collection of personal information",
        (
            "Personal information collected only for stated purposes",
            "Explicit consent where collection calls for it",
        ),
    ),
    (
        "P4",
        "Use, retention and disposal",
        (
            "Personal information used only for its purposes",
            "Personal information kept only as long as needed",
            "Personal information disposed of securely",
        ),
    ),
    (
        "P5",
        "Data subject access",
        (
            "Data subjects can see their personal information",
            "Personal information corrected on request",
        ),
    ),
    (
        "P6",
        "Disclosure and notification",
        (
            "Disclosure to third parties only with consent",
            "Record kept of authorised disclosures",
            "Record kept of unauthorised disclosures",
            "Privacy commitments obtained from third parties with access",
            "Third parties report unauthorised disclosures",
            "Breaches notified to those affected",
            "Data subjects told what is held and disclosed about them",
        ),
    ),
    (
        "P7",
        "Quality of personal information",
        ("Personal information kept accurate, complete and current",),
    ),
    (
        "P8",
        "Privacy monitoring and enforcement",
        ("Privacy inquiries, complaints and disputes handled",),
    ),
)


def _category(series: str) -> Category:
    return _CATEGORY_OF_PREFIX[series.rstrip("0123456789")]


CRITERIA: tuple[Criterion, ...] = tuple(
    Criterion(f"{series}.{n}", title, series, series_title, _category(series))
    for series, series_title, titles in _SERIES
    for n, title in enumerate(titles, start=1)
)
BY_ID: dict[str, Criterion] = {c.id: c for c in CRITERIA}


def criterion(id: str) -> Criterion | None:
    """The criterion `id` names (CC6.1), or None when it names none of the 2017 criteria."""
    return BY_ID.get(id)
