"""Row-level security is the last line: a query that forgot its tenant still sees only its own."""

import asyncio
from datetime import date

import pytest
from obstore.store import MemoryStore
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from domain.compliance import coverage, evidence_pack, exception_trends
from domain.compliance import scope as own_scope
from domain.compliance import service as compliance
from domain.compliance.exception_domains import ExceptionDomain
from domain.compliance.models import ControlEvidence
from domain.diligence import customer_questionnaires, library, trust_packages
from domain.diligence.models import TrustDocument, TrustDocumentKind
from domain.documents.storage import BlobStore
from domain.events import webhooks
from domain.findings import follow_ups
from domain.findings.models import FollowUpKind
from domain.questionnaires import links, responding, reviewing, sending
from domain.questionnaires import templates as questionnaire_templates
from domain.questionnaires.answers import Given
from domain.questionnaires.template_json import from_json
from domain.reviews import schedule as review_schedule
from domain.reviews import service as review_service
from domain.reviews.models import ReviewQuestionnaire, ReviewStatus
from domain.risks import service as risks
from domain.risks.models import RiskCategory
from domain.risks.scoring import Rating
from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.vendors import onboarding, relations
from domain.vendors import service as vendor_service
from domain.vendors.models import VendorStatus
from parsers.soc2.result import SubserviceMethod
from tests.factories import (
    SMALL_TEMPLATE,
    actor_of,
    make_member,
    make_parsed_document,
    make_tenant,
    make_vendor,
    snapshot_columns,
    tenant_state,
)
from tests.vendor_imports import make_finished_import

TENANT_TABLES_SQL = """
    SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
       AND (EXISTS (SELECT 1 FROM pg_attribute a
                     WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
            OR c.relname = 'tenants')
"""


async def test_every_tenant_owned_table_has_row_level_security_enabled_and_forced(db):
    async with db.owner_transaction() as session:
        rows = (await session.execute(text(TENANT_TABLES_SQL))).all()

    assert {r.relname for r in rows} >= {"tenants", "memberships", "api_tokens", "audit_events"}
    assert [r.relname for r in rows if not (r.relrowsecurity and r.relforcerowsecurity)] == []


async def test_every_key_of_a_tenant_owned_table_includes_tenant_id(db):
    async with db.owner_transaction() as session:
        rows = (
            await session.execute(
                text("""
                SELECT con.conname, con.contype::text AS contype, rel.relname,
                       (SELECT array_agg(a.attname) FROM pg_attribute a
                         WHERE a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)) AS cols,
                       ref.relname AS target
                  FROM pg_constraint con
                  JOIN pg_class rel ON rel.oid = con.conrelid
                  LEFT JOIN pg_class ref ON ref.oid = con.confrelid
                 WHERE con.contype IN ('p', 'u', 'f')
                   AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = rel.oid
                               AND a.attname = 'tenant_id')
                """)
            )
        ).all()

    def scoped(row) -> bool:
        if row.contype == "f" and row.target in ("tenants", "users"):
            return True  # the tenant itself, and global users
        if row.relname == "api_tokens" and row.conname.endswith("token_hash_key"):
            return True  # a token hash is unique across tenants by design
        return "tenant_id" in row.cols

    assert rows, "no constraints found"
    assert [r.conname for r in rows if not scoped(r)] == []


async def _tenant_tables(db) -> list[str]:
    async with db.owner_transaction() as session:
        return sorted(r.relname for r in (await session.execute(text(TENANT_TABLES_SQL))).all())


async def _two_worlds(db):
    """Two tenants, each with a member, a vendor, a contact, a fourth party, an onboarding,
    a parsed SOC report with every kind of item, a finished vendor import, a vendor in use
    with its review being worked, a report attached, on a cadence of its own, follow-ups
    of a finding (one received), a webhook endpoint with a delivery of an event, and a
    questionnaire template, sent to the supplier with a link and pre-answers, and commented
    on; own systems and controls (with a file of evidence), a CUEC mapped, an answer of the
    library backed by a trust document, a risk linked to a control and a finding, and an
    evidence pack."""
    worlds = []
    for name in ("Acme", "Globex"):
        admin = await make_tenant(db, name, f"admin@{name.lower()}.example")
        buyer = await make_member(
            db, admin.tenant_id, f"buyer@{name.lower()}.example", Role.PROCUREMENT
        )
        vendor = await make_vendor(db, admin, f"{name} Supplier")
        prospect = await make_vendor(db, admin, f"{name} Prospect")
        # in use: its periodic review is scheduled, on a cadence of its own
        in_use = await make_vendor(db, admin, f"{name} Hosting", status=VendorStatus.ACTIVE)
        async with db.transaction(admin.tenant_id) as session:
            await review_service.set_cadence(
                session, actor_of(admin), in_use.id, 6, "hosts our production"
            )
            await relations.add_contact(
                session, actor_of(admin), vendor.id, "C", "c@supplier.example", "PRIMARY"
            )
            await relations.add_fourth_party(session, actor_of(admin), vendor.id, "AWS", None)
            await onboarding.file_request(
                session,
                actor_of(buyer),
                prospect.id,
                "x",
                {"data_categories": ["CREDENTIALS"]},
                None,
            )
        supplier_report = await make_parsed_document(db, admin, vendor.id)
        hosting_report = await make_parsed_document(db, admin, in_use.id)
        async with db.transaction(admin.tenant_id) as session:
            review = await review_service.transition(
                session,
                actor_of(admin),
                (await review_schedule.plan(session, admin.tenant_id, in_use.id)).id,
                ReviewStatus.IN_PROGRESS,
                None,
            )
            await review_service.attach_evidence(
                session, actor_of(admin), review.id, hosting_report.document_id, None
            )
            await review_service.add_condition(
                session, actor_of(admin), review.id, "Sign the DPA.", None, None
            )
            await vendor_service.transition(
                session, actor_of(admin), in_use.id, VendorStatus.OFFBOARDING, "Replaced."
            )
            # the supplier's findings wait for its next report; one came, one is expected
            finding_id = await session.scalar(
                text("SELECT id FROM findings WHERE vendor_id = :v LIMIT 1"), {"v": vendor.id}
            )
            for kind in (FollowUpKind.NEXT_SOC_REPORT, FollowUpKind.BRIDGE_LETTER):
                follow_up = await follow_ups.schedule(
                    session, actor_of(admin), finding_id, kind, date(2099, 1, 31), None
                )
            await follow_ups.receive(
                session, actor_of(admin), follow_up.id, supplier_report.document_id
            )
            # a webhook endpoint, sent a test: an event in the outbox and its delivery
            made = await webhooks.create_endpoint(
                session, actor_of(admin), f"https://hooks.{name.lower()}.example/", None, [], False
            )
            await webhooks.send_test(session, actor_of(admin), made.endpoint.id)
            template = await questionnaire_templates.create(
                session, actor_of(admin), from_json(SMALL_TEMPLATE)
            )
            # sent to the supplier's contact, and a question of it commented on
            contact_id = await session.scalar(
                text("SELECT id FROM vendor_contacts WHERE vendor_id = :v"), {"v": vendor.id}
            )
            sent = await sending.send(
                session,
                actor_of(admin),
                await links.stored_key(session),
                sending.Sending(vendor.id, template.id, contact_id, date.today()),
            )
            await reviewing.comment(session, actor_of(admin), sent.questionnaire.id, "mfa", "Hi.")
            # completed by the tenant, and relied on by the review
            link = await session.scalar(
                text("SELECT id FROM respondent_links WHERE questionnaire_id = :q"),
                {"q": sent.questionnaire.id},
            )
            vendor_side = responding.Respondent(
                Actor.respondent(admin.tenant_id, link), sent.questionnaire.id
            )
            await responding.save_answers(session, vendor_side, [("mfa", Given(choices=("YES",)))])
            await responding.submit(session, vendor_side)
            await reviewing.complete(session, actor_of(admin), sent.questionnaire.id)
            own = await compliance.create_system(session, actor_of(admin), f"{name} Core", "", [])
            subservice = await own_scope.record(
                session, actor_of(admin), own.id, vendor.id, SubserviceMethod.CARVE_OUT, ""
            )
            await own_scope.rely_on(session, actor_of(admin), subservice.id, "x", [], None)
            exception_id = await session.scalar(
                text("SELECT id FROM soc_exceptions WHERE report_id = :r LIMIT 1"),
                {"r": supplier_report.id},
            )
            await exception_trends.set_domain(
                session, actor_of(admin), exception_id, ExceptionDomain.OTHER, None
            )
            control = await compliance.create_control(
                session,
                actor_of(admin),
                compliance.NewControl("AC-01", "Access reviews", criteria=("CC6.2",)),
            )
            cuec_id = await session.scalar(
                text("SELECT id FROM soc_cuecs WHERE report_id = :r LIMIT 1"),
                {"r": supplier_report.id},
            )
            await coverage.map_to_controls(session, actor_of(admin), cuec_id, [control.id])
            # an answer of the library, backed by a document the tenant shares (the row; its
            # bytes are not read here)
            shared = TrustDocument(
                tenant_id=admin.tenant_id,
                title="MFA policy",
                kind=TrustDocumentKind.POLICY,
                filename="mfa.pdf",
                content_type="application/pdf",
                size_bytes=3,
                sha256="3" * 64,
                uploaded_by_id=admin.membership_id,
            )
            session.add(shared)
            await session.flush()
            await library.create_entry(
                session,
                actor_of(admin),
                library.NewEntry("Do you use MFA?", "Yes.", evidence_document_ids=(shared.id,)),
            )
            # a customer's questionnaire, its one question answered from the library
            await customer_questionnaires.import_questionnaire(
                session,
                actor_of(admin),
                BlobStore(MemoryStore()),
                b"Question\nDo you use MFA?\n",
                "customer.csv",
                customer_questionnaires.NewQuestionnaire(customer="Initech"),
            )
            # what was sent to that customer
            await trust_packages.create_package(
                session,
                actor_of(admin),
                BlobStore(MemoryStore()),
                trust_packages.NewPackage("Initech", "Pat", include_subprocessors=True),
            )
            # a risk of the register, mitigated by the control, fed by the finding
            await risks.create_risk(
                session,
                actor_of(admin),
                risks.NewRisk(
                    "Supplier outage",
                    RiskCategory.THIRD_PARTY,
                    Rating(3, 4),
                    control_ids=(control.id,),
                    finding_ids=(finding_id,),
                ),
            )
            # a file of evidence of the control (the row; its bytes are not read here)
            session.add(
                ControlEvidence(
                    tenant_id=admin.tenant_id,
                    control_id=control.id,
                    filename="review.pdf",
                    content_type="application/pdf",
                    size_bytes=3,
                    sha256="2" * 64,
                    uploaded_by_id=admin.membership_id,
                )
            )
            # an evidence pack for the auditor, written at once
            await evidence_pack.generate(
                session, actor_of(admin), BlobStore(MemoryStore()), None, 200
            )
            # (the row of a review relying on it, written directly: the review is another
            # vendor's, which the service would refuse)
            session.add(
                ReviewQuestionnaire(
                    tenant_id=admin.tenant_id,
                    review_id=review.id,
                    questionnaire_id=sent.questionnaire.id,
                )
            )
        await make_finished_import(
            db, buyer, f"name,domain\nNew,new.{name.lower()}.example\n".encode()
        )
        worlds.append(admin)
    return worlds


async def test_a_transaction_with_no_tenant_set_sees_no_rows(db):
    await _two_worlds(db)
    tables = await _tenant_tables(db)

    async with db.transaction(None) as session:
        counts = {
            table: await session.scalar(text(f"SELECT count(*) FROM {table}"))  # noqa: S608
            for table in [*tables, "users"]
        }

    assert len(tables) >= 10
    assert counts == dict.fromkeys(counts, 0)


async def test_a_query_that_forgot_its_tenant_filter_sees_only_its_own_tenant(db):
    acme, globex = await _two_worlds(db)
    tables = [t for t in await _tenant_tables(db) if t != "tenants"]

    async with db.transaction(acme.tenant_id) as session:
        seen = {
            table: (
                await session.execute(text(f"SELECT DISTINCT tenant_id FROM {table}"))  # noqa: S608
            )
            .scalars()
            .all()
            for table in tables
        }
        tenants = (await session.execute(text("SELECT name FROM tenants"))).scalars().all()
        emails = (
            (await session.execute(text("SELECT email FROM users ORDER BY email"))).scalars().all()
        )
        searched = (
            await session.execute(
                text("SELECT count(*) FROM tprm_vendor_search(to_tsquery('simple', 'supplier:*'))")
            )
        ).scalar()

    assert seen == {table: [acme.tenant_id] for table in tables}
    assert tenants == ["Acme"]
    assert emails == ["admin@acme.example", "buyer@acme.example"]
    assert searched == 1  # the definer function filters by tenant itself
    assert globex.tenant_id not in {t for ids in seen.values() for t in ids}


async def test_the_app_role_cannot_write_rows_for_another_tenant(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    with pytest.raises(DBAPIError, match="row-level security"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(
                text(
                    "INSERT INTO memberships (tenant_id, id, user_id, role) "
                    "VALUES (:tenant, gen_random_uuid(), :user, 'ADMIN')"
                ),
                {"tenant": globex.tenant_id, "user": acme.user_id},
            )


async def test_the_app_role_is_neither_superuser_nor_owner_of_the_tables(db):
    async with db.transaction(None) as session:
        row = (
            await session.execute(
                text(
                    "SELECT r.rolsuper, r.rolbypassrls, current_user AS me, "
                    "(SELECT tableowner FROM pg_tables WHERE tablename = 'memberships') AS owner "
                    "FROM pg_roles r WHERE r.rolname = current_user"
                )
            )
        ).one()

    assert row.me == "tprm_app"
    assert row.rolsuper is False
    assert row.rolbypassrls is False
    assert row.owner != row.me


async def test_the_app_connection_cannot_leave_its_role(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    await make_tenant(db, "Globex", "gus@globex.example")

    async with db.transaction(acme.tenant_id) as session:
        await session.execute(text("RESET ROLE"))
        me = await session.scalar(text("SELECT current_user"))
        tenants = (await session.execute(text("SELECT name FROM tenants"))).scalars().all()
    with pytest.raises(DBAPIError, match="permission denied to set role"):
        async with db.transaction(acme.tenant_id) as session:
            owner = await session.scalar(
                text("SELECT tableowner FROM pg_tables WHERE tablename = 'tenants'")
            )
            await session.execute(text(f'SET ROLE "{owner}"'))

    assert me == "tprm_app"
    assert tenants == ["Acme"]


async def test_the_nothing_changed_snapshot_covers_every_column_of_every_tenant_table(db):
    acme = await make_tenant(db)
    async with db.owner_transaction() as session:
        in_database = (
            await session.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = ANY(:tables)"
                ),
                {"tables": await _tenant_tables(db)},
            )
        ).all()

    snapshot = await tenant_state(db, acme.tenant_id)
    compared = snapshot_columns()

    assert set(await _tenant_tables(db)) <= set(snapshot)
    missing = {
        (table, column)
        for table, column in in_database
        if column not in compared.get(table, [])
        and (table, column) != ("api_tokens", "last_used_at")
    }
    assert missing == set()


async def test_a_transaction_without_a_tenant_starts_with_none_on_every_pooled_connection(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    await make_vendor(db, acme, "Hooli")

    async def scoped() -> None:
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(text("SELECT pg_sleep(0.05)"))

    # At once, so that each pooled connection has served the tenant before.
    await asyncio.gather(*(scoped() for _ in range(5)))
    seen, connections = [], set()
    for _ in range(5):
        async with db.transaction(None) as session:
            setting = await session.scalar(text("SELECT current_setting('app.tenant_id', true)"))
            vendors = await session.scalar(text("SELECT count(*) FROM vendors"))
            connections.add(await session.scalar(text("SELECT pg_backend_pid()")))
            seen.append((setting or None, vendors))

    assert seen == [(None, 0)] * 5
    assert len(connections) > 1
