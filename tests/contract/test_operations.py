"""Every operation in frontend-contract/ is valid against the schema the code serves."""

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from app.api.schema import schema
from app.demo import ensure_demo
from tests.factories import SMALL_EXTRACTION, global_id, make_read_report, make_tenant, make_vendor

OPERATIONS = sorted(
    path
    for path in (Path(__file__).resolve().parents[2] / "frontend-contract").glob("**/*.graphql")
    if "node_modules" not in path.parts  # the installed tools' own files are not ours
)


def test_there_are_operations_to_check():
    assert OPERATIONS


@pytest.mark.parametrize("path", OPERATIONS, ids=lambda p: p.name)
def test_front_end_operations_validate_against_the_schema(path: Path):
    served = build_schema(schema.as_str())

    errors = validate(served, parse(path.read_text()))

    assert [e.message for e in errors] == []


def _operation(name: str) -> str:
    """The document holding operation `name`, with the fragments it uses."""
    for path in OPERATIONS:
        text = path.read_text()
        if f"query {name}" in text or f"mutation {name}" in text:
            return text
    raise AssertionError(f"no operation {name}")


async def test_the_front_end_queries_run_on_demo_data_without_errors(client, db, app):
    demo = await ensure_demo(db, app.state.store)
    vendors = await client.post(
        "/graphql",
        json={
            "query": _operation("VendorList"),
            "operationName": "VendorList",
            "variables": {"first": 10},
        },
        headers={"Authorization": f"Bearer {demo.token}"},
    )
    first_id = vendors.json()["data"]["vendors"]["edges"][0]["node"]["id"]
    runs = {
        "Viewer": {},
        "Members": {"first": 10},
        "ApiTokens": {"first": 10},
        "AuditEvents": {"first": 10},
        "VendorList": {"first": 10, "filter": {"search": "cloud"}},
        "VendorPage": {"id": first_id},
        "VendorDocuments": {"vendorId": first_id, "first": 10},
        "DocumentsNeedingReview": {"first": 10},
        "FindingsBoard": {
            "first": 10,
            "filter": {"status": ["OPEN", "IN_REMEDIATION"]},
            "orderBy": {"field": "SEVERITY", "direction": "DESC"},
        },
        "VendorImports": {"first": 10},
        "ReviewQueue": {"first": 10, "filter": {"overdue": True}},
        "WebhookEndpoints": {"first": 10, "deliveries": 10},
        "WebhookEvents": {"first": 10},
        "QuestionnaireTemplates": {"first": 10},
        "QuestionnaireList": {"first": 10, "status": ["SUBMITTED", "RETURNED"]},
        "Controls": {"first": 10, "filter": {"criterion": "CC6.2"}},
        "TrustServicesCriteria": {},
        "CuecCoverage": {"first": 10},
        "OwnScope": {},
        "EvidencePacks": {"first": 10},
        "AnswerLibrary": {"first": 10, "filter": {"stale": True}},
        "CustomerQuestionnaires": {"first": 10},
        "TrustDocuments": {"first": 10},
        "TrustPackages": {"first": 10},
    }
    bodies = {}
    for name, variables in runs.items():
        response = await client.post(
            "/graphql",
            json={"query": _operation(name), "operationName": name, "variables": variables},
            headers={"Authorization": f"Bearer {demo.token}"},
        )
        body = response.json()
        assert "errors" not in body, (name, body)
        assert body["data"], name
        bodies[name] = body
    # the demo's starter template, whole, and its gap preview for the first vendor
    [template] = bodies["QuestionnaireTemplates"]["data"]["questionnaireTemplates"]["nodes"]
    for name, variables in (
        ("QuestionnaireTemplate", {"id": template["id"]}),
        ("TemplateGapPreview", {"id": template["id"], "vendorId": first_id}),
    ):
        response = await client.post(
            "/graphql",
            json={"query": _operation(name), "operationName": name, "variables": variables},
            headers={"Authorization": f"Bearer {demo.token}"},
        )
        assert "errors" not in response.json(), (name, response.json())
    # each listed questionnaire, as the reviewer's screen reads it
    for row in bodies["QuestionnaireList"]["data"]["questionnaires"]["nodes"]:
        response = await client.post(
            "/graphql",
            json={
                "query": _operation("QuestionnaireReview"),
                "operationName": "QuestionnaireReview",
                "variables": {"id": row["id"]},
            },
            headers={"Authorization": f"Bearer {demo.token}"},
        )
        assert "errors" not in response.json(), response.json()
        assert response.json()["data"]["questionnaire"]["items"]
    assert len(bodies["QuestionnaireList"]["data"]["questionnaires"]["nodes"]) == 2
    # the demo customer's questionnaire, as the answering screen reads it, its open questions
    [asked] = bodies["CustomerQuestionnaires"]["data"]["customerQuestionnaires"]["nodes"]
    response = await client.post(
        "/graphql",
        json={
            "query": _operation("CustomerQuestionnairePage"),
            "operationName": "CustomerQuestionnairePage",
            "variables": {"id": asked["id"], "first": 50, "filter": {"statuses": ["UNANSWERED"]}},
        },
        headers={"Authorization": f"Bearer {demo.token}"},
    )
    assert "errors" not in response.json(), response.json()
    open_questions = response.json()["data"]["customerQuestionnaire"]["questions"]["nodes"]
    assert open_questions and all(q["status"] == "UNANSWERED" for q in open_questions)
    assert any(q["suggestions"] for q in open_questions)
    # the tenant's own house on the demo: controls meeting CC6.2, Northwind's CUECs, its scope
    assert [c["ref"] for c in bodies["Controls"]["data"]["controls"]["nodes"]] == [
        "AC-01",
        "AC-03",
    ]
    assert bodies["CuecCoverage"]["data"]["cuecCoverageCounts"]["total"] == 3
    # AC-01's page: its evidence, each file downloadable with the same token
    access = bodies["Controls"]["data"]["controls"]["nodes"][0]
    assert access["evidenceCount"] == 2
    page = await client.post(
        "/graphql",
        json={
            "query": _operation("ControlPage"),
            "operationName": "ControlPage",
            "variables": {"id": access["id"]},
        },
        headers={"Authorization": f"Bearer {demo.token}"},
    )
    assert "errors" not in page.json(), page.json()
    files = page.json()["data"]["control"]["evidence"]
    assert [f["contentType"] for f in files] == ["application/pdf", "text/csv"]
    for file in files:
        download = await client.get(
            file["downloadUrl"], headers={"Authorization": f"Bearer {demo.token}"}
        )
        assert download.status_code == 200
        assert len(download.content) == file["sizeBytes"]
    # and the auditor's evidence pack, READY
    [pack] = bodies["EvidencePacks"]["data"]["evidencePacks"]["nodes"]
    assert pack["status"] == "READY"
    assert pack["pdf"]["url"].endswith(".pdf")
    assert len(bodies["OwnScope"]["data"]["ownSubserviceOrganizations"]) == 1
    # the demo's finished import, as its screen reads it
    [edge] = bodies["VendorImports"]["data"]["vendorImports"]["edges"]
    response = await client.post(
        "/graphql",
        json={
            "query": _operation("VendorImport"),
            "operationName": "VendorImport",
            "variables": {"id": edge["node"]["id"], "first": 10},
        },
        headers={"Authorization": f"Bearer {demo.token}"},
    )
    assert "errors" not in response.json(), response.json()


async def test_the_report_screens_run_on_a_report_that_needs_review(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    flagged = {
        **SMALL_EXTRACTION,
        "sources": {"opinion": {"page": 4, "quote": "In our opinion, in all material respects"}},
        "review": {
            "needed": True,
            "reasons": [{"field": "pages", "page": 41, "reason": "IMAGE_ONLY", "text": "41"}],
        },
    }
    report = await make_read_report(db, acme, vendor.id, flagged)
    document_id = global_id("Document", report.document_id)
    runs = {
        "SocReportReview": {"id": global_id("SocReport", report.id)},
        "DocumentsNeedingReview": {"first": 10},
    }
    bodies = {}
    for name, variables in runs.items():
        response = await client.post(
            "/graphql",
            json={"query": _operation(name), "operationName": name, "variables": variables},
            headers={"Authorization": f"Bearer {acme.token}"},
        )
        bodies[name] = response.json()
        assert "errors" not in bodies[name], (name, bodies[name])

    detail = bodies["SocReportReview"]["data"]["node"]
    assert detail["review"]["needed"] is True
    assert detail["sources"]["opinion"]["page"] == 4
    queue = bodies["DocumentsNeedingReview"]["data"]["documents"]
    assert [edge["node"]["id"] for edge in queue["edges"]] == [document_id]


def _run(client, token):
    async def run(name: str, variables: dict) -> dict:
        response = await client.post(
            "/graphql",
            json={"query": _operation(name), "operationName": name, "variables": variables},
            headers={"Authorization": f"Bearer {token}"},
        )
        body = response.json()
        assert "errors" not in body, (name, body)
        return body["data"]

    return run


async def test_the_three_screens_each_read_in_one_query_on_demo_data(client, db, app):
    demo = await ensure_demo(db, app.state.store)
    run = _run(client, demo.token)
    listed = await run("VendorList", {"first": 10, "filter": {"search": "northwind"}})
    [northwind] = [edge["node"] for edge in listed["vendors"]["edges"]]

    page = (await run("VendorPage", {"id": northwind["id"]}))["vendor"]
    review = (await run("SocReportReview", {"id": page["latestSocReport"]["id"]}))["node"]
    board = await run(
        "FindingsBoard",
        {"first": 10, "filter": {"vendorId": northwind["id"]}, "orderBy": {"field": "DUE_DATE"}},
    )
    in_work = next(f for f in board["findings"]["nodes"] if f["status"] == "IN_REMEDIATION")
    history = (await run("FindingHistory", {"id": in_work["id"]}))["finding"]

    assert northwind["findingCounts"]["open"] == page["findingCounts"]["open"] >= 1
    assert page["viewerCan"]["update"] and page["availableTransitions"] == ["OFFBOARDING"]
    # the report, and the letter a follow-up was received as
    assert page["documents"]["totalCount"] == 2
    received, expected = page["followUps"]
    assert received["status"] == "RECEIVED" and received["receivedDocument"]["title"]
    assert expected["kind"] == "NEXT_SOC_REPORT" and expected["status"] == "EXPECTED"
    assert expected["finding"]["id"] == received["finding"]["id"] == in_work["id"]
    assert expected["viewerCan"] == {"receive": True, "cancel": True}
    assert page["findings"]["totalCount"] == page["findingCounts"]["total"]
    [exception] = review["exceptions"]
    assert exception["finding"]["id"] == in_work["id"]
    assert exception["source"]["page"] == exception["page"]
    assert review["document"]["link"]["url"].startswith("http")
    assert review["viewerCan"] == {"correct": True, "confirm": True, "reparse": True}
    assert in_work["exception"]["id"] == exception["id"]
    assert board["findingCounts"]["total"] == board["findings"]["totalCount"]
    assert [m["toStatus"] for m in history["statusHistory"]] == ["OPEN", "IN_REMEDIATION"]
