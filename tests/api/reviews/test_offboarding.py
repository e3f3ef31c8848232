"""A vendor let go owes an offboarding checklist: access revoked, data returned or deleted
(shown by its certificate), contract ended; it is TERMINATED only once each step is DONE or
WAIVED with why."""

from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
    tenant_state,
)

MOVE = """mutation($i: TransitionVendorInput!) { transitionVendor(input: $i) {
  vendor { status } errors { code field message } } }"""
CHECKLIST = """query($id: ID!) { vendor(id: $id) { offboardingChecklist { id kind status
  document { id } resolvedBy { displayName } } } }"""
RESOLVE = """mutation($i: ResolveOffboardingItemInput!) { resolveOffboardingItem(input: $i) {
  item { kind status note } errors { code field } } }"""


async def test_a_vendor_is_terminated_only_once_its_offboarding_is_settled(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)
    certificate = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    vid = global_id("Vendor", vendor.id)
    await gql(
        client, MOVE, {"i": {"vendorId": vid, "to": "OFFBOARDING", "reason": "x"}}, token=acme.token
    )
    items = (await gql(client, CHECKLIST, {"id": vid}, token=acme.token))["data"]["vendor"][
        "offboardingChecklist"
    ]
    by_kind = {item["kind"]: item["id"] for item in items}
    before = await tenant_state(db, acme.tenant_id)

    early = await gql(
        client, MOVE, {"i": {"vendorId": vid, "to": "TERMINATED", "reason": "x"}}, token=acme.token
    )
    unchanged = await tenant_state(db, acme.tenant_id)
    no_certificate = await gql(
        client,
        RESOLVE,
        {"i": {"itemId": by_kind["DATA_RETURNED_OR_DELETED"], "status": "DONE"}},
        token=acme.token,
    )
    no_reason = await gql(
        client,
        RESOLVE,
        {"i": {"itemId": by_kind["CONTRACT_ENDED"], "status": "WAIVED"}},
        token=acme.token,
    )
    done = [
        await gql(client, RESOLVE, {"i": i}, token=acme.token)
        for i in (
            {"itemId": by_kind["ACCESS_REVOKED"], "status": "DONE", "note": "SSO removed."},
            {
                "itemId": by_kind["DATA_RETURNED_OR_DELETED"],
                "status": "DONE",
                "documentId": global_id("Document", certificate.document_id),
            },
            {"itemId": by_kind["CONTRACT_ENDED"], "status": "WAIVED", "note": "Month to month."},
        )
    ]
    terminated = await gql(
        client,
        MOVE,
        {"i": {"vendorId": vid, "to": "TERMINATED", "reason": "Ended."}},
        token=acme.token,
    )

    assert sorted(by_kind) == ["ACCESS_REVOKED", "CONTRACT_ENDED", "DATA_RETURNED_OR_DELETED"]
    assert early["data"]["transitionVendor"]["errors"][0]["code"] == "REQUIREMENTS_PENDING"
    assert unchanged == before
    assert no_certificate["data"]["resolveOffboardingItem"]["errors"] == [
        {"code": "INVALID", "field": ["documentId"]}
    ]
    assert no_reason["data"]["resolveOffboardingItem"]["errors"] == [
        {"code": "INVALID", "field": ["note"]}
    ]
    assert all(d["data"]["resolveOffboardingItem"]["errors"] == [] for d in done)
    assert terminated["data"]["transitionVendor"]["vendor"]["status"] == "TERMINATED"


async def test_an_active_vendor_has_no_offboarding_checklist(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Pens Inc", status=VendorStatus.ACTIVE)

    body = await gql(client, CHECKLIST, {"id": global_id("Vendor", vendor.id)}, token=acme.token)

    assert body["data"]["vendor"]["offboardingChecklist"] == []
