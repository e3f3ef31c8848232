"""Findings raised from parsed reports, year over year, fourth parties, and working them."""

import uuid
from datetime import UTC, date, datetime

from domain.findings import raising
from domain.findings.rules import add_months
from domain.shared.roles import Role
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_parsed_document,
    make_tenant,
    make_vendor,
    tenant_state,
)

FINDINGS = """query($vendorId: ID) { findings(filter: {vendorId: $vendorId}, first: 50) {
  totalCount edges { node { id kind severity status title description
    document { id } actions { description status owner { displayName } } } } } }"""

REPORT = """query($id: ID!) { node(id: $id) { ... on SocReport { id
  exceptions { controlId recurrence }
  comparison { previousReport { id } opinionFrom opinionTo opinionChanged categoriesAdded
    subservicesAdded subservicesDropped resolvedExceptions { controlId } } } } }"""

FOURTH_PARTIES = """query($id: ID!) { vendor(id: $id) { fourthParties { name
  linkedVendor { name } } } }"""


def _report(period_end: date, **changes):
    start = add_months(period_end, -12)
    return {
        **SMALL_EXTRACTION,
        "period_start": start.isoformat(),
        "period_end": period_end.isoformat(),
        **changes,
    }


def _findings(body):
    return [edge["node"] for edge in body["data"]["findings"]["edges"]]


async def _two_years(client, db):
    """A LOW-tier vendor's report of last year (two exceptions, Google as a subservice
    organization) and this year's (qualified, one of the exceptions again, AWS instead):
    this year's report as the API shows it, the vendor's findings, and this year's document."""
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    today = datetime.now(UTC).date()
    old_exception = {**SMALL_EXTRACTION["exceptions"][0], "control_id": "CC7.2.1", "page": 50}
    await make_parsed_document(
        db,
        acme,
        vendor.id,
        _report(
            add_months(today, -13),
            exceptions=[SMALL_EXTRACTION["exceptions"][0], old_exception],
            subservice_organizations=[
                {"name": "Google LLC", "services": None, "method": None, "page": 3}
            ],
        ),
    )
    newer = await make_parsed_document(
        db,
        acme,
        vendor.id,
        _report(add_months(today, -1), opinion="QUALIFIED", opinion_basis="Because."),
    )
    report = await gql(client, REPORT, {"id": global_id("SocReport", newer.id)}, token=acme.token)
    findings = await gql(
        client, FINDINGS, {"vendorId": global_id("Vendor", vendor.id)}, token=acme.token
    )
    return report["data"]["node"], _findings(findings), global_id("Document", newer.document_id)


async def test_an_exception_found_again_is_recurring(client, db):
    report, _, _ = await _two_years(client, db)

    assert [(e["controlId"], e["recurrence"]) for e in report["exceptions"]] == [
        ("CC6.1.1", "RECURRING")
    ]


async def test_the_year_is_compared_opinion_subservices_and_resolved_exceptions(client, db):
    report, _, _ = await _two_years(client, db)

    comparison = report["comparison"]
    assert comparison["previousReport"]["id"] is not None
    assert {k: v for k, v in comparison.items() if k != "previousReport"} == {
        "opinionFrom": "UNQUALIFIED",
        "opinionTo": "QUALIFIED",
        "opinionChanged": True,
        "categoriesAdded": [],
        "subservicesAdded": ["Amazon Web Services"],
        "subservicesDropped": ["Google LLC"],
        "resolvedExceptions": [{"controlId": "CC7.2.1"}],
    }


async def test_a_qualified_opinion_is_a_high_finding(client, db):
    _, findings, document = await _two_years(client, db)

    newer = {f["kind"]: f for f in findings if f["document"]["id"] == document}
    assert newer["MODIFIED_OPINION"]["severity"] == "HIGH"


async def test_a_recurring_exception_is_raised_one_level(client, db):
    _, findings, document = await _two_years(client, db)

    newer = {f["kind"]: f for f in findings if f["document"]["id"] == document}
    # A LOW-tier vendor's exception is LOW; recurring, it is raised to MEDIUM.
    assert newer["CONTROL_EXCEPTION"]["severity"] == "MEDIUM"


async def test_a_superseded_report_keeps_no_timeliness_finding_open(client, db):
    _, findings, document = await _two_years(client, db)

    newer = [f for f in findings if f["document"]["id"] == document]
    older = [f for f in findings if f["document"]["id"] != document]
    assert "STALE_REPORT" not in {f["kind"] for f in newer}
    assert {f["kind"] for f in older if f["status"] == "OPEN"} <= {"CONTROL_EXCEPTION"}


async def test_reading_the_findings_again_changes_nothing_and_a_bridge_letter_clears_its_gap(
    db,
):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    today = datetime.now(UTC).date()
    period_end = add_months(today, -5)
    await make_parsed_document(db, acme, vendor.id, _report(period_end))
    first = await tenant_state(db, acme.tenant_id)

    async with db.transaction(acme.tenant_id) as session:
        await raising.raise_for_vendor(session, acme.tenant_id, vendor.id)
    again = await tenant_state(db, acme.tenant_id)

    async with db.transaction(acme.tenant_id) as session:
        from domain.documents.models import Document, DocumentKind

        session.add(
            Document(
                tenant_id=acme.tenant_id,
                vendor_id=vendor.id,
                kind=DocumentKind.BRIDGE_LETTER,
                title="Bridge letter",
                filename="bridge.pdf",
                content_type="application/pdf",
                size_bytes=1,
                sha256="b" * 64,
                period_start=period_end,
                period_end=today,
            )
        )
        await session.flush()
        await raising.raise_for_vendor(session, acme.tenant_id, vendor.id)
    after = await tenant_state(db, acme.tenant_id)

    assert again["findings"] == first["findings"]
    kinds_before = {row["source_key"].split(":")[1]: row["status"] for row in first["findings"]}
    kinds_after = {row["source_key"].split(":")[1]: row["status"] for row in after["findings"]}
    assert kinds_before["bridge"] == "OPEN"
    assert kinds_after["bridge"] == "RESOLVED"


async def test_subservice_organizations_become_fourth_parties_linked_to_our_records(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    await make_vendor(db, acme, "Amazon Web Services, Inc.", domain="aws.example")
    extraction = {
        **SMALL_EXTRACTION,
        "subservice_organizations": [
            {
                "name": 'Amazon Web Services ("AWS")',
                "services": "hosting",
                "method": None,
                "page": 9,
            },
            {"name": "Twilio Inc.", "services": "SMS", "method": None, "page": 9},
        ],
    }

    await make_parsed_document(db, acme, vendor.id, extraction)
    await make_parsed_document(db, acme, vendor.id, {**extraction, "pages": 61})

    body = await gql(
        client, FOURTH_PARTIES, {"id": global_id("Vendor", vendor.id)}, token=acme.token
    )
    parties = body["data"]["vendor"]["fourthParties"]
    assert [(p["name"], p["linkedVendor"] and p["linkedVendor"]["name"]) for p in parties] == [
        ('Amazon Web Services ("AWS")', "Amazon Web Services, Inc."),
        ("Twilio Inc.", None),
    ]


UPDATE = """mutation($i: UpdateFindingInput!) { updateFinding(input: $i) {
  finding { severity dueDate owner { displayName } } errors { code field } } }"""
STATUS = """mutation($i: TransitionFindingInput!) { transitionFinding(input: $i) {
  finding { status statusReason closedAt } errors { code field } } }"""
ADD = """mutation($i: AddRemediationActionInput!) { addRemediationAction(input: $i) {
  action { id status } errors { code field } } }"""
UPDATE_ACTION = """mutation($i: UpdateRemediationActionInput!) {
  updateRemediationAction(input: $i) { action { status completedAt } errors { code field } } }"""


async def _exception_finding(client, db):
    """A control-exception finding of a read report, and a reviewer to work it."""
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    vendor = await make_vendor(db, acme, "Globex Cloud")
    await make_parsed_document(db, acme, vendor.id)
    listed = await gql(
        client, FINDINGS, {"vendorId": global_id("Vendor", vendor.id)}, token=reviewer.token
    )
    finding_id = next(f["id"] for f in _findings(listed) if f["kind"] == "CONTROL_EXCEPTION")
    return acme, reviewer, finding_id


async def _move(client, reviewer, finding_id, status, reason=None, verification=None):
    given = {"findingId": finding_id, "to": status, "reason": reason}
    if status == "RESOLVED":
        given["verification"] = verification or {"note": "Re-tested: reviews now run."}
    body = await gql(client, STATUS, {"i": given}, token=reviewer.token)
    return body["data"]["transitionFinding"]


async def test_a_reviewer_sets_a_finding_s_severity_due_date_and_owner(client, db):
    _acme, reviewer, finding_id = await _exception_finding(client, db)

    updated = await gql(
        client,
        UPDATE,
        {
            "i": {
                "findingId": finding_id,
                "severity": "HIGH",
                "dueDate": "2027-03-31",
                "ownerId": reviewer.global_id,
            }
        },
        token=reviewer.token,
    )

    assert updated["data"]["updateFinding"]["finding"] == {
        "severity": "HIGH",
        "dueDate": "2027-03-31",
        "owner": {"displayName": "rev"},
    }


async def test_a_remediation_step_done_records_when(client, db):
    _acme, reviewer, finding_id = await _exception_finding(client, db)
    action = await gql(
        client,
        ADD,
        {"i": {"findingId": finding_id, "description": "Vendor to re-run access reviews."}},
        token=reviewer.token,
    )

    done = await gql(
        client,
        UPDATE_ACTION,
        {
            "i": {
                "actionId": action["data"]["addRemediationAction"]["action"]["id"],
                "status": "DONE",
            }
        },
        token=reviewer.token,
    )

    assert done["data"]["updateRemediationAction"]["action"]["completedAt"] is not None


async def test_accepting_a_risk_without_a_reason_is_refused_and_changes_nothing(client, db):
    acme, reviewer, finding_id = await _exception_finding(client, db)
    before = await tenant_state(db, acme.tenant_id)

    unjustified = await _move(client, reviewer, finding_id, "RISK_ACCEPTED")

    assert unjustified["errors"] == [{"code": "INVALID", "field": ["reason"]}]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_finding_in_remediation_is_resolved_with_when(client, db):
    _acme, reviewer, finding_id = await _exception_finding(client, db)
    started = await _move(client, reviewer, finding_id, "IN_REMEDIATION")

    resolved = await _move(client, reviewer, finding_id, "RESOLVED", "Reviews re-run.")

    assert started["finding"]["status"] == "IN_REMEDIATION"
    assert (resolved["finding"]["status"], resolved["finding"]["statusReason"]) == (
        "RESOLVED",
        "Reviews re-run.",
    )
    assert resolved["finding"]["closedAt"] is not None


async def test_a_resolved_finding_cannot_go_back_to_remediation(client, db):
    acme, reviewer, finding_id = await _exception_finding(client, db)
    await _move(client, reviewer, finding_id, "RESOLVED", "Reviews re-run.")
    before = await tenant_state(db, acme.tenant_id)

    backwards = await _move(client, reviewer, finding_id, "IN_REMEDIATION")

    assert backwards["errors"] == [{"code": "INVALID_TRANSITION", "field": ["to"]}]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_another_tenants_finding_looks_missing(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud")
    await make_parsed_document(db, acme, vendor.id)
    listed = await gql(client, FINDINGS, {"vendorId": None}, token=acme.token)
    finding_id = _findings(listed)[0]["id"]
    umbrella = await make_tenant(db, "Umbrella", "owner@umbrella.example")
    missing = global_id("Finding", uuid.uuid4())
    before = await tenant_state(db, acme.tenant_id)

    read = await gql(
        client,
        "query($id: ID!) { finding(id: $id) { id } }",
        {"id": finding_id},
        token=umbrella.token,
    )
    foreign = await gql(
        client, STATUS, {"i": {"findingId": finding_id, "to": "RESOLVED"}}, token=umbrella.token
    )
    absent = await gql(
        client, STATUS, {"i": {"findingId": missing, "to": "RESOLVED"}}, token=umbrella.token
    )
    theirs = await gql(client, FINDINGS, {"vendorId": None}, token=umbrella.token)

    assert read["data"]["finding"] is None
    assert foreign == absent
    assert foreign["data"]["transitionFinding"]["errors"][0]["code"] == "NOT_FOUND"
    assert theirs["data"]["findings"]["totalCount"] == 0
    assert await tenant_state(db, acme.tenant_id) == before
