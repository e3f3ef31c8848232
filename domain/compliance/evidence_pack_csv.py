"""An evidence pack as CSV: the population of vendors in scope, one row each, for the auditor
to sample from. Lists a cell holds (a report's exceptions) are one line per item; cells a
spreadsheet would run as formulas are guarded as in every export (domain.shared.csv_text)."""

import csv
import io
from datetime import date

from domain.compliance.evidence_pack_content import (
    HandledException,
    PackContent,
    Person,
    VendorEvidence,
)
from domain.findings.rules import Severity
from domain.shared import csv_text

COLUMNS = (
    "vendor",
    "domain",
    "tier",
    "status",
    "review_completed_on",
    "review_decision",
    "review_residual_risk",
    "review_signed_by",
    "review_signed_by_email",
    "review_prepared_by",
    "soc_report_kind",
    "soc_report_type",
    "soc_period_start",
    "soc_period_end",
    "soc_as_of",
    "soc_auditor",
    "soc_opinion",
    "soc_report_relied_on_by_review",
    "exceptions",
    "exceptions_with_finding",
    "exception_handling",
    "cuecs",
    "cuecs_mapped",
    "cuecs_not_applicable",
    "cuec_gaps",
    "cuec_coverage_percent",
    "open_findings",
    "open_critical",
    "open_high",
    "open_medium",
    "open_low",
)


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _name(person: Person | None) -> str:
    return person.name if person else ""


def exception_line(exception: HandledException) -> str:
    """One exception in a line: which control, what the auditor found, what management said,
    and how the tenant handled it."""
    which = exception.control_id or ", ".join(exception.criteria) or "Exception"
    said = f" Management: {exception.management_response}" if exception.management_response else ""
    return f"{which}: {exception.result}{said} -> {exception.handling}"


def _cells(vendor: VendorEvidence) -> list[str]:
    review, report, cuecs = vendor.review, vendor.report, vendor.cuecs
    exceptions = report.exceptions if report else ()
    cells = [
        vendor.name,
        vendor.domain,
        vendor.tier,
        vendor.status,
        _day(review.completed_on) if review else "",
        (review.decision or "") if review else "",
        (review.residual_risk or "") if review else "",
        _name(review.signed_by) if review else "",
        review.signed_by.email if review and review.signed_by else "",
        _name(review.prepared_by) if review else "",
        report.kind if report else "",
        (report.report_type or "") if report else "",
        _day(report.period_start) if report else "",
        _day(report.period_end) if report else "",
        _day(report.as_of) if report else "",
        (report.auditor or "") if report else "",
        (report.opinion or "") if report else "",
        ("yes" if vendor.report_attached_to_review else "no") if report else "",
        str(len(exceptions)) if report else "",
        str(report.exceptions_with_finding) if report else "",
        "\n".join(exception_line(e) for e in exceptions),
        str(cuecs.total),
        str(cuecs.mapped),
        str(cuecs.not_applicable),
        str(cuecs.gaps),
        "" if cuecs.percent is None else str(cuecs.percent),
        str(len(vendor.open_findings)),
        *(str(vendor.open_by_severity(s)) for s in reversed(Severity)),
    ]
    return [csv_text.neutralise(cell) for cell in cells]


def write_csv(content: PackContent) -> bytes:
    """The pack's CSV, UTF-8: a header, then a row per vendor in scope, by name."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(_cells(vendor) for vendor in content.vendors)
    return buffer.getvalue().encode()
