"""The control domain of an exception in a vendor's SOC report, by documented rules, so the
register can show trends across vendors ("access-removal exceptions at 9 of 40 vendors")
and the same domain recurring at one vendor year over year. A reviewer may set another
(ExceptionDomainOverride); the rules decide the rest.

The rules:
1. Wording. Each domain has phrases (WORDING), matched whole-word in the exception's
   control and result, case-folded. A phrase found in the control counts 2, in the result
   1; the domain with the most wins, ties going to the earlier domain in WORDING. Wording
   comes first because criteria are numbered differently by reports of the 2016 criteria
   (a 2016 CC5.1 is logical access; in 2017 it is control activities).
2. Criteria. Without a telling word, the exception's first criterion with a mapped series
   decides: by the 2017 numbering (CRITERIA_2017), or by the 2016 one (CRITERIA_2016) for a
   report whose period ended before 15 December 2018.
3. Otherwise OTHER.
"""

import enum
import re
from dataclasses import dataclass
from datetime import date


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
# Regular expressions, matched whole-word (\b around each) in case-folded text.
WORDING: tuple[tuple[ExceptionDomain, tuple[str, ...]], ...] = (
    (D.ACCESS, (r"user access", r"access reviews?", r"access rights?", r"access requests?",
                r"leavers?", r"terminated (users?|employees?|staff)", r"revok\w*",
                r"de-?provision\w*", r"provision\w* (of )?(users?|access|accounts?)",
                r"passwords?", r"privileged", r"least privilege", r"multi-factor", r"mfa",
                r"authenticat\w*", r"user accounts?", r"logical access")),
    (D.CHANGE_MANAGEMENT, (r"change (requests?|tickets?|management|approvals?)",
                           r"changes? (to|were|was|are|is) (production|the code|code|deployed|"
                           r"approved|tested|migrated|implemented)",
                           r"code reviews?", r"patch(es|ing)?", r"deployments? to production",
                           r"emergency changes?")),
    (D.ENCRYPTION, (r"encrypt\w*", r"cryptograph\w*", r"tls", r"key management",
                    r"keys? (were|was|are|is) (rotated|stored|managed)")),
    (D.BACKUP_AND_AVAILABILITY, (r"backups?", r"back-ups?", r"restor\w*", r"replicat\w*",
                                 r"disaster recovery", r"failover", r"business continuity")),
    (D.INCIDENT_RESPONSE, (r"incidents?", r"breach\w*")),
    (D.LOGGING_AND_MONITORING, (r"logs?", r"logging", r"monitor\w*", r"alerts?", r"siem",
                                r"vulnerabilit\w*", r"scans?", r"scanning")),
    (D.TRAINING_AND_AWARENESS, (r"training", r"awareness")),
    (D.VENDOR_MANAGEMENT, (r"vendors?", r"third[- ]part\w*", r"subservice", r"suppliers?")),
    (D.RISK_ASSESSMENT, (r"risk assessments?", r"risk registers?", r"risk analys\w*")),
    (D.DOCUMENTATION_AND_POLICY, (r"polic(y|ies)", r"background checks?", r"code of conduct")),
)  # fmt: skip
CRITERIA_2017: tuple[tuple[str, ExceptionDomain], ...] = (
    ("CC6.", D.ACCESS),
    ("CC8.", D.CHANGE_MANAGEMENT),
    ("CC7.3", D.INCIDENT_RESPONSE),
    ("CC7.4", D.INCIDENT_RESPONSE),
    ("CC7.5", D.INCIDENT_RESPONSE),
    ("CC7.", D.LOGGING_AND_MONITORING),
    ("CC3.", D.RISK_ASSESSMENT),
    ("CC9.2", D.VENDOR_MANAGEMENT),
    ("CC9.1", D.RISK_ASSESSMENT),
    ("CC1.4", D.TRAINING_AND_AWARENESS),
    ("CC2.2", D.TRAINING_AND_AWARENESS),
    ("CC1.", D.DOCUMENTATION_AND_POLICY),
    ("CC2.", D.DOCUMENTATION_AND_POLICY),
    ("CC5.3", D.DOCUMENTATION_AND_POLICY),
    ("A1.", D.BACKUP_AND_AVAILABILITY),
)
# The 2016 criteria: CC3 risk management, CC5 logical and physical access, CC6 system
# operations (incidents), CC7 change management.
CRITERIA_2016: tuple[tuple[str, ExceptionDomain], ...] = (
    ("CC5.", D.ACCESS),
    ("CC6.", D.INCIDENT_RESPONSE),
    ("CC7.", D.CHANGE_MANAGEMENT),
    ("CC3.", D.RISK_ASSESSMENT),
    ("CC1.", D.DOCUMENTATION_AND_POLICY),
    ("CC2.", D.DOCUMENTATION_AND_POLICY),
    ("A1.", D.BACKUP_AND_AVAILABILITY),
)
CRITERIA_2017_FROM = date(2018, 12, 15)
_PATTERNS = tuple(
    (domain, re.compile("|".join(rf"\b(?:{w})\b" for w in words))) for domain, words in WORDING
)


@dataclass(frozen=True)
class Classification:
    domain: ExceptionDomain
    rule: str  # which rule decided, in words


def _wording(control: str, result: str) -> Classification | None:
    best: tuple[int, int, ExceptionDomain, str] | None = None
    for order, (domain, pattern) in enumerate(_PATTERNS):
        in_control = pattern.findall(control)
        in_result = pattern.findall(result)
        score = 2 * len(in_control) + len(in_result)
        if score and (best is None or score > best[0]):
            found = pattern.search(control) or pattern.search(result)
            assert found is not None
            best = (score, order, domain, found.group(0))
    if best is None:
        return None
    return Classification(best[2], f"wording: {best[3]!r}")


def classify(
    control: str | None, result: str | None, criteria: list[str], period_end: date | None = None
) -> Classification:
    """The exception's domain by the rules of the module's docstring."""
    found = _wording((control or "").casefold(), (result or "").casefold())
    if found is not None:
        return found
    numbering = (
        CRITERIA_2016
        if period_end is not None and period_end < CRITERIA_2017_FROM
        else CRITERIA_2017
    )
    for criterion in criteria:
        for prefix, domain in numbering:
            if criterion.upper().startswith(prefix):
                return Classification(domain, f"criteria: {criterion.upper()}")
    return Classification(D.OTHER, "no rule matched")
