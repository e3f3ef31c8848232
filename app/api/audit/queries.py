"""The audit trail query (ADMIN)."""

from uuid import UUID

import strawberry

from app.api.audit.types import AuditEvent, AuditEventFilter
from app.api.context import Info
from app.api.relay import Connection, optional_uuid, page_request, parse_uuid
from domain.audit import service
from domain.audit.service import AuditFilter
from domain.shared import reading
from domain.tenancy.models import Membership


def _raw_id(global_id: strawberry.relay.GlobalID | None) -> UUID | None:
    if global_id is None:
        return None
    return parse_uuid(global_id.node_id) or UUID(int=0)  # matches nothing, like any unknown ID


async def _user_of_member(info: Info, member_id: strawberry.relay.GlobalID) -> UUID:
    """The user behind one of the tenant's members; an unknown ID matches nothing."""
    found = optional_uuid(member_id, "Member")
    membership = (
        await reading.find(info.context.session, info.context.actor.tenant_id, Membership, found)
        if found
        else None
    )
    return membership.user_id if membership is not None else UUID(int=0)


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The tenant's audit trail, oldest first (ADMIN).")
    async def audit_events(
        self,
        info: Info,
        filter: AuditEventFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[AuditEvent]:
        f = filter or AuditEventFilter()
        actor_user_id = _raw_id(f.actor_user_id)
        if f.actor_id is not None:
            actor_user_id = await _user_of_member(info, f.actor_id)
        criteria = AuditFilter(
            action=f.action,
            entity_type=f.entity_type,
            entity_id=_raw_id(f.entity_id),
            actor_user_id=actor_user_id,
            occurred_after=f.occurred_after,
            occurred_before=f.occurred_before,
        )
        request = page_request(first, after, last, before, info.context.settings.max_page_size)
        page = await service.list_events(
            info.context.session, info.context.actor, criteria, request
        )
        return Connection[AuditEvent].from_page(page, AuditEvent.from_row)
