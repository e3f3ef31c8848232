"""Reads of the tenancy area; RLS scopes them to the transaction's tenant as well."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, column, func, table
from sqlalchemy import select as select_columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.shared import reading
from domain.shared.errors import NotFound
from domain.shared.loading import one_of, one_of_bound
from domain.shared.roles import Role
from domain.tenancy.models import ApiToken, Membership, Tenant, User
from domain.tenancy.settings import TenantSettings


async def get_tenant(session: AsyncSession, tenant_id: UUID) -> Tenant | None:
    return await session.get(Tenant, tenant_id)


# Built once, its ids bound per request: every screen of a front end asks for its viewer
# first, and building this ORM statement anew cost the request a sixth to a fifth of its CPU
# (in process, interleaved with the statement built once; README, "Where a small screen's
# request goes").
_VIEWER_ROWS = (
    select(Tenant, Membership, User)
    .join(
        Membership,
        (col(Membership.tenant_id) == col(Tenant.id))
        & (col(Membership.id) == bindparam("membership_id")),
    )
    .join(User, col(User.id) == col(Membership.user_id))
    .where(col(Tenant.id) == bindparam("tenant_id"))
)


async def viewer_rows(
    session: AsyncSession, tenant_id: UUID, membership_id: UUID
) -> tuple[Tenant, Membership, User] | None:
    """The tenant, the membership in it and the membership's user, in one statement: who is
    calling, which every screen of a front end asks first."""
    found = (
        await session.execute(
            _VIEWER_ROWS, {"tenant_id": tenant_id, "membership_id": membership_id}
        )
    ).first()
    return None if found is None else (found[0], found[1], found[2])


@dataclass(frozen=True)
class TenantSummary:
    id: UUID
    name: str
    members: int
    vendors: int
    created_at: datetime


async def tenant_summaries(session: AsyncSession) -> list[TenantSummary]:
    """Every tenant with its current member and vendor counts, oldest first: an operator's
    read above tenancy (the owner's session), never the app role's."""
    members = (
        select(func.count())
        .where(col(Membership.tenant_id) == col(Tenant.id), col(Membership.removed_at).is_(None))
        .scalar_subquery()
    )
    # vendors by table name: tenancy comes before the vendors area and does not import it
    vendor_rows = table("vendors", column("tenant_id"))
    vendors = (
        select_columns(func.count())
        .where(vendor_rows.c.tenant_id == col(Tenant.id))
        .scalar_subquery()
    )
    rows = await session.execute(
        select_columns(
            col(Tenant.id), col(Tenant.name), members, vendors, col(Tenant.created_at)
        ).order_by(col(Tenant.created_at), col(Tenant.id))
    )
    return [TenantSummary(*row) for row in rows.all()]


async def tenant_settings(session: AsyncSession, tenant_id: UUID) -> TenantSettings:
    """The tenant's settings, defaults filled in."""
    tenant = await get_tenant(session, tenant_id)
    return TenantSettings.model_validate(tenant.settings if tenant else {})


async def get_membership(
    session: AsyncSession, tenant_id: UUID, membership_id: UUID
) -> Membership | None:
    """A current member (a removed one is kept only for the record)."""
    membership = await reading.find(session, tenant_id, Membership, membership_id)
    return membership if membership is not None and membership.removed_at is None else None


async def require_member(
    session: AsyncSession, tenant_id: UUID, membership_id: UUID | None, field: str = "ownerId"
) -> None:
    """The member an input names (an owner) is a current member of the tenant: NOT_FOUND on
    `field` otherwise, another tenant's like a missing one. None names nobody: nothing to
    check."""
    if (
        membership_id is not None
        and await get_membership(session, tenant_id, membership_id) is None
    ):
        raise NotFound("Member", field)


async def get_token(session: AsyncSession, tenant_id: UUID, token_id: UUID) -> ApiToken | None:
    return await reading.find(session, tenant_id, ApiToken, token_id)


async def membership_of_user(
    session: AsyncSession, tenant_id: UUID, user_id: UUID
) -> Membership | None:
    """The user's membership here, current or removed."""
    result = await session.execute(
        select(Membership).where(Membership.tenant_id == tenant_id, Membership.user_id == user_id)
    )
    return result.scalars().first()


async def admin_count(session: AsyncSession, tenant_id: UUID) -> int:
    result = await session.execute(
        select(Membership.id).where(
            Membership.tenant_id == tenant_id,
            Membership.role == Role.ADMIN,
            col(Membership.removed_at).is_(None),
        )
    )
    return len(result.scalars().all())


async def users_by_id(session: AsyncSession, ids: Sequence[UUID]) -> dict[UUID, User]:
    result = await session.execute(select(User).where(one_of(col(User.id), ids)))
    return {user.id: user for user in result.scalars().all()}


async def member_ids_by_email(session: AsyncSession, tenant_id: UUID) -> dict[str, UUID]:
    """The current members' membership ids by their email (how files name people)."""
    result = await session.execute(
        select_columns(col(User.email), col(Membership.id))
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.tenant_id) == tenant_id, col(Membership.removed_at).is_(None))
    )
    return {email: membership_id for email, membership_id in result.all()}


def _members_with_users_by(column: Any) -> Any:
    """Memberships whose `column` is one of the bound `keys`, each with its user: built once
    (the owners, uploaders and deciders a screen shows are read through it)."""
    return (
        select(Membership, User)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(col(Membership.tenant_id) == bindparam("tenant_id"), one_of_bound(column, "keys"))
    )


_MEMBERS_BY_ID = _members_with_users_by(col(Membership.id))
_MEMBERS_BY_USER = _members_with_users_by(col(Membership.user_id))


async def _members_with_users(
    session: AsyncSession, tenant_id: UUID, statement: Any, keys: Sequence[UUID]
) -> list[tuple[Membership, User]]:
    result = await session.execute(statement, {"tenant_id": tenant_id, "keys": list(keys)})
    return [(membership, user) for membership, user in result.all()]


async def members_with_users(
    session: AsyncSession, tenant_id: UUID, ids: Sequence[UUID]
) -> dict[UUID, tuple[Membership, User]]:
    """Memberships by id, each with its user."""
    found = await _members_with_users(session, tenant_id, _MEMBERS_BY_ID, ids)
    return {membership.id: (membership, user) for membership, user in found}


async def members_of_users(
    session: AsyncSession, tenant_id: UUID, user_ids: Sequence[UUID]
) -> dict[UUID, tuple[Membership, User]]:
    """Each user's membership here (current or removed), with the user, by user id."""
    found = await _members_with_users(session, tenant_id, _MEMBERS_BY_USER, user_ids)
    return {user.id: (membership, user) for membership, user in found}


async def tokens_by_id(
    session: AsyncSession, tenant_id: UUID, ids: Sequence[UUID]
) -> dict[UUID, ApiToken]:
    result = await session.execute(
        select(ApiToken).where(ApiToken.tenant_id == tenant_id, one_of(col(ApiToken.id), ids))
    )
    return {t.id: t for t in result.scalars().all()}
