"""Every ACTIVE vendor has its next review scheduled: due its tier's months (or its own)
after the last completed review or its becoming ACTIVE, and no later than the day its SOC
report stops being current; planned again when any of that changes."""

from datetime import UTC, datetime, timedelta

from domain.findings.rules import add_months
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
)

CRITICAL_PROFILE = {
    "data_categories": ["CREDENTIALS"],
    "access_level": "ADMIN",
    "connects_to_production": True,
    "business_criticality": "CRITICAL",
    "hosting_regions": ["US"],
}
NEXT = """query($id: ID!) { vendor(id: $id) { tier nextReview { id status dueDate dueReason } } }"""
REVIEWS = """query($vendorId: ID!) { reviews(filter: {vendorId: $vendorId}) {
  nodes { status dueDate cancelReason } } }"""


def _today():
    return datetime.now(UTC).date()


async def _next(client, token, vendor):
    body = await gql(client, NEXT, {"id": global_id("Vendor", vendor.id)}, token=token)
    assert "errors" not in body, body
    return body["data"]["vendor"]


async def test_a_vendor_in_use_is_reviewed_on_its_tier_s_cadence(client, db):
    acme = await make_tenant(db)
    critical = await make_vendor(
        db, acme, "Crit Cloud", status=VendorStatus.ACTIVE, data_access=CRITICAL_PROFILE
    )
    low = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    prospect = await make_vendor(db, acme, "Maybe Co")

    crit = await _next(client, acme.token, critical)
    cheap = await _next(client, acme.token, low)
    nobody = await _next(client, acme.token, prospect)

    assert crit["tier"] == "CRITICAL"
    assert crit["nextReview"]["status"] == "SCHEDULED"
    assert crit["nextReview"]["dueDate"] == add_months(_today(), 12).isoformat()
    assert "every 12 months for a CRITICAL vendor" in crit["nextReview"]["dueReason"]
    assert cheap["nextReview"]["dueDate"] == add_months(_today(), 36).isoformat()
    assert nobody["nextReview"] is None


async def test_a_tier_change_and_the_tenant_s_cadence_plan_it_again(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)

    await gql(
        client,
        """mutation($i: OverrideVendorTierInput!) { overrideVendorTier(input: $i) {
          errors { code } } }""",
        {"i": {"vendorId": global_id("Vendor", vendor.id), "tier": "HIGH", "justification": "x"}},
        token=acme.token,
    )
    high = await _next(client, acme.token, vendor)
    await gql(
        client,
        """mutation($i: UpdateTenantSettingsInput!) { updateTenantSettings(input: $i) {
          errors { code } } }""",
        {"i": {"reviewMonthsHigh": 6}},
        token=acme.token,
    )
    tuned = await _next(client, acme.token, vendor)

    assert high["nextReview"]["dueDate"] == add_months(_today(), 12).isoformat()
    assert tuned["nextReview"]["dueDate"] == add_months(_today(), 6).isoformat()
    assert tuned["nextReview"]["id"] == high["nextReview"]["id"]  # the same review, moved


async def test_a_soc_report_that_stops_being_current_brings_the_review_forward(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    end = add_months(_today(), -11)  # stale in a month (12 months), past its bridge gap
    await make_read_report(
        db,
        acme,
        vendor.id,
        {
            **SMALL_EXTRACTION,
            "period_start": add_months(end, -12).isoformat(),
            "period_end": end.isoformat(),
        },
    )

    review = (await _next(client, acme.token, vendor))["nextReview"]

    # the bridge-letter gap (3 months) opened already: due the day after it closed
    assert review["dueDate"] == (add_months(end, 3) + timedelta(days=1)).isoformat()
    assert "SOC report stops being current" in review["dueReason"]


async def test_a_vendor_s_own_cadence_is_kept_with_why_and_can_be_cleared(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    cadence = """mutation($i: SetReviewCadenceInput!) { setReviewCadence(input: $i) {
      vendor { nextReview { dueDate dueReason } } errors { code field } } }"""
    vendor_id = global_id("Vendor", vendor.id)

    without_why = await gql(
        client, cadence, {"i": {"vendorId": vendor_id, "months": 3}}, token=acme.token
    )
    own = await gql(
        client,
        cadence,
        {"i": {"vendorId": vendor_id, "months": 3, "reason": "Holds payroll data."}},
        token=acme.token,
    )
    cleared = await gql(
        client, cadence, {"i": {"vendorId": vendor_id, "months": None}}, token=acme.token
    )

    assert without_why["data"]["setReviewCadence"]["errors"] == [
        {"code": "INVALID", "field": ["reason"]}
    ]
    planned = own["data"]["setReviewCadence"]["vendor"]["nextReview"]
    assert planned["dueDate"] == add_months(_today(), 3).isoformat()
    assert "Holds payroll data." in planned["dueReason"]
    back = cleared["data"]["setReviewCadence"]["vendor"]["nextReview"]
    assert back["dueDate"] == add_months(_today(), 36).isoformat()


async def test_an_offboarding_vendor_has_no_review_scheduled(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)

    moved = await gql(
        client,
        """mutation($i: TransitionVendorInput!) { transitionVendor(input: $i) {
          errors { code } } }""",
        {"i": {"vendorId": global_id("Vendor", vendor.id), "to": "OFFBOARDING", "reason": "x"}},
        token=acme.token,
    )
    after = await _next(client, acme.token, vendor)
    listed = await gql(
        client, REVIEWS, {"vendorId": global_id("Vendor", vendor.id)}, token=acme.token
    )

    assert moved["data"]["transitionVendor"]["errors"] == []
    assert after["nextReview"] is None
    assert listed["data"]["reviews"]["nodes"] == [
        {
            "status": "CANCELLED",
            "dueDate": add_months(_today(), 36).isoformat(),
            "cancelReason": "The vendor is OFFBOARDING.",
        }
    ]
