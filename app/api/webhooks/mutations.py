"""Mutation fields of webhooks (ADMIN only): endpoints, their secrets, test and redelivery."""

from uuid import UUID

import strawberry
from strawberry import relay

from app.api.context import Info
from app.api.errors import Payload, mutation
from app.api.inputs import given
from app.api.relay import node_uuid
from app.api.webhooks.errors import WebhookError
from app.api.webhooks.inputs import (
    CreateWebhookEndpointInput,
    RedeliverWebhookInput,
    UpdateWebhookEndpointInput,
    WebhookEndpointInput,
)
from app.api.webhooks.types import WebhookDelivery, WebhookEndpoint
from domain.events import webhooks
from domain.events.models import EventType as DomainEventType


@strawberry.type(description="Result of a mutation on a webhook endpoint.")
class WebhookEndpointPayload(Payload[WebhookError]):
    endpoint: WebhookEndpoint | None = strawberry.field(default=None, description="The endpoint.")


@strawberry.type(
    description="Result of adding a webhook endpoint or rotating its secret: the only time "
    "the secret is shown."
)
class WebhookSecretPayload(Payload[WebhookError]):
    endpoint: WebhookEndpoint | None = strawberry.field(default=None, description="The endpoint.")
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (`whsec_` and base64): store it now, it is not shown "
        "again. Receivers verify each request's `webhook-signature` with it.",
    )


@strawberry.type(description="Result of removing a webhook endpoint.")
class DeleteWebhookEndpointPayload(Payload[WebhookError]):
    deleted_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the endpoint removed."
    )


@strawberry.type(description="Result of queueing a webhook delivery.")
class WebhookDeliveryPayload(Payload[WebhookError]):
    delivery: WebhookDelivery | None = strawberry.field(default=None, description="The delivery.")


def _endpoint_uuid(global_id: relay.GlobalID) -> UUID:
    return node_uuid(global_id, "WebhookEndpoint", "Webhook endpoint", "id")


def _allow_local(info: Info) -> bool:
    return info.context.settings.webhook_allow_local


URL_INVALID = (
    "(url) for a URL that is not absolute https on a public address, or carries a password"
)


@strawberry.type
class WebhookMutation:
    @mutation(
        "Add a webhook endpoint (ADMIN); its signing secret is returned this once.",
        errors={
            "INVALID": URL_INVALID + ", (description) for one too long",
            "TOO_MANY_ENDPOINTS": f"(url) when the tenant has {webhooks.MAX_ENDPOINTS} "
            "endpoints already",
        },
    )
    async def create_webhook_endpoint(
        self, info: Info, input: CreateWebhookEndpointInput
    ) -> WebhookSecretPayload:
        made = await webhooks.create_endpoint(
            info.context.session,
            info.context.actor,
            input.url,
            input.description,
            [DomainEventType(t.value) for t in input.event_types or []],
            _allow_local(info),
        )
        return WebhookSecretPayload(
            endpoint=WebhookEndpoint.from_row(made.endpoint), secret=made.secret
        )

    @mutation(
        "Change a webhook endpoint: its URL, description, event types, or turn it off and on "
        "(ADMIN).",
        errors={
            "NOT_FOUND": "(id) for an endpoint that is not here",
            "INVALID": URL_INVALID + ", or (the field) for a value that cannot be cleared",
        },
    )
    async def update_webhook_endpoint(
        self, info: Info, input: UpdateWebhookEndpointInput
    ) -> WebhookEndpointPayload:
        fields = given(input, webhooks.EndpointChanges.model_fields)
        if fields.get("event_types") is not None:
            fields["event_types"] = [DomainEventType(t.value) for t in fields["event_types"]]
        row = await webhooks.update_endpoint(
            info.context.session,
            info.context.actor,
            _endpoint_uuid(input.id),
            webhooks.EndpointChanges.read(fields),
            _allow_local(info),
        )
        return WebhookEndpointPayload(endpoint=WebhookEndpoint.from_row(row))

    @mutation(
        "Give a webhook endpoint a new signing secret, returned this once; the old one stops "
        "at once (ADMIN).",
        errors={"NOT_FOUND": "(id) for an endpoint that is not here"},
    )
    async def rotate_webhook_secret(
        self, info: Info, input: WebhookEndpointInput
    ) -> WebhookSecretPayload:
        made = await webhooks.rotate_secret(
            info.context.session, info.context.actor, _endpoint_uuid(input.id)
        )
        return WebhookSecretPayload(
            endpoint=WebhookEndpoint.from_row(made.endpoint), secret=made.secret
        )

    @mutation(
        "Remove a webhook endpoint and its delivery log (ADMIN).",
        errors={"NOT_FOUND": "(id) for an endpoint that is not here"},
    )
    async def delete_webhook_endpoint(
        self, info: Info, input: WebhookEndpointInput
    ) -> DeleteWebhookEndpointPayload:
        deleted = await webhooks.delete_endpoint(
            info.context.session, info.context.actor, _endpoint_uuid(input.id)
        )
        return DeleteWebhookEndpointPayload(
            deleted_id=relay.GlobalID("WebhookEndpoint", str(deleted))
        )

    @mutation(
        "Post a `webhook.test` event to one endpoint, enabled or not, to check its receiver "
        "(ADMIN); follow the delivery returned.",
        errors={"NOT_FOUND": "(id) for an endpoint that is not here"},
    )
    async def send_test_webhook(
        self, info: Info, input: WebhookEndpointInput
    ) -> WebhookDeliveryPayload:
        row = await webhooks.send_test(
            info.context.session, info.context.actor, _endpoint_uuid(input.id)
        )
        return WebhookDeliveryPayload(delivery=WebhookDelivery.from_row(row))

    @mutation(
        "Send a delivery again, as it was (the same event id and body, signed anew), with a "
        "new round of attempts (ADMIN).",
        errors={
            "NOT_FOUND": "(id) for a delivery that is not here",
            "DELIVERY_PENDING": "(id) when it is still being tried",
            "ENDPOINT_DISABLED": "(id) when its endpoint is disabled",
        },
    )
    async def redeliver_webhook(
        self, info: Info, input: RedeliverWebhookInput
    ) -> WebhookDeliveryPayload:
        row = await webhooks.redeliver(
            info.context.session,
            info.context.actor,
            node_uuid(input.id, "WebhookDelivery", "Webhook delivery", "id"),
        )
        return WebhookDeliveryPayload(delivery=WebhookDelivery.from_row(row))
