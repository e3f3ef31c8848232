"""The front end's one-object screens, whose fields PostgreSQL writes where it can
(app/api/json_pages.py: a root field's row node, WrittenFields; a vendor's follow-ups, its
documents and findings pages, each written on their own), read exactly as their fields read:
on a vendor with everything its page shows, in every role."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from app.api import json_pages
from domain.shared.roles import Role
from tests.api.test_written_lists import readers  # noqa: F401 (the fixture)
from tests.factories import make_member, uuid_of
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
    """The vendor's fields are one statement, its follow-ups, documents and findings one
    each: the page's own, the token's and the vendor's row besides, whatever it holds."""
    (admin, *_), ids = readers
    writing.sql()
    count_statements.statements.clear()
    await _front_end(client, admin.token, "VendorPage", {"id": ids["vendor"]})
    assert writing.plans and all(plan is not None for plan in writing.plans), writing.plans
    kinds = {type(plan) for plan in writing.plans}
    assert kinds == {json_pages.WrittenFields, json_pages.WrittenList, json_pages.WrittenPage}
    assert len(count_statements.statements) == 6, count_statements.statements


async def test_a_root_node_writes_only_what_reads_other_rows(
    client,
    writing,
    readers,  # noqa: F811
):
    """A selection of the row's own columns gains nothing from a statement of its own; a
    field PostgreSQL cannot write (one with arguments, a directive) is answered by its
    resolver beside the written ones."""
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
        assert writing.plans[0].keys == ("name", "contacts"), writing.plans[0].keys


def _without_links(body: Any) -> Any:
    """A response without its documents' links: each request signs its own."""
    if isinstance(body, dict):
        return {k: _without_links(v) for k, v in body.items() if k != "link"}
    if isinstance(body, list):
        return [_without_links(item) for item in body]
    return body


async def test_the_report_review_reads_as_its_fields(client, writing, readers):  # noqa: F811
    """The SOC report review (`node(id:)`): its fields PostgreSQL writes (who confirmed it,
    its vendor, what the viewer may do, its review) beside those only the resolvers answer."""
    members, ids = readers
    admin = members[0]
    page = await _front_end(client, admin.token, "VendorPage", {"id": ids["vendor"]})
    report = page["latestSocReport"]["id"]
    await _ok(
        client,
        admin.token,
        "mutation($id: ID!) { confirmReport(input: {reportId: $id}) { errors { code } } }",
        {"id": report},
    )
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
            assert {"confirmedBy", "vendor", "viewerCan"} <= set(fields.keys), fields.keys
    assert written["data"]["node"]["confirmedBy"]["id"] == admin.global_id
