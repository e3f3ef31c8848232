"""Inputs of webhook mutations."""

import strawberry
from strawberry import relay

from app.api.enums import EventType


@strawberry.input(description="A new webhook endpoint.")
class CreateWebhookEndpointInput:
    url: str = strawberry.field(
        description="Where events are posted: https, on a public address (plain http and "
        "local addresses only where the server allows them, for development)."
    )
    description: str | None = strawberry.field(
        default=None, description="What it is for (at most 200 characters)."
    )
    event_types: list[EventType] | None = strawberry.field(
        default=None, description="The event types it receives; empty or omitted: every type."
    )


@strawberry.input(description="Changes to a webhook endpoint; omitted fields stay as they are.")
class UpdateWebhookEndpointInput:
    id: relay.GlobalID = strawberry.field(description="The endpoint.")
    url: str | None = strawberry.field(default=strawberry.UNSET, description="Its new URL.")
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="What it is for."
    )
    event_types: list[EventType] | None = strawberry.field(
        default=strawberry.UNSET, description="The event types it receives; empty: every type."
    )
    enabled: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Turn it off (events are no longer posted to it; queued deliveries fail "
        "saying so) or on again.",
    )


@strawberry.input(description="A webhook endpoint.")
class WebhookEndpointInput:
    id: relay.GlobalID = strawberry.field(description="The endpoint.")


@strawberry.input(description="A delivery to send again.")
class RedeliverWebhookInput:
    id: relay.GlobalID = strawberry.field(description="The delivery (SUCCEEDED or FAILED).")
