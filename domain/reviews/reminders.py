"""Reminders of what falls due, appended to the outbox once each.

A sweep (queued by workers every few minutes, or `tprm remind`) looks at each tenant's open
reviews, open findings and open remediation actions with a due date, and appends:

- `review.due_soon` when a review is due within 30, 7 and then 1 days (the nearest of the
  three that applies: a sweep that finds a review 5 days out sends the 7-day one), and
  `review.overdue` once it is past due;
- `finding.due_soon` within 7 days of a finding's due date, `finding.overdue` after it;
- `remediation_action.due_soon` and `remediation_action.overdue`, likewise.

Each reminder has a key (what, which, its due date, which window): one already appended is
never appended again, however often or concurrently sweeps run. A due date that moves
gets reminders of its own. Days are counted in UTC. Each event names the member who owns
the work (with their email) for the tenant's mailer: tprm sends no mail itself.
"""

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.events import outbox
from domain.events.models import EventType, OutboxEvent
from domain.findings.models import ActionStatus, Finding, RemediationAction
from domain.findings.queries import OPEN_STATUSES as OPEN_FINDINGS
from domain.reviews.models import OPEN_STATUSES as OPEN_REVIEWS
from domain.reviews.models import VendorReview
from domain.vendors.models import Vendor

logger = logging.getLogger("tprm.reminders")

REVIEW_WINDOWS = (30, 7, 1)
FINDING_WINDOWS = (7,)
ACTION_WINDOWS = (7,)


@dataclass(frozen=True)
class Reminder:
    type: EventType
    subject_type: str
    subject_id: UUID
    once_key: str
    data: dict[str, Any]


def window(days_left: int, windows: tuple[int, ...]) -> int | None:
    """The nearest reminder window a due date `days_left` away falls in, if any."""
    inside = [w for w in windows if 0 <= days_left <= w]
    return min(inside) if inside else None


def _when(
    kind: str, subject_id: UUID, due: date, today: date, windows: tuple[int, ...]
) -> tuple[EventType, str] | None:
    """The event and key of the reminder due for a `kind` due on `due`, if one is."""
    days_left = (due - today).days
    if days_left < 0:
        return EventType(f"{kind}.overdue"), f"{kind}.overdue:{subject_id}:{due}"
    held = window(days_left, windows)
    if held is None:
        return None
    return EventType(f"{kind}.due_soon"), f"{kind}.due_soon:{subject_id}:{due}:{held}"


async def _reviews(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    horizon = today + timedelta(days=max(REVIEW_WINDOWS))
    rows = (
        await session.execute(
            select(VendorReview, Vendor.name)
            .join(
                Vendor,
                (col(Vendor.tenant_id) == col(VendorReview.tenant_id))
                & (col(Vendor.id) == col(VendorReview.vendor_id)),
            )
            .where(
                col(VendorReview.tenant_id) == tenant_id,
                col(VendorReview.status).in_(OPEN_REVIEWS),
                col(VendorReview.due_date) <= horizon,
            )
        )
    ).all()
    people = await outbox.member_refs(
        session, tenant_id, (review.preparer_id for review, _ in rows)
    )
    reminders = []
    for review, vendor_name in rows:
        due = _when("review", review.id, review.due_date, today, REVIEW_WINDOWS)
        if due is None:
            continue
        data = {
            "review": outbox.ref(
                "Review", review.id, status=review.status, dueDate=review.due_date
            ),
            "vendor": outbox.ref("Vendor", review.vendor_id, name=vendor_name),
            "daysLeft": (review.due_date - today).days,
            "owner": people.get(review.preparer_id) if review.preparer_id else None,
        }
        reminders.append(Reminder(due[0], "Review", review.id, due[1], data))
    return reminders


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
    horizon = today + timedelta(days=max(FINDING_WINDOWS))
    rows = (
        await session.execute(
            select(Finding, Vendor.name)
            .join(
                Vendor,
                (col(Vendor.tenant_id) == col(Finding.tenant_id))
                & (col(Vendor.id) == col(Finding.vendor_id)),
            )
            .where(
                col(Finding.tenant_id) == tenant_id,
                col(Finding.status).in_(OPEN_FINDINGS),
                col(Finding.due_date) <= horizon,
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (finding.owner_id for finding, _ in rows))
    reminders = []
    for finding, vendor_name in rows:
        assert finding.due_date is not None  # selected by it
        due = _when("finding", finding.id, finding.due_date, today, FINDING_WINDOWS)
        if due is None:
            continue
        data = {
            "finding": _finding_facts(finding),
            "vendor": outbox.ref("Vendor", finding.vendor_id, name=vendor_name),
            "daysLeft": (finding.due_date - today).days,
            "owner": people.get(finding.owner_id) if finding.owner_id else None,
        }
        reminders.append(Reminder(due[0], "Finding", finding.id, due[1], data))
    return reminders


async def _actions(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    horizon = today + timedelta(days=max(ACTION_WINDOWS))
    rows = (
        await session.execute(
            select(RemediationAction, Finding, Vendor.name)
            .join(
                Finding,
                (col(Finding.tenant_id) == col(RemediationAction.tenant_id))
                & (col(Finding.id) == col(RemediationAction.finding_id)),
            )
            .join(
                Vendor,
                (col(Vendor.tenant_id) == col(Finding.tenant_id))
                & (col(Vendor.id) == col(Finding.vendor_id)),
            )
            .where(
                col(RemediationAction.tenant_id) == tenant_id,
                col(RemediationAction.status) != ActionStatus.DONE,
                col(RemediationAction.due_date) <= horizon,
                col(Finding.status).in_(OPEN_FINDINGS),
            )
        )
    ).all()
    people = await outbox.member_refs(
        session, tenant_id, (action.owner_id for action, _, _ in rows)
    )
    reminders = []
    for action, finding, vendor_name in rows:
        assert action.due_date is not None  # selected by it
        due = _when("remediation_action", action.id, action.due_date, today, ACTION_WINDOWS)
        if due is None:
            continue
        data = {
            "remediationAction": outbox.ref(
                "RemediationAction",
                action.id,
                description=action.description,
                status=action.status,
                dueDate=action.due_date,
            ),
            "finding": _finding_facts(finding),
            "vendor": outbox.ref("Vendor", finding.vendor_id, name=vendor_name),
            "daysLeft": (action.due_date - today).days,
            "owner": people.get(action.owner_id) if action.owner_id else None,
        }
        reminders.append(Reminder(due[0], "RemediationAction", action.id, due[1], data))
    return reminders


async def sweep(session: AsyncSession, tenant_id: UUID, today: date) -> int:
    """Append the tenant's reminders due by `today` not appended before; how many."""
    due = [
        *await _reviews(session, tenant_id, today),
        *await _findings(session, tenant_id, today),
        *await _actions(session, tenant_id, today),
    ]
    if not due:
        return 0
    # Most are sent already: one look-up for all of them, then an insert only for the new.
    sent = set(
        (
            await session.scalars(
                select(OutboxEvent.once_key).where(
                    col(OutboxEvent.tenant_id) == tenant_id,
                    col(OutboxEvent.once_key).in_([r.once_key for r in due]),
                )
            )
        ).all()
    )
    appended = 0
    for reminder in due:
        if reminder.once_key in sent:
            continue
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


# A transaction as the app role in a tenant, or above every tenant (None).
Transaction = Callable[[UUID | None], AbstractAsyncContextManager[AsyncSession]]


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
