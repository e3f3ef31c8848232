"""The gap questionnaire: which questions of a template the vendor's SOC report already
answers, so that only the rest is sent.

A question is decided by the trust services criteria it maps to, against the report:

- SEND when it maps to no criterion, when a criterion it maps to lies outside the report's
  categories (CC criteria are in every SOC 2; A, C, PI and P only when the report covers
  Availability, Confidentiality, Processing Integrity or Privacy), or when the report cannot
  vouch for anything: not a SOC 2, an opinion that is not unqualified (or none read), a
  reading that still needs a reviewer's look, or a period that ended before the 2017
  criteria were required (15 December 2018: such a report may number its criteria the 2016
  way, and CC6.1 there is not CC6.1 here);
- FLAGGED when the report has an exception on one of its criteria: it is sent anyway, with
  the exception quoted (the control, the auditor's words, the page), so the vendor says
  what it did about it;
- COVERED otherwise: pre-answered "covered by the SOC 2 report", with the report's type,
  period (or as-of date) and opinion, and the page and words the opinion was read from.

A reviewer sees every decision and may send a COVERED question anyway. Conditions are left
to the vendor's answers: a follow-up of a covered question is decided on its own criteria.
"""

import enum
from dataclasses import dataclass
from datetime import date

from domain.questionnaires.definition import Question, Template

# The category a series of criteria belongs to (the Common Criteria are always in scope).
_CATEGORY = {
    "CC": None,
    "A": "AVAILABILITY",
    "C": "CONFIDENTIALITY",
    "PI": "PROCESSING_INTEGRITY",
    "P": "PRIVACY",
}


CRITERIA_2017_REQUIRED = date(2018, 12, 15)


class Decision(enum.StrEnum):
    SEND = "SEND"
    COVERED = "COVERED"
    FLAGGED = "FLAGGED"


@dataclass(frozen=True)
class Source:
    page: int | None
    quote: str | None


@dataclass(frozen=True)
class ReportException:
    criteria: tuple[str, ...]
    control: str | None
    result: str
    page: int | None


@dataclass(frozen=True)
class ReportFacts:
    """What of a vendor's read SOC report the gap questionnaire relies on."""

    kind: str
    type: str | None
    period_start: date | None
    period_end: date | None
    as_of: date | None
    opinion: str | None
    opinion_source: Source | None
    categories: frozenset[str]
    exceptions: tuple[ReportException, ...]
    review_needed: bool


@dataclass(frozen=True)
class PreAnswer:
    key: str
    decision: Decision
    why: str  # in words, for the reviewer (and, for FLAGGED, the vendor)
    source: Source | None  # where in the report


def _series(criterion: str) -> str:
    return criterion.split(".")[0].rstrip("0123456789")


def _in_scope(criterion: str, categories: frozenset[str]) -> bool:
    category = _CATEGORY.get(_series(criterion))
    return category is None or category in categories


def _vouches(report: ReportFacts) -> str | None:
    """Why the report cannot pre-answer anything, or None when it can."""
    if report.kind != "SOC2":
        return f"The vendor's report is a {report.kind}, not a SOC 2."
    if report.review_needed:
        return "The report's reading waits for a reviewer's confirmation."
    if report.opinion != "UNQUALIFIED":
        return f"The report's opinion is {report.opinion or 'not read'}, not unqualified."
    ended = report.period_end or report.as_of
    if ended is None or ended < CRITERIA_2017_REQUIRED:
        return "The report may number its criteria the 2016 way (it ended before 2018-12-15)."
    return None


def _covered_by(report: ReportFacts) -> str:
    kind = "Type II" if report.type == "TYPE2" else "Type I"
    if report.period_start and report.period_end:
        when = f"for {report.period_start.isoformat()} to {report.period_end.isoformat()}"
    elif report.as_of:
        when = f"as of {report.as_of.isoformat()}"
    else:
        when = "for its period"
    return f"Covered by the vendor's SOC 2 {kind} report {when}, unqualified opinion."


def decide(question: Question, report: ReportFacts | None) -> PreAnswer:
    """What the report (None: the vendor has none) says to one question (see the module's
    docstring)."""
    if not question.criteria:
        return PreAnswer(question.key, Decision.SEND, "Mapped to no criterion.", None)
    if report is None:
        return PreAnswer(question.key, Decision.SEND, "The vendor has no SOC report in tprm.", None)
    refused = _vouches(report)
    if refused:
        return PreAnswer(question.key, Decision.SEND, refused, None)
    outside = [c for c in question.criteria if not _in_scope(c, report.categories)]
    if outside:
        return PreAnswer(
            question.key,
            Decision.SEND,
            f"The report does not cover {', '.join(outside)}.",
            None,
        )
    for exception in report.exceptions:
        hit = [c for c in question.criteria if c in exception.criteria]
        if hit:
            control = f" ({exception.control})" if exception.control else ""
            return PreAnswer(
                question.key,
                Decision.FLAGGED,
                f"The report has an exception on {', '.join(hit)}{control}: {exception.result}",
                Source(exception.page, exception.result[:300]),
            )
    return PreAnswer(question.key, Decision.COVERED, _covered_by(report), report.opinion_source)


def pre_answers(template: Template, report: ReportFacts | None) -> list[PreAnswer]:
    """Every question's decision, in the template's order."""
    return [decide(question, report) for question in template.questions()]


def _day(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _listed(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def facts_of_reading(extraction: dict[str, object]) -> ReportFacts:
    """A report's facts from a reading in the extraction contract's form (the parser's JSON,
    version 2: `sources` and `review`)."""
    sources = extraction.get("sources")
    opinion = sources.get("opinion") if isinstance(sources, dict) else None
    review = extraction.get("review")
    exceptions = extraction.get("exceptions")
    return ReportFacts(
        kind=str(extraction.get("kind")),
        type=_text(extraction.get("type")),
        period_start=_day(extraction.get("period_start")),
        period_end=_day(extraction.get("period_end")),
        as_of=_day(extraction.get("as_of")),
        opinion=_text(extraction.get("opinion")),
        opinion_source=(
            Source(opinion.get("page"), opinion.get("quote")) if isinstance(opinion, dict) else None
        ),
        categories=frozenset(
            c for c in _listed(extraction.get("trust_services_categories")) if isinstance(c, str)
        ),
        exceptions=tuple(
            ReportException(
                criteria=tuple(e.get("criteria") or ()),
                control=e.get("control"),
                result=e.get("result") or "",
                page=e.get("page"),
            )
            for e in _listed(exceptions)
            if isinstance(e, dict)
        ),
        review_needed=isinstance(review, dict) and bool(review.get("needed")),
    )
