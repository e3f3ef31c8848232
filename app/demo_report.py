"""The demo tenant's SOC 2 report: a short PDF stored like any upload, its reading (as the
worker leaves it), and the findings it raises, one of them already being worked, with what
will show it fixed: the vendor's letter, received, and its next report, expected.

The words are our own and describe no real company. The PDF says what the reading says, so
the report review screen shows a file that matches it (Document.link)."""

import ctypes
import hashlib
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.documents.storage import BlobStore, spooled_file
from domain.findings import follow_ups
from domain.findings import service as findings
from domain.findings.models import Finding, FindingStatus, FollowUpKind
from domain.findings.rules import add_months
from domain.shared.actor import Actor
from domain.soc2 import parsing
from domain.vendors.models import Vendor


def _extraction(period_end: date) -> dict[str, Any]:
    start = period_end.replace(year=period_end.year - 1) + timedelta(days=1)
    exception = {
        "control_id": "CC6.2.3",
        "criteria": ["CC6.2", "CC6.3"],
        "control": "Access of departing staff is removed within one business day.",
        "test": "Inspected the tickets of 25 departures sampled from the period.",
        "result": "For 2 of 25 departures, access was removed after five business days.",
        "management_response": "Removal is now triggered by the HR system itself.",
        "page": 2,
    }
    return {
        "kind": "SOC2",
        "type": "TYPE2",
        "service_organization": "Northwind Cloud, Inc.",
        "service_auditor": "Example Assurance LLP",
        "period_start": start.isoformat(),
        "period_end": period_end.isoformat(),
        "as_of": None,
        "report_date": (period_end + timedelta(days=45)).isoformat(),
        "opinion": "UNQUALIFIED",
        "opinion_basis": None,
        "trust_services_categories": ["SECURITY", "AVAILABILITY"],
        "exceptions": [exception],
        "cuecs": [
            {
                "text": "Customers review who in their organisation can reach the console.",
                "criteria": ["CC6.2"],
                "page": 2,
            },
            {
                "text": "Customers remove the console accounts of people who leave.",
                "criteria": ["CC6.2", "CC6.3"],
                "page": 2,
            },
            {
                "text": "Customers keep their API keys secret and rotate them.",
                "criteria": ["CC6.1"],
                "page": 2,
            },
        ],
        "subservice_organizations": [
            {
                "name": "Example Hosting Co.",
                "services": "data centres",
                "method": "CARVE_OUT",
                "page": 1,
            }
        ],
        "csocs": [
            {
                "text": "Example Hosting Co. restricts physical access to its data centres.",
                "subservice_organization": "Example Hosting Co.",
                "criteria": ["CC6.4"],
                "page": 2,
            }
        ],
        "pages": 2,
        "warnings": [],
        "sources": {
            "opinion": {
                "page": 1,
                "quote": "In our opinion, in all material respects, the "
                "controls were suitably designed and operated effectively.",
            },
            "period_end": {"page": 1, "quote": f"for the period {start} to {period_end}"},
        },
        "review": {"needed": False, "reasons": []},
    }


def _pages(extraction: dict[str, Any]) -> list[list[str]]:
    exception = extraction["exceptions"][0]
    return [
        [
            "Northwind Cloud, Inc. - SOC 2 Type II report (demo)",
            f"Service auditor: {extraction['service_auditor']}",
            f"For the period {extraction['period_start']} to {extraction['period_end']}.",
            "In our opinion, in all material respects, the controls were suitably designed",
            "and operated effectively.",
            "Northwind Cloud uses Example Hosting Co. for data centres (carve-out method).",
        ],
        [
            "Tests of controls",
            f"{exception['control_id']}  {exception['control']}",
            f"Test: {exception['test']}",
            f"Result: {exception['result']}",
            f"Management's response: {exception['management_response']}",
            "Complementary user entity controls",
            *(cuec["text"] for cuec in extraction["cuecs"]),
            "Complementary subservice organization controls",
            extraction["csocs"][0]["text"],
        ],
    ]


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF of plain lines of text (Helvetica), one list of lines per page."""
    pdf = pdfium.PdfDocument.new()
    for lines in pages:
        page = pdf.new_page(612, 792)
        for number, line in enumerate(lines):
            text = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(10))
            wide = ctypes.create_string_buffer((line + "\x00").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(text, ctypes.cast(wide, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 56, 740 - 16 * number)
            pdfium_c.FPDFPage_InsertObject(page.raw, text)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


async def _stored_pdf(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    vendor: Vendor,
    pages: list[list[str]],
    kind: DocumentKind,
    title: str,
    filename: str,
) -> Document:
    """A PDF of the vendor's, its bytes in the store, as an upload leaves it (queued to be
    read if its kind is read)."""
    data = text_pdf(pages)
    sha256 = hashlib.sha256(data).hexdigest()
    with spooled_file() as file:
        file.write(data)
        await store.put(actor.tenant_id, sha256, file)
    document = Document(
        tenant_id=actor.tenant_id,
        vendor_id=vendor.id,
        kind=kind,
        title=title,
        filename=filename,
        content_type="application/pdf",
        size_bytes=len(data),
        sha256=sha256,
        parse_status=ParseStatus.PARSING if kind.is_parsed else None,
        uploaded_by=actor.user_id,
    )
    session.add(document)
    await session.flush()
    return document


async def add_demo_report(
    session: AsyncSession, actor: Actor, store: BlobStore, vendor: Vendor
) -> None:
    """The vendor's SOC 2 report, read, with its findings; the exception's being worked."""
    today = datetime.now(UTC).date()
    period_end = today - timedelta(days=60)
    extraction = _extraction(period_end)
    document = await _stored_pdf(
        session,
        actor,
        store,
        vendor,
        _pages(extraction),
        DocumentKind.SOC2_REPORT,
        "Northwind Cloud SOC 2 Type II",
        "northwind-soc2-type2.pdf",
    )
    await parsing.finish(session, actor.tenant_id, document.id, extraction)
    raised = (
        await session.execute(
            select(Finding).where(
                col(Finding.tenant_id) == actor.tenant_id,
                col(Finding.document_id) == document.id,
                col(Finding.kind) == "CONTROL_EXCEPTION",
            )
        )
    ).scalar_one()
    await findings.update_finding(
        session,
        actor,
        raised.id,
        findings.FindingChanges.read(
            {"owner_id": actor.membership_id, "due_date": today + timedelta(days=30)}
        ),
    )
    await findings.transition(
        session, actor, raised.id, FindingStatus.IN_REMEDIATION, "Vendor confirmed the fix date."
    )
    await _add_follow_ups(session, actor, store, vendor, raised.id, period_end)


async def _add_follow_ups(
    session: AsyncSession,
    actor: Actor,
    store: BlobStore,
    vendor: Vendor,
    finding_id: UUID,
    period_end: date,
) -> None:
    """What will show the exception fixed: the vendor's letter on how departures now remove
    access (received), and its next SOC 2 report, without the exception (expected)."""
    today = datetime.now(UTC).date()
    letter = await _stored_pdf(
        session,
        actor,
        store,
        vendor,
        [
            [
                "Northwind Cloud, Inc. - letter to customers (demo)",
                "Since our last report, the HR system itself removes the access of departing",
                "staff on their last day; no ticket is needed.",
            ]
        ],
        DocumentKind.OTHER,
        "Northwind Cloud remediation letter",
        "northwind-remediation-letter.pdf",
    )
    asked = await follow_ups.schedule(
        session,
        actor,
        finding_id,
        FollowUpKind.OTHER,
        today + timedelta(days=14),
        "Northwind's letter on how departures now remove access.",
    )
    await follow_ups.receive(session, actor, asked.id, letter.id)
    next_end = add_months(period_end, 12)
    await follow_ups.schedule(
        session,
        actor,
        finding_id,
        FollowUpKind.NEXT_SOC_REPORT,
        next_end + timedelta(days=45),
        f"The SOC 2 Type II for the period ending {next_end}, without this exception.",
    )
