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


async def test_the_front_end_queries_run_on_demo_data_without_errors(client, db):
    demo = await ensure_demo(db)
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
        "VendorDetail": {"id": first_id},
        "VendorDocuments": {"vendorId": first_id, "first": 10},
        "DocumentsNeedingReview": {"first": 10},
        "Findings": {"first": 10, "filter": {"status": ["OPEN"]}},
        "VendorImports": {"first": 10},
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
        "SocReportDetail": {"id": document_id},
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

    detail = bodies["SocReportDetail"]["data"]["document"]["report"]
    assert detail["review"]["needed"] is True
    assert detail["sources"]["opinion"]["page"] == 4
    queue = bodies["DocumentsNeedingReview"]["data"]["documents"]
    assert [edge["node"]["id"] for edge in queue["edges"]] == [document_id]
