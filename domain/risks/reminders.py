"""The risk register's reminders, appended by every reminder sweep (domain.reviews.reminders):

- `risk_review.due_soon` within 14 days of an OPEN risk's review date, and
  `risk_review.overdue` once it is past;
- `risk_acceptance.due_soon` within 30 days of an accepted OPEN risk's acceptance
  expiry, and `risk_acceptance.overdue` once it has expired: the risk shows as overdue
  until it is accepted again or treated otherwise.

Each names the risk's owner; an acceptance's also names who approved it.
"""

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from domain.events import outbox
from domain.events.models import EventType
from domain.reviews.reminders import Reminder, due, reminds
from domain.risks.models import Risk, RiskStatus, RiskTreatment

REVIEW_WINDOWS = (14,)
ACCEPTANCE_WINDOWS = (30,)


def _risk(risk: Risk, **facts: Any) -> dict[str, Any]:
    return outbox.ref("Risk", risk.id, title=risk.title, status=risk.status, **facts)


@reminds
async def risk_reviews(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    r = due("risk_review", Risk.tenant_id, Risk.id, Risk.review_on, today, REVIEW_WINDOWS)
    rows = (
        await session.execute(
            r.pending(
                select(Risk, *r.columns()).where(
                    col(Risk.tenant_id) == tenant_id,
                    col(Risk.status) == RiskStatus.OPEN,
                    col(Risk.review_on).is_not(None),
                )
            )
        )
    ).all()
    people = await outbox.member_refs(session, tenant_id, (row[0].owner_id for row in rows))
    return [
        Reminder(
            EventType(type),
            "Risk",
            risk.id,
            key,
            {
                "risk": _risk(risk, reviewOn=risk.review_on),
                "daysLeft": days_left,
                "owner": people.get(risk.owner_id),
            },
        )
        for risk, type, key, days_left in rows
    ]


@reminds
async def risk_acceptances(session: AsyncSession, tenant_id: UUID, today: date) -> list[Reminder]:
    r = due(
        "risk_acceptance",
        Risk.tenant_id,
        Risk.id,
        Risk.acceptance_expires_on,
        today,
        ACCEPTANCE_WINDOWS,
    )
    rows = (
        await session.execute(
            r.pending(
                select(Risk, *r.columns()).where(
                    col(Risk.tenant_id) == tenant_id,
                    col(Risk.status) == RiskStatus.OPEN,
                    col(Risk.treatment) == RiskTreatment.ACCEPT,
                )
            )
        )
    ).all()
    people = await outbox.member_refs(
        session,
        tenant_id,
        (m for row in rows for m in (row[0].owner_id, row[0].accepted_by_id)),
    )
    return [
        Reminder(
            EventType(type),
            "Risk",
            risk.id,
            key,
            {
                "risk": _risk(risk, acceptanceExpiresOn=risk.acceptance_expires_on),
                "daysLeft": days_left,
                "owner": people.get(risk.owner_id),
                "approver": people.get(risk.accepted_by_id),
            },
        )
        for risk, type, key, days_left in rows
    ]
