"""Another tenant's vendors, contacts, fourth parties, requests and imports look exactly like
missing ones."""

import uuid

import pytest

from domain.shared.roles import Role
from domain.vendors import onboarding, relations
from domain.vendors.models import VendorStatus
from tests.factories import (
    actor_of,
    global_id,
    gql,
    make_member,
    make_tenant,
    make_vendor,
    tenant_state,
)
from tests.vendor_imports import queue, sheet


async def _acme_world(db):
    acme = await make_tenant(db, "Acme", "a@acme.example")
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    vendor = await make_vendor(db, acme, "Globex", status=VendorStatus.ACTIVE)
    prospect = await make_vendor(db, acme, "Prospect")
    async with db.transaction(acme.tenant_id) as session:
        contact = await relations.add_contact(
            session, actor_of(acme), vendor.id, "P", "p@globex.example", "PRIMARY"
        )
        party = await relations.add_fourth_party(session, actor_of(acme), vendor.id, "AWS", None)
        request = await onboarding.file_request(
            session, actor_of(buyer), prospect.id, "x", {"data_categories": ["CREDENTIALS"]}, None
        )
    return acme, {
        "Vendor": vendor.id,
        "VendorContact": contact.id,
        "FourthParty": party.id,
        "OnboardingRequest": request.id,
    }


async def test_vendor_and_node_queries_with_foreign_ids_return_null(client, db, settings):
    acme, ids = await _acme_world(db)
    ids["VendorImport"] = await queue(db, settings, acme, sheet(2))
    initech = await make_tenant(db, "Initech", "i@initech.example")

    for type_name, value in ids.items():
        node = await gql(
            client,
            "query($id: ID!) { node(id: $id) { id } }",
            {"id": global_id(type_name, value)},
            token=initech.token,
        )
        assert node == {"data": {"node": None}}, type_name
    vendor = await gql(
        client,
        "query($id: ID!) { vendor(id: $id) { id } }",
        {"id": global_id("Vendor", ids["Vendor"])},
        token=initech.token,
    )
    vendor_import = await gql(
        client,
        "query($id: ID!) { vendorImport(id: $id) { id } }",
        {"id": global_id("VendorImport", ids["VendorImport"])},
        token=initech.token,
    )
    listing = await gql(
        client, "{ vendors { totalCount } vendorImports { totalCount } }", token=initech.token
    )

    assert vendor == {"data": {"vendor": None}}
    assert vendor_import == {"data": {"vendorImport": None}}
    assert listing["data"]["vendors"]["totalCount"] == 0
    assert listing["data"]["vendorImports"]["totalCount"] == 0


MUTATIONS = [
    ("updateVendor", "UpdateVendorInput", lambda g: {"vendorId": g("Vendor"), "name": "X"}),
    (
        "transitionVendor",
        "TransitionVendorInput",
        lambda g: {"vendorId": g("Vendor"), "to": "OFFBOARDING", "reason": "x"},
    ),
    (
        "overrideVendorTier",
        "OverrideVendorTierInput",
        lambda g: {"vendorId": g("Vendor"), "tier": "LOW", "justification": "x"},
    ),
    (
        "addVendorContact",
        "AddVendorContactInput",
        lambda g: {"vendorId": g("Vendor"), "name": "X", "email": "x@x.example", "role": "SALES"},
    ),
    (
        "updateVendorContact",
        "UpdateVendorContactInput",
        lambda g: {"contactId": g("VendorContact"), "name": "X"},
    ),
    (
        "removeVendorContact",
        "RemoveVendorContactInput",
        lambda g: {"contactId": g("VendorContact")},
    ),
    ("addFourthParty", "AddFourthPartyInput", lambda g: {"vendorId": g("Vendor"), "name": "X"}),
    ("removeFourthParty", "RemoveFourthPartyInput", lambda g: {"fourthPartyId": g("FourthParty")}),
    (
        "approveOnboardingRequest",
        "ApproveOnboardingRequestInput",
        lambda g: {"requestId": g("OnboardingRequest")},
    ),
    (
        "rejectOnboardingRequest",
        "RejectOnboardingRequestInput",
        lambda g: {"requestId": g("OnboardingRequest"), "reason": "x"},
    ),
]


@pytest.mark.parametrize("name,input_type,make_input", MUTATIONS, ids=[m[0] for m in MUTATIONS])
async def test_mutations_with_foreign_ids_answer_like_missing_ids(
    client, db, name, input_type, make_input
):
    acme, ids = await _acme_world(db)
    initech = await make_tenant(db, "Initech", "i@initech.example")
    document = (
        f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ errors {{ code field message }} }} }}"
    )
    before = await tenant_state(db, acme.tenant_id)

    foreign = await gql(
        client, document, {"i": make_input(lambda t: global_id(t, ids[t]))}, token=initech.token
    )
    missing = await gql(
        client,
        document,
        {"i": make_input(lambda t: global_id(t, uuid.uuid4()))},
        token=initech.token,
    )

    assert foreign == missing
    assert foreign["data"][name]["errors"][0]["code"] == "NOT_FOUND"
    assert await tenant_state(db, acme.tenant_id) == before
