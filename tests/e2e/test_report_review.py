"""A real report the parser cannot fully read, through the API and a real worker: it is flagged
for review, listed for reviewers, cleared by a confirmation, and flagged again by a re-parse."""

from pathlib import Path

from domain.shared.roles import Role
from tests.e2e.conftest import REAL_REPORTS
from tests.e2e.scans import with_image_only_pages
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

AZURE_SOC2 = REAL_REPORTS / "azure-soc-2-type-2-report-2017-10-01-to-2018-9-30.pdf"
# A page of the tests of controls (Section IV), results and an exception on it: scanned, the
# parser cannot read it, whatever else it reads, and must say so.
SCANNED_TESTS_PAGE = 171

READ = """query($id: ID!) { document(id: $id) { parseStatus report { id kind reportType
  sources { opinion { page quote } periodEnd { page quote } }
  review { needed reasons { field page reason text } clearedAt clearedBy { user { email } } } } } }"""
NEEDING_REVIEW = """query { documents(filter: {reviewNeeded: true}) {
  totalCount edges { node { id } } } }"""
FINDINGS = """query($id: ID!) { findings(filter: {documentId: $id}, first: 50) {
  edges { node { id kind status } } } }"""
CONFIRM = """mutation($i: ConfirmReportInput!) { confirmReport(input: $i) {
  report { review { needed clearedAt clearedBy { user { email } } } } errors { code } } }"""
REPARSE = """mutation($i: ReparseDocumentInput!) { reparseDocument(input: $i) {
  errors { code } } }"""


def _listed(body) -> list[str]:
    return [edge["node"]["id"] for edge in body["data"]["documents"]["edges"]]


async def test_a_report_with_a_scanned_tests_page_is_flagged_until_confirmed_and_again_on_reparse(
    client, db, run_worker, tmp_path: Path
):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Microsoft Azure")
    pdf = with_image_only_pages(AZURE_SOC2, [SCANNED_TESTS_PAGE], tmp_path / "scanned.pdf")
    auth = {"Authorization": f"Bearer {reviewer.token}"}

    uploaded = await client.post(
        "/documents",
        params={
            "vendorId": global_id("Vendor", vendor.id),
            "kind": "SOC2_REPORT",
            "filename": "azure-soc2-scanned.pdf",
        },
        content=pdf.read_bytes(),
        headers=auth,
    )
    assert uploaded.status_code == 201, uploaded.text
    document_id = uploaded.json()["document"]["id"]
    await run_worker()

    read = await gql(client, READ, {"id": document_id}, token=reviewer.token)
    listed = await gql(client, NEEDING_REVIEW, token=reviewer.token)
    findings = await gql(client, FINDINGS, {"id": document_id}, token=reviewer.token)
    document = read["data"]["document"]
    report = document["report"]
    assert document["parseStatus"] == "PARSED"
    assert (report["kind"], report["reportType"]) == ("SOC2", "TYPE2")
    review = report["review"]
    assert review["needed"] is True
    scanned = [r for r in review["reasons"] if r["reason"] == "IMAGE_ONLY"]
    assert scanned, review
    assert any(
        r["page"] == SCANNED_TESTS_PAGE or str(SCANNED_TESTS_PAGE) in (r["text"] or "")
        for r in scanned
    ), scanned
    assert (review["clearedAt"], review["clearedBy"]) == (None, None)
    assert _listed(listed) == [document_id]
    raised = findings["data"]["findings"]["edges"]
    assert raised, "a report that needs review still raises what it read"

    confirmed = await gql(client, CONFIRM, {"i": {"reportId": report["id"]}}, token=reviewer.token)
    listed_after_confirm = await gql(client, NEEDING_REVIEW, token=reviewer.token)
    cleared = confirmed["data"]["confirmReport"]
    assert cleared["errors"] == []
    assert cleared["report"]["review"]["needed"] is False
    assert cleared["report"]["review"]["clearedBy"] == {"user": {"email": "rev@acme.example"}}
    assert cleared["report"]["review"]["clearedAt"] is not None
    assert _listed(listed_after_confirm) == []

    reparse = await gql(client, REPARSE, {"i": {"documentId": document_id}}, token=reviewer.token)
    await run_worker()
    again = await gql(client, READ, {"id": document_id}, token=reviewer.token)
    listed_again = await gql(client, NEEDING_REVIEW, token=reviewer.token)
    findings_again = await gql(client, FINDINGS, {"id": document_id}, token=reviewer.token)

    assert reparse["data"]["reparseDocument"]["errors"] == []
    flagged_again = again["data"]["document"]["report"]["review"]
    assert flagged_again["needed"] is True
    assert (flagged_again["clearedAt"], flagged_again["clearedBy"]) == (None, None)
    assert _listed(listed_again) == [document_id]
    # The same reading again: the same findings, none added, none resolved.
    assert findings_again == findings
