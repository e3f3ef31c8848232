"""The demo tenant's own house: the system its own SOC 2 report covers, its own controls,
each mapped to the criteria it meets (one still only designed, one untested), two of them
with evidence files, and what it does about Northwind Cloud's CUECs: one mapped to its
controls, one not applicable, one still a gap; Northwind in the platform's own scope,
relied on for two controls; and an evidence pack for the auditor, READY to download."""

from collections.abc import AsyncIterator
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from app.demo_report import text_pdf
from domain.compliance import coverage, evidence, evidence_pack
from domain.compliance import scope as own_scope
from domain.compliance import service as compliance
from domain.compliance.models import Control, ControlStatus
from domain.documents import intake
from domain.documents.storage import BlobStore
from domain.shared.actor import Actor
from domain.shared.models import today
from domain.shared.pagination import PageRequest
from domain.soc2.models import SocCsoc, SocReport
from domain.vendors import queries as vendor_queries
from parsers.soc2.result import Category, SubserviceMethod

# ref, title, criteria, status, tested how many days ago (None: never)
DEMO_CONTROLS = (
    ("AC-01", "Access to production is reviewed every quarter", ("CC6.2", "CC6.3"),
     ControlStatus.OPERATING, 40),
    ("AC-02", "Administrators sign in with a second factor", ("CC6.1",),
     ControlStatus.OPERATING, 40),
    ("AC-03", "Leavers lose access on their last day", ("CC6.2", "CC6.3"),
     ControlStatus.IMPLEMENTED, None),
    ("CM-01", "Every change is reviewed and tested before release", ("CC8.1",),
     ControlStatus.OPERATING, 75),
    ("IR-01", "Security incidents are triaged within a day", ("CC7.3", "CC7.4"),
     ControlStatus.OPERATING, 120),
    ("BC-01", "Backups are restored in a test every half year", ("A1.2", "A1.3"),
     ControlStatus.IMPLEMENTED, 200),
    ("VM-01", "Vendors are reviewed before onboarding and yearly", ("CC9.2",),
     ControlStatus.OPERATING, 30),
    ("DP-01", "Customer data is deleted on request", ("P4.3",), ControlStatus.DESIGNED, None),
)  # fmt: skip


# control, file name, what it shows, and its lines (a PDF is made of them) or its bytes: a
# signed-off access review and the export it was made from, and a restore test's record
DEMO_EVIDENCE: tuple[tuple[str, str, str, list[str] | bytes], ...] = (
    ("AC-01", "access-review-q3.pdf", "The quarter's access review, signed off by the CTO.",
     ["Quarterly access review: production", "Accounts reviewed: 48",
      "Removed: 2 (leavers found by the review)", "Signed off: CTO"]),
    ("AC-01", "production-accounts.csv", "The accounts reviewed, as the identity provider "
     "exported them.", b"account,role,last_sign_in,kept\nana,admin,2026-11-02,yes\n"
     b"ben,developer,2026-11-03,yes\nold-contractor,developer,2026-06-30,no\n"),
    ("BC-01", "restore-test.pdf", "The half-yearly restore of the main database.",
     ["Backup restore test", "Restored: main database, last night's backup",
      "Time to restore: 42 minutes", "Checked: row counts match"]),
)  # fmt: skip


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def received_bytes(data: bytes, filename: str) -> intake.ReceivedFile:
    """A demo file as the intake receives an upload (sniffed, hashed); the caller closes it."""
    return await intake.receive(_one_chunk(data), filename, len(data))


async def _add_demo_evidence(
    session: AsyncSession, admin: Actor, store: BlobStore, made: dict[str, Control]
) -> None:
    """The evidence files, through the same intake and service as an upload."""
    for ref, filename, note, content in DEMO_EVIDENCE:
        data = content if isinstance(content, bytes) else text_pdf([content])
        received = await received_bytes(data, filename)
        with received.file:
            await evidence.attach(session, admin, store, made[ref].id, received, note)


async def add_demo_compliance(session: AsyncSession, admin: Actor, store: BlobStore) -> None:
    """Call after the demo's report is read: its CUECs are decided here (evidence files kept
    in `store`)."""
    platform = await compliance.create_system(
        session,
        admin,
        "Demo Platform",
        "The customer-facing platform: web application, API and the data behind them.",
        [Category.SECURITY, Category.AVAILABILITY, Category.CONFIDENTIALITY],
    )
    for ref, title, criteria, status, days_ago in DEMO_CONTROLS:
        await compliance.create_control(
            session,
            admin,
            compliance.NewControl(
                ref=ref,
                title=title,
                owner_id=admin.membership_id,
                criteria=criteria,
                status=status,
                last_tested_on=today() - timedelta(days=days_ago) if days_ago else None,
            ),
        )

    made = {
        c.ref: c
        for c in (
            await compliance.list_controls(
                session, admin, compliance.ControlFilter(), PageRequest(first=50)
            )
        ).rows
    }
    await _add_demo_evidence(session, admin, store, made)
    northwind = await vendor_queries.by_domain(session, admin.tenant_id, "northwind-cloud.example")
    assert northwind is not None
    page = PageRequest(first=50)
    cuecs = (await coverage.list_items(session, admin, northwind.id, None, page)).rows
    reviewed, _leavers, keys = cuecs[:3]
    await coverage.map_to_controls(session, admin, reviewed.id, [made["AC-01"].id])
    await coverage.mark_not_applicable(
        session, admin, keys.id, "We sign in to the console with SSO only: no API keys."
    )
    # `leavers` stays a GAP: AC-03 is proposed for it, not yet mapped
    # Northwind hosts the platform: a carve-out subservice organization of it, relied on for
    # the control its own report expects of its hosting company
    subservice = await own_scope.record(
        session, admin, platform.id, northwind.id, SubserviceMethod.CARVE_OUT, "Cloud hosting"
    )
    csoc_id = await session.scalar(
        select(col(SocCsoc.id))
        .join(SocReport, col(SocReport.id) == col(SocCsoc.report_id))
        .where(
            col(SocReport.tenant_id) == admin.tenant_id, col(SocReport.vendor_id) == northwind.id
        )
        .limit(1)
    )
    await own_scope.rely_on(session, admin, subservice.id, None, [], csoc_id)
    await own_scope.rely_on(
        session, admin, subservice.id, "Northwind encrypts our data at rest.", ["CC6.1"], None
    )


async def add_demo_evidence_pack(session: AsyncSession, admin: Actor, store: BlobStore) -> None:
    """The auditor's evidence pack, written at once (the demo's few vendors), its files in
    `store`: call last, so that it shows everything above."""
    await evidence_pack.generate(
        session, admin, store, "Demo Company's SOC 2 Type II audit", inline_max_vendors=1_000
    )
