"""Query fields of webhooks (ADMIN only)."""

import strawberry

from app.api.context import Info
from app.api.enums import EventType
from app.api.relay import Connection, page_request
from app.api.webhooks.types import WebhookEndpoint, WebhookEvent
from domain.events import webhooks


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        description="The tenant's webhook endpoints, oldest first (ADMIN only; FORBIDDEN "
        "for other roles)."
    )
    async def webhook_endpoints(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookEndpoint]:
        order = "webhook-endpoints"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await webhooks.list_endpoints(info.context.session, info.context.actor, request)
        return Connection[WebhookEndpoint].from_page(page, WebhookEndpoint.from_row, order)

    @strawberry.field(
        description="The tenant's events, newest first, whether or not an endpoint wanted "
        "them: what was (or would have been) posted (ADMIN only)."
    )
    async def webhook_events(
        self,
        info: Info,
        type: EventType | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookEvent]:
        order = "webhook-events"
        request = page_request(
            first, after, last, before, info.context.settings.max_page_size, order
        )
        page = await webhooks.list_events(info.context.session, info.context.actor, type, request)
        return Connection[WebhookEvent].from_page(page, WebhookEvent.from_row, order)
