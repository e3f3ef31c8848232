"""The vendor page in one query: its documents, findings, counts, current report and
onboarding, and what the viewer may do; the vendor list ordered by what other areas know."""

from datetime import UTC, datetime

import pytest

from domain.findings.rules import add_months
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_parsed_document,
    make_read_report,
    make_tenant,
    make_vendor,
)

PAGE = """query($id: ID!, $severity: [Severity!]) { vendor(id: $id) {
  name status availableTransitions
  viewerCan { update transition overrideTier upload manageContacts manageFourthParties
    fileOnboardingRequest }
  documents(first: 10) { totalCount nodes { id title } }
  findings(filter: {severity: $severity}, orderBy: {field: SEVERITY, direction: DESC},
           first: 20) { totalCount nodes { kind severity status vendor { name } } }
  findingCounts { total open overdue byStatus { status count } bySeverity { severity count } }
  latestSocReport { id periodEnd opinion document { id } }
  currentOnboardingRequest { id status }
  followUps(status: [EXPECTED]) { id }
} }"""


def _report(period_end, **changes):
    return {
        **SMALL_EXTRACTION,
        "period_start": add_months(period_end, -12).isoformat(),
        "period_end": period_end.isoformat(),
        **changes,
    }


async def _vendor_with_two_reports(db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    vendor = await make_vendor(db, acme, "Globex Cloud", status=VendorStatus.ACTIVE)
    today = datetime.now(UTC).date()
    older = await make_read_report(db, acme, vendor.id, _report(add_months(today, -14)))
    newer = await make_parsed_document(
        db, acme, vendor.id, _report(add_months(today, -2), opinion="QUALIFIED")
    )
    return acme, vendor, older, newer


async def test_the_vendor_page_is_one_query(client, db):
    acme, vendor, _older, newer = await _vendor_with_two_reports(db)

    body = await gql(client, PAGE, {"id": global_id("Vendor", vendor.id)}, token=acme.token)

    assert "errors" not in body, body
    page = body["data"]["vendor"]
    assert page["documents"]["totalCount"] == 2
    assert page["latestSocReport"]["id"] == global_id("SocReport", newer.id)
    assert page["latestSocReport"]["opinion"] == "QUALIFIED"
    assert page["latestSocReport"]["document"]["id"] == global_id("Document", newer.document_id)
    findings = page["findings"]["nodes"]
    assert findings and {f["vendor"]["name"] for f in findings} == {"Globex Cloud"}
    ranks = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
    severities = [ranks.index(f["severity"]) for f in findings]
    assert severities == sorted(severities, reverse=True)
    counts = page["findingCounts"]
    assert counts["total"] == page["findings"]["totalCount"] == len(findings)
    by_status = {c["status"]: c["count"] for c in counts["byStatus"]}
    assert list(by_status) == ["OPEN", "IN_REMEDIATION", "RESOLVED", "RISK_ACCEPTED"]
    assert counts["open"] == by_status["OPEN"] + by_status["IN_REMEDIATION"]
    assert sum(c["count"] for c in counts["bySeverity"]) == counts["total"]
    assert [c["severity"] for c in counts["bySeverity"]] == ranks[::-1]
    assert page["currentOnboardingRequest"] is None  # recorded as already in use
    assert page["followUps"] == []  # nothing asked of the vendor yet
    assert page["availableTransitions"] == ["OFFBOARDING"]
    assert page["viewerCan"] == {
        "update": True,
        "transition": True,
        "overrideTier": True,
        "upload": True,
        "manageContacts": True,
        "manageFourthParties": True,
        "fileOnboardingRequest": False,
    }


async def test_the_vendor_s_findings_take_the_findings_filter(client, db):
    acme, vendor, _, _ = await _vendor_with_two_reports(db)
    vendor_id = global_id("Vendor", vendor.id)

    every = await gql(client, PAGE, {"id": vendor_id}, token=acme.token)
    severities = {f["severity"] for f in every["data"]["vendor"]["findings"]["nodes"]}
    one = sorted(severities)[0]
    narrowed = await gql(client, PAGE, {"id": vendor_id, "severity": [one]}, token=acme.token)

    nodes = narrowed["data"]["vendor"]["findings"]["nodes"]
    assert nodes and {f["severity"] for f in nodes} == {one}
    assert len(nodes) < len(every["data"]["vendor"]["findings"]["nodes"]) or len(severities) == 1


@pytest.mark.parametrize(
    "role,expected",
    [
        (
            Role.VIEWER,
            {
                "update": False,
                "transition": False,
                "overrideTier": False,
                "upload": False,
                "manageContacts": False,
                "manageFourthParties": False,
                "fileOnboardingRequest": False,
            },
        ),
        (
            Role.PROCUREMENT,
            {
                "update": True,
                "transition": True,
                "overrideTier": False,
                "upload": True,
                "manageContacts": True,
                "manageFourthParties": True,
                "fileOnboardingRequest": True,
            },
        ),
    ],
)
async def test_what_the_viewer_may_do_follows_their_role_and_the_vendor_s_state(
    client, db, role, expected
):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    member = await make_member(db, acme.tenant_id, "m@acme.example", role)
    prospect = await make_vendor(db, acme, "Initech")
    query = """query($id: ID!) { vendor(id: $id) { availableTransitions viewerCan {
      update transition overrideTier upload manageContacts manageFourthParties
      fileOnboardingRequest } } }"""

    body = await gql(client, query, {"id": global_id("Vendor", prospect.id)}, token=member.token)

    vendor = body["data"]["vendor"]
    assert vendor["viewerCan"] == expected
    # a prospect is onboarded through a request; rejecting it is a plain move
    assert vendor["availableTransitions"] == (["REJECTED"] if expected["update"] else [])


async def test_the_requester_of_an_onboarding_may_not_decide_it_and_a_reviewer_may(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    buyer = await make_member(db, acme.tenant_id, "buyer@acme.example", Role.PROCUREMENT)
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    prospect = await make_vendor(db, acme, "Initech")
    filed = await gql(
        client,
        """mutation($i: FileOnboardingRequestInput!) { fileOnboardingRequest(input: $i) {
          errors { code } } }""",
        {
            "i": {
                "vendorId": global_id("Vendor", prospect.id),
                "purpose": "Payroll.",
                "dataAccess": {"dataCategories": ["PERSONAL_DATA"], "accessLevel": "READ"},
            }
        },
        token=buyer.token,
    )
    assert filed["data"]["fileOnboardingRequest"]["errors"] == []
    query = """query($id: ID!) { vendor(id: $id) { status currentOnboardingRequest {
      status viewerCan { decide resolveRequirements } } } }"""

    def seen_by(member):
        return gql(client, query, {"id": global_id("Vendor", prospect.id)}, token=member.token)

    as_buyer = (await seen_by(buyer))["data"]["vendor"]
    as_reviewer = (await seen_by(reviewer))["data"]["vendor"]

    assert as_buyer["status"] == "ONBOARDING"
    assert as_buyer["currentOnboardingRequest"]["status"] == "PENDING"
    assert as_buyer["currentOnboardingRequest"]["viewerCan"] == {
        "decide": False,
        "resolveRequirements": False,
    }
    assert as_reviewer["currentOnboardingRequest"]["viewerCan"] == {
        "decide": True,
        "resolveRequirements": True,
    }


LIST = """query($order: VendorOrder!, $after: String) {
  vendors(orderBy: $order, first: 1, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { name findingCounts { open } latestSocReport { opinion periodEnd } } } }"""


async def _names_in_order(client, token, field, direction):
    """Every vendor's name, one page at a time, in the order asked for."""
    names, after = [], None
    while True:
        body = await gql(
            client,
            LIST,
            {"order": {"field": field, "direction": direction}, "after": after},
            token=token,
        )
        assert "errors" not in body, body
        page = body["data"]["vendors"]
        names += [node["name"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            return names
        after = page["pageInfo"]["endCursor"]


async def test_the_vendor_list_orders_by_open_findings_and_by_the_latest_report(client, db):
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    today = datetime.now(UTC).date()
    fresh = await make_vendor(db, acme, "Fresh Qualified", status=VendorStatus.ACTIVE)
    await make_read_report(
        db, acme, fresh.id, _report(add_months(today, -1), opinion="QUALIFIED", exceptions=[])
    )
    older = await make_vendor(db, acme, "Older Clean", status=VendorStatus.ACTIVE)
    await make_read_report(db, acme, older.id, _report(add_months(today, -6), exceptions=[]))
    await make_read_report(db, acme, older.id, _report(add_months(today, -18), exceptions=[]))
    busy = await make_vendor(db, acme, "Busy Exceptions", status=VendorStatus.ACTIVE)
    two = [
        {**SMALL_EXTRACTION["exceptions"][0], "control_id": f"CC7.{n}", "result": f"Miss {n}."}
        for n in (1, 2)
    ]
    await make_read_report(db, acme, busy.id, _report(add_months(today, -3), exceptions=two))
    await make_vendor(db, acme, "No Report", status=VendorStatus.ACTIVE)

    by_period = await _names_in_order(client, acme.token, "LATEST_REPORT_PERIOD_END", "DESC")
    by_opinion = await _names_in_order(client, acme.token, "LATEST_REPORT_OPINION", "ASC")
    by_findings = await _names_in_order(client, acme.token, "OPEN_FINDINGS", "DESC")

    assert by_period == ["Fresh Qualified", "Busy Exceptions", "Older Clean", "No Report"]
    assert by_opinion[-2:] == ["Fresh Qualified", "No Report"]
    assert by_findings[0] == "Busy Exceptions"
    listed = await gql(
        client,
        LIST,
        {"order": {"field": "OPEN_FINDINGS", "direction": "DESC"}, "after": None},
        token=acme.token,
    )
    [top] = listed["data"]["vendors"]["nodes"]
    assert top["findingCounts"]["open"] >= 2
    assert top["latestSocReport"]["opinion"] == "UNQUALIFIED"


async def test_another_tenant_s_vendor_page_is_null_like_a_missing_one(client, db):
    _, vendor, _, _ = await _vendor_with_two_reports(db)
    globex = await make_tenant(db, "Globex", "gus@globex.example")

    body = await gql(client, PAGE, {"id": global_id("Vendor", vendor.id)}, token=globex.token)
    counts = await gql(
        client,
        "query($v: ID) { findingCounts(filter: {vendorId: $v}) { total } }",
        {"v": global_id("Vendor", vendor.id)},
        token=globex.token,
    )

    assert body == {"data": {"vendor": None}}
    assert counts == {"data": {"findingCounts": {"total": 0}}}


PAGED = """query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  vendor(id: $id) { findings(orderBy: {field: SEVERITY, direction: DESC}, first: $first,
    after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    nodes { id } } } }"""


async def test_a_vendor_s_findings_page_forward_and_back_like_the_whole_list(client, db):
    acme, vendor, _, _ = await _vendor_with_two_reports(db)
    vendor_id = global_id("Vendor", vendor.id)
    whole = await gql(client, PAGED, {"id": vendor_id, "first": 50}, token=acme.token)
    every = [n["id"] for n in whole["data"]["vendor"]["findings"]["nodes"]]

    forward, after = [], None
    while True:
        body = await gql(
            client, PAGED, {"id": vendor_id, "first": 1, "after": after}, token=acme.token
        )
        page = body["data"]["vendor"]["findings"]
        forward += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    backward, before = [], None
    while True:
        body = await gql(
            client, PAGED, {"id": vendor_id, "last": 1, "before": before}, token=acme.token
        )
        page = body["data"]["vendor"]["findings"]
        backward = [n["id"] for n in page["nodes"]] + backward
        if not page["pageInfo"]["hasPreviousPage"]:
            break
        before = page["pageInfo"]["startCursor"]

    assert len(every) >= 3
    assert forward == backward == every
    assert page["totalCount"] == len(every)
