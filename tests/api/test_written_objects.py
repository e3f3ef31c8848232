"""The front end's one-object screens, whose fields PostgreSQL writes where it can
(app/api/json_pages.py: a root field's row node, WrittenFields; a vendor's follow-ups, its
documents and findings pages, each written on their own), read exactly as their fields read:
on a vendor with everything its page shows, in every role."""

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from app.api import json_pages
from domain.shared.roles import Role
from tests.api.test_written_lists import readers  # noqa: F401 (the fixture)
from tests.factories import global_id, make_member, uuid_of
from tests.operations import front_end_document

FOLLOW_UP_STATUSES = {"EXPECTED", "RECEIVED", "CANCELLED"}
FIELDS = "{ id name findings(first: 30) { nodes { id title status } } }"


async def _ok(
    client: Any, token: str, query: str, variables: dict[str, Any], name: str | None = None
) -> Any:
    """The payload of the operation (`name`, of a front-end document holding several), which
    must have gone through."""
    body = (
        await client.post(
            "/graphql",
            json={"query": query, "variables": variables, "operationName": name},
            headers={"Authorization": f"Bearer {token}"},
        )
    ).json()
    assert "errors" not in body, body
    payload = next(iter(body["data"].values()))
    assert not payload.get("errors"), payload
    return payload


async def _front_end(client: Any, token: str, name: str, variables: dict[str, Any]) -> Any:
    """The payload of the front end's own operation `name`."""
    return await _ok(client, token, front_end_document(name), variables, name)


async def _full_vendor_page(client: Any, db: Any, admin: Any, other_admin: Any, vendor: str) -> str:
    """`vendor` with follow-ups in every status (one overdue), its offboarding begun with a
    step settled, its tier overridden; and a prospect with an onboarding request whose
    checklist is half cleared, by another member than its requester. The prospect's ID."""
    token = admin.token
    findings = await _ok(client, token, f'{{ vendor(id: "{vendor}") {FIELDS} }}', {})
    finding_ids = [f["id"] for f in findings["findings"]["nodes"] if f["status"] == "OPEN"]
    assert len(finding_ids) >= 3, findings
    scheduled = []
    for n, finding_id in enumerate(finding_ids[:3]):
        due = date.today() + timedelta(days=30 + n)
        step = {"findingId": finding_id, "kind": "OTHER", "dueOn": due.isoformat(), "note": "A"}
        payload = await _front_end(client, token, "ScheduleFindingFollowUp", {"input": step})
        scheduled.append(payload["followUp"]["id"])
    async with db.transaction(admin.tenant_id) as session:  # the first one, overdue
        await session.execute(
            text("UPDATE finding_follow_ups SET due_on = current_date - 3 WHERE id = :id"),
            {"id": uuid_of(scheduled[0])},
        )
    documents = await _ok(
        client,
        token,
        f'{{ vendor(id: "{vendor}") {{ documents(first: 1) {{ nodes {{ id }} }} }} }}',
        {},
    )
    [document] = documents["documents"]["nodes"]
    await _front_end(
        client,
        token,
        "ReceiveFindingFollowUp",
        {"input": {"id": scheduled[1], "documentId": document["id"]}},
    )
    await _front_end(
        client,
        token,
        "CancelFindingFollowUp",
        {"input": {"id": scheduled[2], "reason": "Not needed."}},
    )
    await _front_end(
        client,
        token,
        "OverrideVendorTier",
        {"input": {"vendorId": vendor, "tier": "CRITICAL", "justification": "Holds keys."}},
    )
    moved = await _ok(
        client,
        token,
        "mutation($input: TransitionVendorInput!) { transitionVendor(input: $input) "
        "{ vendor { offboardingChecklist { id kind } } errors { code } } }",
        {"input": {"vendorId": vendor, "to": "OFFBOARDING", "reason": "Contract ends."}},
    )
    steps = moved["vendor"]["offboardingChecklist"]
    assert steps, moved
    await _front_end(
        client,
        token,
        "ResolveOffboardingItem",
        {"input": {"itemId": steps[0]["id"], "status": "WAIVED", "note": "Never had access."}},
    )
    created = await _front_end(
        client,
        token,
        "CreateVendor",
        {"input": {"name": "Prospect", "domain": "prospect.example", "status": "PROSPECT"}},
    )
    prospect = created["vendor"]["id"]
    filed = await _front_end(
        client,
        token,
        "FileOnboardingRequest",
        {
            "input": {
                "vendorId": prospect,
                "purpose": "Payroll.",
                "dataAccess": {"dataCategories": ["PERSONAL_DATA"], "accessLevel": "READ"},
            }
        },
    )
    checklist = filed["request"]["checklist"]
    assert len(checklist) >= 2, filed
    await _front_end(
        client,
        other_admin.token,
        "ResolveOnboardingRequirement",
        {"input": {"requirementId": checklist[0]["id"], "status": "SATISFIED", "note": "Seen."}},
    )
    return prospect


async def test_the_vendor_page_reads_as_its_fields(client, writing, readers, db):  # noqa: F811
    members, ids = readers
    admin = members[0]
    other_admin = await make_member(db, admin.tenant_id, "admin.two@full.example", Role.ADMIN)
    prospect = await _full_vendor_page(client, db, admin, other_admin, ids["vendor"])
    query = front_end_document("VendorPage")
    seen: dict[str, Any] = {}
    for reader in [*members, other_admin]:
        for vendor in (ids["vendor"], prospect):
            every = {"findingStatus": ["OPEN"], "followUpStatus": list(FOLLOW_UP_STATUSES)}
            for variables in ({"id": vendor}, {"id": vendor, **every}):
                written, by_fields, _ = await writing.both(
                    client, query, variables, reader.token, "VendorPage"
                )
                assert "errors" not in written, (reader.role, written)
                assert written == by_fields, (reader.role, variables)
                page = written["data"]["vendor"]
                seen.setdefault("followUps", set()).update(
                    (f["status"], f["overdue"], f["viewerCan"]["receive"])
                    for f in page.get("followUps") or []
                )
                request = page["currentOnboardingRequest"]
                if request:
                    seen.setdefault("checklist", set()).update(
                        (c["status"], c["resolvedBy"] is None) for c in request["checklist"]
                    )
                    seen.setdefault("decide", set()).add(request["viewerCan"]["decide"])
                if page["tierOverride"]:
                    seen.setdefault("override", set()).add(page["tierOverride"]["by"]["id"])
                seen.setdefault("offboarding", set()).update(
                    i["status"] for i in page["offboardingChecklist"]
                )
    # the variety compared: every follow-up status, one overdue, one the viewer may receive;
    # a requirement cleared and one not; a reader who may decide the request and one who may
    # not (its requester); the override's member; a step settled and steps pending
    assert {s for s, _, _ in seen["followUps"]} == FOLLOW_UP_STATUSES
    assert any(overdue for _, overdue, _ in seen["followUps"])
    assert {may for _, _, may in seen["followUps"]} == {True, False}
    assert seen["checklist"] >= {("SATISFIED", False), ("PENDING", True)}
    assert seen["decide"] == {True, False}
    assert seen["override"] and seen["offboarding"] >= {"WAIVED", "PENDING"}


async def test_the_vendor_page_is_written_in_a_few_statements(
    client,
    writing,
    readers,  # noqa: F811
    count_statements,
):
    """The vendor's fields are one statement, its follow-ups and its pages of documents and
    findings included: the page's own, the token's and the vendor's row besides, whatever
    it holds."""
    (admin, *_), ids = readers
    writing.sql()
    count_statements.statements.clear()
    await _front_end(client, admin.token, "VendorPage", {"id": ids["vendor"]})
    assert writing.plans and all(plan is not None for plan in writing.plans), writing.plans
    assert [type(plan) for plan in writing.plans] == [json_pages.WrittenFields]
    assert len(count_statements.statements) == 3, count_statements.statements


async def test_a_root_node_writes_only_what_reads_other_rows(
    client,
    writing,
    readers,  # noqa: F811
):
    """A selection of the row's own columns gains nothing from a statement of its own; a
    field PostgreSQL cannot write (under a directive) is answered by its resolver beside the
    written ones."""
    (admin, *_), ids = readers
    own = f'{{ vendor(id: "{ids["vendor"]}") {{ name domain status }} }}'
    writing.plans.clear()
    written, by_fields, was_written = await writing.both(client, own, {}, admin.token)
    assert written == by_fields and not was_written
    mixed = f"""query($skip: Boolean!) {{ v: vendor(id: "{ids["vendor"]}") {{
        name contacts {{ name }} businessOwner @skip(if: $skip) {{ id }}
        followUps(status: [EXPECTED]) {{ id }} __typename }} }}"""
    for skip in (True, False):
        writing.plans.clear()
        written, by_fields, was_written = await writing.both(
            client, mixed, {"skip": skip}, admin.token
        )
        assert "errors" not in written and written == by_fields, written
        assert ("businessOwner" in written["data"]["v"]) is not skip
        assert isinstance(writing.plans[0], json_pages.WrittenFields)
        assert writing.plans[0].keys == ("name", "contacts", "followUps"), writing.plans[0].keys


def _without_links(body: Any) -> Any:
    """A response without its documents' links: each request signs its own."""
    if isinstance(body, dict):
        return {k: _without_links(v) for k, v in body.items() if k != "link"}
    if isinstance(body, list):
        return [_without_links(item) for item in body]
    return body


# Stored JSON a newer parser or an older tprm might have left: values of the wrong kind,
# pages that are not pages, codes this API does not know, whitespace of several scripts.
ODD_PARSE = {
    "page": 3.0,
    "result": "  For\u00a0 1 of\n\t4 quarters\u3000" + "x " * 200,
    "criteria": "CC6.1",
    "control_id": 5,
    "management_response": ["not", "text"],
}
ODD_SOURCES = {
    "kind": {"page": 1, "quote": "SOC 2 Type II"},
    "opinion": {"page": 2.0, "quote": "fairly presented"},
    "period_end": {"page": 3, "quote": None},
    "service_auditor": "not an object",
    "trust_services_categories": {"page": 2**31, "quote": "Security"},
}
ODD_COMPARISON = {
    "opinion_from": "QUALIFIED",
    "opinion_to": "A_NEWER_OPINION",
    "opinion_changed": "yes",
    "conclusive": None,
    "categories_added": ["PRIVACY", "A_NEWER_CATEGORY", 3],
    "categories_dropped": "SECURITY",
    "subservices_added": ["AWS", None],
    "resolved_exceptions": [
        {"control_id": "CC7.2", "criteria": ["CC7.2"], "result": "Late  \n review."},
        "not an object",
        {"criteria": "CC8.1", "result": 5},
    ],
}


async def _varied_report(client: Any, db: Any, admin: Any, report: str) -> str:
    """The report with what a reviewer does to one (a correction of each kind of field, an
    exception added, a CUEC corrected, an exception dismissed, the reading confirmed), a
    comparison with a previous report, and odd stored JSON in its items, its sources, its
    comparison and a correction. The ID of the exception whose stored parse is odd."""
    token = admin.token
    corrected = {
        "reportId": report,
        "kind": "SOC2",
        "reportType": "TYPE1",
        "serviceAuditor": "Corrected  LLP",
        "asOf": "2024-06-30",
        "opinion": "QUALIFIED",
        "categories": ["SECURITY", "PRIVACY"],
        "note": "Read from page 3.",
    }
    await _front_end(client, token, "CorrectReport", {"input": corrected})
    added = await _ok(
        client,
        token,
        "mutation($input: AddReportExceptionInput!) { addReportException(input: $input) "
        "{ item { __typename } errors { code } } }",
        {"input": {"reportId": report, "result": "Missed by the parser.", "criteria": ["CC1.1"]}},
    )
    assert added["item"]["__typename"] == "SocException", added
    items = await _ok(
        client,
        token,
        "query($id: ID!) { node(id: $id) { ... on SocReport { exceptions { id } cuecs { id } } } }",
        {"id": report},
    )
    await _front_end(
        client,
        token,
        "CorrectReportItem",
        {"input": {"cuec": {"id": items["cuecs"][0]["id"], "text": "Corrected text."}}},
    )
    await _front_end(
        client,
        token,
        "DismissReportItem",
        {"input": {"itemId": items["exceptions"][0]["id"], "reason": "Not a deviation."}},
    )
    await _front_end(client, token, "ConfirmReport", {"input": {"reportId": report}})
    report_id, odd = uuid_of(report), items["exceptions"][1]["id"]
    async with db.transaction(admin.tenant_id) as session:
        previous = (
            await session.execute(
                text("SELECT id FROM soc_reports WHERE id <> :id ORDER BY id LIMIT 1"),
                {"id": report_id},
            )
        ).scalar_one()
        comparison = {**ODD_COMPARISON, "previous_report_id": str(previous)}
        await session.execute(
            text(
                "UPDATE soc_reports SET sources = CAST(:sources AS jsonb), "
                "comparison = CAST(:comparison AS jsonb), "
                'warnings = \'["Read from a scan.", 1, true, null, ["nested"]]\' '
                "WHERE id = :id"
            ),
            {
                "id": report_id,
                "sources": json.dumps(ODD_SOURCES),
                "comparison": json.dumps(comparison),
            },
        )
        for update in (
            "UPDATE soc_exceptions SET parsed = CAST(:parse AS jsonb) WHERE id = :odd",
            "UPDATE soc_cuecs SET parsed = '{}' WHERE report_id = :id",
            "UPDATE soc_csocs SET parsed = jsonb_build_object('page', 7, 'text', "
            "CAST(:parse AS jsonb) -> 'result') WHERE report_id = :id",
            "UPDATE soc_subservice_organizations SET parsed = parsed || "
            '\'{"method": "A_NEWER_METHOD", "page": "4"}\' WHERE report_id = :id',
            "UPDATE soc_report_corrections SET value = '\"2024-02-30\"' "
            "WHERE report_id = :id AND field = 'as_of'",
        ):
            await session.execute(
                text(update),
                {"id": report_id, "odd": uuid_of(odd), "parse": json.dumps(ODD_PARSE)},
            )
    return odd


async def test_the_report_review_reads_as_its_fields(client, writing, readers, db):  # noqa: F811
    """The SOC report review (`node(id:)`), everything but its document written by
    PostgreSQL (its items with their sources, parser values, reviews and findings; its
    corrections, comparison and sources), reads as its fields read, in every role, whatever
    its stored JSON holds."""
    members, ids = readers
    admin = members[0]
    page = await _front_end(client, admin.token, "VendorPage", {"id": ids["vendor"]})
    report = page["latestSocReport"]["id"]
    odd = await _varied_report(client, db, admin, report)
    query = front_end_document("SocReportReview")
    for reader in members:
        writing.plans.clear()
        written, by_fields, _ = await writing.both(
            client, query, {"id": report}, reader.token, "SocReportReview"
        )
        assert "errors" not in written, (reader.role, written)
        assert _without_links(written) == _without_links(by_fields), reader.role
        fields = writing.plans[0]
        if written["data"]["node"] is not None:
            assert isinstance(fields, json_pages.WrittenFields), reader.role
            assert {"confirmedBy", "vendor", "viewerCan", "sources", "corrections"} <= set(
                fields.keys
            ), fields.keys
    shown = written["data"]["node"]
    assert shown["confirmedBy"]["id"] == admin.global_id
    # what the variety holds, read
    assert {c["field"] for c in shown["corrections"]} >= {"KIND", "AS_OF", "CATEGORIES"}
    assert [c["value"] for c in shown["corrections"] if c["field"] == "AS_OF"] == [
        {
            "text": None,
            "date": None,
            "kind": None,
            "reportType": None,
            "opinion": None,
            "categories": None,
        }
    ]
    exceptions = {e["id"]: e for e in shown["exceptions"]}
    assert exceptions[odd]["source"] is None and exceptions[odd]["parserValues"]["page"] is None
    added = [e for e in shown["exceptions"] if e["review"]["origin"] == "REVIEWER"]
    assert added and added[0]["parserValues"] is None, added
    assert shown["exceptions"][0]["review"]["dismissedAt"] is not None
    quote = shown["csocs"][0]["source"]["quote"]
    assert quote.startswith("For 1 of 4 quarters x x") and len(quote) == 300, quote
    assert shown["cuecs"][0]["parserValues"] is None
    assert shown["warnings"] == ["Read from a scan."]
    assert shown["comparison"]["categoriesAdded"] == ["PRIVACY"]
    assert shown["comparison"]["previousReport"] is not None
    assert shown["sources"]["kind"] == {"page": 1, "quote": "SOC 2 Type II"}
    assert shown["sources"]["opinion"] is None


async def test_the_report_review_is_written_in_statements_its_items_do_not_add_to(
    client,
    writing,
    readers,  # noqa: F811
    count_statements,
    db,
):
    """The review's items, corrections, comparison and sources are in its one written
    statement: a report with many exceptions takes as many statements as one with one (the
    token's, the report's row, its fields; its document and its link, signed and audited
    on each asking, besides)."""
    (admin, *_), _ = readers
    async with db.transaction(admin.tenant_id) as session:
        reports = (
            await session.execute(
                text(
                    "SELECT r.id, count(e.id) AS exceptions FROM soc_reports r "
                    "JOIN soc_exceptions e ON e.report_id = r.id GROUP BY r.id "
                    "ORDER BY count(e.id), r.id"
                )
            )
        ).all()
    fewest, most = reports[0], reports[-1]
    assert most.exceptions > fewest.exceptions, reports
    writing.sql()
    counted = []
    for report in (fewest, most):
        variables = {"id": global_id("SocReport", report.id)}
        writing.plans.clear()
        count_statements.statements.clear()
        shown = await _front_end(client, admin.token, "SocReportReview", variables)
        assert len(shown["exceptions"]) == report.exceptions
        fields = writing.plans[0]
        assert isinstance(fields, json_pages.WrittenFields)
        assert {"exceptions", "cuecs", "subserviceOrganizations", "csocs", "corrections"} <= set(
            fields.keys
        ), fields.keys
        counted.append(len(count_statements.statements))
    assert counted[0] == counted[1] <= 7, counted


FINDINGS = """findings(orderBy: $order, first: $first, after: $after) {
      __typename totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id dueDate createdAt } }
    }"""
PAGES = (
    "query($id: ID!, $order: FindingOrder, $first: Int, $after: String, "
    "$kinds: [DocumentKind!], $review: Boolean) { vendor(id: $id) { "
    + FINDINGS
    + " documents(first: $first, filter: {kind: $kinds, reviewNeeded: $review}) "
    "{ totalCount pageInfo { endCursor hasNextPage } nodes { id kind } } } }"
)
NEXT_FINDINGS = (
    "query($id: ID!, $order: FindingOrder, $first: Int, $after: String) "
    "{ vendor(id: $id) { name " + FINDINGS + " } }"
)


async def test_a_vendors_pages_read_as_their_fields(client, writing, readers):  # noqa: F811
    """A vendor's pages of findings and documents, written within its fields: their totals,
    cursors (of every kind of sort key: a rank, a date that may be missing, an instant, an
    id) and pages as the resolvers page them; the next page, after a written cursor, is the
    resolvers' own and continues where the written one ended."""
    (admin, *_), ids = readers
    orders = [None, {"field": "DUE_DATE", "direction": "ASC"}, {"field": "CREATED_AT"}]
    orders += [{"field": "SEVERITY", "direction": "DESC"}]
    for order in orders:
        for first in (0, 2, None):
            variables = {"id": ids["vendor"], "order": order, "first": first}
            writing.plans.clear()
            written, by_fields, _ = await writing.both(client, PAGES, variables, admin.token)
            assert "errors" not in written, written
            assert written == by_fields, (order, first)
            assert isinstance(writing.plans[0], json_pages.WrittenFields), (order, first)
            findings = written["data"]["vendor"]["findings"]
            assert findings["totalCount"] > 2
            if first != 2:
                continue
            after = {**variables, "after": findings["pageInfo"]["endCursor"]}
            writing.plans.clear()
            following, following_by_fields, _ = await writing.both(
                client, NEXT_FINDINGS, after, admin.token
            )
            assert "errors" not in following, following
            assert following == following_by_fields
            assert writing.plans[0] is None  # a page after a cursor is the resolvers'
            shown = {edge["node"]["id"] for edge in findings["edges"]}
            nodes = following["data"]["vendor"]["findings"]["edges"]
            assert nodes and not shown & {edge["node"]["id"] for edge in nodes}
    # a page that ends exactly at the last row has no next page
    every = {"id": ids["vendor"], "order": None, "first": findings["totalCount"]}
    written, by_fields, _ = await writing.both(client, PAGES, every, admin.token)
    assert written == by_fields, written
    assert not written["data"]["vendor"]["findings"]["pageInfo"]["hasNextPage"]
    for kinds, review in ((["CONTRACT"], None), (None, False)):
        variables = {"id": ids["vendor_with_documents"], "first": 3, "kinds": kinds}
        written, by_fields, _ = await writing.both(
            client, PAGES, {**variables, "review": review}, admin.token
        )
        assert written == by_fields and written["data"]["vendor"]["documents"], written


# Selections of a vendor's page that ask for no rows, for none in the page, or for them
# twice: each reads as the resolvers read it (written where it can be, else field by field).
SHAPES_OF_A_PAGE = [
    "findings(first: 2) { totalCount }",
    "findings(first: 2) { __typename }",
    'findings(first: 2, filter: {dueBefore: "2000-01-01"}) '
    "{ totalCount pageInfo { hasNextPage endCursor } nodes { id } }",
    "findings(first: 2) { a: nodes { id } b: nodes { title } }",
    "findings(first: 2) { edges { node { id } } nodes { title } }",
    "findings(first: 2) { edges { n1: node { id } n2: node { title } } }",
    "findings(first: 2) { edges { cursor } pageInfo { startCursor } }",
]


async def test_every_shape_of_a_page_reads_as_its_fields(client, writing, readers):  # noqa: F811
    (admin, *_), ids = readers
    for shape in SHAPES_OF_A_PAGE:
        for query in (
            f'{{ vendor(id: "{ids["vendor"]}") {{ name {shape} }} }}',
            f"{{ vendors(first: 3) {{ nodes {{ name {shape} }} }} }}",
        ):
            written, by_fields, _ = await writing.both(client, query, {}, admin.token)
            assert "errors" not in written, (query, written)
            assert written == by_fields, query


async def test_a_clients_text_is_never_written_into_a_plan(client, writing, readers):  # noqa: F811
    """A search (or an ID) given to a field is the resolver's to send as a parameter: that
    field is answered field by field, beside the vendor's written ones."""
    (admin, *_), ids = readers
    query = f"""{{ vendor(id: "{ids["vendor"]}") {{ name contacts {{ name }}
        findings(first: 3, filter: {{text: "o'\\\\ %"}}) {{ totalCount nodes {{ id }} }} }} }}"""
    writing.plans.clear()
    written, by_fields, _ = await writing.both(client, query, {}, admin.token)
    assert "errors" not in written and written == by_fields, written
    assert writing.plans[0].keys == ("name", "contacts"), writing.plans[0].keys
