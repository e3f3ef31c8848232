"""Creating and editing vendors: normalised, validated, tiered, audited."""

from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor, tenant_state

VENDOR_FIELDS = """
  id name legalName domain website category tags status tier computedTier tierScore tierReasons { factor points reason }
  annualSpend currency contractStart contractEnd
  tierOverride { tier justification by { user { email } } }
  businessOwner { user { email } }
  dataAccess { dataCategories accessLevel connectsToProduction businessCriticality hostingRegions }
  statusHistory { fromStatus toStatus reason changedBy { user { email } } }
"""
CREATE = f"""mutation($i: CreateVendorInput!) {{ createVendor(input: $i) {{
  vendor {{ {VENDOR_FIELDS} }} errors {{ code field message }} }} }}"""
UPDATE = f"""mutation($i: UpdateVendorInput!) {{ updateVendor(input: $i) {{
  vendor {{ {VENDOR_FIELDS} }} errors {{ code field message }} }} }}"""
OVERRIDE = f"""mutation($i: OverrideVendorTierInput!) {{ overrideVendorTier(input: $i) {{
  vendor {{ {VENDOR_FIELDS} }} errors {{ code field message }} }} }}"""
TRANSITION = f"""mutation($i: TransitionVendorInput!) {{ transitionVendor(input: $i) {{
  vendor {{ {VENDOR_FIELDS} }} errors {{ code field message }} }} }}"""


async def _created_by_procurement(client, db) -> dict:
    acme = await make_tenant(db)
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    body = await gql(
        client,
        CREATE,
        {
            "i": {
                "name": " Globex  Cloud ",
                "domain": "https://www.GLOBEX.example/about",
                "tags": ["Hosting", "hosting ", "EU"],
                "annualSpend": "12000.5",
                "businessOwnerId": buyer.global_id,
                "dataAccess": {
                    "dataCategories": ["PERSONAL_DATA"],
                    "accessLevel": "WRITE",
                    "hostingRegions": ["eu"],
                },
            }
        },
        token=buyer.token,
    )
    return body["data"]["createVendor"]["vendor"]


async def test_a_new_vendor_s_values_are_normalised(client, db):
    vendor = await _created_by_procurement(client, db)

    assert (vendor["name"], vendor["domain"]) == ("Globex Cloud", "globex.example")
    assert (vendor["tags"], vendor["annualSpend"]) == (["hosting", "eu"], "12000.50")


async def test_a_new_vendor_is_a_prospect_tiered_by_what_it_touches(client, db):
    vendor = await _created_by_procurement(client, db)

    assert (vendor["status"], vendor["tier"], vendor["tierScore"]) == ("PROSPECT", "HIGH", 45)
    assert vendor["tierReasons"][0] == {
        "factor": "DATA_CATEGORIES",
        "points": 25,
        "reason": "Handles personal data",
    }
    assert sum(r["points"] for r in vendor["tierReasons"]) == vendor["tierScore"]


async def test_a_new_vendor_has_its_owner_and_its_first_status_on_record(client, db):
    vendor = await _created_by_procurement(client, db)

    assert vendor["businessOwner"] == {"user": {"email": "buyer@acme.example"}}
    assert vendor["statusHistory"] == [
        {
            "fromStatus": None,
            "toStatus": "PROSPECT",
            "reason": "created",
            "changedBy": {"user": {"email": "buyer@acme.example"}},
        }
    ]


async def test_the_same_domain_twice_in_a_tenant_is_a_conflict_and_changes_nothing(client, db):
    acme = await make_tenant(db)
    await make_vendor(db, acme, "Globex", domain="globex.example")
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(
        client,
        CREATE,
        {"i": {"name": "Globex 2", "domain": "WWW.globex.example"}},
        token=acme.token,
    )

    assert body["data"]["createVendor"]["errors"] == [
        {
            "code": "CONFLICT",
            "field": ["domain"],
            "message": "A vendor with domain globex.example already exists.",
        }
    ]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_two_tenants_may_each_have_the_same_domain(client, db):
    acme = await make_tenant(db, "Acme", "a@acme.example")
    initech = await make_tenant(db, "Initech", "i@initech.example")
    await make_vendor(db, acme, "Globex", domain="globex.example")

    body = await gql(
        client, CREATE, {"i": {"name": "Globex", "domain": "globex.example"}}, token=initech.token
    )

    assert body["data"]["createVendor"]["errors"] == []


async def test_invalid_fields_are_refused_with_the_field_named(client, db):
    acme = await make_tenant(db)
    cases = [
        ({"name": "X", "domain": "not a domain"}, "domain"),
        ({"name": "X", "domain": "10.0.0.1"}, "domain"),
        ({"name": "  ", "domain": "x.example"}, "name"),
        ({"name": "X", "domain": "x.example", "website": "ftp://x.example"}, "website"),
        ({"name": "X", "domain": "x.example", "annualSpend": "-1"}, "annualSpend"),
        ({"name": "X", "domain": "x.example", "currency": "EURO"}, "currency"),
        (
            {
                "name": "X",
                "domain": "x.example",
                "contractStart": "2026-05-01",
                "contractEnd": "2026-01-01",
            },
            "contractEnd",
        ),
        ({"name": "X", "domain": "x.example", "status": "TERMINATED"}, "status"),
        ({"name": "X", "domain": "x.example", "tags": ["t" * 51]}, "tags"),
        (
            {
                "name": "X",
                "domain": "x.example",
                "dataAccess": {"dataCategories": ["NONE", "CREDENTIALS"]},
            },
            "dataAccess.dataCategories",
        ),
        (
            {
                "name": "X",
                "domain": "x.example",
                "dataAccess": {"hostingRegions": ["US", "EU", "x" * 300]},
            },
            "dataAccess.hostingRegions.2",
        ),
    ]
    for fields, field in cases:
        body = await gql(client, CREATE, {"i": fields}, token=acme.token)
        errors = body["data"]["createVendor"]["errors"]
        assert [(e["code"], e["field"]) for e in errors] == [("INVALID", field.split("."))], fields


async def test_a_business_owner_from_another_tenant_is_not_found(client, db):
    acme = await make_tenant(db, "Acme", "a@acme.example")
    initech = await make_tenant(db, "Initech", "i@initech.example")

    body = await gql(
        client,
        CREATE,
        {"i": {"name": "X", "domain": "x.example", "businessOwnerId": initech.global_id}},
        token=acme.token,
    )

    assert body["data"]["createVendor"]["errors"][0]["code"] == "NOT_FOUND"


async def test_update_changes_only_given_fields_and_null_clears(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex", department="IT", legal_name="Globex Inc.")

    body = await gql(
        client,
        UPDATE,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "legalName": None,
                "category": "SECURITY",
            }
        },
        token=acme.token,
    )

    updated = body["data"]["updateVendor"]["vendor"]
    assert updated["legalName"] is None
    assert updated["category"] == "SECURITY"
    assert updated["name"] == "Globex"


async def test_a_new_data_access_profile_recomputes_the_tier(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex")

    body = await gql(
        client,
        UPDATE,
        {
            "i": {
                "vendorId": global_id("Vendor", vendor.id),
                "dataAccess": {
                    "dataCategories": ["HEALTH_DATA"],
                    "accessLevel": "ADMIN",
                    "connectsToProduction": True,
                    "hostingRegions": ["US"],
                },
            }
        },
        token=acme.token,
    )

    updated = body["data"]["updateVendor"]["vendor"]
    assert (updated["computedTier"], updated["tier"], updated["tierScore"]) == (
        "CRITICAL",
        "CRITICAL",
        80,
    )


async def test_a_reviewer_overrides_the_tier_with_a_justification_beside_the_computed_one(
    client, db
):
    acme = await make_tenant(db)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex")
    vid = global_id("Vendor", vendor.id)

    missing = await gql(
        client, OVERRIDE, {"i": {"vendorId": vid, "tier": "HIGH"}}, token=reviewer.token
    )
    body = await gql(
        client,
        OVERRIDE,
        {"i": {"vendorId": vid, "tier": "HIGH", "justification": "Runs our payroll"}},
        token=reviewer.token,
    )
    cleared = await gql(
        client, OVERRIDE, {"i": {"vendorId": vid, "tier": None}}, token=reviewer.token
    )

    assert missing["data"]["overrideVendorTier"]["errors"][0]["field"] == ["justification"]
    overridden = body["data"]["overrideVendorTier"]["vendor"]
    assert (overridden["tier"], overridden["computedTier"]) == ("HIGH", "LOW")
    assert overridden["tierOverride"] == {
        "tier": "HIGH",
        "justification": "Runs our payroll",
        "by": {"user": {"email": "rev@acme.example"}},
    }
    back = cleared["data"]["overrideVendorTier"]["vendor"]
    assert (back["tier"], back["tierOverride"]) == ("LOW", None)


async def test_tenant_thresholds_retier_existing_vendors(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(
        db,
        acme,
        "Globex",
        data_access={"data_categories": ["PERSONAL_DATA"], "hosting_regions": ["EU"]},
    )  # 25: MEDIUM

    await gql(
        client,
        """mutation { updateTenantSettings(input: {tierHighMinScore: 25,
        tierMediumMinScore: 10}) { errors { message } } }""",
        token=acme.token,
    )
    body = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { tier computedTier } }",
        {"id": global_id("Vendor", vendor.id)},
        token=acme.token,
    )

    assert body["data"]["vendor"] == {"tier": "HIGH", "computedTier": "HIGH"}


async def test_lifecycle_moves_are_kept_with_who_and_why(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex", status=VendorStatus.ACTIVE)
    vid = global_id("Vendor", vendor.id)

    await gql(
        client,
        TRANSITION,
        {"i": {"vendorId": vid, "to": "OFFBOARDING", "reason": "Moving to Initech"}},
        token=acme.token,
    )
    await waive_offboarding(client, acme, vid)
    body = await gql(
        client,
        TRANSITION,
        {"i": {"vendorId": vid, "to": "TERMINATED", "reason": "Contract ended"}},
        token=acme.token,
    )

    history = body["data"]["transitionVendor"]["vendor"]["statusHistory"]
    assert [(h["fromStatus"], h["toStatus"], h["reason"]) for h in history] == [
        (None, "ACTIVE", "created"),
        ("ACTIVE", "OFFBOARDING", "Moving to Initech"),
        ("OFFBOARDING", "TERMINATED", "Contract ended"),
    ]
    assert history[-1]["changedBy"] == {"user": {"email": acme.email}}


async def waive_offboarding(client, member, vendor_id):
    """Settle every offboarding step of the vendor (waived, with why)."""
    body = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { offboardingChecklist { id } } }",
        {"id": vendor_id},
        token=member.token,
    )
    for item in body["data"]["vendor"]["offboardingChecklist"]:
        waived = await gql(
            client,
            """mutation($i: ResolveOffboardingItemInput!) { resolveOffboardingItem(input: $i) {
              errors { code } } }""",
            {"i": {"itemId": item["id"], "status": "WAIVED", "note": "Never had access."}},
            token=member.token,
        )
        assert waived["data"]["resolveOffboardingItem"]["errors"] == []


async def test_a_disallowed_transition_is_a_typed_error_and_changes_nothing(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex")
    before = await tenant_state(db, acme.tenant_id)

    terminate = await gql(
        client,
        TRANSITION,
        {"i": {"vendorId": global_id("Vendor", vendor.id), "to": "TERMINATED", "reason": "x"}},
        token=acme.token,
    )
    activate = await gql(
        client,
        TRANSITION,
        {"i": {"vendorId": global_id("Vendor", vendor.id), "to": "ONBOARDING", "reason": "x"}},
        token=acme.token,
    )

    assert terminate["data"]["transitionVendor"]["errors"][0] == {
        "code": "INVALID_TRANSITION",
        "field": ["to"],
        "message": "A vendor cannot go from PROSPECT to TERMINATED.",
    }
    assert activate["data"]["transitionVendor"]["errors"][0]["code"] == "INVALID_TRANSITION"
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_transition_needs_a_reason(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex")

    body = await gql(
        client,
        TRANSITION,
        {"i": {"vendorId": global_id("Vendor", vendor.id), "to": "REJECTED", "reason": " "}},
        token=acme.token,
    )

    assert body["data"]["transitionVendor"]["errors"][0]["field"] == ["reason"]


async def test_control_characters_are_refused_not_stored(client, db):
    acme = await make_tenant(db)

    body = await gql(
        client, CREATE, {"i": {"name": "Bad\u0000Name", "domain": "bad.example"}}, token=acme.token
    )
    tags = await gql(
        client,
        CREATE,
        {"i": {"name": "Ok", "domain": "ok.example", "tags": ["a\u0007"]}},
        token=acme.token,
    )

    assert body["data"]["createVendor"]["errors"][0] == {
        "code": "INVALID",
        "field": ["name"],
        "message": "name contains a control character.",
    }
    assert tags["data"]["createVendor"]["errors"][0]["field"] == ["tags"]


async def test_fields_read_after_a_mutation_in_the_same_operation_are_fresh(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Globex")
    vid = global_id("Vendor", vendor.id)

    body = await gql(
        client,
        """mutation($v: ID!) {
      before: updateVendor(input: {vendorId: $v, department: "IT"}) { vendor { contactsCount } }
      add: addVendorContact(input: {vendorId: $v, name: "Pat", email: "pat@globex.example",
                                    role: PRIMARY}) { errors { code } }
      after: updateVendor(input: {vendorId: $v, department: "Ops"}) {
        vendor { contactsCount contacts { name } } } }""",
        {"v": vid},
        token=acme.token,
    )

    assert body["data"]["before"]["vendor"]["contactsCount"] == 0
    assert body["data"]["after"]["vendor"] == {"contactsCount": 1, "contacts": [{"name": "Pat"}]}
