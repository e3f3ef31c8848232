"""Draft risks tprm proposes, once each: a modified opinion, or exceptions recurring from
the previous report, at a CRITICAL or HIGH vendor."""

import asyncio
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlmodel import select

from domain.findings.rules import add_months
from domain.risks import proposals
from domain.risks import service as risks
from domain.risks.models import Risk, RiskStatus
from domain.shared.risk import Tier
from domain.vendors import service as vendor_service
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    actor_of,
    make_read_report,
    make_tenant,
    make_vendor,
    read_again,
)


def _report(period_end: date, **changes):
    return {
        **SMALL_EXTRACTION,
        "period_start": add_months(period_end, -12).isoformat(),
        "period_end": period_end.isoformat(),
        **changes,
    }


QUALIFIED = {"opinion": "QUALIFIED", "opinion_basis": "Backups were not tested."}


async def _vendor(db, admin, tier: Tier | None):
    vendor = await make_vendor(
        db,
        admin,
        "Globex Cloud",
        status=VendorStatus.ACTIVE,
        business_owner_id=admin.membership_id,
    )
    if tier is not None:
        async with db.transaction(admin.tenant_id) as session:
            await vendor_service.override_tier(session, actor_of(admin), vendor.id, tier, "Core.")
    return vendor


async def _drafts(db, tenant_id) -> list[tuple[Risk, list[str]]]:
    """The tenant's proposed risks, with the kinds of the findings linked to each."""
    async with db.transaction(tenant_id) as session:
        rows = (
            await session.scalars(
                select(Risk).where(Risk.proposal_key.is_not(None)).order_by(Risk.proposal_key)
            )
        ).all()
        linked = {
            risk.id: list(
                (
                    await session.scalars(
                        text(
                            "SELECT f.kind FROM risk_findings l JOIN findings f "
                            "ON f.id = l.finding_id WHERE l.risk_id = :r ORDER BY f.kind"
                        ),
                        {"r": risk.id},
                    )
                ).all()
            )
            for risk in rows
        }
    return [(risk, linked[risk.id]) for risk in rows]


async def test_a_modified_opinion_at_a_high_vendor_proposes_one_draft(db):
    acme = await make_tenant(db)
    vendor = await _vendor(db, acme, Tier.HIGH)
    today = datetime.now(UTC).date()

    report = await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -1), **QUALIFIED)
    )
    await read_again(db, acme.tenant_id, report, _report(add_months(today, -1), **QUALIFIED))

    [(draft, kinds)] = await _drafts(db, acme.tenant_id)
    assert kinds == ["MODIFIED_OPINION"]
    assert draft.status == RiskStatus.DRAFT and draft.category == "THIRD_PARTY"
    assert draft.vendor_id == vendor.id and draft.owner_id == acme.membership_id
    # a HIGH finding: rated 4 x 4
    assert (draft.inherent_likelihood, draft.inherent_impact) == (4, 4)
    assert draft.title.startswith("Globex Cloud: ")


async def test_a_low_vendor_proposes_nothing_until_its_tier_rises(db):
    acme = await make_tenant(db)
    vendor = await _vendor(db, acme, None)
    today = datetime.now(UTC).date()
    await make_read_report(db, acme, vendor.id, _report(add_months(today, -1), **QUALIFIED))

    before = await _drafts(db, acme.tenant_id)
    async with db.transaction(acme.tenant_id) as session:
        await vendor_service.override_tier(session, actor_of(acme), vendor.id, Tier.CRITICAL, "x")
    after = await _drafts(db, acme.tenant_id)

    assert before == []
    assert [kinds for _, kinds in after] == [["MODIFIED_OPINION"]]


async def test_a_draft_turned_down_is_never_proposed_again(db):
    acme = await make_tenant(db)
    vendor = await _vendor(db, acme, Tier.HIGH)
    today = datetime.now(UTC).date()
    extraction = _report(add_months(today, -1), **QUALIFIED)
    report = await make_read_report(db, acme, vendor.id, extraction)
    [(draft, _)] = await _drafts(db, acme.tenant_id)
    async with db.transaction(acme.tenant_id) as session:
        await risks.update_risk(
            session, actor_of(acme), draft.id, risks.RiskChanges(status=RiskStatus.CLOSED)
        )

    await read_again(db, acme.tenant_id, report, extraction)
    async with db.transaction(acme.tenant_id) as session:
        await vendor_service.override_tier(session, actor_of(acme), vendor.id, Tier.CRITICAL, "x")

    [(again, _)] = await _drafts(db, acme.tenant_id)
    assert again.id == draft.id and again.status == RiskStatus.CLOSED


async def test_exceptions_recurring_from_the_previous_report_propose_one_draft(db):
    acme = await make_tenant(db)
    vendor = await _vendor(db, acme, Tier.HIGH)
    today = datetime.now(UTC).date()
    first = SMALL_EXTRACTION["exceptions"][0]
    other = {**first, "control_id": "CC7.2.1", "page": 50}
    third = {**first, "control_id": "CC8.1.1", "criteria": ["CC8.1"], "page": 51}
    # last year: two exceptions; this year: both again, and one new
    await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -13), exceptions=[first, other])
    )
    await make_read_report(
        db, acme, vendor.id, _report(add_months(today, -1), exceptions=[first, other, third])
    )

    [(draft, kinds)] = await _drafts(db, acme.tenant_id)
    assert draft.proposal_key.startswith("recurring-exceptions:")
    assert kinds == ["CONTROL_EXCEPTION", "CONTROL_EXCEPTION"]  # the two recurring, not the new
    assert "recur" in draft.title


async def test_two_readings_at_once_propose_one_draft_and_neither_fails(db):
    acme = await make_tenant(db)
    vendor = await _vendor(db, acme, Tier.HIGH)
    today = datetime.now(UTC).date()
    await make_read_report(db, acme, vendor.id, _report(add_months(today, -1), **QUALIFIED))
    async with db.owner_transaction() as session:  # as if the reading had proposed nothing
        await session.execute(text("DELETE FROM risks"))

    async def reading() -> int:
        async with db.transaction(acme.tenant_id) as session:
            proposed = await proposals.propose(session, acme.tenant_id, vendor.id)
            await asyncio.sleep(0.3)  # still open: the other reading waits on the key
            return proposed

    counts = await asyncio.gather(reading(), reading())

    assert sorted(counts) == [0, 1]
    assert len(await _drafts(db, acme.tenant_id)) == 1
