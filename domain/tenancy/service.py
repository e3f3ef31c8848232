"""Use cases of the tenancy area: tenants, members, tokens, settings."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from pydantic import ValidationError
from sqlalchemy import Select, bindparam, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.shared import consequences, normalize, policy
from domain.shared.actor import Actor
from domain.shared.errors import Conflict, Forbidden, InvalidInput, NotFound, api_field
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission
from domain.shared.roles import Role
from domain.shared.session import set_tenant
from domain.tenancy import queries, tokens
from domain.tenancy.changes import TenantSettingsChanged
from domain.tenancy.models import ApiToken, Membership, Tenant
from domain.tenancy.settings import TenantSettings


def _clean_name(value: str, field: str, max_length: int) -> str:
    cleaned = normalize.text(value, field, max_length, required=True, one_line=True)
    assert cleaned is not None
    return cleaned


def normalize_email(value: str, field: str = "email") -> str:
    return normalize.email(value, field)


async def ensure_user(session: AsyncSession, email: str) -> UUID:
    """The user with this email, created if new (users are global, see the migration)."""
    user_id = await session.scalar(text("SELECT tprm_ensure_user(:email)"), {"email": email})
    assert user_id is not None
    return user_id


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


async def _issue_token(
    session: AsyncSession,
    actor: Actor,
    membership: Membership,
    name: str,
    expires_at: datetime | None,
) -> IssuedToken:
    name = _clean_name(name, "name", 100)
    if expires_at is not None:
        if expires_at.tzinfo is None:
            raise InvalidInput("expiresAt must include a time zone.", "expiresAt")
        if expires_at <= datetime.now(UTC):
            raise InvalidInput("expiresAt must be in the future.", "expiresAt")
    if actor.token_id is not None:
        # share-locked while this token is made: a revocation of the maker waits for it, then
        # finds it (_revoke); a maker revoked meanwhile makes nothing
        maker = await session.execute(
            select(ApiToken.revoked_at)
            .where(col(ApiToken.tenant_id) == actor.tenant_id, col(ApiToken.id) == actor.token_id)
            .with_for_update(read=True)
        )
        if maker.scalar_one_or_none() is not None:
            raise Forbidden("The token making this one has been revoked.")
    secret = tokens.new_secret()
    token = ApiToken(
        tenant_id=membership.tenant_id,
        membership_id=membership.id,
        name=name,
        token_hash=tokens.digest(secret),
        display_prefix=tokens.display_prefix(secret),
        created_by_user_id=actor.user_id,
        created_by_token_id=actor.token_id,
        expires_at=expires_at,
    )
    session.add(token)
    await session.flush()
    await audit.record(session, actor, "api_token.created", token)
    return IssuedToken(token=token, secret=secret)


@dataclass(frozen=True, slots=True)
class NewTenant:
    tenant: Tenant
    admin: Membership
    admin_token: IssuedToken


async def create_tenant(
    session: AsyncSession,
    name: str,
    admin_email: str,
    admin_name: str | None = None,
    token_name: str = "initial admin token",
) -> NewTenant:
    """A new tenant with its first ADMIN and a one-time token (operator use: CLI, demo)."""
    name = _clean_name(name, "name", 200)
    email = normalize_email(admin_email, "adminEmail")
    tenant_id = uuid4()
    await set_tenant(session, tenant_id)  # RLS lets the app role write only this tenant's rows
    actor = Actor.system(tenant_id)
    tenant = Tenant(id=tenant_id, name=name, settings=TenantSettings().model_dump(mode="json"))
    session.add(tenant)
    await session.flush()
    await audit.record(session, actor, "tenant.created", tenant)
    user_id = await ensure_user(session, email)
    name = _clean_name(admin_name, "adminName", 200) if admin_name else email.split("@")[0]
    admin = Membership(tenant_id=tenant_id, user_id=user_id, display_name=name, role=Role.ADMIN)
    session.add(admin)
    await session.flush()
    await audit.record(session, actor, "member.added", admin)
    issued = await _issue_token(session, actor, admin, token_name, None)
    return NewTenant(tenant=tenant, admin=admin, admin_token=issued)


async def update_settings(session: AsyncSession, actor: Actor, changes: dict[str, Any]) -> Tenant:
    """Rename the tenant (`name`) or change its settings (the keys given); ADMINs only. No
    setting, nor the name, can be cleared: each always has a value (its default at first)."""
    policy.require(actor, Permission.TENANT_SETTINGS_WRITE)
    changes = dict(changes)
    for key, value in changes.items():
        if value is None:
            raise InvalidInput(f"{api_field(key)} cannot be cleared.", api_field(key))
    name = changes.pop("name", None)
    tenant = await queries.get_tenant(session, actor.tenant_id)
    if tenant is None:
        raise NotFound("Tenant")
    earlier = TenantSettings.model_validate(tenant.settings)
    try:
        merged = TenantSettings.model_validate({**tenant.settings, **changes})
    except ValidationError as error:
        first = error.errors()[0]
        field = api_field(str(first["loc"][0]) if first["loc"] else "settings")
        raise InvalidInput(f"{field}: {first['msg']}.", field) from error
    if name is not None:
        tenant.name = _clean_name(name, "name", 200)
    tenant.settings = merged.model_dump(mode="json")
    session.add(tenant)
    await session.flush()
    await consequences.announce(session, TenantSettingsChanged(tenant.id, earlier, merged))
    await audit.record(session, actor, "tenant.settings_updated", tenant)
    return tenant


async def add_member(
    session: AsyncSession, actor: Actor, email: str, display_name: str | None, role: Role
) -> Membership:
    """Give a person (new or from another tenant) a role here; ADMINs only."""
    policy.require(actor, Permission.MEMBER_MANAGE)
    email = normalize_email(email)
    name = _clean_name(display_name, "displayName", 200) if display_name else email.split("@")[0]
    user_id = await ensure_user(session, email)
    membership = await queries.membership_of_user(session, actor.tenant_id, user_id)
    if membership is not None and membership.removed_at is None:
        raise Conflict(f"{email} is already a member.", "email")
    if membership is None:
        membership = Membership(
            tenant_id=actor.tenant_id, user_id=user_id, display_name=name, role=role
        )
    else:  # back after a removal: the same member, none of their old tokens revived
        membership.display_name, membership.role, membership.removed_at = name, role, None
    session.add(membership)
    await session.flush()
    await audit.record(session, actor, "member.added", membership)
    return membership


async def _member_for_admin(session: AsyncSession, actor: Actor, membership_id: UUID) -> Membership:
    policy.require(actor, Permission.MEMBER_MANAGE)
    membership = await queries.get_membership(session, actor.tenant_id, membership_id)
    if membership is None:
        raise NotFound("Member")
    return membership


async def _keep_an_admin(session: AsyncSession, membership: Membership) -> None:
    if (
        membership.role == Role.ADMIN
        and await queries.admin_count(session, membership.tenant_id) <= 1
    ):
        raise Conflict("A tenant must keep at least one ADMIN.", "memberId")


async def change_member_role(
    session: AsyncSession, actor: Actor, membership_id: UUID, role: Role
) -> Membership:
    """Change a member's role; the last ADMIN cannot be demoted."""
    membership = await _member_for_admin(session, actor, membership_id)
    if membership.role == role:
        return membership
    await _keep_an_admin(session, membership)
    membership.role = role
    session.add(membership)
    await session.flush()
    await audit.record(session, actor, "member.role_changed", membership)
    return membership


async def remove_member(session: AsyncSession, actor: Actor, membership_id: UUID) -> UUID:
    """Remove a member and revoke their tokens (kept on record, each revocation audited);
    the last ADMIN stays."""
    membership = await _member_for_admin(session, actor, membership_id)
    await _keep_an_admin(session, membership)
    membership.removed_at = datetime.now(UTC)
    session.add(membership)
    await session.flush()
    # what they owned is owned by no one now, as when a member's row was deleted (the foreign
    # keys set these to NULL); by table name: tenancy comes before the areas that own things
    cleared = {}
    for table_name, column in _OWNED:
        result = await session.execute(
            text(
                f"UPDATE {table_name} SET {column} = NULL "  # noqa: S608 - names are constants
                f"WHERE tenant_id = :tenant AND {column} = :member"
            ),
            {"tenant": actor.tenant_id, "member": membership.id},
        )
        cleared[f"{table_name}.{column}"] = result.rowcount  # type: ignore[attr-defined]
    await audit.record(session, actor, "member.removed", membership, unowned=cleared)
    live = await session.execute(
        select(ApiToken).where(
            col(ApiToken.tenant_id) == actor.tenant_id,
            col(ApiToken.membership_id) == membership.id,
            col(ApiToken.revoked_at).is_(None),
        )
    )
    for token in live.scalars().all():
        await _revoke(session, actor, token)
    return membership_id


# Where a member is named as the one who owns something.
_OWNED = (
    ("vendors", "business_owner_id"),
    ("findings", "owner_id"),
    ("remediation_actions", "owner_id"),
    ("review_conditions", "owner_id"),
    ("controls", "owner_id"),
    ("risks", "owner_id"),
    ("answer_library_entries", "owner_id"),
    ("customer_questionnaires", "owner_id"),
)


async def create_token(
    session: AsyncSession,
    actor: Actor,
    name: str,
    membership_id: UUID | None = None,
    expires_at: datetime | None = None,
) -> IssuedToken:
    """A token for the actor's own membership, or (ADMINs) for any member's. Not through a
    token someone else made for the actor: the new token would pass for the member's own."""
    policy.require(actor, Permission.OWN_TOKEN_MANAGE)
    if actor.delegated:
        raise Forbidden(
            "This token was made for you by someone else: it cannot make tokens. "
            "Use a token you made yourself."
        )
    target = membership_id or actor.membership_id
    if target is None:
        raise InvalidInput("memberId is required.", "memberId")
    if target != actor.membership_id:
        policy.require(actor, Permission.ANY_TOKEN_MANAGE)
    membership = await queries.get_membership(session, actor.tenant_id, target)
    if membership is None:
        raise NotFound("Member", "memberId")
    return await _issue_token(session, actor, membership, name, expires_at)


async def revoke_token(session: AsyncSession, actor: Actor, token_id: UUID) -> ApiToken:
    """Revoke a token now; members revoke their own, ADMINs any."""
    policy.require(actor, Permission.OWN_TOKEN_MANAGE)
    token = await queries.get_token(session, actor.tenant_id, token_id)
    if token is None:
        raise NotFound("API token")
    if token.membership_id != actor.membership_id and not policy.allows(
        actor, Permission.ANY_TOKEN_MANAGE
    ):
        raise NotFound("API token")  # someone else's token: as if it were not there
    await _revoke(session, actor, token)
    return token


async def _revoke(session: AsyncSession, actor: Actor, token: ApiToken) -> None:
    """Revoke a token and every live token made with it, at any depth, each audited: a token
    cannot leave behind tokens that outlive it. Each is revoked (its row locked) before the
    tokens it made are read, so a token being made with it at that moment (which holds a
    share lock on it, see _issue_token) is committed first and found."""
    pending = [token]
    while pending:
        current = pending.pop(0)
        if current.revoked_at is None:
            current.revoked_at = datetime.now(UTC)
            await audit.record(session, actor, "api_token.revoked", current)
        made = await session.execute(
            select(ApiToken)
            .where(
                col(ApiToken.tenant_id) == current.tenant_id,
                col(ApiToken.created_by_token_id) == current.id,
                col(ApiToken.revoked_at).is_(None),
            )
            .order_by(col(ApiToken.created_at), col(ApiToken.id))
        )
        pending.extend(made.scalars().all())


async def list_members(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    """The tenant's members, oldest first."""
    policy.require(actor, Permission.MEMBER_READ)
    statement, order = _members()
    values = {"tenant_id": actor.tenant_id}
    return await paginate(session, statement, order, page, values=values)


@built_once
def _members() -> tuple[Select[Any], list[Any]]:
    """The list of members' select (the tenant a parameter: list_members) and its order;
    built once."""
    statement = select(Membership).where(
        col(Membership.tenant_id) == bindparam("tenant_id"), col(Membership.removed_at).is_(None)
    )
    return statement, [col(Membership.created_at), col(Membership.id)]


async def list_tokens(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    """The actor's own tokens; for ADMINs, every token of the tenant."""
    policy.require(actor, Permission.OWN_TOKEN_MANAGE)
    statement, order = _tokens(not policy.allows(actor, Permission.ANY_TOKEN_MANAGE))
    values = {"tenant_id": actor.tenant_id, "membership_id": actor.membership_id}
    return await paginate(session, statement, order, page, values=values)


@built_once
def _tokens(own: bool) -> tuple[Select[Any], list[Any]]:
    """The list of tokens' select, of the tenant or only the actor's own (their values
    parameters: list_tokens), and its order; built once for each."""
    statement = select(ApiToken).where(col(ApiToken.tenant_id) == bindparam("tenant_id"))
    if own:
        statement = statement.where(col(ApiToken.membership_id) == bindparam("membership_id"))
    return statement, [col(ApiToken.created_at), col(ApiToken.id)]


async def grant_token(
    session: AsyncSession, tenant_id: UUID, email: str, role: Role, name: str
) -> IssuedToken:
    """Operator use (CLI): a token for EMAIL in the tenant, making them a member if needed."""
    await set_tenant(session, tenant_id)
    actor = Actor.system(tenant_id)
    if await queries.get_tenant(session, tenant_id) is None:
        raise NotFound("Tenant", "tenant")
    email = normalize_email(email)
    user_id = await ensure_user(session, email)
    membership = await queries.membership_of_user(session, tenant_id, user_id)
    if membership is None or membership.removed_at is not None:
        membership = membership or Membership(
            tenant_id=tenant_id, user_id=user_id, display_name=email.split("@")[0], role=role
        )
        membership.role, membership.removed_at = role, None
        session.add(membership)
        await session.flush()
        await audit.record(session, actor, "member.added", membership)
    elif membership.role != role:
        raise Conflict(
            f"{email} is a member as {membership.role.value}; change the role through the API.",
            "role",
        )
    return await _issue_token(session, actor, membership, name, None)
