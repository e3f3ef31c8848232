"""The control domain of an exception in a vendor's SOC report, by documented rules, so the
register can show trends across vendors ("access-removal exceptions at 9 of 40 vendors")
and the same domain recurring at one vendor year over year. A reviewer may set another
(ExceptionDomainOverride); the rules decide the rest.

The rules, in order (the first that matches decides):
1. Wording: the exception's control and result, case-folded, searched for the words of
   each domain in WORDING's order (access before encryption: "access keys" are keys, but
   a "password" is access). Wording comes first because criteria numbering differs
   between reports (a 2016-numbered CC5.1 is logical access; in 2017 it is control
   activities).
2. Criteria: the first criterion of the exception in CRITERIA's prefixes (CC8 -> change
   management, A1 -> backup and availability, ...).
3. Otherwise OTHER.
"""

import enum
import re
from dataclasses import dataclass


class ExceptionDomain(enum.StrEnum):
    ACCESS = "ACCESS"  # access provisioning and removal
    CHANGE_MANAGEMENT = "CHANGE_MANAGEMENT"
    TRAINING_AND_AWARENESS = "TRAINING_AND_AWARENESS"
    DOCUMENTATION_AND_POLICY = "DOCUMENTATION_AND_POLICY"
    RISK_ASSESSMENT = "RISK_ASSESSMENT"
    VENDOR_MANAGEMENT = "VENDOR_MANAGEMENT"
    INCIDENT_RESPONSE = "INCIDENT_RESPONSE"
    BACKUP_AND_AVAILABILITY = "BACKUP_AND_AVAILABILITY"
    LOGGING_AND_MONITORING = "LOGGING_AND_MONITORING"
    ENCRYPTION = "ENCRYPTION"
    OTHER = "OTHER"


D = ExceptionDomain
WORDING: tuple[tuple[ExceptionDomain, tuple[str, ...]], ...] = (
    (D.CHANGE_MANAGEMENT, ("change request", "change ticket", "changes to", "deploy", "release",
                           "code review", "patch")),
    (D.ACCESS, ("access review", "user access", "terminat", "leaver", "revok", "deprovision",
                "provision", "password", "privileged", "least privilege", "multi-factor",
                "mfa", "authenticat", "account")),
    (D.ENCRYPTION, ("encrypt", "cryptograph", "certificate", "key rotation", "keys", "tls")),
    (D.BACKUP_AND_AVAILABILITY, ("backup", "back-up", "restore", "replicat", "disaster",
                                 "failover", "capacity", "availability")),
    (D.INCIDENT_RESPONSE, ("incident", "breach", "escalat")),
    (D.LOGGING_AND_MONITORING, ("monitor", "log ", "logs", "logging", "alert", "siem",
                                "vulnerabilit", "scan")),
    (D.TRAINING_AND_AWARENESS, ("training", "awareness", "onboarding acknowledg")),
    (D.VENDOR_MANAGEMENT, ("vendor", "third part", "subservice", "supplier")),
    (D.RISK_ASSESSMENT, ("risk assessment", "risk register", "risk analysis")),
    (D.DOCUMENTATION_AND_POLICY, ("policy", "policies", "procedure document", "background check",
                                  "code of conduct", "reviewed and approved annually")),
)  # fmt: skip
CRITERIA: tuple[tuple[str, ExceptionDomain], ...] = (
    ("CC6.", D.ACCESS),
    ("CC8.", D.CHANGE_MANAGEMENT),
    ("CC7.3", D.INCIDENT_RESPONSE),
    ("CC7.4", D.INCIDENT_RESPONSE),
    ("CC7.5", D.INCIDENT_RESPONSE),
    ("CC7.", D.LOGGING_AND_MONITORING),
    ("CC4.", D.LOGGING_AND_MONITORING),
    ("CC3.", D.RISK_ASSESSMENT),
    ("CC9.2", D.VENDOR_MANAGEMENT),
    ("CC9.1", D.RISK_ASSESSMENT),
    ("CC1.4", D.TRAINING_AND_AWARENESS),
    ("CC2.2", D.TRAINING_AND_AWARENESS),
    ("CC1.", D.DOCUMENTATION_AND_POLICY),
    ("CC2.", D.DOCUMENTATION_AND_POLICY),
    ("CC5.", D.DOCUMENTATION_AND_POLICY),
    ("A1.", D.BACKUP_AND_AVAILABILITY),
    ("C1.", D.ENCRYPTION),
)
_PATTERNS = tuple(
    (domain, re.compile("|".join(re.escape(w) for w in words))) for domain, words in WORDING
)


@dataclass(frozen=True)
class Classification:
    domain: ExceptionDomain
    rule: str  # which rule decided, in words


def classify(control: str | None, result: str | None, criteria: list[str]) -> Classification:
    """The exception's domain by the rules of the module's docstring."""
    text = f"{control or ''} {result or ''}".casefold()
    for domain, pattern in _PATTERNS:
        found = pattern.search(text)
        if found:
            return Classification(domain, f"wording: {found.group(0).strip()!r}")
    for criterion in criteria:
        for prefix, domain in CRITERIA:
            if criterion.upper().startswith(prefix):
                return Classification(domain, f"criteria: {criterion.upper()}")
    return Classification(D.OTHER, "no rule matched")
