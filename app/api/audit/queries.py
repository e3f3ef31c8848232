"""The audit trail query (ADMIN)."""

from uuid import UUID

import strawberry

from app.api.audit.types import AuditEvent, AuditEventFilter
from app.api.context import Info
from app.api.relay import Connection, page_request, parse_uuid
from domain.audit import service
from domain.audit.service import AuditFilter


def _raw_id(global_id: strawberry.relay.GlobalID | None) -> UUID | None:
    if global_id is None:
        return None
    return parse_uuid(global_id.node_id) or UUID(int=0)  # matches nothing, like any unknown ID


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
        criteria = AuditFilter(
            action=f.action,
            entity_type=f.entity_type,
            entity_id=_raw_id(f.entity_id),
            actor_user_id=_raw_id(f.actor_user_id),
            occurred_after=f.occurred_after,
            occurred_before=f.occurred_before,
        )
        request = page_request(first, after, last, before, info.context.settings.max_page_size)
        page = await service.list_events(
            info.context.session, info.context.actor, criteria, request
        )
        return Connection[AuditEvent].from_page(page, AuditEvent.from_row)
