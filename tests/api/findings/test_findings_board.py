"""The findings board: ordered, filtered and counted in one query; each finding's history
and the report item it came from; each exception's finding."""

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.findings.rules import add_months
from domain.shared.roles import Role
from domain.vendors.models import VendorStatus
from tests.factories import (
    SMALL_EXTRACTION,
    global_id,
    gql,
    make_member,
    make_read_report,
    make_tenant,
    make_vendor,
)

BOARD = """query($filter: FindingFilter, $order: FindingOrder, $after: String) {
  findings(filter: $filter, orderBy: $order, first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id title severity status dueDate createdAt updatedAt owner { displayName } } }
  findingCounts(filter: $filter) { total open overdue byStatus { status count }
    openBySeverity { severity count } } }"""

UPDATE = """mutation($i: UpdateFindingInput!) { updateFinding(input: $i) { errors { code } } }"""
MOVE = """mutation($i: TransitionFindingInput!) { transitionFinding(input: $i) {
  finding { status availableTransitions } errors { code field } } }"""


def _exceptions(*controls):
    return [
        {**SMALL_EXTRACTION["exceptions"][0], "control_id": c, "result": f"{c} was missed."}
        for c in controls
    ]


async def _board(db):
    """Two vendors' reports with four exception findings between them, and a reviewer."""
    acme = await make_tenant(db, "Acme", "owner@acme.example")
    reviewer = await make_member(db, acme.tenant_id, "rev@acme.example", Role.REVIEWER)
    today = datetime.now(UTC).date()
    period = {
        "period_start": add_months(today, -13).isoformat(),
        "period_end": add_months(today, -1).isoformat(),
    }
    critical = await make_vendor(
        db,
        acme,
        "Crit Cloud",
        status=VendorStatus.ACTIVE,
        data_access={
            "data_categories": ["CREDENTIALS"],
            "access_level": "ADMIN",
            "connects_to_production": True,
            "hosting_regions": ["US"],
        },
    )
    low = await make_vendor(db, acme, "Low Supplies", status=VendorStatus.ACTIVE)
    await make_read_report(
        db, acme, critical.id, {**SMALL_EXTRACTION, **period, "exceptions": _exceptions("A1", "A2")}
    )
    await make_read_report(
        db, acme, low.id, {**SMALL_EXTRACTION, **period, "exceptions": _exceptions("B1", "B2")}
    )
    return acme, reviewer, critical, low


async def _all(client, token, filter=None, order=None):
    """Every finding the board shows for `filter`, page after page, and its counts."""
    nodes, after = [], None
    while True:
        body = await gql(
            client, BOARD, {"filter": filter, "order": order, "after": after}, token=token
        )
        assert "errors" not in body, body
        page = body["data"]["findings"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, body["data"]["findingCounts"]
        after = page["pageInfo"]["endCursor"]


def _titled(nodes, word):
    return next(n for n in nodes if word in n["title"])


async def test_the_board_orders_by_severity_due_date_and_update(client, db):
    _acme, reviewer, _, _ = await _board(db)
    nodes, _ = await _all(client, reviewer.token, {"kind": ["CONTROL_EXCEPTION"]})
    due = date.today() + timedelta(days=30)
    for word, due_date in (("B1", due), ("A2", due + timedelta(days=5))):
        await gql(
            client,
            UPDATE,
            {"i": {"findingId": _titled(nodes, word)["id"], "dueDate": due_date.isoformat()}},
            token=reviewer.token,
        )
    exceptions = {"kind": ["CONTROL_EXCEPTION"]}

    by_severity, _ = await _all(
        client, reviewer.token, exceptions, {"field": "SEVERITY", "direction": "DESC"}
    )
    by_due, _ = await _all(client, reviewer.token, exceptions, {"field": "DUE_DATE"})
    by_update, _ = await _all(
        client, reviewer.token, exceptions, {"field": "UPDATED_AT", "direction": "DESC"}
    )

    ranks = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
    assert [ranks.index(n["severity"]) for n in by_severity] == sorted(
        (ranks.index(n["severity"]) for n in by_severity), reverse=True
    )
    assert by_severity[0]["severity"] != by_severity[-1]["severity"]
    # dated first, soonest first; undated after every dated one
    assert [n["dueDate"] is None for n in by_due] == [False, False, True, True]
    assert "B1" in by_due[0]["title"] and "A2" in by_due[1]["title"]
    assert {n["title"][-2:] for n in by_update[:2]} == {"A2", "B1"}  # changed last
    assert by_update[0]["updatedAt"] >= by_update[-1]["updatedAt"]
    assert len(by_severity) == len(by_due) == len(by_update) == 4


async def test_the_board_filters_by_owner_due_date_tier_and_text_and_counts_what_it_shows(
    client, db
):
    _acme, reviewer, _critical, _low = await _board(db)
    nodes, _ = await _all(client, reviewer.token, {"kind": ["CONTROL_EXCEPTION"]})
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    await gql(
        client,
        UPDATE,
        {"i": {"findingId": _titled(nodes, "A1")["id"], "ownerId": reviewer.global_id}},
        token=reviewer.token,
    )
    await gql(
        client,
        UPDATE,
        {"i": {"findingId": _titled(nodes, "B2")["id"], "dueDate": yesterday}},
        token=reviewer.token,
    )

    owned, owned_counts = await _all(client, reviewer.token, {"ownerId": reviewer.global_id})
    overdue, overdue_counts = await _all(client, reviewer.token, {"overdue": True})
    due_soon, _ = await _all(
        client, reviewer.token, {"dueBefore": (date.today() + timedelta(days=2)).isoformat()}
    )
    critical_only, _ = await _all(client, reviewer.token, {"vendorTier": ["CRITICAL"]})
    text, _ = await _all(client, reviewer.token, {"text": "b1 MISSED"})
    _, everything = await _all(client, reviewer.token)

    assert [n["owner"]["displayName"] for n in owned] == ["rev"]
    assert owned_counts["total"] == 1
    assert ["B2" in n["title"] for n in overdue] == [True]
    assert overdue_counts["overdue"] == overdue_counts["total"] == 1
    assert ["B2" in n["title"] for n in due_soon] == [True]
    assert {n["title"][-2:] for n in critical_only} == {"A1", "A2"}

    assert [n["title"][-2:] for n in text] == ["B1"]
    assert everything["overdue"] == 1
    assert everything["total"] == sum(c["count"] for c in everything["byStatus"])
    assert everything["open"] == sum(c["count"] for c in everything["openBySeverity"])


async def test_a_finding_keeps_who_moved_it_when_and_why(client, db):
    acme, reviewer, _, _ = await _board(db)
    nodes, _ = await _all(client, reviewer.token, {"kind": ["CONTROL_EXCEPTION"]})
    finding_id = nodes[0]["id"]

    started = await gql(
        client, MOVE, {"i": {"findingId": finding_id, "to": "IN_REMEDIATION"}}, token=reviewer.token
    )
    accepted = await gql(
        client,
        MOVE,
        {"i": {"findingId": finding_id, "to": "RISK_ACCEPTED", "reason": "Compensated."}},
        token=reviewer.token,
    )
    history = await gql(
        client,
        """query($id: ID!) { finding(id: $id) { statusHistory { fromStatus toStatus reason
          changedAt changedBy { displayName } } } }""",
        {"id": finding_id},
        token=acme.token,
    )

    assert started["data"]["transitionFinding"]["finding"]["availableTransitions"] == [
        "OPEN",
        "RESOLVED",
        "RISK_ACCEPTED",
    ]
    assert accepted["data"]["transitionFinding"]["finding"]["availableTransitions"] == ["OPEN"]
    moves = history["data"]["finding"]["statusHistory"]
    assert [(m["fromStatus"], m["toStatus"]) for m in moves] == [
        (None, "OPEN"),
        ("OPEN", "IN_REMEDIATION"),
        ("IN_REMEDIATION", "RISK_ACCEPTED"),
    ]
    assert moves[0]["changedBy"] is None  # raised by tprm
    assert [m["changedBy"]["displayName"] for m in moves[1:]] == ["rev"] * 2
    assert moves[2]["reason"] == "Compensated."
    assert moves[0]["changedAt"] <= moves[1]["changedAt"] <= moves[2]["changedAt"]


async def test_a_finding_links_to_the_exception_it_came_from_and_back(client, db):
    acme, _reviewer, critical, _ = await _board(db)
    query = """query($v: ID!) { vendor(id: $v) { latestSocReport { exceptions { id controlId
      page finding { id exception { id } } } } findings(filter: {kind: [CONTROL_EXCEPTION]},
      first: 10) { nodes { id title report { id } exception { controlId page result } } } } }"""

    body = await gql(client, query, {"v": global_id("Vendor", critical.id)}, token=acme.token)

    vendor = body["data"]["vendor"]
    exceptions = vendor["latestSocReport"]["exceptions"]
    assert [e["controlId"] for e in exceptions] == ["A1", "A2"]
    for exception in exceptions:
        assert exception["finding"]["exception"]["id"] == exception["id"]
    findings = vendor["findings"]["nodes"]
    assert {f["exception"]["controlId"] for f in findings} == {"A1", "A2"}
    assert all(f["exception"]["page"] == 40 for f in findings)
    assert all(f["exception"]["result"].endswith("was missed.") for f in findings)
    assert all(f["report"]["id"] for f in findings)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.PROCUREMENT])
async def test_a_role_that_may_not_work_findings_sees_no_moves(client, db, role):
    acme, _, _, _ = await _board(db)
    member = await make_member(db, acme.tenant_id, "m@acme.example", role)

    body = await gql(
        client,
        """{ findings(first: 1) { nodes { availableTransitions
          viewerCan { update transition plan } } } }""",
        token=member.token,
    )

    [finding] = body["data"]["findings"]["nodes"]
    assert finding == {
        "availableTransitions": [],
        "viewerCan": {"update": False, "transition": False, "plan": False},
    }


async def test_a_cursor_of_one_order_is_refused_by_another_while_a_sibling_field_reads(client, db):
    _acme, reviewer, _, _ = await _board(db)
    first = await gql(client, BOARD, {"order": {"field": "SEVERITY"}}, token=reviewer.token)
    cursor = first["data"]["findings"]["pageInfo"]["endCursor"]

    other = await gql(
        client, BOARD, {"order": {"field": "DUE_DATE"}, "after": cursor}, token=reviewer.token
    )

    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_board_counts_its_findings_once(client, db, count_statements):
    """The page's totalCount is the counts' total: the board reads the filter's findings
    once to count them, however many ask (a board of a large tenant counts hundreds of
    thousands), and a page that asks no total counts nothing."""
    acme, *_ = await _board(db)
    board = {"filter": {"status": ["OPEN"]}}

    count_statements.statements.clear()
    body = await gql(client, BOARD, board, token=acme.token)
    counting = [s for s in count_statements.statements if "count(" in s.lower()]

    assert body["data"]["findings"]["totalCount"] == body["data"]["findingCounts"]["total"] == 4
    assert len(counting) == 1, counting

    count_statements.statements.clear()
    page = await gql(client, "{ findings(first: 2) { nodes { title } } }", token=acme.token)
    assert len(page["data"]["findings"]["nodes"]) == 2
    assert not [s for s in count_statements.statements if "count(" in s.lower()]
