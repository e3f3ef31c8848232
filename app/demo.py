"""The demo tenant `tprm serve` makes sure of, and a fresh token to try it with."""

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy import text

from app.db import Database
from domain.shared.actor import Actor
from domain.tenancy import service
from domain.tenancy.models import Role

DEMO_TENANT = "Demo Company"
DEMO_ADMIN = "admin@demo.example"
DEMO_TOKEN_NAME = "tprm serve (demo)"


@dataclass(frozen=True)
class DemoAccess:
    tenant_id: UUID
    email: str
    token: str


async def ensure_demo(database: Database) -> DemoAccess:
    """Create the demo tenant once; on every start, revoke the last demo token and issue one."""
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
            created = await service.create_tenant(session, DEMO_TENANT, DEMO_ADMIN, "Demo Admin")
            return DemoAccess(created.tenant.id, DEMO_ADMIN, created.admin_token.secret)
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
    return DemoAccess(tenant_id, DEMO_ADMIN, issued.secret)
