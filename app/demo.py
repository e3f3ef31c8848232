"""The demo tenant `tprm serve` makes sure of, and a fresh token to try it with: vendors,
an import, a SOC 2 report read with its findings (app/demo_report.py), periodic reviews
in every state (app/demo_reviews.py), a webhook endpoint and today's reminders, and the
starter questionnaire template with questionnaires sent from it in every state
(app/demo_questionnaires.py), its own system and controls, with an evidence pack for its
auditor (app/demo_compliance.py), and its risk register (app/demo_risks.py)."""

import hashlib
from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.db import Database
from app.demo_compliance import add_demo_compliance, add_demo_evidence_pack
from app.demo_diligence import add_demo_customer_questionnaire, add_demo_library
from app.demo_questionnaires import add_demo_questionnaires, demo_respondent_token
from app.demo_report import add_demo_report
from app.demo_reviews import add_demo_reviews
from app.demo_risks import add_demo_risks
from domain.documents.storage import BlobStore
from domain.events import webhooks
from domain.events.models import DeliveryStatus
from domain.questionnaires import templates as questionnaire_templates
from domain.reviews import reminders
from domain.shared.actor import Actor
from domain.shared.models import today, utcnow
from domain.shared.roles import Role
from domain.tenancy import service
from domain.vendors import import_steps, imports
from domain.vendors import queries as vendor_queries
from domain.vendors import relations as vendor_relations
from domain.vendors import service as vendor_service
from domain.vendors.csv_sheet import read_sheet
from domain.vendors.models import VendorStatus

DEMO_TENANT = "Demo Company"
DEMO_ADMIN = "admin@demo.example"
DEMO_TOKEN_NAME = "tprm serve (demo)"


@dataclass(frozen=True)
class DemoAccess:
    tenant_id: UUID
    email: str
    token: str
    # the respondent token of the demo's questionnaire waiting for its vendor, if it still
    # waits: to try the respondent API (/respond/graphql) with
    respondent_token: str | None = None


async def ensure_demo(database: Database, store: BlobStore) -> DemoAccess:
    """Create the demo tenant once (its report's file kept in `store`); on every start,
    revoke the last demo token and issue one."""
    async with database.owner_transaction() as session:
        tenant_id = await session.scalar(
            text(
                "SELECT t.id FROM tenants t JOIN memberships m ON m.tenant_id = t.id "
                "JOIN users u ON u.id = m.user_id "
                "WHERE t.name = :name AND u.email = :email AND m.role = 'ADMIN' "
                "ORDER BY t.created_at LIMIT 1"
            ),
            {"name": DEMO_TENANT, "email": DEMO_ADMIN},
        )
    if tenant_id is None:
        async with database.transaction(None) as session:
            created = await service.create_tenant(
                session, DEMO_TENANT, DEMO_ADMIN, "Demo Admin", DEMO_TOKEN_NAME
            )
            await _demo_vendors(session, Actor.system(created.tenant.id))
            # an import runs as the member who started it: the demo's admin
            admin = Actor(
                tenant_id=created.tenant.id,
                role=created.admin.role,
                user_id=created.admin.user_id,
                membership_id=created.admin.id,
            )
            await _demo_import(session, admin)
            northwind = await vendor_queries.by_domain(
                session, admin.tenant_id, "northwind-cloud.example"
            )
            assert northwind is not None
            await add_demo_report(session, admin, store, northwind)
            await add_demo_reviews(session, admin)
            await _demo_webhooks(session, admin)
            starter = await questionnaire_templates.add_starter(session, admin)
            await add_demo_questionnaires(session, admin, starter)
            await add_demo_compliance(session, admin, store)
            await add_demo_risks(session, admin)
            await add_demo_library(session, admin, store)
            await add_demo_customer_questionnaire(session, admin, store)
            # last: the auditor's pack shows the house as the demo leaves it
            await add_demo_evidence_pack(session, admin, store)
            respondent = await demo_respondent_token(session, created.tenant.id)
            return DemoAccess(created.tenant.id, DEMO_ADMIN, created.admin_token.secret, respondent)
    async with database.transaction(tenant_id) as session:
        previous = await session.scalars(
            text("SELECT id FROM api_tokens WHERE name = :name AND revoked_at IS NULL"),
            {"name": DEMO_TOKEN_NAME},
        )
        for token_id in previous.all():
            await service.revoke_token(session, Actor.system(tenant_id), token_id)
        issued = await service.grant_token(
            session, tenant_id, DEMO_ADMIN, Role.ADMIN, DEMO_TOKEN_NAME
        )
        respondent = await demo_respondent_token(session, tenant_id)
    return DemoAccess(tenant_id, DEMO_ADMIN, issued.secret, respondent)


async def _demo_webhooks(session: AsyncSession, admin: Actor) -> None:
    """An endpoint for the team's mailer, turned off until it is pointed somewhere real, with
    the test it was sent logged as it failed (the demo posts nowhere); and today's reminders
    in the outbox (Pixel Print's review is overdue)."""
    made = await webhooks.create_endpoint(
        session,
        admin,
        "https://mailer.example.com/tprm-hooks",
        "The team's mailer: point it at yours, then enable it.",
        [],
        allow_local=False,
    )
    test = await webhooks.send_test(session, admin, made.endpoint.id)
    test.status, test.attempts, test.round_attempts = DeliveryStatus.FAILED.value, 1, 1
    test.last_error, test.last_attempt_at = "Could not resolve mailer.example.com.", utcnow()
    await webhooks.update_endpoint(
        session, admin, made.endpoint.id, webhooks.EndpointChanges(enabled=False), False
    )
    await reminders.sweep(session, admin.tenant_id, today())


DEMO_SUBPROCESSORS = ("northwind-cloud.example", "payrollpartners.example")
DEMO_VENDORS = [
    (
        "Northwind Cloud",
        "northwind-cloud.example",
        "CLOUD_INFRASTRUCTURE",
        VendorStatus.ACTIVE,
        {
            "data_categories": ["CUSTOMER_DATA", "PERSONAL_DATA"],
            "access_level": "ADMIN",
            "connects_to_production": True,
            "business_criticality": "CRITICAL",
            "hosting_regions": ["US", "EU"],
        },
    ),
    (
        "Payroll Partners",
        "payrollpartners.example",
        "HR",
        VendorStatus.ACTIVE,
        {
            "data_categories": ["PERSONAL_DATA", "PAYMENT_DATA"],
            "access_level": "READ",
            "business_criticality": "HIGH",
            "hosting_regions": ["US"],
        },
    ),
    ("Pixel Print", "pixelprint.example", "OFFICE_PRODUCTIVITY", VendorStatus.ACTIVE, {}),
    (
        "Chatterly",
        "chatterly.example",
        "COMMUNICATION",
        VendorStatus.PROSPECT,
        {"data_categories": ["CUSTOMER_DATA"], "access_level": "READ", "hosting_regions": ["EU"]},
    ),
    ("Insight Analytics", "insight-analytics.example", "ANALYTICS", VendorStatus.PROSPECT, {}),
]


async def _demo_vendors(session: AsyncSession, actor: Actor) -> None:
    """A few vendors to look at: active ones with contacts and a subprocessor, prospects."""
    for name, domain, category, status, profile in DEMO_VENDORS:
        vendor = await vendor_service.create_vendor(
            session,
            actor,
            {
                "name": name,
                "domain": domain,
                "category": category,
                "data_access": profile,
                "tags": ["demo"],
                # the vendors that hold the customers' data are listed to them
                "subprocessor": domain in DEMO_SUBPROCESSORS,
            },
            status,
            "demo data",
        )
        if status == VendorStatus.ACTIVE:
            await vendor_relations.add_contact(
                session, actor, vendor.id, "Security Team", f"security@{domain}", "SECURITY"
            )
    northwind = await vendor_queries.by_domain(session, actor.tenant_id, "northwind-cloud.example")
    assert northwind is not None
    await vendor_relations.add_fourth_party(
        session, actor, northwind.id, "Payroll Partners", "payroll for their staff"
    )


# A row that updates, one that matches, one refused, and a column the import does not know.
DEMO_IMPORT = b"""name,domain,department,notes
Northwind Cloud,northwind-cloud.example,Engineering,renewal in March
Pixel Print,pixelprint.example,,
Typo Vendor,typo,,
"""


async def _demo_import(session: AsyncSession, actor: Actor) -> None:
    """One finished background import to look at (`vendorImports`), run here to its end.
    Its file is not kept: the job queued with it finds it finished and leaves it be."""
    sheet = read_sheet(DEMO_IMPORT)
    file = imports.ImportFile(filename="procurement-vendors.csv", data=DEMO_IMPORT)
    sha256 = hashlib.sha256(DEMO_IMPORT).hexdigest()
    vendor_import = await imports.record(session, actor, file, sha256, sheet, dry_run=False)
    await import_steps.begin(session, actor.tenant_id, vendor_import.id)
    while not await import_steps.run_batch(
        session, actor.tenant_id, vendor_import.id, sheet, batch_rows=sheet.row_count
    ):
        pass
