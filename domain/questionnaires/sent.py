"""Sent questionnaires as they are read: one with its template version and answers, the
tenant's list, and where each stands with its vendor (delivery of its last message, its
link)."""

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import distinct_on
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
from domain.shared.pagination import Page, PageRequest, SortKey, paginate
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
    session: AsyncSession, actor: Actor, filter: QuestionnaireFilter, page: PageRequest
) -> Page:
    """The tenant's questionnaires, the most recently sent first."""
    policy.require(actor, Permission.QUESTIONNAIRE_READ)
    query = select(Questionnaire).where(col(Questionnaire.tenant_id) == actor.tenant_id)
    if filter.vendor_id is not None:
        query = query.where(col(Questionnaire.vendor_id) == filter.vendor_id)
    if filter.statuses:
        query = query.where(col(Questionnaire.status).in_([s.value for s in filter.statuses]))
    order = (
        SortKey(col(Questionnaire.sent_at), descending=True),
        SortKey(col(Questionnaire.id), descending=True),
    )
    return await paginate(session, query, order, page)


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


async def delivery_states(
    session: AsyncSession, tenant_id: UUID, questionnaires: list[Questionnaire]
) -> dict[UUID, DeliveryState]:
    """Each questionnaire's delivery state, in two statements for any number."""
    ids = [q.id for q in questionnaires]
    if not ids:
        return {}
    expiring = dict(
        (
            await session.execute(
                select(col(RespondentLink.questionnaire_id), func.max(RespondentLink.expires_at))
                .where(
                    col(RespondentLink.tenant_id) == tenant_id,
                    col(RespondentLink.questionnaire_id).in_(ids),
                    col(RespondentLink.revoked_at).is_(None),
                )
                .group_by(col(RespondentLink.questionnaire_id))
            )
        ).all()
    )
    last = (
        select(
            col(OutboxEvent.subject_id).label("questionnaire_id"),
            col(OutboxEvent.id).label("event_id"),
            col(OutboxEvent.occurred_at).label("occurred_at"),
        )
        .where(
            col(OutboxEvent.tenant_id) == tenant_id,
            col(OutboxEvent.subject_type) == "Questionnaire",
            col(OutboxEvent.subject_id).in_(ids),
            col(OutboxEvent.type).in_([t.value for t in LINK_EVENTS]),
        )
        .order_by(col(OutboxEvent.subject_id), col(OutboxEvent.occurred_at).desc())
        .ext(distinct_on(col(OutboxEvent.subject_id)))
        .subquery()
    )
    # Only endpoints that list questionnaire events by name get the link (the tenant's
    # mailer, app/respondent_links.py): theirs is the delivery that counts.
    mailed = (
        select(col(WebhookDelivery.event_id), col(WebhookDelivery.status))
        .join(
            WebhookEndpoint,
            (col(WebhookEndpoint.tenant_id) == col(WebhookDelivery.tenant_id))
            & (col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id)),
        )
        .where(
            col(WebhookDelivery.tenant_id) == tenant_id,
            func.cardinality(col(WebhookEndpoint.event_types)) > 0,
        )
        .subquery()
    )
    rows = await session.execute(
        select(last.c.questionnaire_id, last.c.occurred_at, mailed.c.status).outerjoin(
            mailed, mailed.c.event_id == last.c.event_id
        )
    )
    seen: dict[UUID, tuple[datetime, set[str]]] = {}
    for questionnaire_id, occurred_at, status in rows.all():
        _, statuses = seen.setdefault(questionnaire_id, (occurred_at, set()))
        if status is not None:
            statuses.add(status)
    now = datetime.now(UTC)
    states: dict[UUID, DeliveryState] = {}
    for questionnaire in questionnaires:
        occurred_at, statuses = seen.get(questionnaire.id, (None, set()))
        expires = expiring.get(questionnaire.id)
        if questionnaire.status in (QuestionnaireStatus.COMPLETED, QuestionnaireStatus.CANCELLED):
            status = Delivery.CLOSED
        elif expires is None or expires <= now:
            status = Delivery.LINK_EXPIRED
        elif DeliveryStatus.SUCCEEDED in statuses:
            status = Delivery.DELIVERED
        elif DeliveryStatus.PENDING in statuses:
            status = Delivery.PENDING
        elif statuses:
            status = Delivery.FAILED
        else:
            status = Delivery.NO_RECEIVER
        states[questionnaire.id] = DeliveryState(status, occurred_at, expires)
    return states


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
