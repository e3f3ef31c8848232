"""Mutation fields of the tenancy area: settings, members, tokens."""

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.tenancy.errors import TenancyError
from app.api.tenancy.inputs import (
    AddMemberInput,
    ChangeMemberRoleInput,
    CreateApiTokenInput,
    RemoveMemberInput,
    RevokeApiTokenInput,
    UpdateTenantSettingsInput,
)
from app.api.tenancy.types import ApiToken, Member, Tenant
from domain.shared.roles import Role as RoleValue
from domain.tenancy import service


@strawberry.type(description="Result of updateTenantSettings.")
class UpdateTenantSettingsPayload(Payload[TenancyError]):
    tenant: Tenant | None = strawberry.field(default=None, description="The tenant, updated.")


@strawberry.type(description="Result of a mutation on one member.")
class MemberPayload(Payload[TenancyError]):
    member: Member | None = strawberry.field(default=None, description="The member.")


@strawberry.type(description="Result of removeMember.")
class RemoveMemberPayload(Payload[TenancyError]):
    removed_member_id: relay.GlobalID | None = strawberry.field(
        default=None, description="ID of the member that was removed."
    )


@strawberry.type(description="Result of createApiToken.")
class CreateApiTokenPayload(Payload[TenancyError]):
    api_token: ApiToken | None = strawberry.field(default=None, description="The new token.")
    secret: str | None = strawberry.field(
        default=None, description="The token itself: shown this once, never again."
    )


@strawberry.type(description="Result of revokeApiToken.")
class RevokeApiTokenPayload(Payload[TenancyError]):
    api_token: ApiToken | None = strawberry.field(default=None, description="The revoked token.")


@strawberry.type
class TenancyMutation:
    @mutation(
        "Rename the tenant or change its settings (ADMIN); new tier thresholds re-tier "
        "every vendor.",
        errors={"INVALID": "(the setting) for a value out of range or that cannot be cleared"},
    )
    async def update_tenant_settings(
        self, info: Info, input: UpdateTenantSettingsInput
    ) -> UpdateTenantSettingsPayload:
        changes = given(input, vars(input))
        row = await service.update_settings(info.context.session, info.context.actor, changes)
        return UpdateTenantSettingsPayload(tenant=Tenant.from_row(row))

    @mutation(
        "Give a person, by email, a role in this tenant (ADMIN).",
        errors={
            "INVALID": "(email, or displayName) for one that does not fit",
            "CONFLICT": "(email) when the person is already a member",
        },
    )
    async def add_member(self, info: Info, input: AddMemberInput) -> MemberPayload:
        row = await service.add_member(
            info.context.session,
            info.context.actor,
            input.email,
            input.display_name,
            RoleValue(input.role),
        )
        return MemberPayload(member=Member.from_row(row))

    @mutation(
        "Change a member's role (ADMIN); one ADMIN always remains.",
        errors={
            "NOT_FOUND": "(memberId) for a member who is not here",
            "CONFLICT": "(memberId) when it would leave the tenant without an ADMIN",
        },
    )
    async def change_member_role(self, info: Info, input: ChangeMemberRoleInput) -> MemberPayload:
        member_id = node_uuid(input.member_id, "Member", "Member", "memberId")
        row = await service.change_member_role(
            info.context.session, info.context.actor, member_id, RoleValue(input.role)
        )
        return MemberPayload(member=Member.from_row(row))

    @mutation(
        "Remove a member and revoke their tokens (ADMIN); what they did stays on record.",
        errors={
            "NOT_FOUND": "(memberId) for a member who is not here",
            "CONFLICT": "(memberId) for the last ADMIN",
        },
    )
    async def remove_member(self, info: Info, input: RemoveMemberInput) -> RemoveMemberPayload:
        member_id = node_uuid(input.member_id, "Member", "Member", "memberId")
        await service.remove_member(info.context.session, info.context.actor, member_id)
        return RemoveMemberPayload(removed_member_id=input.member_id)

    @mutation(
        "Create an API token: your own, or any member's (ADMIN). Its secret is in this "
        "payload only.",
        errors={
            "NOT_FOUND": "(memberId) for a member who is not here",
            "INVALID": "(name, or expiresAt) for one that does not fit",
        },
    )
    async def create_api_token(
        self, info: Info, input: CreateApiTokenInput
    ) -> CreateApiTokenPayload:
        member_id = (
            node_uuid(input.member_id, "Member", "Member", "memberId") if input.member_id else None
        )
        issued = await service.create_token(
            info.context.session, info.context.actor, input.name, member_id, input.expires_at
        )
        return CreateApiTokenPayload(
            api_token=ApiToken.from_row(issued.token), secret=issued.secret
        )

    @mutation(
        "Revoke an API token: your own, or any (ADMIN).",
        errors={"NOT_FOUND": "(tokenId) for a token that is not here, or not yours"},
    )
    async def revoke_api_token(
        self, info: Info, input: RevokeApiTokenInput
    ) -> RevokeApiTokenPayload:
        token_id = node_uuid(input.token_id, "ApiToken", "API token", "tokenId")
        row = await service.revoke_token(info.context.session, info.context.actor, token_id)
        return RevokeApiTokenPayload(api_token=ApiToken.from_row(row))
