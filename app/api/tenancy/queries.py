"""Query fields of the tenancy area."""

import strawberry

from app.api.context import Info
from app.api.enums import Role
from app.api.relay import Connection, page_request
from app.api.tenancy.types import ApiToken, Member, Tenant, User, Viewer
from domain.shared.errors import NotFound
from domain.tenancy import queries, service


@strawberry.type
class TenancyQuery:
    @strawberry.field(description="Who is calling: user, tenant and role.")
    async def viewer(self, info: Info) -> Viewer:
        actor = info.context.actor
        assert actor.user_id and actor.membership_id
        found = await queries.viewer_rows(
            info.context.session, actor.tenant_id, actor.membership_id
        )
        if found is None:
            raise NotFound("Viewer")
        tenant, membership, user = found
        # the request's other fields find the member and the user without reading them again
        info.context.loaders.membership_by_id.prime(membership.id, membership)
        info.context.loaders.user_by_id.prime(user.id, user)
        return Viewer(
            user=User.from_row(user),
            tenant=Tenant.from_row(tenant),
            role=Role(actor.role),
            member=Member.from_row(membership),
        )

    @strawberry.field(description="The tenant's members, oldest first.")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[Member]:
        request = page_request(first, after, last, before, info.context.settings.max_page_size)
        page = await service.list_members(info.context.session, info.context.actor, request)
        return Connection[Member].from_page(page, Member.from_row)

    @strawberry.field(description="Your API tokens; for ADMINs, every token of the tenant.")
    async def api_tokens(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApiToken]:
        request = page_request(first, after, last, before, info.context.settings.max_page_size)
        page = await service.list_tokens(info.context.session, info.context.actor, request)
        return Connection[ApiToken].from_page(page, ApiToken.from_row)
