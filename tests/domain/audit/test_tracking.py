"""An audit event's changes come from the ORM's tracking of the entity, whoever changed it."""

from sqlalchemy import select, text

from domain.audit import service as audit
from domain.audit.models import AuditEvent
from domain.findings import raising
from domain.findings import service as findings
from domain.findings.models import Finding
from domain.tenancy import service as tenancy
from domain.vendors import relations
from tests.factories import SMALL_EXTRACTION, actor_of, make_read_report, make_tenant, make_vendor


async def _events(db, tenant_id, action: str, entity_id=None) -> list[dict]:
    async with db.owner_transaction() as session:
        statement = select(AuditEvent.changes).where(
            AuditEvent.tenant_id == tenant_id, AuditEvent.action == action
        )
        if entity_id is not None:
            statement = statement.where(AuditEvent.entity_id == entity_id)
        rows = await session.execute(statement.order_by(AuditEvent.occurred_at, AuditEvent.id))
        return list(rows.scalars())


async def _a_finding(db, acme) -> Finding:
    vendor = await make_vendor(db, acme)
    await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    async with db.transaction(acme.tenant_id) as session:
        found = await session.execute(select(Finding).where(Finding.vendor_id == vendor.id))
        return found.scalars().first()


async def test_what_the_system_changes_is_recorded_like_what_a_person_changes(db):
    acme = await make_tenant(db)
    finding = await _a_finding(db, acme)
    higher = "HIGH" if finding.severity == "CRITICAL" else "CRITICAL"
    async with db.transaction(acme.tenant_id) as session:
        changes = findings.FindingChanges.read({"severity": higher})
        await findings.update_finding(session, actor_of(acme), finding.id, changes)
    async with db.transaction(acme.tenant_id) as session:
        # Read again, the report retitles the finding (and never lowers a person's severity).
        await session.execute(
            text("UPDATE findings SET title = 'stale title' WHERE id = :f"), {"f": finding.id}
        )
        await raising.raise_for_vendor(session, acme.tenant_id, finding.vendor_id)

    by_person, by_system = await _events(db, acme.tenant_id, "finding.updated", finding.id)

    assert by_person == {"severity": {"before": finding.severity, "after": higher}}
    assert by_system == {"title": {"before": "stale title", "after": finding.title}}


async def _a_contact(db):
    """A tenant and a vendor contact of it (Pat, pat@globex.example, PRIMARY), committed."""
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme)
    async with db.transaction(acme.tenant_id) as session:
        contact = await relations.add_contact(
            session, actor_of(acme), vendor.id, "Pat", "pat@globex.example", "PRIMARY"
        )
    return acme, contact


async def test_two_changes_before_one_event_keep_the_first_before_and_the_last_after(db):
    acme, contact = await _a_contact(db)
    async with db.transaction(acme.tenant_id) as session:
        row = await session.get(type(contact), (acme.tenant_id, contact.id))
        row.name = "Pat Two"
        await session.flush()  # an autoflush between the changes loses nothing
        row.name = "Pat Three"
        await audit.record(session, actor_of(acme), "vendor.contact_updated", row)

    [event] = await _events(db, acme.tenant_id, "vendor.contact_updated")
    assert event == {"name": {"before": "Pat", "after": "Pat Three"}}


async def test_a_rolled_back_change_never_reaches_a_later_event(db):
    acme, contact = await _a_contact(db)
    async with db.transaction(acme.tenant_id) as session:
        row = await session.get(type(contact), (acme.tenant_id, contact.id))
        savepoint = await session.begin_nested()
        row.email = "wrong@globex.example"
        await session.flush()
        await savepoint.rollback()
        row = await session.get(type(contact), (acme.tenant_id, contact.id), populate_existing=True)
        row.role = "SECURITY"
        await audit.record(session, actor_of(acme), "vendor.contact_updated", row)

    [event] = await _events(db, acme.tenant_id, "vendor.contact_updated")
    assert event == {"role": {"before": "PRIMARY", "after": "SECURITY"}}


async def test_a_rolled_back_savepoint_keeps_what_was_changed_before_it(db):
    acme, contact = await _a_contact(db)
    async with db.transaction(acme.tenant_id) as session:
        row = await session.get(type(contact), (acme.tenant_id, contact.id))
        row.name = "Pat Two"
        await session.flush()
        savepoint = await session.begin_nested()  # a later mutation of the request, failing
        await savepoint.rollback()
        await audit.record(session, actor_of(acme), "vendor.contact_updated", row)

    [event] = await _events(db, acme.tenant_id, "vendor.contact_updated")
    assert event == {"name": {"before": "Pat", "after": "Pat Two"}}


async def test_a_removed_row_records_what_it_held_and_nothing_after(db):
    acme, contact = await _a_contact(db)
    async with db.transaction(acme.tenant_id) as session:
        await relations.remove_contact(session, actor_of(acme), contact.id)

    [event] = await _events(db, acme.tenant_id, "vendor.contact_removed")
    assert event["email"] == {"before": "pat@globex.example", "after": None}
    assert event["name"] == {"before": "Pat", "after": None}


async def test_a_token_s_hash_is_never_in_the_trail(db):
    acme = await make_tenant(db)
    async with db.transaction(acme.tenant_id) as session:
        issued = await tenancy.create_token(session, actor_of(acme), "ci")
        await tenancy.revoke_token(session, actor_of(acme), issued.token.id)

    created = await _events(db, acme.tenant_id, "api_token.created")
    assert all("token_hash" not in event for event in created)
    assert created[-1]["name"] == {"before": None, "after": "ci"}
