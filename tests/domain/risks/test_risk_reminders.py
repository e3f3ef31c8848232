"""The risk register's reminders, appended by the reminder sweep once each: an acceptance
running out (30 days before) and run out, and a risk's review coming up (14 days before)
and overdue. Closed risks are not reminded."""

from datetime import date, timedelta

from sqlalchemy import text

from domain.reviews import reminders
from domain.risks import service as risks
from domain.risks.models import RiskCategory, RiskStatus
from domain.risks.scoring import Rating
from domain.shared.roles import Role
from tests.factories import actor_of, make_member, make_tenant


async def _sweep(db, tenant_id, today: date) -> int:
    async with db.transaction(tenant_id) as session:
        return await reminders.sweep(session, tenant_id, today)


async def _events(db, tenant_id) -> list[tuple[str, int, str | None]]:
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text(
                "SELECT type, (data->>'daysLeft')::int, data->'approver'->>'email' "
                "FROM outbox_events WHERE tenant_id = :t AND type LIKE 'risk%' "
                "ORDER BY occurred_at, type"
            ),
            {"t": tenant_id},
        )
        return [tuple(row) for row in rows.all()]


async def test_an_acceptance_is_reminded_before_it_runs_out_then_once_expired(db):
    acme = await make_tenant(db)
    rita = await make_member(db, acme.tenant_id, "rita@acme.example", Role.REVIEWER)
    today = date.today()
    expires = today + timedelta(days=60)
    async with db.transaction(acme.tenant_id) as session:
        risk = await risks.create_risk(
            session,
            actor_of(acme),
            risks.NewRisk(
                "Payroll outage",
                RiskCategory.OPERATIONAL,
                Rating(2, 4),
                owner_id=acme.membership_id,
            ),
        )
        await risks.accept_risk(session, actor_of(rita), risk.id, "Failover tested.", expires)

    appended = [
        await _sweep(db, acme.tenant_id, expires - timedelta(days=days_before))
        for days_before in (40, 30, 10, 0, -1, -5)
    ]

    assert appended == [0, 1, 0, 0, 1, 0]
    assert await _events(db, acme.tenant_id) == [
        ("risk_acceptance.due_soon", 30, "rita@acme.example"),
        ("risk_acceptance.overdue", -1, "rita@acme.example"),
    ]


async def test_a_review_date_is_reminded_and_a_closed_risk_is_not(db):
    acme = await make_tenant(db)
    today = date.today()
    review_on = today + timedelta(days=20)
    async with db.transaction(acme.tenant_id) as session:
        for title in ("kept", "closed"):
            risk = await risks.create_risk(
                session,
                actor_of(acme),
                risks.NewRisk(title, RiskCategory.SECURITY, Rating(3, 3), review_on=review_on),
            )
            if title == "closed":
                await risks.update_risk(
                    session, actor_of(acme), risk.id, risks.RiskChanges(status=RiskStatus.CLOSED)
                )

    appended = [
        await _sweep(db, acme.tenant_id, review_on - timedelta(days=days_before))
        for days_before in (20, 14, 1, -1, -2)
    ]

    assert appended == [0, 1, 0, 1, 0]
    assert [(type, days) for type, days, _ in await _events(db, acme.tenant_id)] == [
        ("risk_review.due_soon", 14),
        ("risk_review.overdue", -1),
    ]
