"""Procurement's spreadsheet in and out: dry run, per-row report, idempotent by domain."""

import csv
import io
import json

from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant, make_vendor, tenant_state

IMPORT = """mutation($input: ImportVendorsInput!) { importVendors(input: $input) {
  report { dryRun created updated unchanged rejected warnings
           rows { line domain outcome vendorId messages } }
  errors { code field message } } }"""

SHEET = """Vendor Name,Domain,Owner,Annual Spend,Tags,Data Categories,Access Level,Regions,Status,Notes
Globex Cloud,https://www.globex.example,buyer@acme.example,"12,000",hosting;eu,PERSONAL_DATA,READ,EU,,x
Initech,initech.example,,,,,,,,y
Broken,not a domain,,,,,,,,z
Umbrella,umbrella.example,nobody@acme.example,,,,,,,
Globex Again,globex.example,,,,,,,,
"""


async def upload(client, token: str, content: bytes, dry_run: bool = False) -> dict:
    """A GraphQL multipart request, as front ends send files."""
    operations = {"query": IMPORT, "variables": {"input": {"file": None, "dryRun": dry_run}}}
    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps(operations),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": ("vendors.csv", content, "text/csv")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def _team(db):
    acme = await make_tenant(db)
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    return acme, buyer


async def test_a_dry_run_reports_every_row_and_changes_nothing(client, db):
    acme, buyer = await _team(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await upload(client, buyer.token, SHEET.encode(), dry_run=True)

    report = body["data"]["importVendors"]["report"]
    assert (report["dryRun"], report["created"], report["rejected"]) == (True, 2, 3)
    outcomes = [(r["line"], r["domain"], r["outcome"]) for r in report["rows"]]
    assert outcomes == [
        (2, "globex.example", "CREATED"),
        (3, "initech.example", "CREATED"),
        (4, "not a domain", "REJECTED"),
        (5, "umbrella.example", "REJECTED"),
        (6, "globex.example", "REJECTED"),
    ]
    assert report["rows"][3]["messages"] == [
        "business_owner_email: nobody@acme.example is not a member."
    ]
    assert report["rows"][4]["messages"] == ["same domain as line 2"]
    assert report["warnings"] == ["Ignored columns: notes."]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_dry_run_names_no_vendor_for_a_row_it_would_create(client, db):
    _, buyer = await _team(db)

    body = await upload(client, buyer.token, b"name,domain\nHooli,hooli.example\n", dry_run=True)

    [row] = body["data"]["importVendors"]["report"]["rows"]
    assert (row["outcome"], row["vendorId"]) == ("CREATED", None)


async def test_an_import_creates_then_the_same_file_changes_nothing(client, db):
    acme, buyer = await _team(db)

    first = (await upload(client, buyer.token, SHEET.encode()))["data"]["importVendors"]["report"]
    second = (await upload(client, buyer.token, SHEET.encode()))["data"]["importVendors"]["report"]
    vendors = await gql(
        client,
        "{ vendors { totalCount edges { node { name domain status tier "
        "annualSpend tags businessOwner { user { email } } } } } }",
        token=acme.token,
    )

    assert (first["created"], first["updated"], first["rejected"]) == (2, 0, 3)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 2)
    globex = vendors["data"]["vendors"]["edges"][0]["node"]
    assert globex == {
        "name": "Globex Cloud",
        "domain": "globex.example",
        "status": "PROSPECT",
        "tier": "MEDIUM",
        "annualSpend": "12000.00",
        "tags": ["hosting", "eu"],
        "businessOwner": {"user": {"email": "buyer@acme.example"}},
    }
    assert vendors["data"]["vendors"]["totalCount"] == 2


async def test_a_changed_row_updates_the_vendor_it_matches_by_domain(client, db):
    acme, buyer = await _team(db)
    await make_vendor(db, acme, "Globex", domain="globex.example", department="IT")

    body = await upload(
        client, buyer.token, b"name,domain,department\nGlobex,GLOBEX.example,Finance\n"
    )

    [row] = body["data"]["importVendors"]["report"]["rows"]
    assert (row["outcome"], row["messages"]) == ("UPDATED", ["changed: department"])


async def test_a_file_without_the_required_columns_is_refused(client, db):
    _, buyer = await _team(db)

    body = await upload(client, buyer.token, b"vendor,website\nGlobex,globex.example\n")

    assert body["data"]["importVendors"]["errors"] == [
        {"code": "INVALID", "field": ["file"], "message": "The header has no domain column."}
    ]


async def test_a_file_that_is_not_utf8_is_refused(client, db):
    _, buyer = await _team(db)

    body = await upload(client, buyer.token, "name,domain\nMüller,m.example\n".encode("latin-1"))

    assert body["data"]["importVendors"]["errors"][0]["field"] == ["file"]


async def test_viewers_and_reviewers_cannot_import(client, db):
    acme, _ = await _team(db)
    viewer = await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)

    body = await upload(client, viewer.token, SHEET.encode())

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_oversize_request_is_refused_before_it_is_read(client, db):
    _, buyer = await _team(db)

    body = await client.post(
        "/graphql",
        content=b"x" * (11 * 1024 * 1024),
        headers={"Authorization": f"Bearer {buyer.token}", "Content-Type": "application/json"},
    )

    assert body.status_code == 413
    assert body.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_export_is_csv_that_imports_back_unchanged(client, db):
    acme, buyer = await _team(db)
    await upload(client, buyer.token, SHEET.encode())
    await make_vendor(db, acme, "=HYPERLINK(evil)", domain="evil.example")

    response = await client.get("/vendors.csv", headers={"Authorization": f"Bearer {acme.token}"})
    again = await upload(client, buyer.token, response.content)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["domain"] for r in rows] == ["evil.example", "globex.example", "initech.example"]
    assert rows[0]["name"] == "'=HYPERLINK(evil)"  # never a live formula in a spreadsheet
    assert rows[1]["data_categories"] == "PERSONAL_DATA"
    report = again["data"]["importVendors"]["report"]
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)


async def test_export_needs_a_token_and_filters(client, db):
    acme, buyer = await _team(db)
    await upload(client, buyer.token, SHEET.encode())

    await upload(client, acme.token, b"name,domain,status\nHooli,hooli.example,ACTIVE\n")

    anonymous = await client.get("/vendors.csv")
    active = await client.get(
        "/vendors.csv?status=ACTIVE", headers={"Authorization": f"Bearer {acme.token}"}
    )

    assert anonymous.status_code == 401
    assert [r["domain"] for r in csv.DictReader(io.StringIO(active.text))] == ["hooli.example"]


async def test_procurement_cannot_import_vendors_as_already_active(client, db):
    _, buyer = await _team(db)

    body = await upload(client, buyer.token, b"name,domain,status\nHooli,hooli.example,ACTIVE\n")

    [row] = body["data"]["importVendors"]["report"]["rows"]
    assert (row["outcome"], row["messages"]) == ("REJECTED", ["Your role does not allow this."])


async def test_an_import_changes_only_the_profile_cells_it_gives(client, db):
    acme, buyer = await _team(db)
    await make_vendor(
        db,
        acme,
        "Globex",
        domain="globex.example",
        data_access={
            "data_categories": ["HEALTH_DATA"],
            "access_level": "WRITE",
            "hosting_regions": ["US"],
        },
    )

    body = await upload(
        client, buyer.token, b"name,domain,access_level\nGlobex,globex.example,READ\n"
    )
    vendor = await gql(
        client,
        "{ vendors { edges { node { tier dataAccess { dataCategories accessLevel } } } } }",
        token=acme.token,
    )

    [row] = body["data"]["importVendors"]["report"]["rows"]
    assert (row["outcome"], row["messages"]) == ("UPDATED", ["changed: data_access"])
    node = vendor["data"]["vendors"]["edges"][0]["node"]
    assert node["dataAccess"] == {"dataCategories": ["HEALTH_DATA"], "accessLevel": "READ"}


async def test_formula_looking_names_survive_an_export_and_import_round_trip(client, db):
    acme, buyer = await _team(db)
    await make_vendor(db, acme, "-Minus Corp", domain="minus.example")
    await make_vendor(db, acme, "=Formula Inc", domain="formula.example")

    exported = await client.get("/vendors.csv", headers={"Authorization": f"Bearer {acme.token}"})
    again = await upload(client, buyer.token, exported.content)

    report = again["data"]["importVendors"]["report"]
    assert (report["updated"], report["unchanged"]) == (0, 2)


async def test_every_part_of_a_list_cell_is_guarded_against_formulas_and_imports_back(client, db):
    acme, buyer = await _team(db)
    await make_vendor(db, acme, "Globex", tags=["eu", "=cmd|' /C calc'!A0", "+x"])

    exported = await client.get("/vendors.csv", headers={"Authorization": f"Bearer {acme.token}"})
    again = await upload(client, buyer.token, exported.content)

    [row] = list(csv.DictReader(io.StringIO(exported.text)))
    # a spreadsheet that splits cells on ";" still sees no part start a formula
    assert row["tags"] == "eu;'=cmd|' /c calc'!a0;'+x"  # tags are kept lower case
    report = again["data"]["importVendors"]["report"]
    assert (report["updated"], report["unchanged"]) == (0, 1)


async def test_a_malformed_file_is_refused_with_its_line(client, db):
    _, buyer = await _team(db)
    huge = b"name,domain\nGlobex,globex.example\n" + b'"' + b"x" * 200_000 + b'",y.example\n'

    body = await upload(client, buyer.token, huge)

    [error] = body["data"]["importVendors"]["errors"]
    assert error["field"] == ["file"]
    assert error["message"].startswith("Line ")


async def test_export_of_a_search_holds_the_matches_only_in_name_order(client, db):
    acme, _ = await _team(db)
    await upload(
        client,
        acme.token,
        b"name,domain,status\nHooli Mail,hoolimail.example,ACTIVE\n"
        b"Globex,globex.example,ACTIVE\nHooli,hooli.example,PROSPECT\n",
    )

    found = await client.get(
        "/vendors.csv?search=hool", headers={"Authorization": f"Bearer {acme.token}"}
    )
    active = await client.get(
        "/vendors.csv?search=hool&status=ACTIVE", headers={"Authorization": f"Bearer {acme.token}"}
    )

    assert [r["name"] for r in csv.DictReader(io.StringIO(found.text))] == ["Hooli", "Hooli Mail"]
    assert [r["name"] for r in csv.DictReader(io.StringIO(active.text))] == ["Hooli Mail"]
