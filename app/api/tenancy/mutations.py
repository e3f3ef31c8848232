"""Mutation fields of the tenancy area: settings, members, tokens."""

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import UserError, mutation
from app.api.relay import node_uuid
from app.api.tenancy.inputs import (
    AddMemberInput,
    ChangeMemberRoleInput,
    CreateApiTokenInput,
    RemoveMemberInput,
    RevokeApiTokenInput,
    UpdateTenantSettingsInput,
)
from app.api.tenancy.types import ApiToken, Member, Tenant, TierFloor
from domain.shared.roles import Role as RoleValue
from domain.tenancy import service


@strawberry.type(description="Result of updateTenantSettings.")
class UpdateTenantSettingsPayload:
    tenant: Tenant | None = strawberry.field(default=None, description="The tenant, updated.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of a mutation on one member.")
class MemberPayload:
    member: Member | None = strawberry.field(default=None, description="The member.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of removeMember.")
class RemoveMemberPayload:
    removed_member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of the member that was removed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of createApiToken.")
class CreateApiTokenPayload:
    api_token: ApiToken | None = strawberry.field(default=None, description="The new token.")
    secret: str | None = strawberry.field(
        default=None, description="The token itself: shown this once, never again."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type(description="Result of revokeApiToken.")
class RevokeApiTokenPayload:
    api_token: ApiToken | None = strawberry.field(default=None, description="The revoked token.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="What was wrong.")


@strawberry.type
class TenancyMutation:
    @strawberry.mutation(description="Rename the tenant or change its settings (ADMIN).")
    async def update_tenant_settings(
        self, info: Info, input: UpdateTenantSettingsInput
    ) -> UpdateTenantSettingsPayload:
        changes = {
            key: value.value if isinstance(value, TierFloor) else value
            for key, value in vars(input).items()
            if key != "name" and value is not None
        }
        async with mutation(info) as m:
            row = await service.update_settings(m.session, m.actor, input.name, changes)
            return UpdateTenantSettingsPayload(tenant=Tenant.from_row(row))
        return UpdateTenantSettingsPayload(errors=m.errors)

    @strawberry.mutation(description="Give a person a role in this tenant (ADMIN).")
    async def add_member(self, info: Info, input: AddMemberInput) -> MemberPayload:
        async with mutation(info) as m:
            row = await service.add_member(
                m.session, m.actor, input.email, input.display_name, RoleValue(input.role)
            )
            return MemberPayload(member=Member.from_row(row))
        return MemberPayload(errors=m.errors)

    @strawberry.mutation(description="Change a member's role (ADMIN); one ADMIN always remains.")
    async def change_member_role(self, info: Info, input: ChangeMemberRoleInput) -> MemberPayload:
        async with mutation(info) as m:
            member_id = node_uuid(input.member_id, "Member", "Member", "memberId")
            row = await service.change_member_role(
                m.session, m.actor, member_id, RoleValue(input.role)
            )
            return MemberPayload(member=Member.from_row(row))
        return MemberPayload(errors=m.errors)

    @strawberry.mutation(description="Remove a member and their tokens (ADMIN).")
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberPayload:
        async with mutation(info) as m:
            member_id = node_uuid(input.member_id, "Member", "Member", "memberId")
            await service.remove_member(m.session, m.actor, member_id)
            return RemoveMemberPayload(removed_member_id=input.member_id)
        return RemoveMemberPayload(errors=m.errors)

    @strawberry.mutation(description="Create an API token: yours, or any member's (ADMIN).")
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        async with mutation(info) as m:
            member_id = (
                node_uuid(input.member_id, "Member", "Member", "memberId")
                if input.member_id
                else None
            )
            issued = await service.create_token(
                m.session, m.actor, input.name, member_id, input.expires_at
            )
            return CreateApiTokenPayload(
                api_token=ApiToken.from_row(issued.token), secret=issued.secret
            )
        return CreateApiTokenPayload(errors=m.errors)

    @strawberry.mutation(description="Revoke an API token: yours, or any (ADMIN).")
    async def revoke_api_token(
        self, info: Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        async with mutation(info) as m:
            token_id = node_uuid(input.token_id, "ApiToken", "API token", "tokenId")
            row = await service.revoke_token(m.session, m.actor, token_id)
            return RevokeApiTokenPayload(api_token=ApiToken.from_row(row))
        return RevokeApiTokenPayload(errors=m.errors)
