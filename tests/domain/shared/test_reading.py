"""Rows by id come from the asking tenant only, by their statements' own conditions: read
here as the owner, whom row-level security does not hold, so only the statements' WHERE
keeps another tenant's rows out. Their statements are built once and shared by every
request; these hold each use to its own tenant and ids."""

from uuid import uuid4

from domain.shared import reading
from domain.shared.roles import Role
from domain.tenancy import queries as tenancy_queries
from domain.vendors.models import Vendor
from tests.factories import make_member, make_tenant, make_vendor


async def test_rows_by_id_are_the_tenants_own_among_the_ids_asked(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    first = await make_vendor(db, acme, "Acme One")
    second = await make_vendor(db, acme, "Acme Two")
    await make_vendor(db, acme, "Acme Three")  # not asked for
    theirs = await make_vendor(db, globex, "Globex One")
    missing = uuid4()

    async with db.owner_transaction() as session:
        asked = [first.id, second.id, theirs.id, missing, first.id]
        acmes = await reading.by_ids(session, acme.tenant_id, Vendor, asked)
        globexes = await reading.by_ids(session, globex.tenant_id, Vendor, asked)
        one = await reading.by_ids(session, acme.tenant_id, Vendor, [second.id])
        none = await reading.by_ids(session, acme.tenant_id, Vendor, [])

    assert {id: row.tenant_id for id, row in acmes.items()} == {
        first.id: acme.tenant_id,
        second.id: acme.tenant_id,
    }
    assert list(globexes) == [theirs.id]
    assert list(one) == [second.id]
    assert none == {}


async def test_members_by_id_and_by_user_are_the_tenants_own(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    # one person, a member of both tenants
    at_acme = await make_member(db, acme.tenant_id, "sam@both.example", Role.REVIEWER)
    at_globex = await make_member(db, globex.tenant_id, "sam@both.example", Role.VIEWER)
    await make_member(db, acme.tenant_id, "bob@acme.example", Role.VIEWER)  # not asked for

    async with db.owner_transaction() as session:
        by_id = await tenancy_queries.members_with_users(
            session, acme.tenant_id, [at_acme.membership_id, at_globex.membership_id]
        )
        by_user = await tenancy_queries.members_of_users(
            session, globex.tenant_id, [at_acme.user_id, acme.user_id]
        )

    assert {id: (m.tenant_id, u.email) for id, (m, u) in by_id.items()} == {
        at_acme.membership_id: (acme.tenant_id, "sam@both.example")
    }
    assert {id: m.id for id, (m, _) in by_user.items()} == {
        at_globex.user_id: at_globex.membership_id
    }
