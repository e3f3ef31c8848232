"""The database, not the code, keeps the audit trail append-only for the app role."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.factories import make_tenant


async def test_the_app_role_cannot_update_audit_rows(db):
    acme = await make_tenant(db)

    with pytest.raises(DBAPIError, match="permission denied"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(text("UPDATE audit_events SET action = 'forged'"))


async def test_the_app_role_cannot_delete_audit_rows(db):
    acme = await make_tenant(db)

    with pytest.raises(DBAPIError, match="permission denied"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(text("DELETE FROM audit_events"))


async def test_the_app_role_cannot_truncate_audit_rows(db):
    acme = await make_tenant(db)

    with pytest.raises(DBAPIError, match="permission denied"):
        async with db.transaction(acme.tenant_id) as session:
            await session.execute(text("TRUNCATE audit_events"))

    async with db.transaction(acme.tenant_id) as session:
        assert await session.scalar(text("SELECT count(*) FROM audit_events")) > 0
