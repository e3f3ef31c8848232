"""Reminders of what falls due go to the outbox once each: a review 30, 7 and 1 days before
and once overdue; a finding and a remediation action 7 days before and once overdue."""

import asyncio
from datetime import date, timedelta

from sqlalchemy import text

from domain.findings.models import Finding, RemediationAction
from domain.reviews import reminders
from domain.vendors.models import VendorStatus
from tests.factories import make_member, make_tenant, make_vendor

DUE = date(2027, 3, 1)


async def _events(db, tenant_id) -> list[tuple[str, str, int | None]]:
    async with db.owner_transaction() as session:
        rows = await session.execute(
            text(
                "SELECT type, once_key, (data->>'daysLeft')::int FROM outbox_events "
                "WHERE tenant_id = :t ORDER BY occurred_at, once_key"
            ),
            {"t": tenant_id},
        )
        return [tuple(row) for row in rows.all()]


async def _review_due(db, owner, name: str, due: date):
    """An ACTIVE vendor whose scheduled review is due on `due`."""
    vendor = await make_vendor(db, owner, name, status=VendorStatus.ACTIVE)
    async with db.owner_transaction() as session:
        review_id = await session.scalar(
            text(
                "UPDATE vendor_reviews SET due_date = :d WHERE vendor_id = :v "
                "AND status = 'SCHEDULED' RETURNING id"
            ),
            {"d": due, "v": vendor.id},
        )
    return vendor, review_id


async def _sweep(db, tenant_id, today: date) -> int:
    async with db.transaction(tenant_id) as session:
        return await reminders.sweep(session, tenant_id, today)


async def test_a_review_is_reminded_30_7_and_1_days_before_then_once_overdue(db):
    acme = await make_tenant(db)
    await _review_due(db, acme, "Globex", DUE)

    appended = [
        await _sweep(db, acme.tenant_id, DUE - timedelta(days=days_before))
        for days_before in (40, 30, 30, 20, 7, 5, 1, 0, -1, -10)
    ]

    assert appended == [0, 1, 0, 0, 1, 0, 1, 0, 1, 0]
    events = await _events(db, acme.tenant_id)
    assert [(type, days) for type, _, days in events] == [
        ("review.due_soon", 30),
        ("review.due_soon", 7),
        ("review.due_soon", 1),
        ("review.overdue", -1),
    ]


async def test_a_sweep_that_missed_a_window_sends_only_the_nearest_one(db):
    acme = await make_tenant(db)
    await _review_due(db, acme, "Globex", DUE)

    await _sweep(db, acme.tenant_id, DUE - timedelta(days=5))

    [(type, key, days)] = await _events(db, acme.tenant_id)
    assert (type, days) == ("review.due_soon", 5)
    assert key.endswith(f":{DUE}:7")


async def test_a_review_whose_due_date_moves_is_reminded_of_the_new_one(db):
    acme = await make_tenant(db)
    vendor, _ = await _review_due(db, acme, "Globex", DUE)
    await _sweep(db, acme.tenant_id, DUE - timedelta(days=7))
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE vendor_reviews SET due_date = :d WHERE vendor_id = :v"),
            {"d": DUE - timedelta(days=3), "v": vendor.id},
        )

    again = await _sweep(db, acme.tenant_id, DUE - timedelta(days=7))

    assert again == 1
    assert [days for _, _, days in await _events(db, acme.tenant_id)] == [7, 4]


async def test_open_findings_and_their_actions_are_reminded_closed_ones_never(db):
    acme = await make_tenant(db)
    owner = await make_member(db, acme.tenant_id, "fixer@acme.example", "REVIEWER")
    vendor = await make_vendor(db, acme, "Globex")
    async with db.transaction(acme.tenant_id) as session:
        findings = [
            Finding(
                tenant_id=acme.tenant_id,
                vendor_id=vendor.id,
                source_key=f"by-hand-{status}",
                kind="RAISED_BY_HAND",
                severity="HIGH",
                status=status,
                title=f"{status} finding",
                description="x",
                owner_id=owner.membership_id,
                due_date=DUE,
            )
            for status in ("OPEN", "RESOLVED")
        ]
        session.add_all(findings)
        await session.flush()
        session.add_all(
            [
                RemediationAction(
                    tenant_id=acme.tenant_id,
                    finding_id=findings[0].id,
                    description="Rotate the keys.",
                    owner_id=owner.membership_id,
                    due_date=DUE + timedelta(days=2),
                ),
                RemediationAction(
                    tenant_id=acme.tenant_id,
                    finding_id=findings[0].id,
                    description="Done already.",
                    status="DONE",
                    due_date=DUE,
                ),
            ]
        )

    soon = await _sweep(db, acme.tenant_id, DUE - timedelta(days=5))
    late = await _sweep(db, acme.tenant_id, DUE + timedelta(days=3))
    again = await _sweep(db, acme.tenant_id, DUE + timedelta(days=30))

    assert (soon, late, again) == (2, 2, 0)
    assert [(type, days) for type, _, days in await _events(db, acme.tenant_id)] == [
        ("finding.due_soon", 5),
        ("remediation_action.due_soon", 7),
        ("finding.overdue", -3),
        ("remediation_action.overdue", -1),
    ]
    async with db.owner_transaction() as session:
        named = await session.scalar(
            text("SELECT data->'owner'->>'email' FROM outbox_events WHERE type = 'finding.overdue'")
        )
    assert named == "fixer@acme.example"  # for the tenant's mailer


async def test_sweeps_running_at_once_append_each_reminder_once(db):
    acme = await make_tenant(db)
    for name in ("Globex", "Initech", "Umbrella"):
        await _review_due(db, acme, name, DUE)

    counts = await asyncio.gather(
        *(_sweep(db, acme.tenant_id, DUE - timedelta(days=1)) for _ in range(4))
    )

    assert sum(counts) == 3
    assert len(await _events(db, acme.tenant_id)) == 3


async def test_the_sweep_of_every_tenant_keeps_each_tenant_s_reminders_its_own(db):
    acme = await make_tenant(db, "Acme", "ann@acme.example")
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    _, acme_review = await _review_due(db, acme, "Supplier", DUE)
    _, globex_review = await _review_due(db, globex, "Supplier", DUE)

    appended = await reminders.sweep_every_tenant(db.transaction, DUE + timedelta(days=1))

    assert appended == 2
    async with db.owner_transaction() as session:
        rows = await session.execute(text("SELECT tenant_id, subject_id FROM outbox_events"))
        assert set(rows.all()) == {
            (acme.tenant_id, acme_review),
            (globex.tenant_id, globex_review),
        }


async def test_a_sweep_appends_at_most_a_batch_of_each_kind_and_the_next_one_the_rest(
    db, monkeypatch
):
    monkeypatch.setattr(reminders, "BATCH", 2)
    acme = await make_tenant(db)
    for name in ("Globex", "Initech", "Umbrella"):
        await _review_due(db, acme, name, DUE)

    appended = [await _sweep(db, acme.tenant_id, DUE + timedelta(days=1)) for _ in range(3)]

    assert appended == [2, 1, 0]


async def test_conditions_of_an_approval_in_force_are_reminded_others_never(db):
    from datetime import UTC, datetime

    from domain.reviews.models import ReviewCondition, VendorReview

    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex", status=VendorStatus.ACTIVE)
    async with db.transaction(acme.tenant_id) as session:
        signed_off, worked = (
            VendorReview(
                tenant_id=acme.tenant_id,
                vendor_id=vendor.id,
                status=status,
                due_date=date(2026, 1, 1),
                due_reason="x",
                decision="APPROVED_WITH_CONDITIONS",
                completed_at=datetime(2026, 1, 1, tzinfo=UTC) if status == "COMPLETED" else None,
            )
            for status in ("COMPLETED", "CANCELLED")
        )
        session.add_all([signed_off, worked])
        await session.flush()
        session.add_all(
            [
                ReviewCondition(
                    tenant_id=acme.tenant_id,
                    review_id=review.id,
                    description=f"Sign the DPA ({status}).",
                    due_date=DUE,
                    status=status,
                )
                for review, status in ((signed_off, "OPEN"), (signed_off, "DONE"), (worked, "OPEN"))
            ]
        )

    soon = await _sweep(db, acme.tenant_id, DUE - timedelta(days=3))
    late = await _sweep(db, acme.tenant_id, DUE + timedelta(days=1))

    assert (soon, late) == (1, 1)
    events = [(t, d) for t, _, d in await _events(db, acme.tenant_id) if t.startswith("review_c")]
    assert events == [("review_condition.due_soon", 3), ("review_condition.overdue", -1)]
