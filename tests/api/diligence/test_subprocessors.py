"""The subprocessor list customers ask for: the vendors in use flagged as subprocessors, by
name, each with its service, data, locations and SOC standing, through GraphQL and as CSV."""

import csv
import io
from datetime import UTC, datetime

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

LIST = """{ subprocessors { totalCount nodes { name service dataCategories locations
  socStanding socPeriodEnd socReport { kind } vendor { name subprocessor } } } }"""
UPDATE = """mutation($i: UpdateVendorInput!) { updateVendor(input: $i) {
  vendor { subprocessor } errors { code field message } } }"""


def _report(months_ago: int):
    end = add_months(datetime.now(UTC).date(), -months_ago)
    return {**SMALL_EXTRACTION, "period_start": add_months(end, -12).isoformat(),
            "period_end": end.isoformat()}  # fmt: skip


async def _world(db):
    """Four subprocessors in use: Cloudy (a report last month), Mailer (one that ended 20
    months ago), =Formula (none read) and Offboarding Co (leaving, still listed); Prospect
    Co, flagged but not taken on, and Office Chairs, in use but no subprocessor, are not."""
    acme = await make_tenant(db)
    profile = {"data_categories": ["CUSTOMER_DATA", "PERSONAL_DATA"], "hosting_regions": ["EU"]}
    cloudy = await make_vendor(
        db, acme, "Cloudy", status=VendorStatus.ACTIVE, subprocessor=True, services_provided="Hosting",
        data_access=profile,
    )  # fmt: skip
    mailer = await make_vendor(db, acme, "Mailer", status=VendorStatus.ACTIVE, subprocessor=True)
    await make_vendor(db, acme, "=Formula", domain="formula.example", status=VendorStatus.ACTIVE,
                      subprocessor=True)  # fmt: skip
    await make_vendor(db, acme, "Prospect Co", subprocessor=True)
    await make_vendor(db, acme, "Office Chairs", status=VendorStatus.ACTIVE)
    await make_read_report(db, acme, cloudy.id, _report(1))
    await make_read_report(db, acme, mailer.id, _report(20))
    return acme


async def test_the_list_names_each_subprocessor_in_use_with_its_soc_standing(client, db):
    acme = await _world(db)

    body = await gql(client, LIST, {}, token=acme.token)

    listed = body["data"]["subprocessors"]
    assert listed["totalCount"] == 3
    by_name = {n["name"]: n for n in listed["nodes"]}
    assert list(by_name) == ["=Formula", "Cloudy", "Mailer"]
    assert by_name["Cloudy"]["socStanding"] == "CURRENT"
    assert by_name["Cloudy"]["service"] == "Hosting"
    assert by_name["Cloudy"]["dataCategories"] == ["CUSTOMER_DATA", "PERSONAL_DATA"]
    assert by_name["Cloudy"]["locations"] == ["EU"]
    assert by_name["Cloudy"]["socReport"] == {"kind": "SOC2"}
    assert by_name["Mailer"]["socStanding"] == "STALE"
    assert (by_name["=Formula"]["socStanding"], by_name["=Formula"]["socReport"]) == ("NONE", None)
    assert by_name["Cloudy"]["vendor"] == {"name": "Cloudy", "subprocessor": True}


async def test_the_csv_is_the_same_list_with_formulas_guarded(client, db):
    acme = await _world(db)

    response = await client.get(
        "/subprocessors.csv", headers={"Authorization": f"Bearer {acme.token}"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["name"] for r in rows] == ["'=Formula", "Cloudy", "Mailer"]
    cloudy = rows[1]
    assert cloudy["data_categories"] == "CUSTOMER_DATA; PERSONAL_DATA"
    assert (cloudy["soc_report"], cloudy["soc_opinion"], cloudy["soc_standing"]) == (
        "SOC 2 Type II",
        "UNQUALIFIED",
        "CURRENT",
    )
    assert rows[2]["soc_standing"] == "STALE"


async def test_a_vendor_is_flagged_and_unflagged_but_never_left_unsaid(client, db):
    acme = await make_tenant(db)
    vendor = await make_vendor(db, acme, "Cloudy", status=VendorStatus.ACTIVE)
    vendor_id = global_id("Vendor", vendor.id)
    flagged = await gql(
        client, UPDATE, {"i": {"vendorId": vendor_id, "subprocessor": True}}, token=acme.token
    )
    cleared = await gql(
        client, UPDATE, {"i": {"vendorId": vendor_id, "subprocessor": None}}, token=acme.token
    )
    listed = await gql(client, LIST, {}, token=acme.token)

    assert flagged["data"]["updateVendor"]["vendor"] == {"subprocessor": True}
    assert cleared["data"]["updateVendor"]["errors"][0]["code"] == "INVALID"
    assert listed["data"]["subprocessors"]["totalCount"] == 1


async def test_another_tenant_s_subprocessors_are_not_listed(client, db):
    await _world(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    body = await gql(client, LIST, {}, token=globex.token)
    response = await client.get(
        "/subprocessors.csv", headers={"Authorization": f"Bearer {globex.token}"}
    )

    assert body["data"]["subprocessors"]["totalCount"] == 0
    assert response.text.strip().splitlines() == [
        "name,domain,service,data_categories,locations,soc_report,soc_period_end,"
        "soc_opinion,soc_standing"
    ]
