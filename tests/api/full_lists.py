"""A tenant whose lists are full: every row of every list a front end shows has every kind of
related thing its row shows (an owner, counts, a latest report, actions, evidence, ...).

A loader that a row calls for only when it has such a thing (an owner, a document) then
runs for every page alike, so a statement count that still grows with the page size is
an N+1, not a page that happened to reach its first owned row. Built once per run
through the domain's services, then restored row for row (tests/api/scenes.py).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from obstore.store import MemoryStore
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from app.db import Database
from domain.compliance import coverage, evidence_pack
from domain.compliance import service as compliance
from domain.compliance.models import Control, ControlEvidence, ControlStatus, EvidencePack
from domain.diligence import customer_questionnaires, library, trust_packages
from domain.diligence.models import CustomerQuestion, TrustDocument, TrustDocumentKind
from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.documents.storage import BlobStore
from domain.events import webhooks
from domain.events.models import EventType
from domain.findings import service as findings
from domain.findings.models import Finding
from domain.questionnaires import links, sending
from domain.questionnaires import templates as questionnaire_templates
from domain.questionnaires.template_json import from_json
from domain.reviews.models import ReviewStatus, VendorReview
from domain.risks import service as risks
from domain.risks.models import RiskCategory
from domain.risks.scoring import Rating
from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.soc2 import parsing
from domain.soc2.models import SocCuec, SocReport
from domain.vendors import relations
from domain.vendors import service as vendor_service
from domain.vendors.models import Vendor, VendorContact, VendorStatus
from tests.api.scenes import built_once
from tests.factories import (
    SMALL_EXTRACTION,
    SMALL_TEMPLATE,
    Member,
    actor_of,
    global_id,
    make_member,
    make_tenant,
)
from tests.vendor_imports import make_finished_import

ROWS = 25  # more than the largest page asked for, so every page is full and has a next one


@dataclass(frozen=True)
class FullLists:
    admin: Member
    ids: dict[str, str]  # global IDs a list's variables name (a vendor, a questionnaire, ...)


async def full_lists(db: Database) -> FullLists:
    """The tenant, in a database that holds nothing else of it."""
    return await built_once(db, "full lists", _build, lambda built: built.admin.tenant_id)


def _extraction(name: str, exceptions: int) -> dict[str, Any]:
    """A SOC 2 Type II report of `name` whose reading a person must check, with `exceptions`
    exceptions (each a finding), a CUEC, a subservice organization and its CSOC."""
    return {
        **SMALL_EXTRACTION,
        "service_organization": name,
        "exceptions": [
            {
                "control_id": f"CC6.1.{n}",
                "criteria": ["CC6.1"],
                "control": f"Access is reviewed quarterly ({n}).",
                "test": "Inspected reviews.",
                "result": f"For 1 of 4 quarters review {n} was not performed.",
                "management_response": "Reviews are now scheduled.",
                "page": 40 + n,
            }
            for n in range(exceptions)
        ],
        "cuecs": [
            {
                "text": f"Customers review their users' access to {name}.",
                "criteria": ["CC6.2"],
                "page": 12,
            }
        ],
        "review": {
            "needed": True,
            "reasons": [
                {"field": "opinion", "page": 3, "reason": "Read from a scan.", "text": "Opinion"}
            ],
        },
    }


def _document(member: Member, vendor_id: UUID, kind: DocumentKind, n: int) -> Document:
    """A document of the vendor uploaded by `member` (its bytes are not needed to list it)."""
    return Document(
        tenant_id=member.tenant_id,
        vendor_id=vendor_id,
        kind=kind,
        title=f"{kind.value} {n}",
        filename=f"{kind.value.lower()}-{n}.pdf",
        content_type="application/pdf",
        size_bytes=1,
        sha256=hashlib.sha256(f"{vendor_id}:{kind}:{n}".encode()).hexdigest(),
        parse_status=ParseStatus.PARSING if kind == DocumentKind.SOC2_REPORT else None,
        uploaded_by=member.user_id,
    )


@dataclass
class _Tenant:
    """What the steps of the build share: the transaction, the members, the IDs kept."""

    session: AsyncSession
    members: list[Member]
    ids: dict[str, str]

    @property
    def by(self) -> list[Actor]:
        return [actor_of(m) for m in self.members]


async def _build(db: Database) -> FullLists:
    admin = await make_tenant(db, "Full", "admin@full.example")
    members = [
        await make_member(db, admin.tenant_id, f"m{i:02}@full.example", Role.ADMIN)
        for i in range(ROWS)
    ]
    ids: dict[str, str] = {}
    async with db.transaction(admin.tenant_id) as session:
        tenant = _Tenant(session, members, ids)
        # a webhook endpoint first: every questionnaire sent is delivered to it
        await _endpoint(session, tenant.by[0], 0)
        vendors, contacts, reports = await _vendors(tenant)
        raised = await _findings(tenant, vendors)
        await _reviews(tenant, vendors)
        await _questionnaires(tenant, vendors, contacts)
        for i in range(1, webhooks.MAX_ENDPOINTS):  # as many as a tenant may have
            endpoint = await _endpoint(session, tenant.by[i], i)
            await webhooks.send_test(session, tenant.by[i], endpoint.id)
        controls = await _controls(tenant, reports)
        await _risks(tenant, vendors, controls, raised)
        # files in a store of their own: no test reads them
        store = BlobStore(MemoryStore())
        await _evidence_packs(tenant, store)
        await _diligence(tenant, store)
    # vendor imports, each started by a member, each of vendors already here
    first_import = await make_finished_import(db, members[0], _vendor_sheet(range(ROWS)))
    ids["vendor_import"] = global_id("VendorImport", first_import)
    for i in range(1, ROWS):
        await make_finished_import(db, members[i], _vendor_sheet([i]))
    return FullLists(admin=admin, ids=ids)


async def _vendors(tenant: _Tenant) -> tuple[list[Vendor], list[VendorContact], list[SocReport]]:
    """Vendors in use, each owned, with a contact, a fourth party and a SOC report read; the
    first with a report of ROWS exceptions (its page's findings), the second with ROWS
    documents (its documents' page)."""
    session, members = tenant.session, tenant.members
    vendors, contacts, reports = [], [], []
    for i, actor in enumerate(tenant.by):
        vendor = await vendor_service.create_vendor(
            session,
            actor,
            {
                "name": f"Vendor {i:02}",
                "domain": f"v{i:02}.example",
                "business_owner_id": members[i].membership_id,
            },
            VendorStatus.ACTIVE,
        )
        vendors.append(vendor)
        contacts.append(
            await relations.add_contact(
                session, actor, vendor.id, f"Contact {i}", f"c{i}@v{i:02}.example", "SECURITY"
            )
        )
        await relations.add_fourth_party(session, actor, vendor.id, f"Cloud {i}", "hosting")
        document = _document(members[i], vendor.id, DocumentKind.SOC2_REPORT, 0)
        session.add(document)
        await session.flush()
        extraction = _extraction(f"Vendor {i:02}", ROWS if i == 0 else 1)
        report = await parsing.finish(session, members[i].tenant_id, document.id, extraction)
        assert report is not None
        reports.append(report)
    session.add_all(
        _document(members[n], vendors[1].id, DocumentKind.CONTRACT, n)
        for n in range(ROWS)
        if n != 1
    )
    tenant.ids["vendor"] = global_id("Vendor", vendors[0].id)
    tenant.ids["vendor_with_documents"] = global_id("Vendor", vendors[1].id)
    return vendors, contacts, reports


async def _findings(tenant: _Tenant, vendors: list[Vendor]) -> list[Finding]:
    """Every finding the reports raised owned, with a step owned, by a member other than
    the vendor's own: a vendor's page shows its own member already, and a page of findings
    whose owners were all read for other fields needs no statement for them (cheaper, not
    the same)."""
    session, by = tenant.session, tenant.by
    raised = (
        await session.scalars(select(Finding).order_by(col(Finding.kind), col(Finding.id)))
    ).all()
    index = {vendor.id: i for i, vendor in enumerate(vendors)}
    for n, finding in enumerate(raised):
        actor = by[(index[finding.vendor_id] + 1 + n % (ROWS - 1)) % ROWS]
        await findings.update_finding(
            session, actor, finding.id, findings.FindingChanges(owner_id=actor.membership_id)
        )
        await findings.add_action(
            session, actor, finding.id, "Ask for the plan.", actor.membership_id, None
        )
    return list(raised)


async def _reviews(tenant: _Tenant, vendors: list[Vendor]) -> None:
    """A review of each vendor, prepared by one member and signed off last year by another
    (as the record of one, its work done before)."""
    members = tenant.members
    tenant.session.add_all(
        VendorReview(
            tenant_id=vendor.tenant_id,
            vendor_id=vendor.id,
            status=ReviewStatus.COMPLETED,
            due_date=date(2025, 12, 1),
            due_reason="The first review of the vendor.",
            decision="APPROVED",
            residual_risk="LOW",
            rationale="Hosting only.",
            preparer_id=members[i].membership_id,
            approver_id=members[(i + 1) % ROWS].membership_id,
            started_at=datetime(2025, 11, 1, tzinfo=UTC),
            submitted_at=datetime(2025, 11, 20, tzinfo=UTC),
            completed_at=datetime(2025, 12, 1, tzinfo=UTC),
        )
        for i, vendor in enumerate(vendors)
    )


async def _questionnaires(
    tenant: _Tenant, vendors: list[Vendor], contacts: list[VendorContact]
) -> None:
    """A template of each member's, each sent to a vendor's contact."""
    session = tenant.session
    key = await links.stored_key(session)
    for i, actor in enumerate(tenant.by):
        template = await questionnaire_templates.create(
            session, actor, from_json({**SMALL_TEMPLATE, "name": f"Template {i:02}"})
        )
        due = date.today() + timedelta(days=30)
        await sending.send(
            session, actor, key, sending.Sending(vendors[i].id, template.id, contacts[i].id, due)
        )


async def _controls(tenant: _Tenant, reports: list[SocReport]) -> list[Control]:
    """The tenant's controls, each owned, meeting a criterion, with a file of evidence, and
    covering a report's CUEC (its best suggestion too)."""
    session = tenant.session
    controls = []
    for i, (actor, report) in enumerate(zip(tenant.by, reports, strict=True)):
        control = await compliance.create_control(
            session,
            actor,
            compliance.NewControl(
                f"AC-{i:02}",
                f"Customers review their users' access to Vendor {i:02}",
                "Access to each vendor is reviewed every quarter.",
                owner_id=actor.membership_id,
                criteria=("CC6.2",),
                status=ControlStatus.OPERATING,
            ),
        )
        controls.append(control)
        session.add(
            ControlEvidence(
                tenant_id=control.tenant_id,
                control_id=control.id,
                filename="access-review.pdf",
                content_type="application/pdf",
                size_bytes=3,
                sha256=hashlib.sha256(f"evidence {i}".encode()).hexdigest(),
                uploaded_by_id=actor.membership_id,
            )
        )
        [cuec_id] = (
            await session.scalars(select(SocCuec.id).where(col(SocCuec.report_id) == report.id))
        ).all()
        await coverage.map_to_controls(session, actor, cuec_id, [control.id])
    return controls


async def _risks(
    tenant: _Tenant, vendors: list[Vendor], controls: list[Control], raised: list[Finding]
) -> None:
    """The risk register: each risk owned, of a vendor, assessed after its control, fed by a
    finding, and accepted by another member."""
    session, by = tenant.session, tenant.by
    for i, actor in enumerate(by):
        risk = await risks.create_risk(
            session,
            actor,
            risks.NewRisk(
                f"Vendor {i:02} leaks access",
                RiskCategory.THIRD_PARTY,
                Rating(3, 4),
                owner_id=actor.membership_id,
                vendor_id=vendors[i].id,
                residual_likelihood=2,
                residual_impact=3,
                control_ids=(controls[i].id,),
                finding_ids=(raised[i].id,),
            ),
        )
        until = date.today() + timedelta(days=90)
        await risks.accept_risk(session, by[(i + 1) % ROWS], risk.id, "Within appetite.", until)


async def _evidence_packs(tenant: _Tenant, store: BlobStore) -> None:
    """The auditor's evidence packs, each asked for by a member: one written, and its files
    asked for again by every other member (a PDF takes a while to write)."""
    session, by = tenant.session, tenant.by
    written = await evidence_pack.generate(session, by[0], store, "FY2026 audit", ROWS)
    assert written.status == "READY"
    session.add_all(
        EvidencePack(
            **written.model_dump(exclude={"id", "requested_by_id"}),
            requested_by_id=actor.membership_id,
        )
        for actor in by[1:]
    )


async def _diligence(tenant: _Tenant, store: BlobStore) -> None:
    """What the tenant shares with its customers (its own SOC report and policies, each the
    evidence of a library entry a member keeps), their questionnaires, each owned by a
    member, and the packages sent them. The first two questionnaires ask ROWS questions, each
    answered by a member and suggested answers from the library, the tenant's own SOC report
    and, in the first, its controls, in the second, the report of the vendor it names."""
    session, by, members = tenant.session, tenant.by, tenant.members
    shared = [
        TrustDocument(
            tenant_id=member.tenant_id,
            title=f"SOC 2 Type II report {i:02}" if i == 0 else f"Policy {i:02}",
            kind=TrustDocumentKind.SOC_REPORT if i == 0 else TrustDocumentKind.POLICY,
            valid_until=date(2099, 1, 31),
            filename=f"trust-{i}.pdf",
            content_type="application/pdf",
            size_bytes=3,
            sha256=hashlib.sha256(f"trust {i}".encode()).hexdigest(),
            uploaded_by_id=member.membership_id,
        )
        for i, member in enumerate(members)
    ]
    session.add_all(shared)
    await session.flush()
    for i, actor in enumerate(by):
        await library.create_entry(
            session,
            actor,
            library.NewEntry(
                _library_question(i),
                f"Yes: with keys of their own ({i}).",
                tags=("encryption",),
                owner_id=actor.membership_id,
                evidence_document_ids=(shared[i].id,),
            ),
        )
    for i, actor in enumerate(by):
        asked = (
            [_named_question(n) for n in range(ROWS)]
            if i == 1
            else [_control_question(n) for n in range(ROWS if i == 0 else 1)]
        )
        customer = await customer_questionnaires.import_questionnaire(
            session,
            actor,
            store,
            _customer_file(asked),
            f"customer-{i}.csv",
            customer_questionnaires.NewQuestionnaire(
                customer=f"Customer {i:02}", owner_id=actor.membership_id
            ),
        )
        if i < 2:
            tenant.ids[f"customer_questionnaire_{i}"] = global_id(
                "CustomerQuestionnaire", customer.id
            )
            questions = await session.scalars(
                select(CustomerQuestion).where(
                    col(CustomerQuestion.questionnaire_id) == customer.id
                )
            )
            for n, question in enumerate(questions.all()):
                await customer_questionnaires.answer_question(
                    session, by[n], question.id, f"Yes ({n})."
                )
    for i, actor in enumerate(by):
        await trust_packages.create_package(
            session,
            actor,
            store,
            trust_packages.NewPackage(f"Customer {i:02}", f"Pat {i}", include_subprocessors=True),
        )


async def _endpoint(session: AsyncSession, actor: Actor, n: int) -> Any:
    """A webhook endpoint added by `actor`, for the questionnaires sent."""
    made = await webhooks.create_endpoint(
        session,
        actor,
        f"https://hooks.full.example/{n}",
        f"Endpoint {n}",
        [EventType.QUESTIONNAIRE_SENT],
        False,
    )
    return made.endpoint


# A word of its own for each library entry, so that an entry answers one question only.
TOPICS = (
    "backups laptops payroll invoices badges firmware mailboxes printers routers tablets "
    "servers switches kiosks cameras phones ledgers archives tickets contracts passports "
    "receipts licences vaults drones sensors"
).split()


def _library_question(n: int) -> str:
    return f"Do you encrypt {TOPICS[n]}?"


def _control_question(n: int) -> str:
    """A question the library, the tenant's controls and its own SOC report answer."""
    return (
        f"{_library_question(n)} Do customers review their users' access every quarter? "
        "Can we have your SOC 2 report?"
    )


def _named_question(n: int) -> str:
    """A question the library, the tenant's own SOC report and Vendor n's report answer."""
    return f"{_library_question(n)} Can we have the SOC 2 report of Vendor {n:02}?"


def _customer_file(questions: list[str]) -> bytes:
    lines = ["Question,Answer", *(f'"{q}",' for q in questions)]
    return ("\r\n".join(lines) + "\r\n").encode()


def _vendor_sheet(numbers: Any) -> bytes:
    """A CSV of the vendors numbered so, as they are here."""
    lines = ["name,domain", *(f"Vendor {n:02},v{n:02}.example" for n in numbers)]
    return ("\n".join(lines) + "\n").encode()
