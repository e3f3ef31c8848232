"""Vendor findings and risks, both ways: a risk made from a finding, a finding attached to a
risk and detached again; the finding, the vendor and the risk each show the others."""

from datetime import UTC, datetime

from domain.findings.rules import add_months
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_read_report,
    make_tenant,
    make_vendor,
)

FROM_FINDING = """mutation($i: CreateRiskFromFindingInput!) { createRiskFromFinding(input: $i) {
  risk { id title category status inherent { likelihood impact } vendor { name }
    findings { id } } errors { code field } } }"""
LINK = """mutation($i: RiskFindingInput!) { linkRiskFinding(input: $i) {
  risk { findings { id } } errors { code field } } }"""
UNLINK = """mutation($i: RiskFindingInput!) { unlinkRiskFinding(input: $i) {
  risk { findings { id } } errors { code field } } }"""
CREATE = """mutation($i: CreateRiskInput!) { createRisk(input: $i) { risk { id } } }"""
FINDINGS = """query($v: ID) { findings(filter: {vendorId: $v}) { nodes { id kind
  risks { id } } } }"""
VENDOR = """query($id: ID!) { vendor(id: $id) { risks { id } } }"""


async def _world(client, db, tenant_name="Acme", email="admin@acme.example"):
    admin = await make_tenant(db, tenant_name, email)
    vendor = await make_vendor(db, admin, "Globex Cloud")
    end = add_months(datetime.now(UTC).date(), -1)
    await make_read_report(
        db, admin, vendor.id,
        {**SMALL_EXTRACTION, "period_start": add_months(end, -12).isoformat(),
         "period_end": end.isoformat()},
    )  # fmt: skip
    body = await gql(client, FINDINGS, {"v": global_id("Vendor", vendor.id)}, token=admin.token)
    [finding] = [f for f in body["data"]["findings"]["nodes"] if f["kind"] == "CONTROL_EXCEPTION"]
    return admin, vendor, finding["id"]


async def test_a_risk_made_from_a_finding_is_about_its_vendor_and_shows_both_ways(client, db):
    acme, vendor, finding_id = await _world(client, db)

    made = await gql(client, FROM_FINDING, {"i": {"findingId": finding_id}}, token=acme.token)
    findings = await gql(client, FINDINGS, {"v": global_id("Vendor", vendor.id)}, token=acme.token)
    on_vendor = await gql(client, VENDOR, {"id": global_id("Vendor", vendor.id)}, token=acme.token)

    risk = made["data"]["createRiskFromFinding"]["risk"]
    assert risk["title"].startswith("Globex Cloud: ")
    assert (risk["category"], risk["status"]) == ("THIRD_PARTY", "OPEN")
    # a LOW vendor's exception is a LOW finding: rated 2 x 2
    assert risk["inherent"] == {"likelihood": 2, "impact": 2}
    assert risk["vendor"] == {"name": "Globex Cloud"} and risk["findings"] == [{"id": finding_id}]
    by_id = {f["id"]: f["risks"] for f in findings["data"]["findings"]["nodes"]}
    assert by_id[finding_id] == [{"id": risk["id"]}]
    assert on_vendor["data"]["vendor"]["risks"] == [{"id": risk["id"]}]


async def test_a_finding_attached_to_a_risk_shows_the_vendor_the_risk(client, db):
    acme, vendor, finding_id = await _world(client, db)
    made = await gql(
        client, CREATE,
        {"i": {"title": "Cloud access", "category": "SECURITY",
               "inherentLikelihood": 3, "inherentImpact": 4}},
        token=acme.token,
    )  # fmt: skip
    risk_id = made["data"]["createRisk"]["risk"]["id"]
    pair = {"riskId": risk_id, "findingId": finding_id}

    linked = await gql(client, LINK, {"i": pair}, token=acme.token)
    again = await gql(client, LINK, {"i": pair}, token=acme.token)
    on_vendor = await gql(client, VENDOR, {"id": global_id("Vendor", vendor.id)}, token=acme.token)
    unlinked = await gql(client, UNLINK, {"i": pair}, token=acme.token)
    unlinked_again = await gql(client, UNLINK, {"i": pair}, token=acme.token)

    assert linked["data"]["linkRiskFinding"]["risk"]["findings"] == [{"id": finding_id}]
    assert again["data"]["linkRiskFinding"]["risk"]["findings"] == [{"id": finding_id}]
    assert on_vendor["data"]["vendor"]["risks"] == [{"id": risk_id}]
    assert unlinked["data"]["unlinkRiskFinding"]["risk"]["findings"] == []
    assert unlinked_again["data"]["unlinkRiskFinding"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["findingId"]}
    ]


async def test_another_tenant_s_finding_is_not_found(client, db):
    acme, _, _ = await _world(client, db)
    _, _, foreign = await _world(client, db, "Globex", "gus@globex.example")
    made = await gql(
        client, CREATE,
        {"i": {"title": "x", "category": "SECURITY", "inherentLikelihood": 1,
               "inherentImpact": 1}},
        token=acme.token,
    )  # fmt: skip
    risk_id = made["data"]["createRisk"]["risk"]["id"]

    linked = await gql(
        client, LINK, {"i": {"riskId": risk_id, "findingId": foreign}}, token=acme.token
    )
    from_foreign = await gql(client, FROM_FINDING, {"i": {"findingId": foreign}}, token=acme.token)

    assert linked["data"]["linkRiskFinding"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["findingId"]}
    ]
    assert from_foreign["data"]["createRiskFromFinding"]["errors"] == [
        {"code": "NOT_FOUND", "field": ["findingId"]}
    ]


async def test_a_page_of_risks_reads_in_as_many_statements_whatever_its_size(
    client, db, count_statements
):
    acme, _, finding_id = await _world(client, db)
    for _ in range(2):
        await gql(client, FROM_FINDING, {"i": {"findingId": finding_id}}, token=acme.token)
    page = """query($n: Int) { risks(first: $n) { nodes { title owner { id } vendor { name }
      inherent { band } residual { band } current { score } mitigatingControls { ref }
      findings { id risks { id } } acceptance { approvedBy { id } } } } }"""
    counts = {}
    for size in (1, 2):
        count_statements.count = 0
        body = await gql(client, page, {"n": size}, token=acme.token)
        assert len(body["data"]["risks"]["nodes"]) == size
        counts[size] = count_statements.count

    assert counts[1] == counts[2]
