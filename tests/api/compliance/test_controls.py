"""The tenant's own controls: recorded with a reference unique in the tenant, mapped only to
trust services criteria of the catalogue, listed by reference and filtered, changed field
by field; and its systems in scope with the categories it reports on."""

from datetime import date, timedelta

from tests.factories import global_id, gql, make_tenant

CREATE = """mutation($i: CreateControlInput!) { createControl(input: $i) {
  control { id ref title status criteria { id category } owner { displayName } lastTestedOn }
  errors { code field message } } }"""
UPDATE = """mutation($i: UpdateControlInput!) { updateControl(input: $i) {
  control { ref status criteria { id } owner { id } lastTestedOn } errors { code field message } } }"""
LIST = """query($f: ControlFilter) { controls(filter: $f) { totalCount nodes { ref } } }"""


async def _create(client, token, **fields) -> dict:
    body = await gql(client, CREATE, {"i": fields}, token=token)
    return body["data"]["createControl"]


async def test_a_control_maps_to_criteria_of_the_catalogue_only(client, db):
    acme = await make_tenant(db)

    made = await _create(
        client, acme.token, ref="AC-01", title="Access reviewed quarterly",
        criteria=["cc6.3", "CC6.2", "CC6.2"], ownerId=acme.global_id,
    )  # fmt: skip
    refused = await _create(
        client, acme.token, ref="AC-02", title="x", criteria=["CC6.9", "CC10.1", "A1.2"]
    )

    assert made["errors"] == []
    control = made["control"]
    assert [c["id"] for c in control["criteria"]] == ["CC6.2", "CC6.3"]  # catalogue order, once
    assert {c["category"] for c in control["criteria"]} == {"SECURITY"}
    assert control["status"] == "DESIGNED" and control["owner"] == {"displayName": "admin"}
    assert [(e["code"], e["field"]) for e in refused["errors"]] == [
        ("INVALID", ["criteria", "0"]),
        ("INVALID", ["criteria", "1"]),
    ]
    assert refused["control"] is None


async def test_a_reference_is_the_tenant_s_once_and_another_tenant_s_is_its_own(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    first = await _create(client, acme.token, ref="AC-01", title="One")
    again = await _create(client, acme.token, ref="AC-01", title="Two")
    elsewhere = await _create(client, globex.token, ref="AC-01", title="Theirs")

    assert first["errors"] == [] and elsewhere["errors"] == []
    assert again["errors"] == [
        {"code": "CONFLICT", "field": ["ref"], "message": "A control 'AC-01' exists already."}
    ]


async def test_a_control_changes_field_by_field(client, db):
    acme = await make_tenant(db)
    made = await _create(client, acme.token, ref="AC-01", title="One", criteria=["CC6.1"])
    control_id = made["control"]["id"]

    tested = await gql(
        client, UPDATE,
        {"i": {"controlId": control_id, "status": "OPERATING", "lastTestedOn": "2026-11-01"}},
        token=acme.token,
    )  # fmt: skip
    future = (date.today() + timedelta(days=1)).isoformat()
    refused = await gql(
        client, UPDATE, {"i": {"controlId": control_id, "lastTestedOn": future, "ref": None}},
        token=acme.token,
    )  # fmt: skip

    assert tested["data"]["updateControl"] == {
        "control": {
            "ref": "AC-01",
            "status": "OPERATING",
            "criteria": [{"id": "CC6.1"}],
            "owner": None,
            "lastTestedOn": "2026-11-01",
        },
        "errors": [],
    }
    assert refused["data"]["updateControl"]["errors"][0]["code"] == "INVALID"


async def test_controls_are_listed_by_reference_and_filtered(client, db):
    acme = await make_tenant(db)
    await _create(client, acme.token, ref="CM-01", title="Changes reviewed", criteria=["CC8.1"])
    await _create(
        client, acme.token, ref="AC-02", title="Leavers removed", criteria=["CC6.2"],
        status="OPERATING",
    )  # fmt: skip
    await _create(client, acme.token, ref="AC-01", title="Access reviewed", criteria=["CC6.2"])

    every = await gql(client, LIST, {}, token=acme.token)
    by_criterion = await gql(client, LIST, {"f": {"criterion": "cc6.2"}}, token=acme.token)
    operating = await gql(client, LIST, {"f": {"status": ["OPERATING"]}}, token=acme.token)
    searched = await gql(client, LIST, {"f": {"search": "changes"}}, token=acme.token)

    def refs(body):
        return [n["ref"] for n in body["data"]["controls"]["nodes"]]

    assert refs(every) == ["AC-01", "AC-02", "CM-01"]
    assert refs(by_criterion) == ["AC-01", "AC-02"]
    assert refs(operating) == ["AC-02"]
    assert refs(searched) == ["CM-01"]


async def test_the_criteria_catalogue_and_the_systems_in_scope(client, db):
    acme = await make_tenant(db)
    create = """mutation($i: CreateOwnSystemInput!) { createOwnSystem(input: $i) {
      system { name categories } errors { code field } } }"""

    made = await gql(
        client, create, {"i": {"name": "Acme Payments", "categories": ["AVAILABILITY",
        "SECURITY"]}}, token=acme.token,
    )  # fmt: skip
    plain = await gql(client, create, {"i": {"name": "Acme Lending"}}, token=acme.token)
    twice = await gql(client, create, {"i": {"name": "Acme Lending"}}, token=acme.token)
    listed = await gql(
        client,
        "{ ownSystems { name } trustServicesCriteria { id title category } }",
        token=acme.token,
    )

    assert made["data"]["createOwnSystem"]["system"] == {
        "name": "Acme Payments",
        "categories": ["SECURITY", "AVAILABILITY"],
    }
    assert plain["data"]["createOwnSystem"]["system"]["categories"] == ["SECURITY"]
    assert twice["data"]["createOwnSystem"]["errors"] == [{"code": "CONFLICT", "field": ["name"]}]
    assert [s["name"] for s in listed["data"]["ownSystems"]] == ["Acme Lending", "Acme Payments"]
    criteria = listed["data"]["trustServicesCriteria"]
    assert len(criteria) == 61 and criteria[0]["id"] == "CC1.1" and criteria[-1]["id"] == "P8.1"
    assert {c["category"] for c in criteria if c["id"].startswith("A1")} == {"AVAILABILITY"}


async def test_another_tenant_s_control_looks_exactly_like_a_missing_one(client, db):
    acme = await make_tenant(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    made = await _create(client, acme.token, ref="AC-01", title="Ours")
    ours = made["control"]["id"]
    missing = global_id("Control", "00000000-0000-4000-8000-000000000000")

    foreign = await gql(client, UPDATE, {"i": {"controlId": ours, "status": "OPERATING"}},
                        token=globex.token)  # fmt: skip
    absent = await gql(client, UPDATE, {"i": {"controlId": missing, "status": "OPERATING"}},
                       token=globex.token)  # fmt: skip

    assert foreign["data"]["updateControl"] == absent["data"]["updateControl"]
    assert foreign["data"]["updateControl"]["errors"][0]["code"] == "NOT_FOUND"
