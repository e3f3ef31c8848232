"""A vendor in the tenant's own SOC 2 scope: recorded as a subservice organization of one of
its systems (carve-out or inclusive), with the controls the tenant relies on it to run,
entered or taken from the vendor's own report, and the vendor's own subservice
organizations as the next links of the chain."""

from sqlalchemy import text

from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
)

SYSTEM = """mutation($i: CreateOwnSystemInput!) { createOwnSystem(input: $i) { system { id } } }"""
RECORD = """mutation($i: RecordOwnSubserviceInput!) { recordOwnSubservice(input: $i) {
  subservice { id method vendor { name } } errors { code field message } } }"""
RELY = """mutation($i: AddReliedCsocInput!) { addReliedCsoc(input: $i) {
  subservice { csocs { text criteria fromCsoc { id } } } errors { code field message } } }"""
SCOPE = """{ ownSystems { name subserviceOrganizations { vendor { name } } }
  ownSubserviceOrganizations { method services vendor { name } csocs { text criteria }
  chain { name method } } }"""


async def _world(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Supplier Inc")
    report = await make_read_report(db, acme, vendor.id, SMALL_EXTRACTION)
    body = await gql(client, SYSTEM, {"i": {"name": "Acme Payments"}}, token=acme.token)
    system_id = body["data"]["createOwnSystem"]["system"]["id"]
    return acme, vendor, report, system_id


async def test_a_vendor_in_scope_shows_the_chain_and_what_it_is_relied_on_for(client, db):
    acme, vendor, report, system_id = await _world(client, db)

    recorded = await gql(
        client,
        RECORD,
        {"i": {"systemId": system_id, "vendorId": global_id("Vendor", vendor.id),
               "method": "CARVE_OUT", "services": "Hosting"}},
        token=acme.token,
    )  # fmt: skip
    subservice_id = recorded["data"]["recordOwnSubservice"]["subservice"]["id"]
    async with db.owner_transaction() as session:
        csoc_id = await session.scalar(
            text("SELECT id FROM soc_csocs WHERE report_id = :r"), {"r": report.id}
        )
    taken = await gql(
        client, RELY,
        {"i": {"subserviceId": subservice_id, "fromCsocId": global_id("Csoc", csoc_id)}},
        token=acme.token,
    )  # fmt: skip
    written = await gql(
        client, RELY,
        {"i": {"subserviceId": subservice_id, "text": "Supplier encrypts our data at rest.",
               "criteria": ["cc6.1"]}},
        token=acme.token,
    )  # fmt: skip
    again = await gql(
        client,
        RECORD,
        {"i": {"systemId": system_id, "vendorId": global_id("Vendor", vendor.id),
               "method": "INCLUSIVE"}},
        token=acme.token,
    )  # fmt: skip
    seen = await gql(client, SCOPE, token=acme.token)
    assert "errors" not in seen, seen

    assert recorded["data"]["recordOwnSubservice"]["subservice"]["vendor"] == {
        "name": "Supplier Inc"
    }
    assert taken["data"]["addReliedCsoc"]["subservice"]["csocs"][0] == {
        "text": "AWS restricts physical access.",
        "criteria": ["CC6.4"],
        "fromCsoc": {"id": global_id("Csoc", csoc_id)},
    }
    assert written["data"]["addReliedCsoc"]["errors"] == []
    assert again["data"]["recordOwnSubservice"]["errors"][0]["code"] == "CONFLICT"
    [system] = seen["data"]["ownSystems"]
    assert system["subserviceOrganizations"] == [{"vendor": {"name": "Supplier Inc"}}]
    assert seen["data"]["ownSubserviceOrganizations"] == [
        {
            "method": "CARVE_OUT",
            "services": "Hosting",
            "vendor": {"name": "Supplier Inc"},
            "csocs": [
                {"text": "AWS restricts physical access.", "criteria": ["CC6.4"]},
                {"text": "Supplier encrypts our data at rest.", "criteria": ["CC6.1"]},
            ],
            # our system -> Supplier Inc -> its own subservice organization
            "chain": [{"name": "Amazon Web Services", "method": "CARVE_OUT"}],
        }
    ]


async def test_a_csoc_of_another_vendor_s_report_is_not_taken(client, db):
    acme, vendor, _, system_id = await _world(client, db)
    other = await make_vendor(db, acme, "Other Co")
    other_report = await make_read_report(db, acme, other.id, SMALL_EXTRACTION)
    recorded = await gql(
        client, RECORD,
        {"i": {"systemId": system_id, "vendorId": global_id("Vendor", vendor.id),
               "method": "CARVE_OUT"}},
        token=acme.token,
    )  # fmt: skip
    async with db.owner_transaction() as session:
        foreign_csoc = await session.scalar(
            text("SELECT id FROM soc_csocs WHERE report_id = :r"), {"r": other_report.id}
        )

    refused = await gql(
        client, RELY,
        {"i": {"subserviceId": recorded["data"]["recordOwnSubservice"]["subservice"]["id"],
               "fromCsocId": global_id("Csoc", foreign_csoc)}},
        token=acme.token,
    )  # fmt: skip

    assert refused["data"]["addReliedCsoc"]["errors"] == [
        {
            "code": "INVALID",
            "field": ["fromCsocId"],
            "message": "The CSOC is of another vendor's report.",
        }
    ]


async def test_another_tenant_s_system_and_vendor_look_like_missing_ones(client, db):
    _, vendor, _, system_id = await _world(client, db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    foreign = await gql(
        client, RECORD,
        {"i": {"systemId": system_id, "vendorId": global_id("Vendor", vendor.id),
               "method": "CARVE_OUT"}},
        token=globex.token,
    )  # fmt: skip

    assert foreign["data"]["recordOwnSubservice"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["systemId"], "message": "System not found."}
    ]


async def test_a_relied_control_is_written_or_taken_not_both_and_the_method_stays(client, db):
    acme, vendor, report, system_id = await _world(client, db)
    recorded = await gql(
        client, RECORD,
        {"i": {"systemId": system_id, "vendorId": global_id("Vendor", vendor.id),
               "method": "CARVE_OUT", "services": "Hosting"}},
        token=acme.token,
    )  # fmt: skip
    subservice_id = recorded["data"]["recordOwnSubservice"]["subservice"]["id"]
    async with db.owner_transaction() as session:
        csoc_id = await session.scalar(
            text("SELECT id FROM soc_csocs WHERE report_id = :r"), {"r": report.id}
        )
    both = await gql(
        client, RELY,
        {"i": {"subserviceId": subservice_id, "text": "Mine.",
               "fromCsocId": global_id("Csoc", csoc_id)}},
        token=acme.token,
    )  # fmt: skip
    update = """mutation($i: UpdateOwnSubserviceInput!) { updateOwnSubservice(input: $i) {
      subservice { method services system { name } } errors { code field } } }"""
    cleared = await gql(
        client, update, {"i": {"id": subservice_id, "services": None}}, token=acme.token
    )
    refused = await gql(
        client, update, {"i": {"id": subservice_id, "method": None}}, token=acme.token
    )

    assert both["data"]["addReliedCsoc"]["errors"][0]["field"] == ["fromCsocId"]
    assert cleared["data"]["updateOwnSubservice"] == {
        "subservice": {"method": "CARVE_OUT", "services": "", "system": {"name": "Acme Payments"}},
        "errors": [],
    }
    assert refused["data"]["updateOwnSubservice"]["errors"] == [
        {"code": "INVALID", "field": ["method"]}
    ]
