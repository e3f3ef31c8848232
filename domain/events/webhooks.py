"""The tenant's webhook endpoints (ADMIN only): add, change, rotate the secret, remove, send
a test, send a delivery again; the outbox of events, read.

A secret is made here from the OS's strong random source and returned once, when the
endpoint is made or its secret rotated; nothing reads it back through the API after that.
In production an endpoint must be https on a public address (domain.events.addresses):
tprm never posts into the network it runs in.
"""

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from sqlalchemy import Select, bindparam, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import service as audit
from domain.events import addresses, outbox
from domain.events.models import (
    DeliveryStatus,
    EventType,
    OutboxEvent,
    WebhookDelivery,
    WebhookEndpoint,
)
from domain.shared import normalize, policy, reading
from domain.shared.actor import Actor
from domain.shared.changes import NOT_CLEARABLE, Changes
from domain.shared.errors import DomainError
from domain.shared.pagination import Page, PageRequest, SortKey, built_once, paginate, paginate_each
from domain.shared.policy import Permission
from domain.tenancy.models import Tenant


class TooManyEndpoints(DomainError):
    code = "TOO_MANY_ENDPOINTS"


class DeliveryPending(DomainError):
    code = "DELIVERY_PENDING"


class EndpointDisabled(DomainError):
    code = "ENDPOINT_DISABLED"


SECRET_PREFIX = "whsec_"
MAX_ENDPOINTS = 20  # per tenant: each event is posted to every one of them


@dataclass(frozen=True)
class WithSecret:
    """An endpoint and its new secret: the only time the secret is shown."""

    endpoint: WebhookEndpoint
    secret: str


class EndpointChanges(Changes):
    url: Annotated[str | None, NOT_CLEARABLE] = None
    description: str | None = None
    event_types: Annotated[list[EventType] | None, NOT_CLEARABLE] = None
    enabled: Annotated[bool | None, NOT_CLEARABLE] = None


def new_secret() -> str:
    """`whsec_` and 32 random bytes in base64: the Standard Webhooks form of a secret."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key a secret stands for."""
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX))


def _event_types(values: list[EventType] | None) -> list[str]:
    return sorted({value.value for value in values or []})


async def list_endpoints(session: AsyncSession, actor: Actor, page: PageRequest) -> Page:
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    query, order = _endpoints()
    return await paginate(session, query, order, page, values={"tenant_id": actor.tenant_id})


@built_once
def _endpoints() -> tuple[Select[Any], tuple[Any, ...]]:
    """The list of endpoints' select (the tenant a parameter: list_endpoints) and its
    order, oldest first; built once."""
    query = select(WebhookEndpoint).where(col(WebhookEndpoint.tenant_id) == bindparam("tenant_id"))
    return query, (col(WebhookEndpoint.created_at), col(WebhookEndpoint.id))


async def get_endpoint(
    session: AsyncSession, actor: Actor, endpoint_id: UUID, for_update: bool = False
) -> WebhookEndpoint:
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    return await reading.one(
        session,
        actor.tenant_id,
        WebhookEndpoint,
        endpoint_id,
        entity="Webhook endpoint",
        for_update=for_update,
    )


async def create_endpoint(
    session: AsyncSession,
    actor: Actor,
    url: str,
    description: str | None,
    event_types: list[EventType] | None,
    allow_local: bool,
) -> WithSecret:
    """A new endpoint (enabled) and its secret, shown this once."""
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    clean_url = addresses.check_url(url, allow_local)
    # Endpoints are added one at a time per tenant, or two at once could pass the cap.
    await session.execute(
        select(Tenant.id).where(col(Tenant.id) == actor.tenant_id).with_for_update()
    )
    count = await session.scalar(
        select(func.count())
        .select_from(WebhookEndpoint)
        .where(col(WebhookEndpoint.tenant_id) == actor.tenant_id)
    )
    if (count or 0) >= MAX_ENDPOINTS:
        raise TooManyEndpoints(f"A tenant has at most {MAX_ENDPOINTS} webhook endpoints.", "url")
    secret = new_secret()
    endpoint = WebhookEndpoint(
        tenant_id=actor.tenant_id,
        url=clean_url,
        description=normalize.text(description, "description", 200) or "",
        event_types=_event_types(event_types),
        secret=secret,
        created_by_id=actor.membership_id,
    )
    session.add(endpoint)
    await audit.record(session, actor, "webhook_endpoint.created", endpoint)
    return WithSecret(endpoint, secret)


async def update_endpoint(
    session: AsyncSession,
    actor: Actor,
    endpoint_id: UUID,
    update: EndpointChanges,
    allow_local: bool,
) -> WebhookEndpoint:
    """Change what was given of an endpoint (see EndpointChanges)."""
    changes = update.given()
    endpoint = await get_endpoint(session, actor, endpoint_id, for_update=True)
    if "url" in changes:
        endpoint.url = addresses.check_url(changes["url"], allow_local)
    if "description" in changes:
        endpoint.description = normalize.text(changes["description"], "description", 200) or ""
    if "event_types" in changes:
        endpoint.event_types = _event_types(changes["event_types"])
    if "enabled" in changes:
        endpoint.enabled = changes["enabled"]
    await audit.record(session, actor, "webhook_endpoint.updated", endpoint)
    return endpoint


async def rotate_secret(session: AsyncSession, actor: Actor, endpoint_id: UUID) -> WithSecret:
    """A new secret at once: deliveries from now on are signed with it, the old one stops."""
    endpoint = await get_endpoint(session, actor, endpoint_id, for_update=True)
    endpoint.secret, endpoint.secret_set_at = new_secret(), datetime.now(UTC)
    await audit.record(session, actor, "webhook_endpoint.secret_rotated", endpoint)
    return WithSecret(endpoint, endpoint.secret)


async def delete_endpoint(session: AsyncSession, actor: Actor, endpoint_id: UUID) -> UUID:
    """Remove an endpoint and its delivery log; deliveries still queued find it gone."""
    endpoint = await get_endpoint(session, actor, endpoint_id, for_update=True)
    await audit.record_fact(
        session, actor, "webhook_endpoint.deleted", "WebhookEndpoint", endpoint.id, url=endpoint.url
    )
    await session.delete(endpoint)
    await session.flush()
    return endpoint_id


async def send_test(session: AsyncSession, actor: Actor, endpoint_id: UUID) -> WebhookDelivery:
    """A `webhook.test` event to this one endpoint (enabled or not), to check the receiver."""
    endpoint = await get_endpoint(session, actor, endpoint_id)
    event = await outbox.emit(
        session,
        actor.tenant_id,
        EventType.WEBHOOK_TEST,
        "WebhookEndpoint",
        endpoint.id,
        {"endpoint": outbox.ref("WebhookEndpoint", endpoint.id, url=endpoint.url)},
        only_endpoint=endpoint.id,
    )
    assert event is not None  # no once_key: always appended
    delivery = await session.scalar(
        select(WebhookDelivery).where(
            col(WebhookDelivery.tenant_id) == actor.tenant_id,
            col(WebhookDelivery.event_id) == event.id,
        )
    )
    assert delivery is not None  # emit made it, for this endpoint
    await audit.record(session, actor, "webhook_endpoint.test_sent", endpoint, event=event.id)
    return delivery


async def get_delivery(
    session: AsyncSession, actor: Actor, delivery_id: UUID, for_update: bool = False
) -> WebhookDelivery:
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    return await reading.one(
        session,
        actor.tenant_id,
        WebhookDelivery,
        delivery_id,
        entity="Webhook delivery",
        for_update=for_update,
    )


async def list_deliveries(
    session: AsyncSession,
    actor: Actor,
    endpoint_ids: Sequence[UUID],
    status: DeliveryStatus | None,
    page: PageRequest,
) -> dict[UUID, Page]:
    """The same page of each endpoint's delivery log, newest first: in two statements
    whatever the number of endpoints (a page of endpoints each showing its log)."""
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    query, newest_first = _deliveries(status is not None)
    values = {"tenant_id": actor.tenant_id, "status": status.value if status is not None else None}
    return await paginate_each(
        session,
        query,
        newest_first,
        page,
        col(WebhookDelivery.endpoint_id),
        endpoint_ids,
        values=values,
    )


@built_once
def _deliveries(status: bool) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The delivery log's select for the criteria given (their values parameters:
    list_deliveries) and its order; built once for each form."""
    query = select(WebhookDelivery).where(col(WebhookDelivery.tenant_id) == bindparam("tenant_id"))
    if status:
        query = query.where(col(WebhookDelivery.status) == bindparam("status"))
    newest_first = (
        SortKey(col(WebhookDelivery.created_at), descending=True),
        SortKey(col(WebhookDelivery.id), descending=True),
    )
    return query, newest_first


async def list_events(
    session: AsyncSession, actor: Actor, type: EventType | None, page: PageRequest
) -> Page:
    """The outbox, newest first: every event recorded, whether or not an endpoint wanted it."""
    policy.require(actor, Permission.WEBHOOK_MANAGE)
    query, newest_first = _events(type is not None)
    values = {"tenant_id": actor.tenant_id, "type": type.value if type is not None else None}
    return await paginate(session, query, newest_first, page, values=values)


@built_once
def _events(type: bool) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The outbox's select for the criteria given (their values parameters: list_events)
    and its order; built once for each form."""
    query = select(OutboxEvent).where(col(OutboxEvent.tenant_id) == bindparam("tenant_id"))
    if type:
        query = query.where(col(OutboxEvent.type) == bindparam("type"))
    newest_first = (
        SortKey(col(OutboxEvent.occurred_at), descending=True),
        SortKey(col(OutboxEvent.id), descending=True),
    )
    return query, newest_first


def may_redeliver(status: str, endpoint_enabled: bool) -> bool:
    """Whether a delivery can be sent again: it is not being tried, its endpoint is on."""
    return status != DeliveryStatus.PENDING and endpoint_enabled


async def redeliver(session: AsyncSession, actor: Actor, delivery_id: UUID) -> WebhookDelivery:
    """Send a delivery again (a failed one, or one the receiver lost) with a new round of
    attempts; one still being tried is not queued twice."""
    delivery = await get_delivery(session, actor, delivery_id, for_update=True)
    if delivery.status == DeliveryStatus.PENDING:
        raise DeliveryPending("This delivery is still being tried.", "id")
    endpoint = await get_endpoint(session, actor, delivery.endpoint_id)
    if not may_redeliver(delivery.status, endpoint.enabled):
        raise EndpointDisabled("Enable the endpoint first.", "id")
    delivery.status = DeliveryStatus.PENDING.value
    delivery.round_attempts, delivery.succeeded_at = 0, None
    await audit.record(session, actor, "webhook_delivery.redelivered", delivery)
    await outbox.queue_delivery(session, delivery)
    return delivery
