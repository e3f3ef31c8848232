"""Reminders of what falls due, appended to the outbox once each.

A sweep (queued by workers every few minutes, or `tprm remind`) looks at each tenant's open
reviews, open findings, unfinished remediation actions of open findings and open review
conditions, and appends:

- `review.due_soon` when a review is due within 30, 7 and then 1 days (the nearest of the
  three that applies: a sweep that finds a review 5 days out sends the 7-day one), and
  `review.overdue` once it is past due;
- `finding.due_soon` within 7 days of a finding's due date, `finding.overdue` after it;
- `remediation_action.due_soon` and `remediation_action.overdue`, likewise;
- `review_condition.due_soon` and `review_condition.overdue` for the open conditions of an
  approval with conditions in force (its review signed off, and not being amended);
- `questionnaire.due_soon` within 7 days of a questionnaire's due date and
  `questionnaire.overdue` after it, while the vendor (not let go) has it to answer and its
  link works:
  each carries the link to the vendor's contact (made at delivery, never stored);
- and what areas above this one add with `@reminds` (the risk register's reviews and
  acceptances: domain/risks/reminders.py).

Each reminder has a key (what, which, its due date, which window), made in SQL and unique
per tenant in the outbox: one already appended is never appended again, however often or
concurrently sweeps run, and a sweep reads only the reminders not appended yet (at most
BATCH of each kind per tenant; the rest wait for the next sweep). A due date that moves
gets reminders of its own. Days are counted in UTC. Each event names the member who owns
the work (with their email) for the tenant's mailer: tprm sends no mail itself.
"""

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from domain.events import outbox
from domain.events.models import EventType, OutboxEvent
from domain.findings.models import ActionStatus, Finding, RemediationAction
from domain.findings.queries import OPEN_STATUSES as OPEN_FINDINGS
from domain.questionnaires import links
from domain.questionnaires.models import OPEN_TO_VENDOR, Questionnaire, RespondentLink
from domain.questionnaires.sending import RESPONDENT_LINK
from domain.reviews.models import OPEN_STATUSES as OPEN_REVIEWS
from domain.reviews.models import ConditionStatus, ReviewCondition, ReviewStatus, VendorReview
from domain.shared.jobs import Transaction
from domain.vendors.models import LET_GO, Vendor

logger = logging.getLogger("tprm.reminders")

REVIEW_WINDOWS = (30, 7, 1)
FINDING_WINDOWS = (7,)
ACTION_WINDOWS = (7,)
CONDITION_WINDOWS = (7,)
QUESTIONNAIRE_WINDOWS = (7,)
BATCH = 500  # reminders of one kind a sweep appends per tenant, at most


@dataclass(frozen=True)
class Due:
    """A reminder's columns, as SQL: its event type, its key, the days left."""

    type: ColumnElement[str]
    key: ColumnElement[str]
    days_left: ColumnElement[int]
    horizon: ColumnElement[bool]
    not_sent: ColumnElement[bool]

    def columns(self) -> tuple[ColumnElement[Any], ...]:
        return self.type, self.key, self.days_left

    def pending(self, statement: Select[Any]) -> Select[Any]:
        """`statement`, narrowed to the reminders falling due and not sent yet, a batch of
        them in key order."""
        return statement.where(self.horizon, self.not_sent).order_by(self.key).limit(BATCH)


def due(
    kind: str, tenant: Any, subject: Any, due_on: Any, today: date, windows: Sequence[int]
) -> Due:
    """The reminder due today for a `kind` (`review`, ...) with id `subject` due on `due_on`:
    overdue past it, else the nearest window it falls in."""
    days_left = cast(due_on - cast(literal(today), Date), Integer)
    window = case(*((days_left <= w, w) for w in sorted(windows)))
    on = func.to_char(due_on, "YYYY-MM-DD")
    overdue = days_left < 0
    key = case(
        (overdue, func.concat(f"{kind}.overdue:", cast(subject, String), ":", on)),
        else_=func.concat(
            f"{kind}.due_soon:", cast(subject, String), ":", on, ":", cast(window, String)
        ),
    )
    sent = exists().where(col(OutboxEvent.tenant_id) == tenant, col(OutboxEvent.once_key) == key)
    return Due(
        type=case((overdue, f"{kind}.overdue"), else_=f"{kind}.due_soon"),
        key=key,
        days_left=days_left,
        horizon=due_on <= today + timedelta(days=max(windows)),
        not_sent=~sent,
    )


@dataclass(frozen=True)
class Reminder:
    type: EventType
    subject_type: str
    subject_id: UUID
    once_key: str
    data: dict[str, Any]


def _vendor_join(table: Any) -> Any:
    return and_(col(Vendor.tenant_id) == table.tenant_id, col(Vendor.id) == table.vendor_id)


async def _reviews(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    r = due(
        "review",
        VendorReview.tenant_id,
        VendorReview.id,
        VendorReview.due_date,
        today,
        REVIEW_WINDOWS,
    )
    rows = (
        await session.execute(
            r.pending(
                select(VendorReview, col(Vendor.name), *r.columns())
                .join(Vendor, _vendor_join(VendorReview))
                .where(
                    col(VendorReview.tenant_id) == tenant_id,
                    col(VendorReview.status).in_(OPEN_REVIEWS),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].preparer_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "Review",
            review.id,
            key,
            {
                "review": outbox.ref(
                    "Review", review.id, status=review.status, dueDate=review.due_date
                ),
                "vendor": outbox.ref("Vendor", review.vendor_id, name=vendor_name),
                "daysLeft": days_left,
                "owner": people.get(review.preparer_id),
            },
        )
        for review, vendor_name, type, key, days_left in rows
    ]


def _finding_facts(finding: Finding) -> dict[str, Any]:
    return outbox.ref(
        "Finding",
        finding.id,
        title=finding.title,
        severity=finding.severity,
        status=finding.status,
        dueDate=finding.due_date,
    )


async def _findings(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    f = due("finding", Finding.tenant_id, Finding.id, Finding.due_date, today, FINDING_WINDOWS)
    rows = (
        await session.execute(
            f.pending(
                select(Finding, col(Vendor.name), *f.columns())
                .join(Vendor, _vendor_join(Finding))
                .where(
                    col(Finding.tenant_id) == tenant_id,
                    col(Finding.status).in_(OPEN_FINDINGS),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].owner_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "Finding",
            finding.id,
            key,
            {
                "finding": _finding_facts(finding),
                "vendor": outbox.ref("Vendor", finding.vendor_id, name=vendor_name),
                "daysLeft": days_left,
                "owner": people.get(finding.owner_id),
            },
        )
        for finding, vendor_name, type, key, days_left in rows
    ]


async def _actions(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    a = due(
        "remediation_action",
        RemediationAction.tenant_id,
        RemediationAction.id,
        RemediationAction.due_date,
        today,
        ACTION_WINDOWS,
    )
    rows = (
        await session.execute(
            a.pending(
                select(RemediationAction, Finding, col(Vendor.name), *a.columns())
                .join(
                    Finding,
                    and_(
                        col(Finding.tenant_id) == col(RemediationAction.tenant_id),
                        col(Finding.id) == col(RemediationAction.finding_id),
                    ),
                )
                .join(Vendor, _vendor_join(Finding))
                .where(
                    col(RemediationAction.tenant_id) == tenant_id,
                    col(RemediationAction.status) != ActionStatus.DONE,
                    col(Finding.status).in_(OPEN_FINDINGS),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].owner_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "RemediationAction",
            action.id,
            key,
            {
                "remediationAction": outbox.ref(
                    "RemediationAction",
                    action.id,
                    description=action.description,
                    status=action.status,
                    dueDate=action.due_date,
                ),
                "finding": _finding_facts(finding),
                "vendor": outbox.ref("Vendor", finding.vendor_id, name=vendor_name),
                "daysLeft": days_left,
                "owner": people.get(action.owner_id),
            },
        )
        for action, finding, vendor_name, type, key, days_left in rows
    ]


async def _conditions(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    """The open conditions of approvals in force: signed-off reviews not being amended."""
    c = due(
        "review_condition",
        ReviewCondition.tenant_id,
        ReviewCondition.id,
        ReviewCondition.due_date,
        today,
        CONDITION_WINDOWS,
    )
    amendment = aliased(VendorReview)
    rows = (
        await session.execute(
            c.pending(
                select(ReviewCondition, VendorReview, col(Vendor.name), *c.columns())
                .join(
                    VendorReview,
                    and_(
                        col(VendorReview.tenant_id) == col(ReviewCondition.tenant_id),
                        col(VendorReview.id) == col(ReviewCondition.review_id),
                    ),
                )
                .join(Vendor, _vendor_join(VendorReview))
                .where(
                    col(ReviewCondition.tenant_id) == tenant_id,
                    col(ReviewCondition.status) == ConditionStatus.OPEN,
                    col(VendorReview.status) == ReviewStatus.COMPLETED,
                    ~exists().where(
                        col(amendment.tenant_id) == col(VendorReview.tenant_id),
                        col(amendment.replaces_id) == col(VendorReview.id),
                    ),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].owner_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "ReviewCondition",
            condition.id,
            key,
            {
                "reviewCondition": outbox.ref(
                    "ReviewCondition",
                    condition.id,
                    description=condition.description,
                    dueDate=condition.due_date,
                ),
                "review": outbox.ref("Review", review.id, decision=review.decision),
                "vendor": outbox.ref("Vendor", review.vendor_id, name=vendor_name),
                "daysLeft": days_left,
                "owner": people.get(condition.owner_id),
            },
        )
        for condition, review, vendor_name, type, key, days_left in rows
    ]


async def _questionnaires(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    """Questionnaires the vendor has yet to answer, reminded through their live link."""
    q = due(
        "questionnaire",
        Questionnaire.tenant_id,
        Questionnaire.id,
        Questionnaire.due_date,
        today,
        QUESTIONNAIRE_WINDOWS,
    )
    live_link = (
        select(col(RespondentLink.id))
        .where(
            col(RespondentLink.tenant_id) == col(Questionnaire.tenant_id),
            col(RespondentLink.questionnaire_id) == col(Questionnaire.id),
            links.live(),
        )
        .order_by(col(RespondentLink.created_at).desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = (
        await session.execute(
            q.pending(
                select(Questionnaire, col(Vendor.name), live_link, *q.columns())
                .join(Vendor, _vendor_join(Questionnaire))
                .where(
                    col(Questionnaire.tenant_id) == tenant_id,
                    col(Questionnaire.status).in_(OPEN_TO_VENDOR),
                    col(Vendor.status).not_in(LET_GO),
                    live_link.is_not(None),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].sent_by_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "Questionnaire",
            questionnaire.id,
            key,
            {
                "questionnaire": outbox.ref(
                    "Questionnaire",
                    questionnaire.id,
                    status=questionnaire.status,
                    dueDate=questionnaire.due_date,
                ),
                "vendor": outbox.ref("Vendor", questionnaire.vendor_id, name=vendor_name),
                "contact": {
                    "name": questionnaire.contact_name,
                    "email": questionnaire.contact_email,
                },
                "daysLeft": days_left,
                "owner": people.get(questionnaire.sent_by_id),
                RESPONDENT_LINK: str(link_id),
            },
        )
        for questionnaire, vendor_name, link_id, type, key, days_left in rows
    ]


ReminderSource = Callable[[AsyncSession, UUID, date], Awaitable[list[Reminder]]]
# Reminders of areas above this one (the risk register's), subscribed where they are made.
_more_sources: list[ReminderSource] = []


def reminds(source: ReminderSource) -> ReminderSource:
    """Have every sweep append the reminders `source` finds (once, however often loaded)."""
    if source not in _more_sources:
        _more_sources.append(source)
    return source


async def sweep(session: AsyncSession, tenant_id: UUID, today: date) -> int:
    """Append the tenant's reminders due by `today` and not appended before; how many."""
    appended = 0
    own = (_reviews, _findings, _actions, _conditions, _questionnaires)
    for reminders_of in (*own, *_more_sources):
        for reminder in await reminders_of(session, tenant_id, today):
            event = await outbox.emit(
                session,
                tenant_id,
                reminder.type,
                reminder.subject_type,
                reminder.subject_id,
                reminder.data,
                once_key=reminder.once_key,
            )
            appended += event is not None  # None: a concurrent sweep appended it first
    return appended


async def sweep_every_tenant(transaction: Transaction, today: date) -> int:
    """`sweep` each tenant in its own transaction; a tenant whose sweep fails is logged and
    left for the next sweep, the others go on."""
    async with transaction(None) as session:
        tenants = list((await session.scalars(text("SELECT tprm_tenant_ids()"))).all())
    appended = 0
    for tenant_id in tenants:
        try:
            async with transaction(tenant_id) as session:
                appended += await sweep(session, tenant_id, today)
        except Exception:
            logger.exception("reminder sweep of tenant %s failed", tenant_id)
    return appended
