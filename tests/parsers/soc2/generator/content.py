"""Text banks and the random choices of a synthetic report: organisations, controls, tests,
results in every wording, CUECs, subservice organisations and CSOCs."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

ORGS = [
    ("Acme Cloud, Inc.", "Acme"),
    ("Northwind Data LLC", "Northwind"),
    ("Globex Payments Corp.", "Globex"),
    ("Initech Software, Inc.", "Initech"),
    ("Umbrella Analytics Ltd.", "Umbrella"),
    ("Vandelay Logistics Platform, Inc.", "Vandelay"),
]
AUDITORS = [
    "Example Audit LLP",
    "Brightline Assurance, LLC",
    "Harbor & Finch CPAs",
    "Summit Attest P.C.",
    "Larkspur Risk Advisory LLP",
]
CITIES = ["Denver, Colorado", "Austin, Texas", "Boston, Massachusetts", "Seattle, Washington"]
CATEGORIES = ["Security", "Availability", "Processing Integrity", "Confidentiality", "Privacy"]
CRITERIA_2017 = [
    "CC1.1", "CC1.2", "CC1.3", "CC1.4", "CC1.5", "CC2.1", "CC2.2", "CC2.3", "CC3.1", "CC3.2",
    "CC3.3", "CC3.4", "CC4.1", "CC4.2", "CC5.1", "CC5.2", "CC5.3", "CC6.1", "CC6.2", "CC6.3",
    "CC6.4", "CC6.5", "CC6.6", "CC6.7", "CC6.8", "CC7.1", "CC7.2", "CC7.3", "CC7.4", "CC7.5",
    "CC8.1", "CC9.1", "CC9.2", "A1.1", "A1.2", "A1.3", "C1.1", "C1.2", "PI1.1", "PI1.3", "P4.1",
]  # fmt: skip
CRITERIA_2016 = ["CC1.4", "CC2.6", "CC5.6", "CC5.8", "CC6.2", "CC7.4", "C1.5", "C1.8", "PI1.6"]
CRITERION_TEXT = {
    "CC": "The entity implements logical access security software, infrastructure, and"
    " architectures over protected information assets to protect them from security events.",
    "A": "The entity maintains, monitors, and evaluates current processing capacity and use of"
    " system components to manage capacity demand.",
    "C": "The entity identifies and maintains confidential information to meet the entity's"
    " objectives related to confidentiality.",
    "PI": "The entity obtains or generates, uses, and communicates relevant, quality information"
    " regarding the objectives related to processing.",
    "P": "The entity grants identified and authenticated data subjects the ability to access"
    " their stored personal information for review.",
}
CONTROLS = [
    "Access to production systems requires multi-factor authentication through the corporate"
    " identity provider.",
    "User access requests are documented, approved by the system owner, and provisioned by IT"
    " operations personnel.",
    "Access for terminated employees is revoked within one business day of termination.",
    "Management performs a quarterly review of privileged access to production systems and"
    " remediates inappropriate access.",
    "Changes to production code are peer reviewed and approved before deployment.",
    "Emergency changes are documented and retroactively approved within five business days.",
    "Production data is encrypted at rest using AES-256 and in transit using TLS 1.2 or higher.",
    "Vulnerability scans are performed monthly and critical findings are remediated within 30"
    " days.",
    "An annual penetration test is performed by an independent third party.",
    "Backups are performed daily, replicated to a second region, and restore tests are"
    " performed quarterly.",
    "New hires complete security awareness training within 30 days of hire and annually"
    " thereafter.",
    "Background checks are performed for new hires prior to their start date.",
    "The information security policy is reviewed and approved by management annually.",
    "An annual risk assessment is performed and risks are tracked to resolution.",
    "Security incidents are logged, tracked, and resolved according to the incident response plan.",
    "Vendors are assessed for security risks before onboarding and annually thereafter.",
    "Firewall rules are reviewed semi-annually by network engineering.",
    "Monitoring tools alert the on-call engineer of availability events 24x7.",
    "The business continuity plan is tested annually and results are reviewed by management.",
    "Customer data is deleted within 30 days of contract termination upon request.",
    "The board of directors meets quarterly and reviews the state of information security.",
    "Endpoint protection software is installed on all workstations and updated daily.",
]
TESTS = [
    "Inquired of the control owner to understand the process.",
    "Inspected the system configuration to determine that the control was configured as described.",
    "For a sample of requests, inspected evidence of approval prior to provisioning.",
    "Inspected the quarterly review documentation for a sample of quarters.",
    "Observed the control owner perform the control.",
    "Re-performed the control for a sample of items selected from the population.",
    "Inspected the policy to determine that it was reviewed and approved during the period.",
]
PASS_WORDING = [
    "No exceptions noted.",
    "No deviations noted.",
    "No exceptions identified.",
    "No relevant exceptions noted.",
    "No exceptions noted in the testing performed.",
]
NOT_TESTED = (
    "Control did not operate during the period; therefore, no testing of operating"
    " effectiveness was performed."
)
PROBLEMS = [
    ("terminated users", "access was not revoked within one business day"),
    ("access requests", "evidence of approval could not be provided"),
    ("changes", "the peer review was not performed before deployment"),
    ("new hires", "security awareness training was not completed within 30 days"),
    ("quarterly reviews", "the review was not documented"),
    ("vulnerability findings", "remediation was not completed within 30 days"),
    ("backups", "the restore test was not performed"),
]
RESPONSES = [
    "Management has updated the offboarding checklist and implemented an automated alert to"
    " the IT team when HR records a termination.",
    "Management has re-emphasized the importance of retaining approval evidence and added a"
    " required approval field to the ticketing system.",
    "The engineering team has enabled branch protection so that changes cannot be merged"
    " without an approving review.",
    "Management has assigned an owner to track training completion weekly and escalate overdue"
    " items.",
    "Management agrees with the finding and will complete the remaining reviews during the"
    " next quarter.",
]
CUECS = [
    "User entities are responsible for managing their own users' access to the application,"
    " including timely removal of terminated users.",
    "User entities are responsible for protecting the credentials of their administrators.",
    "User entities are responsible for reporting security incidents related to their accounts"
    " in a timely manner.",
    "User entities are responsible for ensuring that data they submit is complete and accurate.",
    "User entities are responsible for configuring multi-factor authentication for their users.",
    "User entities are responsible for reviewing audit logs made available to them.",
    "User entities are responsible for encrypting sensitive data before uploading it where"
    " required by their policies.",
    "User entities are responsible for maintaining their own business continuity plans.",
    "Customers are responsible for notifying the service organization of changes to"
    " authorized contacts.",
    "Customers are responsible for the security of the devices used to access the service.",
]
SUBSERVICE = [
    ("Amazon Web Services", "AWS", "cloud hosting services"),
    ("Google Cloud Platform", "GCP", "infrastructure hosting services"),
    ("Equinix, Inc.", None, "colocation data center services"),
    ("Stripe, Inc.", None, "payment processing services"),
]
CSOC_TEXTS = [
    "{x} is responsible for restricting physical access to data center facilities to"
    " authorized personnel.",
    "{x} is responsible for environmental protections, including fire suppression and power"
    " redundancy, at data centers.",
    "{x} is responsible for the availability of the hosting infrastructure in line with its"
    " service level agreements.",
    "{x} is responsible for the secure disposal of storage media.",
]


@dataclass
class Control:
    """One tested control and what the truth expects of it."""

    control_id: str | None
    printed_id: str | None
    criteria: list[str]
    text: str
    tests: list[str]
    result: str
    exception: bool
    response: str | None = None
    objective: int = 0


@dataclass
class Content:
    """Everything a synthetic report says, before layout."""

    org: str
    alias: str
    auditor: str
    city: str
    categories: list[str]
    period: tuple[dt.date, dt.date]
    as_of: dt.date
    report_date: dt.date
    controls: list[Control] = field(default_factory=list)
    cuecs: list[tuple[str, list[str]]] = field(default_factory=list)
    subservice: list[tuple[str, str | None, str]] = field(default_factory=list)
    csocs: list[tuple[str, str, list[str]]] = field(default_factory=list)


def result_text(rng: random.Random, wording: int) -> str:
    """A deviation in one of the wordings auditors use."""
    things, problem = rng.choice(PROBLEMS)
    k, n = rng.randint(1, 4), rng.choice([25, 30, 40, 60])
    options = [
        f"Exception Noted: For {k} of the {n} sampled {things}, {problem}.",
        f"Exceptions noted. For {k} of {n} samples selected, {problem}.",
        f"Deviation noted. For {k} of the {n} {things} inspected, {problem}.",
        f"The test of the control activity disclosed the following exception: for {k} of"
        f" {n} {things}, {problem}.",
        f"For one (1) of {n} {things}, {problem}.",
        f"Exception(s) identified: {problem} for {k} of {n} {things}.",
    ]
    return options[wording % len(options)]


def make_content(rng: random.Random, n_controls: int, n_exceptions: int, legacy: bool) -> Content:
    org, alias = rng.choice(ORGS)
    start = dt.date(rng.choice([2021, 2022, 2023, 2024]), rng.choice([1, 4, 7, 10]), 1)
    months = rng.choice([3, 6, 12])
    end_month = (start.month - 1 + months) % 12 + 1
    end_year = start.year + (start.month - 1 + months) // 12
    end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
    cats = ["Security", *rng.sample(CATEGORIES[1:], rng.randint(0, 3))]
    content = Content(
        org=org,
        alias=alias,
        auditor=rng.choice(AUDITORS),
        city=rng.choice(CITIES),
        categories=[c for c in CATEGORIES if c in cats],
        period=(start, end),
        as_of=end,
        report_date=end + dt.timedelta(days=rng.randint(20, 60)),
    )
    bank = CRITERIA_2016 if legacy else CRITERIA_2017
    failing = set(rng.sample(range(n_controls), min(n_exceptions, n_controls)))
    for i in range(n_controls):
        criteria = sorted(set(rng.sample(bank, rng.randint(1, 2))), key=bank.index)
        exception = i in failing
        if exception:
            result = result_text(rng, rng.randint(0, 5))
        else:
            result = NOT_TESTED if rng.random() < 0.05 else rng.choice(PASS_WORDING)
        content.controls.append(
            Control(
                control_id=None,
                printed_id=None,
                criteria=criteria,
                text=rng.choice(CONTROLS),
                tests=rng.sample(TESTS, rng.randint(1, 3)),
                result=result,
                exception=exception,
                response=rng.choice(RESPONSES) if exception else None,
                objective=1 + i * 4 // max(1, n_controls),
            )
        )
    for text in rng.sample(CUECS, rng.randint(3, 8)):
        content.cuecs.append((text, sorted(rng.sample(CRITERIA_2017[:33], rng.randint(1, 2)))))
    for name, sub_alias, services in rng.sample(SUBSERVICE, rng.randint(1, 2)):
        content.subservice.append((name, sub_alias, services))
    for name, sub_alias, _services in content.subservice:
        for template in rng.sample(CSOC_TEXTS, rng.randint(1, 3)):
            crit = sorted(rng.sample(["CC6.4", "CC6.5", "CC7.2", "A1.2"], rng.randint(1, 2)))
            content.csocs.append((template.format(x=sub_alias or name), name, crit))
    return content
