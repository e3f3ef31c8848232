"""GraphQL types of the audit trail."""

from datetime import datetime
from typing import cast
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from app.api.context import Info
from app.api.nodes import RowNode, member_of_user
from app.api.refs import MemberRef
from domain.audit import models
from domain.shared.policy import Permission


@strawberry.type(description="One change to the tenant's data, as it happened. Never edited.")
class AuditEvent(RowNode, relay.Node, model=models.AuditEvent, read=Permission.AUDIT_READ):
    event_id: relay.NodeID[UUID]
    occurred_at: datetime = strawberry.field(description="When it happened.")
    action: str = strawberry.field(description="What happened, e.g. `member.added`.")
    entity_type: str = strawberry.field(description="The kind of thing changed, e.g. `Member`.")
    entity_id: relay.GlobalID | None = strawberry.field(description="ID of the thing changed.")
    actor_kind: str = strawberry.field(
        description="USER, SYSTEM, or RESPONDENT (a vendor through a respondent link, "
        "named in `changes.respondentLinkId`)."
    )
    actor_token_id: relay.GlobalID | None = strawberry.field(
        description="The API token used, for a USER actor."
    )
    changes: JSON = strawberry.field(
        description="Changed fields: {field: {before, after}}; before is null on creation."
    )
    request_id: str | None = strawberry.field(description="The request that made the change.")
    actor_user_id: strawberry.Private[UUID | None]

    @strawberry.field(
        description="The member who acted (removed members included); null for the system."
    )
    def actor(self, info: Info) -> MemberRef | None:
        return member_of_user(info, self.actor_user_id)

    @classmethod
    def from_row(cls, row: models.AuditEvent) -> "AuditEvent":
        return cls(
            event_id=row.id,
            occurred_at=row.occurred_at,
            action=row.action,
            entity_type=row.entity_type,
            entity_id=relay.GlobalID(row.entity_type, str(row.entity_id))
            if row.entity_id
            else None,
            actor_kind=row.actor_kind,
            actor_token_id=(
                relay.GlobalID("ApiToken", str(row.actor_token_id)) if row.actor_token_id else None
            ),
            changes=cast(JSON, row.changes),
            request_id=row.request_id,
            actor_user_id=row.actor_user_id,
        )


@strawberry.input(description="Narrow the audit trail; all given fields must match.")
class AuditEventFilter:
    action: str | None = strawberry.field(default=None, description="e.g. `member.added`.")
    entity_type: str | None = strawberry.field(default=None, description="e.g. `Member`.")
    entity_id: relay.GlobalID | None = strawberry.field(default=None, description="The thing.")
    actor_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Events of this Member (removed members included)."
    )
    actor_user_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="Events of this User.",
        deprecation_reason="People are shown as Members: use actorId.",
    )
    occurred_after: datetime | None = strawberry.field(
        default=None, description="At or after this instant."
    )
    occurred_before: datetime | None = strawberry.field(
        default=None, description="Before this instant."
    )
