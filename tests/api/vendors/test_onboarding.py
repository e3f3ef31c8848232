"""Onboarding: procurement files, the tier sets the checklist, another person decides."""

from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor, tenant_state

FILE = """mutation($i: FileOnboardingRequestInput!) { fileOnboardingRequest(input: $i) {
  request { id status tierAtRequest requestedBy { user { email } }
            checklist { id kind status }
            vendor { status tier } }
  errors { code field message } } }"""
RESOLVE = """mutation($i: ResolveOnboardingRequirementInput!) {
  resolveOnboardingRequirement(input: $i) { requirement { status note resolvedBy { user { email } } }
  errors { code field message } } }"""
APPROVE = """mutation($i: ApproveOnboardingRequestInput!) { approveOnboardingRequest(input: $i) {
  request { status decidedBy { user { email } } decisionReason vendor { status } }
  errors { code field message } } }"""
REJECT = """mutation($i: RejectOnboardingRequestInput!) { rejectOnboardingRequest(input: $i) {
  request { status decisionReason vendor { status statusHistory { toStatus reason } } }
  errors { code field message } } }"""

CRITICAL_PROFILE = {
    "dataCategories": ["CREDENTIALS"],
    "accessLevel": "ADMIN",
    "connectsToProduction": True,
}
LOW_PROFILE = {"dataCategories": [], "accessLevel": "READ"}


async def _team(db):
    acme = await make_tenant(db)
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex")
    return acme, buyer, reviewer, global_id("Vendor", vendor.id)


async def test_a_critical_vendor_owes_a_security_review_and_a_soc2_or_questionnaire(client, db):
    _, buyer, _, vid = await _team(db)

    body = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Admin tooling", "dataAccess": CRITICAL_PROFILE}},
        token=buyer.token,
    )

    request = body["data"]["fileOnboardingRequest"]["request"]
    assert request["status"] == "PENDING"
    assert request["tierAtRequest"] == "CRITICAL"
    assert request["requestedBy"] == {"user": {"email": "buyer@acme.example"}}
    assert [(c["kind"], c["status"]) for c in request["checklist"]] == [
        ("SECURITY_REVIEW", "PENDING"),
        ("SOC2_REPORT_OR_QUESTIONNAIRE", "PENDING"),
    ]
    assert request["vendor"] == {"status": "ONBOARDING", "tier": "CRITICAL"}


async def test_a_low_vendor_owes_nothing_and_a_reviewer_approves_it_to_active(client, db):
    _, buyer, reviewer, vid = await _team(db)
    filed = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )
    request = filed["data"]["fileOnboardingRequest"]["request"]

    body = await gql(
        client, APPROVE, {"i": {"requestId": request["id"], "note": "fine"}}, token=reviewer.token
    )

    assert request["checklist"] == []
    assert body["data"]["approveOnboardingRequest"]["request"] == {
        "status": "APPROVED",
        "decidedBy": {"user": {"email": "rev@acme.example"}},
        "decisionReason": "fine",
        "vendor": {"status": "ACTIVE"},
    }


async def test_approval_waits_for_the_checklist(client, db):
    _, buyer, reviewer, vid = await _team(db)
    filed = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Admin tooling", "dataAccess": CRITICAL_PROFILE}},
        token=buyer.token,
    )
    request = filed["data"]["fileOnboardingRequest"]["request"]
    review, soc2 = request["checklist"]

    early = await gql(client, APPROVE, {"i": {"requestId": request["id"]}}, token=reviewer.token)
    await gql(
        client,
        RESOLVE,
        {
            "i": {
                "requirementId": review["id"],
                "status": "SATISFIED",
                "note": "Review REV-12 passed",
            }
        },
        token=reviewer.token,
    )
    waive_without_reason = await gql(
        client,
        RESOLVE,
        {"i": {"requirementId": soc2["id"], "status": "WAIVED"}},
        token=reviewer.token,
    )
    await gql(
        client,
        RESOLVE,
        {"i": {"requirementId": soc2["id"], "status": "WAIVED", "note": "Pilot for 30 days"}},
        token=reviewer.token,
    )
    late = await gql(client, APPROVE, {"i": {"requestId": request["id"]}}, token=reviewer.token)

    assert early["data"]["approveOnboardingRequest"]["errors"][0]["code"] == "REQUIREMENTS_PENDING"
    assert waive_without_reason["data"]["resolveOnboardingRequirement"]["errors"][0]["field"] == [
        "note"
    ]
    assert late["data"]["approveOnboardingRequest"]["request"]["status"] == "APPROVED"


async def test_the_requester_cannot_decide_their_own_request(client, db):
    acme, _, _, vid = await _team(db)
    filed = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=acme.token,
    )
    request_id = filed["data"]["fileOnboardingRequest"]["request"]["id"]
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(client, APPROVE, {"i": {"requestId": request_id}}, token=acme.token)

    assert body["data"]["approveOnboardingRequest"]["errors"][0]["code"] == "SELF_APPROVAL"
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_rejection_needs_a_reason_and_rejects_the_vendor(client, db):
    _, buyer, reviewer, vid = await _team(db)
    filed = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )
    request_id = filed["data"]["fileOnboardingRequest"]["request"]["id"]

    blank = await gql(
        client, REJECT, {"i": {"requestId": request_id, "reason": ""}}, token=reviewer.token
    )
    body = await gql(
        client,
        REJECT,
        {"i": {"requestId": request_id, "reason": "Duplicate of Initech"}},
        token=reviewer.token,
    )
    again = await gql(client, APPROVE, {"i": {"requestId": request_id}}, token=reviewer.token)

    assert blank["data"]["rejectOnboardingRequest"]["errors"][0]["field"] == ["reason"]
    decided = body["data"]["rejectOnboardingRequest"]["request"]
    assert decided["status"] == "REJECTED"
    assert decided["vendor"]["statusHistory"][-1] == {
        "toStatus": "REJECTED",
        "reason": "Duplicate of Initech",
    }
    assert again["data"]["approveOnboardingRequest"]["errors"][0]["code"] == "CONFLICT"


async def test_only_a_prospect_can_be_filed_for_onboarding(client, db):
    _, buyer, _, vid = await _team(db)
    await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )

    again = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )

    assert again["data"]["fileOnboardingRequest"]["errors"][0]["code"] == "INVALID_TRANSITION"


async def test_the_checklist_rules_are_the_tenants_own(client, db):
    acme, buyer, _, vid = await _team(db)
    await gql(
        client,
        """mutation { updateTenantSettings(input: {securityReviewFromTier: NEVER,
        soc2OrQuestionnaireFromTier: LOW}) { errors { message } } }""",
        token=acme.token,
    )

    body = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )

    checklist = body["data"]["fileOnboardingRequest"]["request"]["checklist"]
    assert [c["kind"] for c in checklist] == ["SOC2_REPORT_OR_QUESTIONNAIRE"]


async def test_a_tier_raised_after_filing_owes_its_new_checklist_before_approval(client, db):
    _, buyer, reviewer, vid = await _team(db)
    filed = await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )
    request_id = filed["data"]["fileOnboardingRequest"]["request"]["id"]

    await gql(
        client,
        """mutation($i: UpdateVendorInput!) { updateVendor(input: $i) {
        errors { code } } }""",
        {"i": {"vendorId": vid, "dataAccess": CRITICAL_PROFILE}},
        token=buyer.token,
    )
    body = await gql(client, APPROVE, {"i": {"requestId": request_id}}, token=reviewer.token)
    listed = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { tier onboardingRequests { "
        "checklist { kind status } } } }",
        {"id": vid},
        token=reviewer.token,
    )

    assert body["data"]["approveOnboardingRequest"]["errors"][0]["code"] == "REQUIREMENTS_PENDING"
    vendor = listed["data"]["vendor"]
    assert vendor["tier"] == "CRITICAL"
    assert vendor["onboardingRequests"][0]["checklist"] == [
        {"kind": "SECURITY_REVIEW", "status": "PENDING"},
        {"kind": "SOC2_REPORT_OR_QUESTIONNAIRE", "status": "PENDING"},
    ]


async def test_a_reviewer_override_upwards_adds_to_the_checklist(client, db):
    _, buyer, reviewer, vid = await _team(db)
    await gql(
        client,
        FILE,
        {"i": {"vendorId": vid, "purpose": "Chat", "dataAccess": LOW_PROFILE}},
        token=buyer.token,
    )

    await gql(
        client,
        """mutation($i: OverrideVendorTierInput!) { overrideVendorTier(input: $i) {
        errors { code } } }""",
        {"i": {"vendorId": vid, "tier": "MEDIUM", "justification": "Sees our roadmap"}},
        token=reviewer.token,
    )
    listed = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { onboardingRequests { checklist { kind } } } }",
        {"id": vid},
        token=reviewer.token,
    )

    assert listed["data"]["vendor"]["onboardingRequests"][0]["checklist"] == [
        {"kind": "SECURITY_REVIEW"}
    ]


async def test_procurement_cannot_record_a_vendor_as_already_active(client, db):
    _, buyer, reviewer, _ = await _team(db)
    create = """mutation($i: CreateVendorInput!) { createVendor(input: $i) {
        vendor { status } errors { code } } }"""
    fields = {"name": "Hooli", "domain": "hooli.example", "status": "ACTIVE"}

    by_buyer = await gql(client, create, {"i": fields}, token=buyer.token)
    by_reviewer = await gql(client, create, {"i": fields}, token=reviewer.token)

    assert by_buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert by_reviewer["data"]["createVendor"]["vendor"] == {"status": "ACTIVE"}
