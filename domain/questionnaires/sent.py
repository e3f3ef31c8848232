"""Sent questionnaires as they are read: one with its template version and answers, the
tenant's list, and where each stands with its vendor (delivery of its last message, its
link)."""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Select, bindparam, case, func, or_, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.events.models import (
    DeliveryStatus,
    EventType,
    OutboxEvent,
    WebhookDelivery,
    WebhookEndpoint,
)
from domain.questionnaires.answers import Held
from domain.questionnaires.definition import Question, Template
from domain.questionnaires.gap import Decision
from domain.questionnaires.models import (
    AnswerReview,
    Questionnaire,
    QuestionnaireAnswer,
    QuestionnaireMessage,
    QuestionnaireStatus,
    QuestionnaireTemplate,
    RespondentLink,
)
from domain.questionnaires.template_json import from_json
from domain.shared import policy, reading
from domain.shared.actor import Actor
from domain.shared.errors import InvalidInput
from domain.shared.loading import one_of_bound
from domain.shared.pagination import Page, PageRequest, Shape, SortKey, built_once, paginate
from domain.shared.policy import Permission

# The events that carry the respondent link to the vendor, whose delivery is the
# questionnaire's delivery status.
LINK_EVENTS = (
    EventType.QUESTIONNAIRE_SENT,
    EventType.QUESTIONNAIRE_RETURNED,
    EventType.QUESTIONNAIRE_DUE_SOON,
    EventType.QUESTIONNAIRE_OVERDUE,
)


def held_of(answer: QuestionnaireAnswer) -> Held:
    return Held(
        value=answer.value,
        document_id=answer.document_id,
        not_applicable=answer.review_status == AnswerReview.NOT_APPLICABLE,
        covered=answer.gap_decision == Decision.COVERED and not answer.send_anyway,
    )


@dataclass
class Loaded:
    """A questionnaire with what it asks and what it holds."""

    questionnaire: Questionnaire
    version: QuestionnaireTemplate
    template: Template
    answers: dict[str, QuestionnaireAnswer]

    def held(self) -> dict[str, Held]:
        return {key: held_of(answer) for key, answer in self.answers.items()}

    def question(self, key: str, field: str) -> Question:
        for question in self.template.questions():
            if question.key == key:
                return question
        raise InvalidInput(f"The questionnaire has no question {key[:60]!r}.", field)


async def answers_of(
    session: AsyncSession, tenant_id: UUID, questionnaire_id: UUID
) -> dict[str, QuestionnaireAnswer]:
    return (await answers_by_questionnaire(session, tenant_id, [questionnaire_id])).get(
        questionnaire_id, {}
    )


async def answers_by_questionnaire(
    session: AsyncSession, tenant_id: UUID, questionnaire_ids: Sequence[UUID]
) -> dict[UUID, dict[str, QuestionnaireAnswer]]:
    """Each questionnaire's answers by question key, in one statement."""
    rows = await session.scalars(
        select(QuestionnaireAnswer).where(
            col(QuestionnaireAnswer.tenant_id) == tenant_id,
            col(QuestionnaireAnswer.questionnaire_id).in_(questionnaire_ids),
        )
    )
    found: dict[UUID, dict[str, QuestionnaireAnswer]] = {}
    for row in rows.all():
        found.setdefault(row.questionnaire_id, {})[row.question_key] = row
    return found


async def load(session: AsyncSession, questionnaire: Questionnaire) -> Loaded:
    version = await reading.one(
        session,
        questionnaire.tenant_id,
        QuestionnaireTemplate,
        questionnaire.template_id,
        entity="Questionnaire template",
    )
    answers = await answers_of(session, questionnaire.tenant_id, questionnaire.id)
    return Loaded(questionnaire, version, from_json(version.definition), answers)


async def get_questionnaire(
    session: AsyncSession,
    actor: Actor,
    questionnaire_id: UUID,
    field: str = "id",
    for_update: bool = False,
) -> Questionnaire:
    """One of the tenant's questionnaires (another tenant's is NOT_FOUND)."""
    policy.require(actor, Permission.QUESTIONNAIRE_READ)
    return await reading.one(
        session,
        actor.tenant_id,
        Questionnaire,
        questionnaire_id,
        entity="Questionnaire",
        field=field,
        for_update=for_update,
    )


@dataclass(frozen=True)
class QuestionnaireFilter:
    vendor_id: UUID | None = None
    statuses: tuple[QuestionnaireStatus, ...] = ()


async def list_questionnaires(
    session: AsyncSession,
    actor: Actor,
    filter: QuestionnaireFilter,
    page: PageRequest,
    shape: Shape | None = None,
) -> Page:
    """The tenant's questionnaires, the most recently sent first; each row whole, or as
    `shape` writes it (see pagination.paginate)."""
    policy.require(actor, Permission.QUESTIONNAIRE_READ)
    statement, order = _listing(filter.vendor_id is not None, bool(filter.statuses))
    values = {
        "tenant_id": actor.tenant_id,
        "vendor_id": filter.vendor_id,
        "statuses": [s.value for s in filter.statuses],
    }
    return await paginate(session, statement, order, page, shape=shape, values=values)


@built_once
def _listing(vendor: bool, statuses: bool) -> tuple[Select[Any], list[SortKey]]:
    """The list's select for the criteria given (their values parameters:
    list_questionnaires) and its order; built once for each form."""
    query = select(Questionnaire).where(col(Questionnaire.tenant_id) == bindparam("tenant_id"))
    if vendor:
        query = query.where(col(Questionnaire.vendor_id) == bindparam("vendor_id"))
    if statuses:
        query = query.where(one_of_bound(col(Questionnaire.status), "statuses"))
    order = [
        SortKey(col(Questionnaire.sent_at), descending=True),
        SortKey(col(Questionnaire.id), descending=True),
    ]
    return query, order


class Delivery(enum.StrEnum):
    """Whether the vendor got the link: from the delivery of the last event that carried it
    to the tenant's webhook endpoints (its mailer), and whether that link still works."""

    PENDING = "PENDING"  # being delivered
    DELIVERED = "DELIVERED"  # at least one endpoint took it
    FAILED = "FAILED"  # every endpoint refused it, or could not be reached
    NO_RECEIVER = "NO_RECEIVER"  # no enabled endpoint lists questionnaire events by name
    LINK_EXPIRED = "LINK_EXPIRED"  # the vendor's link no longer works: issue a new one
    CLOSED = "CLOSED"  # completed or cancelled: nothing more goes to the vendor


@dataclass(frozen=True)
class DeliveryState:
    status: Delivery
    last_event_at: datetime | None
    link_expires_at: datetime | None


def deliveries() -> Any:
    """Each questionnaire's delivery state, in SQL: a subquery of its tenant_id, id, status
    (a Delivery), last_sent_at (the last event that carried its link) and link_expires_at
    (its current link's end; null: none). For a list page to join on, or to read for ids.
    Each part is read once a questionnaire (a lateral join), whatever the status asks of it."""
    q = Questionnaire.__table__  # type: ignore[attr-defined]
    link = (
        select(func.max(RespondentLink.expires_at).label("expires_at"))
        .where(
            col(RespondentLink.tenant_id) == q.c.tenant_id,
            col(RespondentLink.questionnaire_id) == q.c.id,
            col(RespondentLink.revoked_at).is_(None),
        )
        .lateral("link")
    )
    last_event = (
        select(col(OutboxEvent.id), col(OutboxEvent.occurred_at))
        .where(
            col(OutboxEvent.tenant_id) == q.c.tenant_id,
            col(OutboxEvent.subject_type) == "Questionnaire",
            col(OutboxEvent.subject_id) == q.c.id,
            col(OutboxEvent.type).in_([t.value for t in LINK_EVENTS]),
        )
        .order_by(col(OutboxEvent.occurred_at).desc(), col(OutboxEvent.id).desc())
        .limit(1)
        .lateral("last_event")
    )
    # Only endpoints that list questionnaire events by name get the link (the tenant's
    # mailer, app/respondent_links.py): theirs is the delivery that counts.
    delivery_status = col(WebhookDelivery.status)
    mailed = (
        select(
            func.bool_or(delivery_status == DeliveryStatus.SUCCEEDED.value).label("succeeded"),
            func.bool_or(delivery_status == DeliveryStatus.PENDING.value).label("pending"),
            func.count().label("deliveries"),
        )
        .join(
            WebhookEndpoint,
            (col(WebhookEndpoint.tenant_id) == col(WebhookDelivery.tenant_id))
            & (col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id)),
        )
        .where(
            col(WebhookDelivery.tenant_id) == q.c.tenant_id,
            col(WebhookDelivery.event_id) == last_event.c.id,
            func.cardinality(col(WebhookEndpoint.event_types)) > 0,
        )
        .lateral("mailed")
    )
    expires = link.c.expires_at
    closed = [QuestionnaireStatus.COMPLETED.value, QuestionnaireStatus.CANCELLED.value]
    status = case(
        (q.c.status.in_(closed), Delivery.CLOSED.value),
        (or_(expires.is_(None), expires <= func.now()), Delivery.LINK_EXPIRED.value),
        (mailed.c.succeeded, Delivery.DELIVERED.value),
        (mailed.c.pending, Delivery.PENDING.value),
        (mailed.c.deliveries > 0, Delivery.FAILED.value),
        else_=Delivery.NO_RECEIVER.value,
    )
    every = true()
    return (
        select(q.c.tenant_id, q.c.id)
        .add_columns(
            status.label("status"),
            last_event.c.occurred_at.label("last_sent_at"),
            expires.label("link_expires_at"),
        )
        .select_from(q.outerjoin(link, every).outerjoin(last_event, every).outerjoin(mailed, every))
        .subquery("delivery")
    )


async def delivery_states(
    session: AsyncSession, tenant_id: UUID, questionnaire_ids: Sequence[UUID]
) -> dict[UUID, DeliveryState]:
    """Each questionnaire's delivery state (see deliveries), in one statement for any number."""
    if not questionnaire_ids:
        return {}
    state = deliveries()
    rows = await session.execute(
        select(state).where(state.c.tenant_id == tenant_id, state.c.id.in_(questionnaire_ids))
    )
    return {
        row.id: DeliveryState(Delivery(row.status), row.last_sent_at, row.link_expires_at)
        for row in rows
    }


async def messages_of(
    session: AsyncSession, tenant_id: UUID, questionnaire_ids: Sequence[UUID]
) -> dict[UUID, list[QuestionnaireMessage]]:
    """Each questionnaire's messages, oldest first."""
    rows = await session.scalars(
        select(QuestionnaireMessage)
        .where(
            col(QuestionnaireMessage.tenant_id) == tenant_id,
            col(QuestionnaireMessage.questionnaire_id).in_(questionnaire_ids),
        )
        .order_by(col(QuestionnaireMessage.created_at), col(QuestionnaireMessage.id))
    )
    found: dict[UUID, list[QuestionnaireMessage]] = {}
    for row in rows.all():
        found.setdefault(row.questionnaire_id, []).append(row)
    return found
