"""The evidence pack for the tenant's auditor (SOC 2 CC9.2): what its CSV and its PDF say on
known data, who may ask for it and read it, another tenant's pack as missing as any unknown
one, the audit trail, and the statements it costs whatever the tenant's size."""

import csv
import io
import uuid

import pypdfium2 as pdfium
from sqlalchemy import text

from domain.findings import service as finding_service
from domain.findings.models import FindingStatus
from domain.shared.models import today
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.evidence_packs import PACK, make_world, recent_extraction, sign_off
from tests.factories import (
    actor_of,
    global_id,
    gql,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
)

PACKS = """query($first: Int) { evidencePacks(first: $first) { totalCount
  nodes { id status note vendorCount requestedBy { displayName } csv { url } pdf { url } } } }"""
ONE = "query($id: ID!) { evidencePack(id: $id) { id status } node(id: $id) { id } }"


async def _generate(client, token: str, note: str | None = "FY2026 SOC 2 audit") -> dict:
    body = await gql(client, PACK, {"input": {"note": note}}, token=token)
    return body["data"]["generateEvidencePack"]


async def _get(client, url: str, token: str):
    return await client.get(url, headers={"Authorization": f"Bearer {token}"})


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        pages = [document[i] for i in range(len(document))]
        text = "\n".join(page.get_textpage().get_text_range() for page in pages)
        for page in pages:
            page.close()
        return text
    finally:
        document.close()


async def test_the_csv_lists_each_vendor_in_use_with_its_review_report_coverage_and_findings(
    client, db
):
    world = await make_world(db)

    payload = await _generate(client, world.reviewer.token)
    response = await _get(client, payload["evidencePack"]["csv"]["url"], world.reviewer.token)

    pack = payload["evidencePack"]
    assert payload["errors"] == []
    assert (pack["status"], pack["vendorCount"], pack["note"]) == (
        "READY",
        2,
        "FY2026 SOC 2 audit",
    )
    assert pack["requestedBy"] == {"displayName": "rita"}
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith(
        'attachment; filename="evidence-pack-'
    )
    period = recent_extraction()
    globex, initech = _rows(response.content)  # by name; the terminated and the prospect left out
    assert globex == {
        "vendor": "Globex Cloud",
        "domain": "globexcloud.example",
        "tier": "LOW",
        "status": "ACTIVE",
        "review_completed_on": today().isoformat(),
        "review_decision": "APPROVED",
        "review_residual_risk": "LOW",
        "review_signed_by": "rita",
        "review_signed_by_email": "rita@acme.example",
        "review_prepared_by": "ann",
        "soc_report_kind": "SOC2",
        "soc_report_type": "TYPE2",
        "soc_period_start": period["period_start"],
        "soc_period_end": period["period_end"],
        "soc_as_of": "",
        "soc_auditor": "Audit LLP",
        "soc_opinion": "UNQUALIFIED",
        "soc_report_relied_on_by_review": "yes",
        "exceptions": "1",
        "exceptions_with_finding": "1",
        "exception_handling": "CC6.1.1: For 1 of 4 quarters the review was not performed. "
        "Management: Reviews are now scheduled. -> Finding IN_REMEDIATION (LOW, "
        "CONTROL_DEFICIENCY); owner rita <rita@acme.example>",
        "cuecs": "3",
        "cuecs_mapped": "1",
        "cuecs_not_applicable": "1",
        "cuec_gaps": "1",
        "cuec_coverage_percent": "66",
        # the exception's finding (LOW at a LOW vendor) and the gap's (MEDIUM)
        "open_findings": "2",
        "open_critical": "0",
        "open_high": "0",
        "open_medium": "1",
        "open_low": "1",
    }
    assert {k: v for k, v in initech.items() if v} == {
        "vendor": "Initech Payroll",
        "domain": "initechpayroll.example",
        "tier": "LOW",
        "status": "OFFBOARDING",
        "cuecs": "0",
        "cuecs_mapped": "0",
        "cuecs_not_applicable": "0",
        "cuec_gaps": "0",
        "open_findings": "0",
        "open_critical": "0",
        "open_high": "0",
        "open_medium": "0",
        "open_low": "0",
    }


async def test_the_pdf_report_names_each_vendor_and_the_figures(client, db):
    world = await make_world(db)

    payload = await _generate(client, world.admin.token)
    response = await _get(client, payload["evidencePack"]["pdf"]["url"], world.admin.token)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in (
        "Vendor management evidence pack",
        "Company Acme",
        "Generated by ann <ann@acme.example>",
        "For FY2026 SOC 2 audit",
        "Vendors in scope 2 (by tier: LOW 2)",
        "With a signed-off review 1 of 2; signed off in the last 12 months: 1",
        "With a SOC report 1 of 2; with a modified opinion: 0",
        "Exceptions in those reports 1; handled by a finding: 1",
        "3 CUECs: 1 mapped, 1 not applicable, 1 gap (66% covered)",
        "Open findings 2 (MEDIUM 1, LOW 1)",
        "Globex Cloud (globexcloud.example)",
        "Initech Payroll (initechpayroll.example)",
        "signed off by rita <rita@acme.example>; prepared by ann <ann@acme.example>",
        "relied on by that review: yes",
        "Reviews are now scheduled.",
        "CUEC not covered: Customers watch their alerts.",
        "No signed-off review",
    ):
        assert expected in text, expected
    assert "Hooli" not in text and "Prospect Co" not in text


async def test_names_reach_both_files_as_written_and_harmless(client, db):
    acme = await make_tenant(db)
    for name, domain in (("=HYPERLINK(evil)", "evil.example"), ("Black & <b>Decker", "bd.example")):
        await make_vendor(db, acme, name, domain=domain, status=VendorStatus.ACTIVE)

    payload = await _generate(client, acme.token, note=None)
    pack = payload["evidencePack"]
    rows = _rows((await _get(client, pack["csv"]["url"], acme.token)).content)
    text = pdf_text((await _get(client, pack["pdf"]["url"], acme.token)).content)

    # a formula is guarded in the CSV; markup is text in the PDF
    assert {r["vendor"] for r in rows} == {"'=HYPERLINK(evil)", "Black & <b>Decker"}
    assert "=HYPERLINK(evil) (evil.example)" in text
    assert "Black & <b>Decker (bd.example)" in text
    assert pack["note"] is None


async def test_an_exception_whose_risk_was_accepted_says_why(client, db):
    world = await make_world(db)
    async with db.transaction(world.admin.tenant_id) as session:
        finding_id = await session.scalar(
            text("SELECT id FROM findings WHERE kind = 'CONTROL_EXCEPTION' AND vendor_id = :v"),
            {"v": world.globex_id},
        )
        await finding_service.transition(
            session,
            actor_of(world.reviewer),
            finding_id,
            FindingStatus.RISK_ACCEPTED,
            "Our own quarterly access review covers it.",
        )

    pack = (await _generate(client, world.reviewer.token))["evidencePack"]
    globex, _ = _rows((await _get(client, pack["csv"]["url"], world.reviewer.token)).content)

    assert globex["exception_handling"].endswith(
        "-> Finding RISK_ACCEPTED (LOW, CONTROL_DEFICIENCY); owner rita <rita@acme.example>; "
        "Our own quarterly access review covers it."
    )
    assert (globex["exceptions_with_finding"], globex["open_findings"]) == ("1", "1")


async def test_a_note_over_500_characters_is_invalid(client, db):
    acme = await make_tenant(db)

    payload = await _generate(client, acme.token, note="x" * 501)

    assert payload["evidencePack"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID", ["note"])]


async def test_a_viewer_cannot_ask_for_a_pack_but_reads_and_downloads_one(client, db):
    world = await make_world(db)
    made = (await _generate(client, world.reviewer.token))["evidencePack"]

    refused = await gql(client, PACK, {"input": {}}, token=world.viewer.token)
    listed = await gql(client, PACKS, token=world.viewer.token)
    files = [await _get(client, made[kind]["url"], world.viewer.token) for kind in ("csv", "pdf")]

    assert refused["data"] is None
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert [n["id"] for n in listed["data"]["evidencePacks"]["nodes"]] == [made["id"]]
    assert [f.status_code for f in files] == [200, 200]


async def test_procurement_reads_packs_too_but_cannot_ask_for_one(client, db):
    world = await make_world(db)
    buyer = await make_member(db, world.admin.tenant_id, "bo@acme.example", Role.PROCUREMENT)
    made = (await _generate(client, world.admin.token))["evidencePack"]

    refused = await gql(client, PACK, {"input": {}}, token=buyer.token)
    one = await gql(client, ONE, {"id": made["id"]}, token=buyer.token)

    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]
    assert one["data"]["evidencePack"] == {"id": made["id"], "status": "READY"}


async def test_another_tenant_s_pack_is_missing_in_graphql_and_404_over_http(client, db):
    world = await make_world(db)
    made = (await _generate(client, world.admin.token))["evidencePack"]
    globex = await make_tenant(db, "Globex", "gus@globex.example")
    unknown = global_id("EvidencePack", uuid.uuid4())

    foreign = await gql(client, ONE, {"id": made["id"]}, token=globex.token)
    missing = await gql(client, ONE, {"id": unknown}, token=globex.token)
    listed = await gql(client, PACKS, token=globex.token)
    for kind in ("csv", "pdf"):
        theirs = await _get(client, made[kind]["url"], globex.token)
        nobody = await _get(client, f"/evidence-packs/{unknown}.{kind}", globex.token)
        assert theirs.status_code == nobody.status_code == 404
        assert theirs.json() == nobody.json()
        assert theirs.json()["errors"][0]["code"] == "NOT_FOUND"

    assert foreign == missing == {"data": {"evidencePack": None, "node": None}}
    assert listed["data"]["evidencePacks"]["totalCount"] == 0
    # and Globex's own pack holds none of Acme's vendors
    own = (await _generate(client, globex.token))["evidencePack"]
    rows = _rows((await _get(client, own["csv"]["url"], globex.token)).content)
    assert (own["vendorCount"], rows) == (0, [])


async def test_a_download_needs_a_token_and_an_evidence_pack_id(client, db):
    world = await make_world(db)
    made = (await _generate(client, world.admin.token))["evidencePack"]
    vendor_id = global_id("Vendor", world.globex_id)

    anonymous = await client.get(made["pdf"]["url"])
    not_a_pack = await _get(client, f"/evidence-packs/{vendor_id}.pdf", world.admin.token)

    assert anonymous.status_code == 401
    assert not_a_pack.status_code == 404


async def test_packs_are_listed_newest_first_and_asking_is_audited(client, db):
    world = await make_world(db)
    first = (await _generate(client, world.reviewer.token, "first"))["evidencePack"]
    second = (await _generate(client, world.admin.token, "second"))["evidencePack"]

    listed = await gql(client, PACKS, {"first": 10}, token=world.viewer.token)
    events = await gql(
        client,
        """{ auditEvents(filter: {action: "evidence_pack.generated"}) { nodes {
             entityType entityId actor { displayName } } } }""",
        token=world.admin.token,
    )

    assert [n["note"] for n in listed["data"]["evidencePacks"]["nodes"]] == ["second", "first"]
    assert {
        (e["entityType"], e["entityId"], e["actor"]["displayName"])
        for e in events["data"]["auditEvents"]["nodes"]
    } == {
        ("EvidencePack", first["id"], "rita"),
        ("EvidencePack", second["id"], "ann"),
    }


async def _vendor_with_everything(db, world, name: str) -> None:
    """A vendor in use with a report read (an exception, three CUECs) and a signed-off
    review relying on it."""
    vendor = await make_vendor(db, world.admin, name, status=VendorStatus.ACTIVE)
    report = await make_read_report(db, world.admin, vendor.id, recent_extraction())
    await sign_off(db, world.admin, world.reviewer, vendor.id, report.document_id)


async def test_a_pack_costs_the_same_statements_for_one_vendor_or_many(
    client, db, count_statements
):
    counted = {}
    for name, vendors in (("Acme", 1), ("Umbrella", 4)):
        world = await make_world(db, name)
        for n in range(vendors):
            await _vendor_with_everything(db, world, f"{name} Vendor {n}")

        count_statements.count = 0
        payload = await _generate(client, world.reviewer.token)
        counted[vendors] = count_statements.count

        assert payload["evidencePack"]["vendorCount"] == vendors + 2
    assert counted[1] == counted[4]
