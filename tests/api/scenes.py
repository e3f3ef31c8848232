"""The world every role and audit test acts in: one tenant, its members, vendors, onboarding."""

import json as _json
from collections.abc import Awaitable, Callable, Hashable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar, cast

from obstore.store import MemoryStore
from sqlalchemy import JSON, text
from sqlmodel import SQLModel, col, select

from app.db import Database
from domain.compliance import coverage, evidence_pack
from domain.compliance import scope as own_scope
from domain.compliance import service as compliance
from domain.compliance.models import ControlEvidence
from domain.diligence import customer_questionnaires, library, trust_packages
from domain.diligence.models import CustomerQuestion, TrustDocument, TrustDocumentKind
from domain.documents.models import Document, DocumentKind, ParseStatus
from domain.documents.storage import BlobStore
from domain.events import webhooks
from domain.findings import follow_ups
from domain.findings.models import Finding, FollowUpKind, RemediationAction
from domain.questionnaires import links, responding, reviewing, sending
from domain.questionnaires import templates as questionnaire_templates
from domain.questionnaires.answers import Given
from domain.questionnaires.template_json import from_json
from domain.reviews import offboarding
from domain.reviews import queries as review_queries
from domain.reviews import service as review_service
from domain.reviews.models import ReviewStatus, VendorReview
from domain.risks import service as risks
from domain.risks.models import RiskCategory
from domain.risks.scoring import Rating
from domain.shared.actor import Actor
from domain.shared.roles import Role
from domain.soc2 import parsing, review
from domain.soc2.models import SocCsoc, SocCuec
from domain.vendors import onboarding, relations
from domain.vendors import service as vendor_service
from domain.vendors.models import VendorStatus
from parsers.soc2.result import SubserviceMethod
from tests.api.mutation_catalogue import Scene
from tests.factories import (
    SMALL_EXTRACTION,
    SMALL_TEMPLATE,
    actor_of,
    global_id,
    make_member,
    make_tenant,
    make_vendor,
)

SENSITIVE = {"data_categories": ["CREDENTIALS"], "access_level": "ADMIN"}


async def _token_id(db: Database, membership_id) -> str:
    async with db.owner_transaction() as session:
        return str(
            await session.scalar(
                text(
                    "SELECT id FROM api_tokens WHERE membership_id = :m ORDER BY created_at LIMIT 1"
                ),
                {"m": membership_id},
            )
        )


# Built once per run through the real services, then restored row for row into the
# emptied database of each later test that asks for it: the same world, in a fraction of
# the time (the role and audit matrices ask for a scene hundreds of times).
Rows = list[tuple[str, list[str], list[tuple[Any, ...]]]]  # (table, columns, records)
_BUILT: dict[Hashable, tuple[Any, Rows]] = {}
T = TypeVar("T")


async def built_once(
    db: Database,
    key: Hashable,
    build: Callable[[Database], Awaitable[T]],
    tenant_of: Callable[[T], Any],
) -> T:
    """What `build` makes of one tenant (`tenant_of` it), in a database that holds nothing
    else of that tenant: built the first time a run asks for `key`, restored after."""
    built = _BUILT.get(key)
    if built is not None:
        made, rows = built
        await _restore(db, rows)
        return cast(T, made)
    made = await build(db)
    _BUILT[key] = (made, await _rows_of(db, tenant_of(made)))
    return made


async def build_scene(db: Database, role: Role) -> Scene:
    """The scene for `role`, in a database that holds nothing else of its tenant."""
    return await built_once(
        db, role, lambda fresh: _build(fresh, role), lambda scene: scene.actor.tenant_id
    )


def _tables() -> list[Any]:
    import app.areas  # noqa: F401 - every area's tables on the metadata

    return list(SQLModel.metadata.sorted_tables)


def _columns(table: Any) -> list[str]:
    return [c.name for c in table.columns if c.computed is None]  # generated ones regenerate


async def _rows_of(db: Database, tenant_id: Any) -> Rows:
    """Every row of the tenant, its users included, table by table, parents first."""
    dumped = []
    async with db.owner_engine.connect() as connection:  # type: ignore[union-attr]
        raw = (await connection.get_raw_connection()).driver_connection
        for table in _tables():
            columns = _columns(table)
            listed = ", ".join(f'"{c}"' for c in columns)
            if table.name == "tenants":
                where = "id = $1"
            elif table.name == "users":
                where = "id IN (SELECT user_id FROM memberships WHERE tenant_id = $1)"
            else:
                where = "tenant_id = $1"
            statement = f"SELECT {listed} FROM {table.name} WHERE {where}"  # noqa: S608
            records = await raw.fetch(statement, tenant_id)  # type: ignore[union-attr]
            dumped.append((table.name, columns, [_insertable(table, columns, r) for r in records]))
    return dumped


def _insertable(table: Any, columns: list[str], record: Any) -> tuple[Any, ...]:
    """A fetched row as COPY takes it back: JSON comes back decoded and goes in as text
    (the codec SQLAlchemy puts on the connection)."""
    return tuple(
        _json.dumps(value)
        if value is not None and isinstance(table.columns[c].type, JSON)
        else value
        for c, value in zip(columns, record, strict=True)
    )


async def _restore(db: Database, rows: Rows) -> None:
    async with db.owner_engine.connect() as connection:  # type: ignore[union-attr]
        raw = (await connection.get_raw_connection()).driver_connection
        async with raw.transaction():  # type: ignore[union-attr]
            for table, columns, records in rows:
                if records:
                    await raw.copy_records_to_table(  # type: ignore[union-attr]
                        table, records=records, columns=columns
                    )


async def _questionnaire(
    session: Any,
    owner: Any,
    vendor_id: Any,
    template_id: Any,
    contact_id: Any,
    answer: bool = False,
    complete: bool = False,
) -> Any:
    """SMALL_TEMPLATE sent to the vendor's contact; answered (mfa: NO, a red flag) and
    submitted through its link, then completed, as asked."""
    due = date.today() + timedelta(days=30)
    sent = await sending.send(
        session,
        actor_of(owner),
        await links.stored_key(session),
        sending.Sending(vendor_id, template_id, contact_id, due),
    )
    questionnaire = sent.questionnaire
    if answer:
        [link] = (
            await session.execute(
                text("SELECT id FROM respondent_links WHERE questionnaire_id = :q"),
                {"q": questionnaire.id},
            )
        ).scalars()
        vendor = responding.Respondent(Actor.respondent(owner.tenant_id, link), questionnaire.id)
        await responding.save_answers(session, vendor, [("mfa", Given(choices=("NO",)))])
        await responding.submit(session, vendor)
    if complete:
        await reviewing.complete(session, actor_of(owner), questionnaire.id)
    return questionnaire


async def _build(db: Database, role: Role) -> Scene:
    owner = await make_tenant(db, "Acme", "owner@acme.example")
    actor = (
        owner
        if role == Role.ADMIN
        else await make_member(db, owner.tenant_id, f"{role.value.lower()}@acme.example", role)
    )
    other = await make_member(db, owner.tenant_id, "other@acme.example", Role.VIEWER)
    buyer = await make_member(db, owner.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    active = await make_vendor(db, owner, "Globex Cloud", status=VendorStatus.ACTIVE)
    # in use too: its periodic review already being worked
    worked = await make_vendor(db, owner, "Initech Payroll", status=VendorStatus.ACTIVE)
    # and one being let go: its offboarding checklist asked for
    leaving = await make_vendor(db, owner, "Leaving Co", status=VendorStatus.ACTIVE)
    prospect = await make_vendor(db, owner, "Prospect Co")
    quiet = await make_vendor(db, owner, "Quiet Co")
    loud = await make_vendor(db, owner, "Loud Co")
    async with db.transaction(owner.tenant_id) as session:
        contact = await relations.add_contact(
            session, actor_of(owner), active.id, "Pat", "pat@globex.example", "PRIMARY"
        )
        party = await relations.add_fourth_party(
            session, actor_of(owner), active.id, "Stripe", "payments"
        )
        clear = await onboarding.file_request(session, actor_of(buyer), quiet.id, "chat", {}, None)
        checked = await onboarding.file_request(
            session, actor_of(buyer), loud.id, "admin tooling", SENSITIVE, None
        )
        requirements = await session.execute(
            text("SELECT id FROM onboarding_requirements WHERE request_id = :r ORDER BY kind"),
            {"r": checked.id},
        )
        requirement_id = requirements.scalars().first()
        # A SOC report already read (its bytes are not needed to queue a re-parse).
        report = Document(
            tenant_id=owner.tenant_id,
            vendor_id=active.id,
            kind=DocumentKind.SOC2_REPORT,
            title="SOC 2",
            filename="soc2.pdf",
            content_type="application/pdf",
            size_bytes=3,
            sha256="0" * 64,
            parse_status=ParseStatus.PARSED,
        )
        session.add(report)
        await session.flush()
        extracted = await parsing.finish(session, owner.tenant_id, report.id, SMALL_EXTRACTION)
        assert extracted is not None
        items = await session.execute(
            text(
                "SELECT (SELECT id FROM soc_exceptions WHERE report_id = :r), "
                "(SELECT id FROM soc_cuecs WHERE report_id = :r), "
                "(SELECT id FROM soc_csocs WHERE report_id = :r)"
            ),
            {"r": extracted.id},
        )
        exception_id, cuec_id, csoc_id = items.one()
        # A field already corrected and an item already dismissed, to revert and restore.
        system = Actor.system(owner.tenant_id)
        await review.correct_report(
            session, system, extracted.id, {"service_auditor": "Audit LLP (checked)"}, None
        )
        await review.dismiss_item(session, system, SocCsoc, csoc_id, "Duplicate.")
        finding = Finding(
            tenant_id=owner.tenant_id,
            vendor_id=active.id,
            document_id=report.id,
            source_key="raised-by-hand",
            kind="MODIFIED_OPINION",
            severity="HIGH",
            title="Qualified opinion",
            description="The auditor qualified the opinion.",
        )
        session.add(finding)
        await session.flush()
        action = RemediationAction(
            tenant_id=owner.tenant_id, finding_id=finding.id, description="Ask for the plan."
        )
        session.add(action)
        await session.flush()
        # what will show it fixed: the vendor's next SOC report, still expected
        follow_up = await follow_ups.schedule(
            session,
            actor_of(owner),
            finding.id,
            FollowUpKind.NEXT_SOC_REPORT,
            date(2099, 1, 31),
            "The next SOC 2 Type II.",
        )
        reviews = await session.execute(
            text("SELECT vendor_id, id FROM vendor_reviews WHERE status = 'SCHEDULED'")
        )
        scheduled = dict(reviews.all())
        # the active vendor's review is being worked, its SOC report attached; a contract
        # of the vendor waits to be attached too
        in_work = await review_service.transition(
            session, actor_of(owner), scheduled[active.id], ReviewStatus.IN_PROGRESS, None
        )
        evidence = await review_service.attach_evidence(
            session, actor_of(owner), in_work.id, report.id, "The current SOC 2."
        )
        [check, *_] = await review_queries.checklist_of(session, owner.tenant_id, in_work.id)
        await vendor_service.transition(
            session, actor_of(owner), leaving.id, VendorStatus.OFFBOARDING, "Replaced."
        )
        [step, *_] = await offboarding.items_of(session, owner.tenant_id, leaving.id)
        condition = await review_service.add_condition(
            session, actor_of(owner), in_work.id, "Sign the DPA.", None, None
        )
        # a review of the other vendor in use, signed off last year
        signed_off = VendorReview(
            tenant_id=owner.tenant_id,
            vendor_id=worked.id,
            status=ReviewStatus.COMPLETED,
            due_date=date(2025, 12, 1),
            due_reason="The first review of the vendor.",
            decision="APPROVED",
            residual_risk="LOW",
            rationale="Payroll only.",
            completed_at=datetime(2025, 12, 1, tzinfo=UTC),
        )
        session.add(signed_off)
        contract = Document(
            tenant_id=owner.tenant_id,
            vendor_id=active.id,
            kind=DocumentKind.CONTRACT,
            title="MSA",
            filename="msa.pdf",
            content_type="application/pdf",
            size_bytes=3,
            sha256="1" * 64,
        )
        session.add(contract)
        # a webhook endpoint, sent a test the receiver never took
        hook = await webhooks.create_endpoint(
            session, actor_of(owner), "https://hooks.acme.example/tprm", "Ops", [], False
        )
        delivery = await webhooks.send_test(session, actor_of(owner), hook.endpoint.id)
        delivery.status, delivery.attempts, delivery.last_response_code = "FAILED", 8, 500
        template = await questionnaire_templates.create(
            session, actor_of(owner), from_json(SMALL_TEMPLATE)
        )
        # questionnaires of the active vendor: one it has not answered, one it submitted,
        # and two completed, one of them relied on by the review being worked
        asked = await _questionnaire(session, owner, active.id, template.id, contact.id)
        answered, relied_on, completed = [
            await _questionnaire(
                session, owner, active.id, template.id, contact.id, answer=True, complete=done
            )
            for done in (False, True, True)
        ]
        attached = await review_service.attach_questionnaire(
            session, actor_of(owner), in_work.id, relied_on.id, None
        )
        # the tenant's own house: a system in scope, and a control owned by the other member
        system = await compliance.create_system(
            session, actor_of(owner), "Acme Payments", "Card processing.", []
        )
        control = await compliance.create_control(
            session,
            actor_of(owner),
            compliance.NewControl(
                "AC-01",
                "Access is reviewed quarterly",
                owner_id=other.membership_id,
                criteria=("CC6.2", "CC6.3"),
            ),
        )
        # a file of evidence of the control (its bytes are not needed to take it off)
        kept_file = ControlEvidence(
            tenant_id=owner.tenant_id,
            control_id=control.id,
            filename="access-review.pdf",
            content_type="application/pdf",
            size_bytes=3,
            sha256="2" * 64,
            note="The quarter's review.",
            uploaded_by_id=owner.membership_id,
        )
        session.add(kept_file)
        # the report's CUEC is still a gap; a second, added by a reviewer, is covered
        covered = SocCuec(
            tenant_id=owner.tenant_id,
            report_id=extracted.id,
            item_key="scene:keys",
            position=9,
            text="Customers keep their keys.",
            criteria=["CC6.1"],
            page=3,
        )
        session.add(covered)
        await session.flush()
        await coverage.map_to_controls(session, actor_of(owner), covered.id, [control.id])
        # the active vendor in the system's own scope, relied on for one control
        subservice = await own_scope.record(
            session, actor_of(owner), system.id, active.id, SubserviceMethod.CARVE_OUT, "Cloud"
        )
        relied = await own_scope.rely_on(
            session, actor_of(owner), subservice.id, "Globex encrypts backups.", ["CC6.1"], None
        )
        # the risk register: a risk owned by the other member, mitigated by the control,
        # and one the finding feeds
        risk = await risks.create_risk(
            session,
            actor_of(owner),
            risks.NewRisk(
                "Globex outage stops card payments",
                RiskCategory.THIRD_PARTY,
                Rating(3, 4),
                owner_id=other.membership_id,
                vendor_id=active.id,
                control_ids=(control.id,),
            ),
        )
        fed = await risks.create_risk(
            session,
            actor_of(owner),
            risks.NewRisk(
                "Globex access reviews lapse",
                RiskCategory.SECURITY,
                Rating(2, 3),
                finding_ids=(finding.id,),
            ),
        )
        # an evidence pack for the auditor, written at once (its files in a store of their
        # own: the scene's tests read the pack, never its files)
        pack = await evidence_pack.generate(
            session, actor_of(owner), BlobStore(MemoryStore()), "FY2026 audit", 200
        )
        # a document the tenant shares with its customers, valid to a day (its bytes are not
        # needed to change or remove it)
        shared = TrustDocument(
            tenant_id=owner.tenant_id,
            title="Encryption policy",
            kind=TrustDocumentKind.POLICY,
            valid_until=date(2030, 1, 31),
            filename="encryption-policy.pdf",
            content_type="application/pdf",
            size_bytes=3,
            sha256="3" * 64,
            uploaded_by_id=owner.membership_id,
        )
        session.add(shared)
        await session.flush()
        # the answer library: one entry, kept by the other member, backed by the document
        entry = await library.create_entry(
            session,
            actor_of(owner),
            library.NewEntry(
                "Do you encrypt customer data at rest?",
                "Yes: AES-256 on every database and backup.",
                tags=("encryption",),
                owner_id=other.membership_id,
                evidence_document_ids=(shared.id,),
            ),
        )
        # a customer's questionnaire: its first question answered from the library
        # (SUGGESTED), its second not (its file in a store of its own, as the pack's)
        customer_file = (
            b"Question,Answer\r\nDo you encrypt customer data at rest?,\r\n"
            b"Do you run a bug bounty programme?,\r\n"
        )
        customer_asked = await customer_questionnaires.import_questionnaire(
            session,
            actor_of(owner),
            BlobStore(MemoryStore()),
            customer_file,
            "initech.csv",
            customer_questionnaires.NewQuestionnaire(customer="Initech"),
        )
        # what was sent to that customer: the subprocessor list (a store of its own again)
        package = await trust_packages.create_package(
            session,
            actor_of(owner),
            BlobStore(MemoryStore()),
            trust_packages.NewPackage("Initech", "Pat", include_subprocessors=True),
        )
        suggested_question, open_question = (
            await session.scalars(
                select(CustomerQuestion)
                .where(col(CustomerQuestion.questionnaire_id) == customer_asked.id)
                .order_by(col(CustomerQuestion.position))
            )
        ).all()
        await session.flush()
    return Scene(
        actor=actor,
        other=other,
        actor_token_id=await _token_id(db, actor.membership_id),
        other_token_id=await _token_id(db, other.membership_id),
        ids={
            "active": global_id("Vendor", active.id),
            "prospect": global_id("Vendor", prospect.id),
            "contact": global_id("VendorContact", contact.id),
            "fourth_party": global_id("FourthParty", party.id),
            "clear_request": global_id("OnboardingRequest", clear.id),
            "checked_request": global_id("OnboardingRequest", checked.id),
            "requirement": global_id("OnboardingRequirement", requirement_id),
            "soc_document": global_id("Document", report.id),
            "finding": global_id("Finding", finding.id),
            "report": global_id("SocReport", extracted.id),
            "exception": global_id("SocException", exception_id),
            "cuec": global_id("Cuec", cuec_id),
            "dismissed_csoc": global_id("Csoc", csoc_id),
            "action": global_id("RemediationAction", action.id),
            "follow_up": global_id("FindingFollowUp", follow_up.id),
            "other_member": global_id("Member", other.membership_id),
            "review": global_id("Review", scheduled[worked.id]),
            "review_in_work": global_id("Review", in_work.id),
            "evidence": global_id("ReviewEvidence", evidence.id),
            "condition": global_id("ReviewCondition", condition.id),
            "checklist_item": global_id("ReviewChecklistItem", check.id),
            "offboarding_item": global_id("OffboardingItem", step.id),
            "completed_review": global_id("Review", signed_off.id),
            "contract_document": global_id("Document", contract.id),
            "webhook_endpoint": global_id("WebhookEndpoint", hook.endpoint.id),
            "questionnaire_template": global_id("QuestionnaireTemplate", template.id),
            "questionnaire_sent": global_id("Questionnaire", asked.id),
            "questionnaire_submitted": global_id("Questionnaire", answered.id),
            "questionnaire_completed": global_id("Questionnaire", completed.id),
            "review_questionnaire": global_id("ReviewQuestionnaire", attached.id),
            "own_system": global_id("OwnSystem", system.id),
            "control": global_id("Control", control.id),
            "control_evidence": global_id("ControlEvidence", kept_file.id),
            "cuec_covered": global_id("Cuec", covered.id),
            "own_subservice": global_id("OwnSubservice", subservice.id),
            "relied_csoc": global_id("ReliedCsoc", relied.id),
            "risk": global_id("Risk", risk.id),
            "answer_entry": global_id("AnswerEntry", entry.id),
            "customer_questionnaire": global_id("CustomerQuestionnaire", customer_asked.id),
            "customer_question_suggested": global_id("CustomerQuestion", suggested_question.id),
            "customer_question_open": global_id("CustomerQuestion", open_question.id),
            "trust_package": global_id("TrustPackage", package.id),
            "trust_document": global_id("TrustDocument", shared.id),
            "risk_fed": global_id("Risk", fed.id),
            "evidence_pack": global_id("EvidencePack", pack.id),
            "webhook_delivery": global_id("WebhookDelivery", delivery.id),
            "webhook_event": global_id("WebhookEvent", delivery.event_id),
        },
    )
