"""Word banks for the general renderer: how firms write dates, test results (passes, deviations,
non-occurrence and results that say neither), CUEC headings, subservice sentences, auditors and
signers. Every sentence here is written for this generator, not taken from a report."""

from __future__ import annotations

import datetime as dt
import random

# date styles: "us" January 26, 2024 · "ordinal" 26th January 2024 · "uk" 26 January 2024
DATE_STYLES = ("us", "ordinal", "uk")
# how a period is joined: "to", "to_comma" (May 1, 2024, to April 30, 2025), "through",
# "dash" (-), "en_dash" (\u2013), "from_through"
PERIOD_FORMS = ("to", "to_comma", "through", "dash", "en_dash", "from_through")


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_text(d: dt.date, style: str) -> str:
    if style == "ordinal":
        return f"{ordinal(d.day)} {d:%B} {d.year}"
    if style == "uk":
        return f"{d.day} {d:%B} {d.year}"
    return f"{d:%B} {d.day}, {d.year}"


def period_text(start: dt.date, end: dt.date, style: str, form: str) -> str:
    """The two dates of a period as the report prints them after "the period"."""
    a, b = date_text(start, style), date_text(end, style)
    if style == "uk" and start.year == end.year and form in ("to", "through"):
        # UK reports drop the first year: "1 January to 31 December 2024"
        a = f"{start.day} {start:%B}"
    if form == "through":
        return f"{a} through {b}"
    if form == "dash":
        return f"{a} - {b}"
    if form == "en_dash":
        return f"{a} \u2013 {b}"
    if form == "from_through":
        return f"from {a} through {b}"
    if form == "to_comma" and style == "us":
        return f"{a}, to {b}"
    return f"{a} to {b}"


# ---- test results -------------------------------------------------------------------------------
PASS_PLAIN = ["No exceptions noted.", "No deviations noted.", "No exceptions identified."]
PASS_AFTER_PROCEDURE = [
    "Inspected the supporting evidence for the selected sample and determined that the control"
    " operated as described. {verdict}",
    "Reperformed the control for the sample selected and compared the outcome with the"
    " documented procedure. {verdict}",
]
NON_OCCURRENCE = [
    "No instances occurred during the period that would have required the control to operate;"
    " therefore, no testing of operating effectiveness was performed.",
    "Not tested. The circumstances that warrant the operation of the control did not occur"
    " during the period.",
    "The control did not operate during the period; therefore, the operating effectiveness of"
    " the control was not tested.",
]
# the non-occurrence sentence some firms print in the test column, running across the results
NON_OCCURRENCE_SPANNING = (
    "Inspected the listing of {things} during the period and the query used to generate it and"
    " determined that there were no {things} during the period; therefore, no testing of"
    " operating effectiveness was performed."
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
DEVIATIONS = [
    "Exception noted. For {k} of {n} sampled {things}, {problem}.",
    "The control operated effectively except for {k} of the {n} {things} selected, for which"
    " {problem}.",
    "Except as follows, no exceptions were noted: for {k} of {n} sampled {things}, {problem}.",
    "The following exception was noted: for {k} of the {n} {things} inspected, {problem}.",
    "Testing revealed {k} of {n} {things} for which {problem}.",
    "The control was not operating effectively: for {k} of {n} {things}, {problem}.",
    "Observed deviations: for {k} of the {n} {things} sampled, {problem}.",
]
REMAINING = " No exceptions noted on the remaining tests performed."
# results that are neither a pass nor a deviation: a person must look at them
UNCERTAIN = [
    "See management's response in Section V.",
    "Refer to note 4.",
    "Testing could not be completed; see below.",
    "Results pending remediation review.",
]
ATTRIBUTE_TESTS = [
    "Inspected the ticket for evidence of approval.",
    "Inspected the ticket for evidence of testing prior to release.",
    "Compared the completion date with the required timeframe.",
    "Inspected the system log for the corresponding entry.",
]


def deviation(rng: random.Random, index: int) -> str:
    things, problem = rng.choice(PROBLEMS)
    k, n = rng.randint(1, 4), rng.choice([8, 25, 30, 40, 60])
    return DEVIATIONS[index % len(DEVIATIONS)].format(k=k, n=n, things=things, problem=problem)


# ---- CUECs, subservice organizations, signers ---------------------------------------------------
CUEC_NAMES = [
    "Complementary User Entity Controls",
    "User Entity Responsibilities",
    "Complementary Customer Controls",
    "Customer Responsibilities",
    "User Control Considerations",
]
CUEC_TEXTS = [
    "Customers are responsible for managing their own users' access to the application,"
    " including the timely removal of users who leave.",
    "Customers are responsible for protecting the credentials of their administrators.",
    "Customers are responsible for reporting suspected security incidents affecting their"
    " accounts in a timely manner.",
    "Customers are responsible for the completeness and accuracy of the data they submit.",
    "Customers are responsible for enabling multi-factor authentication for their users.",
    "Customers are responsible for reviewing the audit logs made available to them.",
    "Customers are responsible for keeping their billing and technical contacts up to date.",
    "Customers are responsible for their own business continuity and disaster recovery plans.",
    "Customers are responsible for sending data to the service over encrypted connections.",
    "Customers are responsible for approving requests for new user access within their"
    " organization.",
]
SUBSERVICE = [
    ("Amazon Web Services, Inc.", "AWS", "cloud hosting services"),
    ("Google Cloud Platform", "GCP", "infrastructure hosting services"),
    ("Microsoft Azure", "Azure", "managed database services"),
    ("Equinix, Inc.", None, "colocation data center services"),
    ("Stripe, Inc.", None, "payment processing services"),
    ("Twilio Inc.", None, "messaging delivery services"),
]
CSOC_TEXTS = [
    ("{x} is expected to restrict physical access to data center facilities, backup media, and"
     " other system components to authorized personnel.", ["CC6.4", "CC6.5"]),
    ("{x} is expected to implement controls to manage logical access to the underlying network,"
     " virtualization management, and storage devices.", ["CC6.1", "CC6.2", "CC6.3", "CC6.6"]),
    ("{x} is expected to maintain environmental protections, including fire suppression and"
     " redundant power, at the facilities that house production systems.", ["A1.2"]),
    ("{x} is expected to test its business continuity and disaster recovery procedures"
     " periodically.", ["A1.3"]),
    ("{x} is expected to securely dispose of storage media that held customer data.",
     ["C1.2"]),
    ("{x} is expected to monitor its infrastructure for security events and respond to"
     " incidents.", ["CC7.2", "CC7.3", "CC7.4"]),
]  # fmt: skip
FIRMS = [
    ("Brightwater & Company, LLC", "Brightwater"),
    ("Keystone Attest Partners, LLC", "Keystone"),
    ("Marlow Reed CPAs, LLP", "Marlow Reed"),
    ("Quillfield Assurance LLC", "Quillfield"),
    ("Tideline Audit Services, P.C.", "Tideline"),
]
INDIVIDUALS = ["Priya Raman", "Daniel Okafor", "Elena Marsh", "Tomas Lindqvist", "Grace Huang"]
CLIENT_SIGNERS = ["Morgan Ellis", "Jordan Whitaker", "Samira Haddad", "Lucas Brennan"]
CITIES = [
    "Tampa, Florida",
    "New York City, New York",
    "Austin, Texas",
    "Chicago, Illinois",
    "Portland, Oregon",
]
RESPONSES = [
    "Management has automated the alert to IT when HR records a termination and reviews open"
    " offboarding tickets weekly.",
    "Management has made the approval field mandatory in the ticketing system.",
    "Branch protection now blocks merges without an approving review.",
    "An owner tracks training completion weekly and escalates overdue items to managers.",
    "Management agrees and will complete the outstanding reviews next quarter.",
]
