"""GraphQL types of webhooks: endpoints, deliveries, and the events they carry."""

from collections.abc import Sequence
from datetime import datetime
from typing import cast
from uuid import UUID

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from app.api.context import Info
from app.api.enums import DeliveryStatus, EventType
from app.api.nodes import RowNode, node
from app.api.refs import MemberRef
from app.api.relay import Connection, page_request
from domain.events import models, webhooks
from domain.shared.pagination import Page
from domain.shared.policy import Permission
from domain.tenancy import models as tenancy


@strawberry.type(
    description="Something that happened in the tenant, as posted to its webhook endpoints: "
    "the request body is `{id, type, occurredAt, data}` of this event."
)
class WebhookEvent(RowNode, relay.Node, model=models.OutboxEvent, read=Permission.WEBHOOK_MANAGE):
    event_id: relay.NodeID[UUID]
    type: EventType = strawberry.field(description="What happened.")
    occurred_at: datetime = strawberry.field(description="When it was recorded.")
    data: JSON = strawberry.field(
        description="What a receiver needs: the entities it is about, each with its API ID."
    )

    @classmethod
    def from_row(cls, row: models.OutboxEvent) -> "WebhookEvent":
        return cls(
            event_id=row.id,
            type=EventType(row.type),
            occurred_at=row.occurred_at,
            data=cast(JSON, row.data),
        )


@strawberry.type(description="What the viewer may do to a webhook delivery now.")
class WebhookDeliveryViewerCan:
    redeliver: bool = strawberry.field(
        description="redeliverWebhook: it is not being tried now, and its endpoint is enabled."
    )


@strawberry.type(description="One event sent to one endpoint: its attempts and last answer.")
class WebhookDelivery(
    RowNode, relay.Node, model=models.WebhookDelivery, read=Permission.WEBHOOK_MANAGE
):
    delivery_id: relay.NodeID[UUID]
    status: DeliveryStatus = strawberry.field(
        description="PENDING while it is being tried (again after a failure, with backoff), "
        "SUCCEEDED once the receiver answered 2xx, FAILED when the attempts ran out."
    )
    attempts: int = strawberry.field(description="Requests made so far.")
    last_response_code: int | None = strawberry.field(
        description="The HTTP status of the last answer; null before any, or with none (the "
        "receiver unreachable or too slow)."
    )
    last_error: str | None = strawberry.field(
        description="Why the last attempt failed: the start of the receiver's answer, or the "
        "network's error; null when it succeeded."
    )
    last_attempt_at: datetime | None = strawberry.field(description="When it was last tried.")
    succeeded_at: datetime | None = strawberry.field(description="When the receiver took it.")
    created_at: datetime = strawberry.field(description="When it was queued first.")
    endpoint_id: strawberry.Private[UUID]
    event_id: strawberry.Private[UUID]

    @strawberry.field(description="The event it carries.")
    def event(self, info: Info) -> WebhookEvent | None:
        return node(info, models.OutboxEvent, self.event_id)

    @strawberry.field(description="Where it goes.")
    def endpoint(self, info: Info) -> "WebhookEndpoint | None":
        return node(info, models.WebhookEndpoint, self.endpoint_id)

    @strawberry.field(description="What the viewer may do to it now.")
    async def viewer_can(self, info: Info) -> WebhookDeliveryViewerCan:
        endpoint = await info.context.loaders.rows(models.WebhookEndpoint).load(self.endpoint_id)
        enabled = endpoint is not None and endpoint.enabled
        return WebhookDeliveryViewerCan(
            redeliver=webhooks.may_redeliver(self.status.value, enabled)
        )

    @classmethod
    def from_row(cls, row: models.WebhookDelivery) -> "WebhookDelivery":
        return cls(
            delivery_id=row.id,
            status=DeliveryStatus(row.status),
            attempts=row.attempts,
            last_response_code=row.last_response_code,
            last_error=row.last_error,
            last_attempt_at=row.last_attempt_at,
            succeeded_at=row.succeeded_at,
            created_at=row.created_at,
            endpoint_id=row.endpoint_id,
            event_id=row.event_id,
        )


@strawberry.type(
    description="A URL of the tenant's that receives its events, each request signed with "
    "the endpoint's secret (see the README: verifying a webhook). ADMIN only."
)
class WebhookEndpoint(
    RowNode, relay.Node, model=models.WebhookEndpoint, read=Permission.WEBHOOK_MANAGE
):
    endpoint_id: relay.NodeID[UUID]
    url: str = strawberry.field(description="Where events are posted.")
    description: str = strawberry.field(description="What it is for, in the tenant's words.")
    event_types: list[EventType] = strawberry.field(
        description="The event types it receives; empty: every type."
    )
    enabled: bool = strawberry.field(description="Whether events are posted to it now.")
    secret_set_at: datetime = strawberry.field(
        description="When its signing secret was made (added, or last rotated)."
    )
    created_at: datetime = strawberry.field(description="When it was added.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    created_by_id: strawberry.Private[UUID | None]

    @strawberry.field(description="The member who added it.")
    def created_by(self, info: Info) -> MemberRef | None:
        return node(info, tenancy.Membership, self.created_by_id)

    @strawberry.field(description="Its delivery log, newest first.")
    async def deliveries(
        self,
        info: Info,
        status: DeliveryStatus | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookDelivery]:
        order = "webhook-deliveries"
        context = info.context
        request = page_request(first, after, last, before, context.settings.max_page_size, order)

        async def fetch(endpoint_ids: Sequence[UUID]) -> dict[UUID, Page]:
            return await webhooks.list_deliveries(
                context.session, context.actor, endpoint_ids, status, request
            )

        # the endpoints of a list asking the same page of their logs are answered together
        question = ("webhook deliveries", status, first, after, last, before)
        page = await context.loaders.keyed(question, fetch).load(self.endpoint_id)
        return Connection[WebhookDelivery].from_page(page, WebhookDelivery.from_row, order)

    @classmethod
    def from_row(cls, row: models.WebhookEndpoint) -> "WebhookEndpoint":
        return cls(
            endpoint_id=row.id,
            url=row.url,
            description=row.description,
            event_types=[EventType(t) for t in row.event_types],
            enabled=row.enabled,
            secret_set_at=row.secret_set_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
            created_by_id=row.created_by_id,
        )
