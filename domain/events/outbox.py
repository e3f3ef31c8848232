"""Appending events to the outbox, in the caller's transaction, and handing each to the
tenant's webhook endpoints that want it.

An event and its deliveries (and their queued jobs) commit or roll back with the change
that caused them: a review submitted is always announced, a failed submit never is.
"""

import base64
from collections.abc import Iterable
from typing import Any
from uuid import UUID, uuid4

from sqlalchemy import func, or_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.events.models import EventType, OutboxEvent, WebhookDelivery, WebhookEndpoint
from domain.shared import jobs
from domain.shared.jsonable import jsonable
from domain.tenancy.models import Membership, User


def global_id(type_name: str, id: UUID) -> str:
    """An entity's ID as the GraphQL API gives it, so a receiver can look it up there."""
    return base64.b64encode(f"{type_name}:{id}".encode()).decode()


def ref(type_name: str, id: UUID, **facts: Any) -> dict[str, Any]:
    """An entity in an event's data: its API ID and the facts a receiver shows."""
    return {"id": global_id(type_name, id), **{k: jsonable(v) for k, v in facts.items()}}


async def member_refs(
    session: AsyncSession, tenant_id: UUID, ids: Iterable[UUID | None]
) -> dict[UUID, dict[str, Any]]:
    """Members by id, as events name them: API ID, name and email (for the tenant's mailer)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = await session.execute(
        select(Membership.id, Membership.display_name, User.email)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(col(Membership.tenant_id) == tenant_id, col(Membership.id).in_(wanted))
    )
    return {
        member_id: ref("Member", member_id, name=name, email=email)
        for member_id, name, email in rows.all()
    }


async def emit(
    session: AsyncSession,
    tenant_id: UUID,
    type: EventType,
    subject_type: str,
    subject_id: UUID,
    data: dict[str, Any],
    once_key: str | None = None,
    only_endpoint: UUID | None = None,
) -> OutboxEvent | None:
    """Append an event and queue its deliveries. With `once_key`, an event already appended
    under that key wins: None, and nothing is sent again."""
    values = {
        "tenant_id": tenant_id,
        "id": uuid4(),
        "type": type.value,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "once_key": once_key,
        "data": data,
    }
    statement = insert(OutboxEvent).values(**values)
    if once_key is not None:
        statement = statement.on_conflict_do_nothing(constraint="outbox_events_once_key")
    event_id = await session.scalar(statement.returning(col(OutboxEvent.id)))
    if event_id is None:
        return None
    event = await session.get(OutboxEvent, (tenant_id, event_id))
    assert event is not None  # just inserted, in this transaction
    wanted = select(WebhookEndpoint).where(
        col(WebhookEndpoint.tenant_id) == tenant_id,
        col(WebhookEndpoint.enabled),
        or_(
            func.cardinality(col(WebhookEndpoint.event_types)) == 0,
            col(WebhookEndpoint.event_types).contains([type.value]),
        ),
    )
    if only_endpoint is not None:
        wanted = select(WebhookEndpoint).where(
            col(WebhookEndpoint.tenant_id) == tenant_id, col(WebhookEndpoint.id) == only_endpoint
        )
    for endpoint in (await session.scalars(wanted)).all():
        delivery = WebhookDelivery(tenant_id=tenant_id, endpoint_id=endpoint.id, event_id=event.id)
        session.add(delivery)
        await session.flush()
        await queue_delivery(session, delivery)
    return event


async def queue_delivery(session: AsyncSession, delivery: WebhookDelivery) -> None:
    """Queue a delivery's job in the session's transaction, for a round of attempts. A job of
    the last round that is still finishing may run beside it: a delivery is posted by one job
    at a time (delivery.take), and settled once (delivery.record)."""
    await jobs.enqueue(
        session, jobs.DELIVER_WEBHOOK, jobs.payload(delivery.tenant_id, delivery_id=delivery.id)
    )
