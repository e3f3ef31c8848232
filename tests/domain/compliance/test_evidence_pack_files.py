"""The evidence pack's writers on content made by hand: the figures of the cover, a report
read as of a date, several exceptions in one cell, and a vendor with nothing yet."""

import csv
import io
import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

from domain.compliance import coverage
from domain.compliance.evidence_pack_content import (
    CurrentReport,
    HandledException,
    OpenFinding,
    PackContent,
    Person,
    SignedReview,
    VendorEvidence,
)
from domain.compliance.evidence_pack_csv import write_csv
from domain.compliance.evidence_pack_pdf import (
    report_text,
    review_text,
    summary_rows,
    write_pdf,
)

NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)
RITA = Person("Rita", "rita@acme.example")


def _exception(control_id: str, finding: str | None) -> HandledException:
    return HandledException(
        control_id=control_id,
        criteria=("CC6.1",),
        result=f"{control_id} failed once.",
        management_response=None,
        finding_status=finding,
        finding_grade=None,
        finding_severity="HIGH" if finding else None,
        finding_owner=None,
        finding_reason=None,
    )


def _vendor(name: str, tier: str, **given) -> VendorEvidence:
    fields = {
        "domain": f"{name.lower()}.example",
        "status": "ACTIVE",
        "review": None,
        "report": None,
        "cuecs": coverage.Counts(),
        "open_findings": (),
    }
    return VendorEvidence(name=name, tier=tier, **{**fields, **given})


def _report(opinion: str, *exceptions: HandledException, as_of: date | None = None):
    return CurrentReport(
        document_id=uuid.uuid4(),
        kind="SOC2",
        report_type="TYPE1" if as_of else "TYPE2",
        period_start=None if as_of else date(2025, 1, 1),
        period_end=None if as_of else date(2025, 12, 31),
        as_of=as_of,
        auditor=None,
        opinion=opinion,
        exceptions=exceptions,
    )


def _review(on: date) -> SignedReview:
    return SignedReview(on, "APPROVED", None, RITA, None, frozenset())


CONTENT = PackContent(
    tenant_name="Acme",
    generated_at=NOW,
    generated_by=None,
    note=None,
    vendors=(
        _vendor(
            "Globex",
            "CRITICAL",
            review=_review(date(2025, 7, 1)),  # 364 days before: in the last 12 months
            report=_report("QUALIFIED", _exception("CC6.1.1", "OPEN"), _exception("CC6.1.2", None)),
            cuecs=coverage.Counts(4, 1, 1),
            open_findings=(OpenFinding("Qualified opinion", "HIGH", "OPEN", None, RITA),),
        ),
        _vendor(
            "Initech",
            "LOW",
            review=_review(date(2025, 6, 30)),  # 365 days before: not
            report=_report("UNQUALIFIED", as_of=date(2026, 3, 31)),
        ),
        _vendor("Hooli", "LOW"),
    ),
)


def test_the_cover_counts_what_the_vendors_show():
    assert dict(summary_rows(CONTENT.summary())) == {
        "Vendors in scope": "3 (by tier: CRITICAL 1, LOW 2)",
        "With a signed-off review": "2 of 3; signed off in the last 12 months: 1",
        "With a SOC report": "2 of 3; with a modified opinion: 1",
        "Exceptions in those reports": "2; handled by a finding: 1",
        "CUEC coverage": "4 CUECs: 1 mapped, 1 not applicable, 2 gaps (50% covered)",
        "Open findings": "1 (HIGH 1)",
    }


def test_a_report_as_of_a_date_and_a_review_without_its_risk_read_plainly():
    initech = CONTENT.vendors[1]

    assert report_text(initech.report) == "SOC2 TYPE1, as of 2026-03-31; opinion UNQUALIFIED"
    assert (
        review_text(initech.review)
        == "2025-06-30: APPROVED; signed off by Rita <rita@acme.example>"
    )
    assert report_text(None) == "No SOC report read"
    assert review_text(None) == "No signed-off review"


def test_each_exception_is_a_line_of_its_vendor_s_cell_and_a_vendor_with_nothing_is_blank():
    rows = list(csv.DictReader(io.StringIO(write_csv(CONTENT).decode())))

    assert rows[0]["exception_handling"].splitlines() == [
        "CC6.1.1: CC6.1.1 failed once. -> Finding OPEN (HIGH); no owner",
        "CC6.1.2: CC6.1.2 failed once. -> No finding raised",
    ]
    assert (rows[0]["exceptions"], rows[0]["exceptions_with_finding"]) == ("2", "1")
    assert (rows[1]["soc_as_of"], rows[1]["soc_period_end"]) == ("2026-03-31", "")
    assert rows[1]["soc_report_relied_on_by_review"] == "no"
    hooli = {k: v for k, v in rows[2].items() if v and v != "0"}
    assert hooli == {
        "vendor": "Hooli",
        "domain": "hooli.example",
        "tier": "LOW",
        "status": "ACTIVE",
    }


def test_an_exception_taller_than_a_page_flows_on_instead_of_failing_the_pack():
    long = replace(
        _exception("CC7.2.1", "OPEN"),
        result="The alert was not reviewed. " * 180,  # about 5,000 characters
        management_response="We now review alerts daily. " * 180,
    )
    content = replace(
        CONTENT, vendors=(_vendor("Initech", "HIGH", report=_report("QUALIFIED", long)),)
    )

    pdf = write_pdf(content)

    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
