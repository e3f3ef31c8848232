"""What findings a parsed SOC report calls for: documented, deterministic rules.

Only SOC 1, SOC 2 and SOC 3 reports raise findings; a bridge letter or an
unknown document raises none. `end` is the report's period end (or its as-of
date for a Type I); months are calendar months, clamped at month ends
(Jan 31 + 1 month = Feb 28, or 29 in a leap year).

| kind | raised when | severity | key |
|---|---|---|---|
| MODIFIED_OPINION | opinion QUALIFIED / ADVERSE or DISCLAIMER | HIGH / CRITICAL | `opinion` |
| CONTROL_EXCEPTION | one per exception | by vendor tier: CRITICAL -> HIGH, HIGH -> MEDIUM, MEDIUM and LOW -> LOW; one level higher when RECURRING | `exception:<exception key>` |
| STALE_REPORT | today is later than end + `stale_report_months` | MEDIUM; HIGH for CRITICAL and HIGH tier vendors | `stale` |
| BRIDGE_LETTER_MISSING | not stale, and today is later than covered-until + `bridge_letter_gap_months` | LOW; MEDIUM for CRITICAL and HIGH tier vendors | `bridge` |
| TYPE1_ONLY | a Type I SOC 1 or SOC 2, and the tenant asks this tier for Type II | MEDIUM | `type1` |
| CATEGORY_NOT_COVERED | one per category the tenant requires that a SOC 2 does not cover | HIGH for SECURITY, MEDIUM otherwise | `category:<CATEGORY>` |

- Covered-until starts at `end`. A bridge letter extends it to the letter's end
  when it starts no later than `BRIDGE_LETTER_SLACK_DAYS` after the current
  covered-until (a letter with no start date bridges from the report: that is
  what a bridge letter is) and ends after it; letters chain.
- A stale report supersedes a missing bridge letter: the vendor owes a new report.
- A report with no end date read raises neither STALE_REPORT nor BRIDGE_LETTER_MISSING.
- SOC 1 reports have control objectives, not categories; SOC 3 reports are
  not checked for categories either.
- Output is in `FindingKind` order; exceptions in report order, categories in
  `CATEGORIES` order. Keys depend only on the report, so re-parsing the same
  report gives the same keys and a caller can upsert on them.
- A finding these rules no longer call for is resolved by the system, except
  while the report needs review (its parse may have missed what would call for
  it: an empty list or a missing fact is no clean result). Then the report's
  findings are raised and updated but none is resolved, even after a reviewer's
  correction or dismissal; a report that needs review does not supersede an
  older report's STALE_REPORT and BRIDGE_LETTER_MISSING; a bridge letter that
  needs review covers only the dates its uploader gave. A reviewer's
  confirmation clears the flag and the findings are reconciled then
  (domain/findings/raising.py applies this).
"""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from domain.shared.risk import Tier
from domain.soc2.comparison import Comparison, ExceptionFacts, Recurrence, ReportFacts
from parsers.soc2.result import SOC_REPORT_KINDS, Category, Opinion


class FindingKind(StrEnum):
    """What is wrong; also the order findings are listed in."""

    MODIFIED_OPINION = "MODIFIED_OPINION"
    CONTROL_EXCEPTION = "CONTROL_EXCEPTION"
    STALE_REPORT = "STALE_REPORT"
    BRIDGE_LETTER_MISSING = "BRIDGE_LETTER_MISSING"
    TYPE1_ONLY = "TYPE1_ONLY"
    CATEGORY_NOT_COVERED = "CATEGORY_NOT_COVERED"
    # raised by a person (from a vendor review), not by a rule
    RAISED_BY_HAND = "RAISED_BY_HAND"
    # a questionnaire's red-flag answer, or a required question left unanswered
    QUESTIONNAIRE_ANSWER = "QUESTIONNAIRE_ANSWER"
    # a CUEC of the vendor's current report that no control of the tenant's runs
    CUEC_GAP = "CUEC_GAP"


# The rule key of a finding raised from an exception: this, then the exception's item key.
EXCEPTION_RULE = "exception:"


class Severity(StrEnum):
    """How urgent a finding is, lowest first."""

    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"

    @property
    def rank(self) -> int:
        """1 for LOW up to 4 for CRITICAL."""
        return list(Severity).index(self) + 1

    def raised(self) -> "Severity":
        """One level higher, CRITICAL staying CRITICAL."""
        levels = list(Severity)
        return levels[min(levels.index(self) + 1, len(levels) - 1)]


EXCEPTION_SEVERITY_BY_TIER = {
    Tier.CRITICAL: Severity.HIGH,
    Tier.HIGH: Severity.MEDIUM,
    Tier.MEDIUM: Severity.LOW,
    Tier.LOW: Severity.LOW,
}
OPINION_SEVERITY = {
    Opinion.QUALIFIED: Severity.HIGH,
    Opinion.ADVERSE: Severity.CRITICAL,
    Opinion.DISCLAIMER: Severity.CRITICAL,
}
# A bridge letter is often dated a little after the report's period ends.
BRIDGE_LETTER_SLACK_DAYS = 31
_EXCERPT_CHARS = 240


@dataclass(frozen=True)
class BridgeCoverage:
    """The period a bridge letter the vendor gave us covers."""

    covers_from: date | None
    covers_to: date | None


@dataclass(frozen=True)
class FindingPolicy:
    """The tenant's expectations of this vendor, from its settings and the vendor's tier."""

    vendor_tier: Tier
    type2_required: bool
    required_categories: frozenset[Category]
    stale_report_months: int = 12
    bridge_letter_gap_months: int = 3

    def __post_init__(self) -> None:
        # A typo here would silently raise nothing, so refuse it.
        object.__setattr__(self, "vendor_tier", Tier(self.vendor_tier))
        object.__setattr__(
            self, "required_categories", frozenset(Category(c) for c in self.required_categories)
        )
        if self.stale_report_months < 1 or self.bridge_letter_gap_months < 0:
            raise ValueError("stale_report_months must be >= 1, bridge_letter_gap_months >= 0")

    @property
    def high_tier(self) -> bool:
        return self.vendor_tier in (Tier.CRITICAL, Tier.HIGH)


@dataclass(frozen=True)
class FindingSpec:
    """A finding to raise (or keep) for a report, keyed for upserts."""

    key: str
    kind: FindingKind
    severity: Severity
    title: str
    description: str
    exception_key: str | None = None
    category: str | None = None
    owner_id: UUID | None = None  # who it is given to when raised (a person may change it)


def add_months(day: date, months: int) -> date:
    """Calendar months, the day clamped to the month's end: Jan 31 + 1 month = Feb 28/29."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def report_end(report: ReportFacts) -> date | None:
    """The last day the report speaks for: period end, or the as-of date of a Type I."""
    return report.period_end if report.period_end is not None else report.as_of


def covered_until(end: date, bridge_letters: Sequence[BridgeCoverage]) -> date:
    """`end`, extended by each bridge letter that picks up where coverage stops."""
    until = end
    extended = True
    while extended:
        extended = False
        for letter in bridge_letters:
            start = letter.covers_from or end
            if (
                letter.covers_to is not None
                and letter.covers_to > until
                and start <= until + timedelta(days=BRIDGE_LETTER_SLACK_DAYS)
            ):
                until, extended = letter.covers_to, True
    return until


def _excerpt(text: str) -> str:
    """One line, cut at a word near `_EXCERPT_CHARS`: the finding points at the report."""
    flat = " ".join(text.split())
    if len(flat) <= _EXCERPT_CHARS:
        return flat
    return flat[:_EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _opinion_findings(report: ReportFacts, comparison: Comparison) -> list[FindingSpec]:
    opinion = report.opinion
    if opinion is None or opinion not in OPINION_SEVERITY:
        return []
    name = "disclaimer of opinion" if opinion == "DISCLAIMER" else f"{opinion.lower()} opinion"
    before = (
        f" The previous report's opinion was {comparison.opinion_from.lower()}."
        if comparison.opinion_changed and comparison.opinion_from
        else ""
    )
    description = (
        f"The service auditor issued a {name}: the report does not give plain assurance that "
        f"the vendor's controls were designed and operated as described; read its basis.{before}"
    )
    title = f"{name[0].upper()}{name[1:]}"
    return [
        FindingSpec(
            "opinion",
            FindingKind.MODIFIED_OPINION,
            OPINION_SEVERITY[Opinion(opinion)],
            title,
            description,
        )
    ]


def _exception_finding(
    exception: ExceptionFacts, comparison: Comparison, policy: FindingPolicy
) -> FindingSpec:
    recurring = comparison.recurrence.get(exception.key) is Recurrence.RECURRING
    severity = EXCEPTION_SEVERITY_BY_TIER[policy.vendor_tier]
    where = [f"control {exception.control_id}"] if exception.control_id else ["a control"]
    if exception.criteria:
        where.append(f"criteria {', '.join(exception.criteria)}")
    if exception.page is not None:
        where.append(f"page {exception.page}")
    control = f" ({_excerpt(exception.control)})" if exception.control else ""
    description = (
        f"The auditor found an exception in {'; '.join(where)}{control}: "
        f"{_excerpt(exception.result)} A control that did not operate as described "
        f"may not have protected what it is there to protect during the period."
    )
    if recurring:
        severity = severity.raised()
        description += " The previous report had an exception for this control too."
    label = exception.control_id or ", ".join(exception.criteria)
    title = ("Recurring control exception" if recurring else "Control exception") + (
        f": {label}" if label else ""
    )
    return FindingSpec(
        key=f"{EXCEPTION_RULE}{exception.key}",
        kind=FindingKind.CONTROL_EXCEPTION,
        severity=severity,
        title=title,
        description=description,
        exception_key=exception.key,
    )


def current_until(
    end: date, bridge_letters: Sequence[BridgeCoverage], stale_months: int, gap_months: int
) -> date:
    """The last day a report ending on `end` is current: after it, the report is stale or
    the bridge-letter gap has opened (the days the timeliness findings are raised from)."""
    stale_after = add_months(end, stale_months)
    gap_after = add_months(covered_until(end, bridge_letters), gap_months)
    return min(stale_after, gap_after)


def _timeliness_findings(
    report: ReportFacts,
    policy: FindingPolicy,
    bridge_letters: Sequence[BridgeCoverage],
    today: date,
) -> list[FindingSpec]:
    end = report_end(report)
    if end is None:
        return []
    stale_after = add_months(end, policy.stale_report_months)
    if today > stale_after:
        return [
            FindingSpec(
                key="stale",
                kind=FindingKind.STALE_REPORT,
                severity=Severity.HIGH if policy.high_tier else Severity.MEDIUM,
                title="SOC report out of date",
                description=(
                    f"The report covers the vendor up to {end.isoformat()}, more than "
                    f"{policy.stale_report_months} months ago (stale since "
                    f"{(stale_after + timedelta(days=1)).isoformat()}). It no longer shows how "
                    f"the vendor's controls work today; ask for the current report."
                ),
            )
        ]
    until = covered_until(end, bridge_letters)
    gap_after = add_months(until, policy.bridge_letter_gap_months)
    if today <= gap_after:
        return []
    bridged = f", extended by bridge letters to {until.isoformat()}" if until != end else ""
    return [
        FindingSpec(
            key="bridge",
            kind=FindingKind.BRIDGE_LETTER_MISSING,
            severity=Severity.MEDIUM if policy.high_tier else Severity.LOW,
            title="Bridge letter missing",
            description=(
                f"The report covers the vendor up to {end.isoformat()}{bridged}; nothing covers "
                f"the time since, more than {policy.bridge_letter_gap_months} months. Ask the "
                f"vendor for a bridge letter (or its next report)."
            ),
        )
    ]


def _type1_findings(report: ReportFacts, policy: FindingPolicy) -> list[FindingSpec]:
    if not (report.report_type == "TYPE1" and policy.type2_required and report.kind != "SOC3"):
        return []
    as_of = f" as of {report.as_of.isoformat()}" if report.as_of else ""
    description = (
        f"This Type I report shows the controls were designed{as_of}, not that they operated "
        f"over a period. Your rules for {policy.vendor_tier.lower()} tier vendors ask for Type II."
    )
    return [
        FindingSpec(
            "type1", FindingKind.TYPE1_ONLY, Severity.MEDIUM, "Type I report only", description
        )
    ]


def _category_findings(report: ReportFacts, policy: FindingPolicy) -> list[FindingSpec]:
    if report.kind != "SOC2":
        return []
    return [
        FindingSpec(
            key=f"category:{category}",
            kind=FindingKind.CATEGORY_NOT_COVERED,
            severity=Severity.HIGH if category == "SECURITY" else Severity.MEDIUM,
            title=f"{category.replace('_', ' ').capitalize()} not covered",
            description=(
                f"The SOC 2 report does not cover {category.replace('_', ' ').lower()}, which you "
                f"require from this vendor: nothing in it tests those controls."
            ),
            category=category,
        )
        for category in Category
        if category in policy.required_categories and category not in report.categories
    ]


def findings_for(
    report: ReportFacts,
    comparison: Comparison,
    policy: FindingPolicy,
    bridge_letters: Sequence[BridgeCoverage],
    today: date,
) -> list[FindingSpec]:
    """Every finding the report calls for, in `FindingKind` order (see the module table)."""
    if report.kind not in SOC_REPORT_KINDS:
        return []
    return [
        *_opinion_findings(report, comparison),
        *(_exception_finding(e, comparison, policy) for e in report.exceptions),
        *_timeliness_findings(report, policy, bridge_letters, today),
        *_type1_findings(report, policy),
        *_category_findings(report, policy),
    ]
