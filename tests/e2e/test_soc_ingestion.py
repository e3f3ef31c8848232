"""From an uploaded SOC report to its facts, through the API and a real worker."""

import hashlib
from pathlib import Path

from domain.shared.roles import Role
from tests.e2e.conftest import REAL_REPORTS
from tests.factories import gql, gql_upload, make_member, make_tenant, make_vendor, tenant_state
from tests.parsers.soc2.generator.build import DocSpec, generate

UPLOAD = """mutation($input: UploadDocumentInput!) { uploadDocument(input: $input) {
  document { id parseStatus sha256 contentType filename kind } duplicate
  errors { code field message } } }"""

READ = """query($id: ID!) { document(id: $id) { id parseStatus parseError parseAttempts
  report { kind reportType opinion periodStart periodEnd asOf serviceAuditor categories
    exceptions { controlId criteria managementResponse page review { origin } }
    cuecs { text } subserviceOrganizations { name method } csocs { text } } } }"""


FINDINGS = """query($id: ID!) { findings(filter: {documentId: $id}, first: 50) {
  edges { node { id kind severity status } } } }"""
REPARSE = """mutation($i: ReparseDocumentInput!) { reparseDocument(input: $i) {
  errors { code } } }"""


async def _reviewer(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    return acme, reviewer, vendor


def _vendor_gid(vendor) -> str:
    from tests.factories import global_id

    return global_id("Vendor", vendor.id)


async def test_a_generated_report_uploaded_through_graphql_is_read_by_a_worker(
    client, db, run_worker, tmp_path: Path
):
    _, reviewer, vendor = await _reviewer(db)
    pdf = tmp_path / "report.pdf"
    truth = generate(DocSpec("e2e", style="bigfour", opinion="QUALIFIED", n_exceptions=3), str(pdf))

    uploaded = await gql_upload(
        client,
        UPLOAD,
        {"input": {"vendorId": _vendor_gid(vendor), "kind": "SOC2_REPORT", "file": None}},
        "variables.input.file",
        pdf.read_bytes(),
        reviewer.token,
        filename="report.pdf",
        content_type="application/pdf",
    )
    document = uploaded["data"]["uploadDocument"]["document"]
    assert uploaded["data"]["uploadDocument"]["errors"] == []
    assert document["parseStatus"] == "QUEUED"
    assert document["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()

    await run_worker()

    body = await gql(client, READ, {"id": document["id"]}, token=reviewer.token)
    read = body["data"]["document"]
    report = read["report"]
    assert read["parseStatus"] == "PARSED", read
    assert read["parseAttempts"] == 1
    assert report["kind"] == "SOC2"
    assert report["opinion"] == "QUALIFIED"
    assert report["periodStart"] == truth["period_start"]
    assert report["periodEnd"] == truth["period_end"]
    assert report["serviceAuditor"] == truth["service_auditor"]
    assert [e["controlId"] for e in report["exceptions"]] == [
        e["control_id"] for e in truth["exceptions"]
    ]
    assert all(e["review"]["origin"] == "PARSER" for e in report["exceptions"])
    assert len(report["cuecs"]) == len(truth["cuecs"])

    # What the tenant must act on, raised once: reading the report again adds nothing.
    raised = await gql(client, FINDINGS, {"id": document["id"]}, token=reviewer.token)
    reparse = await gql(
        client, REPARSE, {"i": {"documentId": document["id"]}}, token=reviewer.token
    )
    await run_worker()
    again = await gql(client, FINDINGS, {"id": document["id"]}, token=reviewer.token)

    kinds = [e["node"]["kind"] for e in raised["data"]["findings"]["edges"]]
    assert kinds.count("MODIFIED_OPINION") == 1
    assert kinds.count("CONTROL_EXCEPTION") == len(truth["exceptions"])
    assert reparse["data"]["reparseDocument"]["errors"] == []
    assert again == raised


async def test_the_real_azure_soc2_report_uploaded_through_graphql_and_its_findings(
    client, db, run_worker
):
    _, reviewer, vendor = await _reviewer(db)
    pdf = REAL_REPORTS / "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf"

    uploaded = await gql_upload(
        client,
        UPLOAD,
        {"input": {"vendorId": _vendor_gid(vendor), "kind": "SOC2_REPORT", "file": None}},
        "variables.input.file",
        pdf.read_bytes(),
        reviewer.token,
        filename=pdf.name,
        content_type="application/pdf",
    )
    document_id = uploaded["data"]["uploadDocument"]["document"]["id"]

    await run_worker()

    body = await gql(client, READ, {"id": document_id}, token=reviewer.token)
    findings = await gql(client, FINDINGS, {"id": document_id}, token=reviewer.token)
    report = body["data"]["document"]["report"]
    assert body["data"]["document"]["parseStatus"] == "PARSED"
    assert (report["kind"], report["reportType"], report["opinion"]) == (
        "SOC2",
        "TYPE2",
        "UNQUALIFIED",
    )
    assert (report["periodStart"], report["periodEnd"]) == ("2017-10-01", "2018-09-30")
    assert report["serviceAuditor"] == "Deloitte & Touche LLP"
    assert [e["controlId"] for e in report["exceptions"]] == ["OA-15", "DS-1", "VM-6"]
    assert all(e["managementResponse"] for e in report["exceptions"])
    assert len(report["cuecs"]) == 65
    kinds = sorted(edge["node"]["kind"] for edge in findings["data"]["findings"]["edges"])
    # Three exceptions, and a report whose period ended in 2018 is long stale.
    assert kinds == ["CONTROL_EXCEPTION"] * 3 + ["STALE_REPORT"]


async def test_a_corrupt_pdf_fails_with_a_reason_and_nothing_else_changes(client, db, run_worker):
    acme, reviewer, vendor = await _reviewer(db)
    broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a PDF body"
    uploaded = await gql_upload(
        client,
        UPLOAD,
        {"input": {"vendorId": _vendor_gid(vendor), "kind": "SOC2_REPORT", "file": None}},
        "variables.input.file",
        broken,
        reviewer.token,
        filename="broken.pdf",
        content_type="application/pdf",
    )
    document_id = uploaded["data"]["uploadDocument"]["document"]["id"]
    before = await tenant_state(db, acme.tenant_id)

    await run_worker()

    after = await tenant_state(db, acme.tenant_id)
    body = await gql(client, READ, {"id": document_id}, token=reviewer.token)
    document = body["data"]["document"]
    assert document["parseStatus"] == "FAILED"
    assert document["parseError"]
    assert document["report"] is None
    changed = {table for table in after if after[table] != before[table]}
    assert changed == {"documents", "audit_events"}
