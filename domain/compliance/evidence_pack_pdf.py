"""An evidence pack as a PDF report (reportlab): a cover with who asked for it, when, and the
figures; a table of every vendor in scope; then each vendor in detail, with its review, its
SOC report's exceptions and how each was handled, its CUEC coverage and its open findings.

Everything the tenant or a vendor wrote is escaped before it reaches reportlab's paragraph
markup, where `<` and `&` mean something."""

import io
from collections.abc import Iterable
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from domain.compliance import coverage
from domain.compliance.evidence_pack_content import (
    CurrentReport,
    PackContent,
    SignedReview,
    Summary,
    VendorEvidence,
)

TITLE = "Vendor management evidence pack"
SUBTITLE = "SOC 2 CC9.2: the risks of vendors and business partners, assessed and managed"
SCOPE_RULE = (
    "Vendors in scope are those the company uses: ACTIVE, and OFFBOARDING until their "
    "offboarding is done. Prospects, vendors in onboarding, rejected and terminated vendors "
    "are left out. A vendor's SOC report is its latest read SOC 2 report, else its latest "
    "SOC 1 or SOC 3."
)

TABLE_ROWS = 20

_STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("Body", parent=_STYLES["BodyText"], fontSize=8.5, leading=10.5)
CELL = ParagraphStyle("Cell", parent=BODY, fontSize=7.5, leading=9)
HEAD = ParagraphStyle("Head", parent=CELL, fontName="Helvetica-Bold")
H1, H2, H3 = _STYLES["Title"], _STYLES["Heading2"], _STYLES["Heading4"]
PADDING = 3
# the widest a character of CELL's font is, near enough (capitals and digits included)
CHAR_WIDTH = 0.7 * CELL.fontSize
GRID = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), CELL.fontName, CELL.fontSize, CELL.leading),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf1")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
    ]
)


def _p(text: str | None, style: ParagraphStyle = CELL) -> Paragraph:
    return Paragraph(escape(text or ""), style)


def _cell(text: str | None, width: float) -> Any:
    """A cell's content: text short enough to fit its column on one line as a plain string,
    anything longer as a paragraph that wraps (paragraphs cost most of the PDF's time)."""
    if text is None or len(text) * CHAR_WIDTH < width - 2 * PADDING:
        return text or ""
    return _p(text)


def _table(
    header: Iterable[str], rows: Iterable[Iterable[str | None]], widths: list[float]
) -> Table:
    cells: list[list[Any]] = [[_p(h, HEAD) for h in header]]
    cells += [[_cell(value, w) for value, w in zip(row, widths, strict=True)] for row in rows]
    # splitInRow: a row taller than a page (a long management response) flows on to the next
    # page instead of failing the whole pack
    table = Table(cells, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(GRID)
    return table


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def review_text(review: SignedReview | None) -> str:
    if review is None:
        return "No signed-off review"
    risk = f"residual risk {review.residual_risk}" if review.residual_risk else None
    decided = ", ".join(p for p in (review.decision, risk) if p)
    signed = f"signed off by {review.signed_by}" if review.signed_by else "signer not on record"
    return f"{_day(review.completed_on)}: {decided}; {signed}"


def report_text(report: CurrentReport | None) -> str:
    if report is None:
        return "No SOC report read"
    kind = " ".join(p for p in (report.kind, report.report_type) if p)
    if report.period_start or report.period_end:
        when = f"{_day(report.period_start)} to {_day(report.period_end)}"
    else:
        when = f"as of {_day(report.as_of)}" if report.as_of else "period not read"
    auditor = f", {report.auditor}" if report.auditor else ""
    return f"{kind}, {when}{auditor}; opinion {report.opinion or 'not read'}"


def coverage_text(cuecs: coverage.Counts) -> str:
    if not cuecs.total:
        return "No CUECs"
    gaps = "1 gap" if cuecs.gaps == 1 else f"{cuecs.gaps} gaps"
    return (
        f"{cuecs.total} CUECs: {cuecs.mapped} mapped, {cuecs.not_applicable} not applicable, "
        f"{gaps} ({cuecs.percent}% covered)"
    )


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {n}" for name, n in counts.items() if n) or "none"


def summary_rows(summary: Summary) -> list[tuple[str, str]]:
    """The cover's figures, label and value."""
    n = summary.vendors
    return [
        ("Vendors in scope", f"{n} (by tier: {_counted(summary.by_tier)})"),
        (
            "With a signed-off review",
            f"{summary.reviewed} of {n}; signed off in the last 12 months: "
            f"{summary.reviewed_in_last_year}",
        ),
        (
            "With a SOC report",
            f"{summary.with_report} of {n}; with a modified opinion: {summary.modified_opinions}",
        ),
        (
            "Exceptions in those reports",
            f"{summary.exceptions}; handled by a finding: {summary.exceptions_with_finding}",
        ),
        ("CUEC coverage", coverage_text(summary.cuecs)),
        (
            "Open findings",
            f"{summary.open_findings} ({_counted(summary.open_by_severity)})",
        ),
    ]


def _cover(content: PackContent) -> list[Flowable]:
    about = [
        ("Company", content.tenant_name),
        ("Generated", content.generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Generated by", str(content.generated_by) if content.generated_by else "tprm"),
    ]
    if content.note:
        about.append(("For", content.note))
    about.append(("Scope", SCOPE_RULE))
    figures = summary_rows(content.summary())
    return [
        _p(TITLE, H1),
        _p(SUBTITLE, BODY),
        Spacer(1, 4 * mm),
        _table(("About this pack", ""), about, [45 * mm, 200 * mm]),
        Spacer(1, 5 * mm),
        _table(("Figures", ""), figures, [45 * mm, 200 * mm]),
    ]


def _overview(content: PackContent) -> list[Flowable]:
    header = (
        "Vendor",
        "Tier",
        "Status",
        "Latest signed-off review",
        "SOC report",
        "Exceptions",
        "CUEC coverage",
        "Open findings",
    )
    rows = [
        (
            f"{v.name} ({v.domain})",
            v.tier,
            v.status,
            review_text(v.review),
            report_text(v.report),
            f"{len(v.report.exceptions)}, {v.report.exceptions_with_finding} with a finding"
            if v.report
            else "",
            coverage_text(v.cuecs),
            str(len(v.open_findings)),
        )
        for v in content.vendors
    ]
    widths = [m * mm for m in (44, 16, 22, 50, 52, 24, 42, 17)]
    # Tables of a page's rows or so: reportlab splits a long table again at every page,
    # wrapping all the rows left each time (quadratic in the vendors).
    tables = [
        _table(header, rows[start : start + TABLE_ROWS], widths)
        for start in range(0, len(rows), TABLE_ROWS)
    ]
    return [PageBreak(), _p("Vendors in scope", H2), *tables]


def _vendor(vendor: VendorEvidence) -> list[Flowable]:
    review = vendor.review
    lines = [
        f"Tier {vendor.tier}, {vendor.status}.",
        f"Latest signed-off review: {review_text(review)}"
        + (f"; prepared by {review.prepared_by}" if review and review.prepared_by else "")
        + ".",
        f"SOC report: {report_text(vendor.report)}"
        + (
            f"; relied on by that review: {'yes' if vendor.report_attached_to_review else 'no'}"
            if vendor.report and review
            else ""
        )
        + ".",
        f"CUEC coverage: {coverage_text(vendor.cuecs)}.",
    ]
    parts: list[Flowable] = [
        _p(f"{vendor.name} ({vendor.domain})", H3),
        Paragraph("<br/>".join(escape(line) for line in lines), BODY),
    ]
    if vendor.report and vendor.report.exceptions:
        parts += [Spacer(1, 2 * mm), _exceptions(vendor.report)]
    if vendor.open_findings:
        parts += [Spacer(1, 2 * mm), _open_findings(vendor)]
    else:
        parts.append(_p("No open findings.", BODY))
    return [KeepTogether(parts[:2]), *parts[2:], Spacer(1, 4 * mm)]


def _exceptions(report: CurrentReport) -> Table:
    rows = [
        (e.control_id or ", ".join(e.criteria), e.result, e.management_response, e.handling)
        for e in report.exceptions
    ]
    header = ("Control", "Exception", "Management response", "Handled")
    return _table(header, rows, [m * mm for m in (25, 85, 75, 82)])


def _open_findings(vendor: VendorEvidence) -> Table:
    rows = [
        (f.title, f.severity, f.status, _day(f.due_date), str(f.owner) if f.owner else "")
        for f in vendor.open_findings
    ]
    header = ("Open finding", "Severity", "Status", "Due", "Owner")
    return _table(header, rows, [m * mm for m in (120, 22, 30, 22, 73)])


def write_pdf(content: PackContent) -> bytes:
    """The pack's PDF report."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"{TITLE}: {content.tenant_name}",
        author="tprm",
        subject=SUBTITLE,
    )
    stamp = content.generated_at.strftime("%Y-%m-%d %H:%M UTC")

    def footer(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(15 * mm, 8 * mm, f"{content.tenant_name}: {TITLE}, {stamp}")
        canvas.drawRightString(landscape(A4)[0] - 15 * mm, 8 * mm, f"Page {doc.page}")
        canvas.restoreState()

    story = _cover(content) + _overview(content)
    if content.vendors:
        story += [PageBreak(), _p("Vendors in detail", H2)]
        for vendor in content.vendors:
            story += _vendor(vendor)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
