"""Writing and reading the audit trail."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.audit import tracking
from domain.audit.models import AuditEvent
from domain.shared import policy
from domain.shared.actor import Actor
from domain.shared.jsonable import jsonable
from domain.shared.pagination import Page, PageRequest, built_once, paginate
from domain.shared.policy import Permission


def _changes(pairs: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    return {
        name: {"before": jsonable(before), "after": jsonable(after)}
        for name, (before, after) in sorted(pairs.items())
    }


async def record(
    session: AsyncSession, actor: Actor, action: str, entity: Any, **context: Any
) -> AuditEvent:
    """Append the audit event of a change to `entity`, in the caller's transaction.

    Its changes are what the ORM tracked of the entity since its last event (see
    domain.audit.tracking), so every event of an entity has the same shape whoever made
    it; `context` adds facts the entity does not hold (a reason, counts), as `after`s.
    """
    await session.flush()
    pairs = tracking.claim(session.sync_session, entity)
    pairs.update({name: (None, value) for name, value in context.items()})
    return await _append(session, actor, action, _entity_type(entity), entity.id, pairs)


def _entity_type(entity: Any) -> str:
    """The entity's name in the API (its node type), which may not be its model's name."""
    return getattr(type(entity), "__audit_entity__", type(entity).__name__)


async def record_inserted(
    session: AsyncSession, actor: Actor, action: str, entity: Any
) -> AuditEvent:
    """`record` for a row a statement inserted (INSERT ... ON CONFLICT), read back: the ORM
    never saw it new, so all of its audited columns are its changes."""
    pairs = tracking.inserted(entity)
    tracking.claim(session.sync_session, entity)
    return await _append(session, actor, action, _entity_type(entity), entity.id, pairs)


async def record_fact(
    session: AsyncSession,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: UUID | None,
    **facts: Any,
) -> AuditEvent:
    """Append an audit event that changes no one entity row (an import's totals)."""
    pairs = {name: (None, value) for name, value in facts.items()}
    return await _append(session, actor, action, entity_type, entity_id, pairs)


async def _append(
    session: AsyncSession,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: UUID | None,
    pairs: dict[str, tuple[Any, Any]],
) -> AuditEvent:
    if actor.respondent_link_id is not None:
        pairs = {**pairs, "respondentLinkId": (None, actor.respondent_link_id)}
    event = AuditEvent(
        tenant_id=actor.tenant_id,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor_token_id=actor.token_id,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        changes=_changes(pairs),
        request_id=actor.request_id,
    )
    session.add(event)
    await session.flush()
    return event


@dataclass(frozen=True, slots=True)
class AuditFilter:
    action: str | None = None
    entity_type: str | None = None
    entity_id: UUID | None = None
    actor_user_id: UUID | None = None
    occurred_after: datetime | None = None
    occurred_before: datetime | None = None


async def list_events(
    session: AsyncSession, actor: Actor, filter: AuditFilter, page: PageRequest
) -> Page:
    """Audit events of the actor's tenant, oldest first; ADMINs only."""
    policy.require(actor, Permission.AUDIT_READ)
    statement, order = _events(
        bool(filter.action),
        bool(filter.entity_type),
        bool(filter.entity_id),
        bool(filter.actor_user_id),
        bool(filter.occurred_after),
        bool(filter.occurred_before),
    )
    values = {
        "tenant_id": actor.tenant_id,
        "action": filter.action,
        "entity_type": filter.entity_type,
        "entity_id": filter.entity_id,
        "actor_user_id": filter.actor_user_id,
        "occurred_after": filter.occurred_after,
        "occurred_before": filter.occurred_before,
    }
    return await paginate(session, statement, order, page, values=values)


@built_once
def _events(
    action: bool,
    entity_type: bool,
    entity_id: bool,
    actor_user_id: bool,
    occurred_after: bool,
    occurred_before: bool,
) -> tuple[Select[Any], list[Any]]:
    """The trail's select for the criteria given (their values parameters: list_events) and
    its order; built once for each form."""
    statement = select(AuditEvent).where(col(AuditEvent.tenant_id) == bindparam("tenant_id"))
    if action:
        statement = statement.where(col(AuditEvent.action) == bindparam("action"))
    if entity_type:
        statement = statement.where(col(AuditEvent.entity_type) == bindparam("entity_type"))
    if entity_id:
        statement = statement.where(col(AuditEvent.entity_id) == bindparam("entity_id"))
    if actor_user_id:
        statement = statement.where(col(AuditEvent.actor_user_id) == bindparam("actor_user_id"))
    if occurred_after:
        statement = statement.where(col(AuditEvent.occurred_at) >= bindparam("occurred_after"))
    if occurred_before:
        statement = statement.where(col(AuditEvent.occurred_at) < bindparam("occurred_before"))
    return statement, [col(AuditEvent.occurred_at), col(AuditEvent.id)]
