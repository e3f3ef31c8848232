"""The front end's list pages that PostgreSQL writes as JSON (app/api/json_pages.py) read
exactly as their fields read: on a tenant whose every row has everything its list shows
(tests/api/full_lists.py), in every role, for filters, orders and pages forwards."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from domain.shared.roles import Role
from tests.api.full_lists import full_lists
from tests.factories import make_member
from tests.operations import front_end_document


@dataclass(frozen=True)
class WrittenList:
    """A list as its screen asks for it: the variables of the pages compared, the response
    key of its rows, and what tells its rows apart (`kinds`), of which the pages compared
    must show at least `at_least`: the fixture's variety, checked."""

    pages: list[dict[str, Any]]
    rows: str
    kinds: Callable[[Any], set[Any]]
    at_least: int


def _reasons(document: Any) -> set[Any]:
    review = document["report"]["review"]
    return {(r["field"], r["page"], r["reason"], r["text"]) for r in review["reasons"]}


LISTS = {
    "FindingsBoard": WrittenList(
        [
            {},
            {"filter": {"status": ["OPEN", "IN_REMEDIATION"]}},
            {"filter": {"kind": ["CONTROL_EXCEPTION"]}, "orderBy": {"field": "SEVERITY"}},
            {"orderBy": {"field": "DUE_DATE", "direction": "DESC"}},
            {"filter": {"severity": ["LOW"]}},  # nothing matches
        ],
        "findings",
        lambda finding: {finding["status"], len(finding["actions"])},
        4 + 2,
    ),
    "ReviewQueue": WrittenList(
        [
            {},
            {"filter": {"status": ["PENDING_APPROVAL", "IN_PROGRESS"]}},
            {"orderBy": {"field": "DUE_DATE", "direction": "DESC"}},
        ],
        "reviews",
        lambda review: {review["status"], review["overdue"], review["viewerCan"]["signOff"]},
        4 + 2,
    ),
    "QuestionnaireList": WrittenList(
        [{}, {"status": ["SENT", "COMPLETED", "CANCELLED"]}],
        "questionnaires",
        lambda questionnaire: {questionnaire["status"], questionnaire["delivery"]["status"]},
        6 + 3,
    ),
    "DocumentsNeedingReview": WrittenList([{}], "documents", _reasons, 5),
    "VendorDocuments": WrittenList([{"vendorId": None}], "documents", lambda d: {d["kind"]}, 1),
    "RiskRegister": WrittenList(
        [{}, {"order": "NEWEST"}, {"filter": {"status": ["OPEN"], "band": ["HIGH", "CRITICAL"]}}],
        "risks",
        lambda risk: {risk["status"], risk["current"]["band"], risk["overdue"]},
        3 + 4,
    ),
}


async def _varied(db: Any, admin: Any) -> None:
    """Rows in every state their lists show: findings in each status, closed, with a
    second step of their plan (done, no owner), or none; reviews in each status, overdue or
    not, prepared by the admin who reads them, another member, or no one; questionnaires in
    each status, their links current, expired or revoked, their deliveries pending, taken
    or refused; risks in each status, owned by the admin, another or no one, accepted (until
    a day past or to come) or not, assessed or not, rated across the tenant's own bands."""
    async with db.owner_transaction() as session:
        await session.execute(
            text(
                "UPDATE tenants SET settings = settings || "
                '\'{"risk_medium_min_score": 4, "risk_high_min_score": 12}\' WHERE id = :id'
            ),
            {"id": admin.tenant_id},
        )
    async with db.transaction(admin.tenant_id) as session:
        # what the parser flagged, as stored: known and unknown fields and codes, pages that
        # are not whole numbers in range, elements that are not objects, or not a list at all
        await session.execute(
            text(
                "UPDATE soc_reports SET review_reasons = CASE n % 3 WHEN 0 THEN "
                "CAST(:reasons AS jsonb) WHEN 1 THEN review_reasons ELSE '{\"no\": 1}' END, "
                "review_needed = n % 4 <> 3, review_cleared_at = CASE WHEN n % 4 = 3 THEN "
                "now() END, review_cleared_by = CASE WHEN n % 4 = 3 THEN CAST(:user AS uuid) "
                "END FROM (SELECT id AS rid, row_number() OVER (ORDER BY id) AS n "
                "FROM soc_reports) numbered WHERE id = rid"
            ),
            {"reasons": json.dumps(REASONS), "user": str(admin.user_id)},
        )
        await session.execute(
            text(
                "UPDATE risks SET status = (ARRAY['DRAFT','OPEN','CLOSED'])[1 + n % 3], "
                "owner_id = CASE n % 4 WHEN 0 THEN CAST(:admin AS uuid) WHEN 1 THEN NULL "
                "ELSE owner_id END, inherent_likelihood = 1 + n % 5, "
                "inherent_impact = 1 + (n * 3) % 5, "
                "residual_likelihood = CASE WHEN n % 2 = 1 THEN 1 + (n * 2) % 5 END, "
                "residual_impact = CASE WHEN n % 2 = 1 THEN 1 + n % 4 END, "
                "review_on = CASE WHEN n % 4 = 2 THEN current_date - 2 ELSE review_on END, "
                "treatment = CASE WHEN n % 3 = 0 THEN 'MITIGATE' ELSE treatment END, "
                "accepted_at = CASE WHEN n % 3 <> 0 THEN accepted_at END, "
                "acceptance_justification = CASE WHEN n % 3 <> 0 THEN "
                "acceptance_justification END, acceptance_expires_on = CASE n % 3 WHEN 0 "
                "THEN NULL WHEN 1 THEN current_date - 1 ELSE acceptance_expires_on END "
                "FROM (SELECT id AS rid, row_number() OVER (ORDER BY id) AS n FROM risks) "
                "numbered WHERE id = rid"
            ),
            {"admin": str(admin.membership_id)},
        )
        for varied in (
            "UPDATE questionnaires SET status = (ARRAY['SENT','IN_PROGRESS','SUBMITTED',"
            "'RETURNED','COMPLETED','CANCELLED'])[1 + n % 6], score = CASE WHEN n % 2 = 0 "
            "THEN n END FROM (SELECT id AS qid, row_number() OVER (ORDER BY id) AS n "
            "FROM questionnaires) numbered WHERE id = qid",
            "UPDATE respondent_links SET expires_at = CASE WHEN n % 4 = 1 THEN now() - "
            "interval '1 day' ELSE expires_at END, revoked_at = CASE WHEN n % 4 = 2 THEN "
            "now() END FROM (SELECT id AS lid, row_number() OVER (ORDER BY id) AS n "
            "FROM respondent_links) numbered WHERE id = lid",
            "UPDATE webhook_deliveries SET status = (ARRAY['PENDING','SUCCEEDED','FAILED'])"
            "[1 + n % 3] FROM (SELECT id AS did, row_number() OVER (ORDER BY id) AS n "
            "FROM webhook_deliveries) numbered WHERE id = did",
        ):
            await session.execute(text(varied))
        # (a completed review is locked: these are new ones beside the full tenant's)
        await session.execute(
            text(
                "INSERT INTO vendor_reviews (tenant_id, id, vendor_id, version, status, "
                "due_date, due_reason, preparer_id, approver_id, decision, residual_risk, "
                "started_at) SELECT tenant_id, gen_random_uuid(), vendor_id, 2, "
                "(ARRAY['IN_PROGRESS','PENDING_APPROVAL','CANCELLED'])[1 + n % 3], "
                "current_date + CASE WHEN n % 2 = 0 THEN -5 ELSE 5 END, 'Again.', "
                "CASE n % 4 WHEN 0 THEN CAST(:admin AS uuid) WHEN 1 THEN NULL "
                "ELSE preparer_id END, NULL, CASE WHEN n % 2 = 0 THEN decision END, "
                "residual_risk, now() FROM (SELECT *, row_number() OVER (ORDER BY id) AS n "
                "FROM vendor_reviews) numbered"
            ),
            {"admin": str(admin.membership_id)},
        )
        await session.execute(
            text(
                "INSERT INTO remediation_actions (tenant_id, id, finding_id, description, "
                "status, completed_at, created_at, updated_at) SELECT tenant_id, "
                "gen_random_uuid(), finding_id, 'Then: ' || description, 'DONE', now(), "
                "created_at + interval '1 second', now() FROM remediation_actions"
            )
        )
        await session.execute(
            text(
                "DELETE FROM remediation_actions WHERE finding_id IN "
                "(SELECT id FROM findings ORDER BY id LIMIT 3)"
            )
        )
        await session.execute(
            text(
                "UPDATE findings SET status = (ARRAY['OPEN','IN_REMEDIATION','RESOLVED',"
                "'RISK_ACCEPTED'])[1 + n % 4], closed_at = CASE WHEN n % 4 >= 2 THEN "
                "date_trunc('second', now()) END, status_reason = CASE WHEN n % 4 >= 2 THEN "
                "'Closed: \"quoted\" \\ reason' END, root_cause = CASE WHEN n % 3 = 0 THEN "
                "'PROCESS' END FROM (SELECT id AS fid, row_number() OVER (ORDER BY id) AS n "
                "FROM findings) numbered WHERE id = fid"
            )
        )


REASONS = [
    {"field": "opinion", "page": 3, "reason": "NOT_FOUND", "text": 'The "opinion" \\ here'},
    {"field": "a newer field", "page": 3.0, "reason": "A_NEWER_CODE"},
    "not an object",
    {"page": 99_999_999_999, "text": 5},
    {"field": "pages", "page": "4", "reason": "IMAGE_ONLY", "text": "Pages 4-5"},
    {"field": "cuecs", "page": 0, "reason": "ANNOUNCED_NOT_READ", "text": None},
    {"field": "csocs", "page": True, "reason": "OTHER"},
]


@pytest.fixture
async def readers(db):
    """The full tenant's admin and a member of every other role; the variables that name
    one of its vendors."""
    world = await full_lists(db)
    await _varied(db, world.admin)
    others = [
        await make_member(db, world.admin.tenant_id, f"{role.value.lower()}@full.example", role)
        for role in Role
        if role != Role.ADMIN
    ]
    return [world.admin, *others], world.ids


@pytest.mark.parametrize("name", LISTS)
async def test_a_written_list_reads_as_its_fields(client, writing, readers, name):
    members, ids = readers
    listed = LISTS[name]
    query = front_end_document(name)
    kinds: set[Any] = set()
    for reader in members:
        for variables in listed.pages:
            variables = {**variables, "first": 7}
            if "vendorId" in variables:
                variables["vendorId"] = ids["vendor_with_documents"]
            seen = 0
            while True:  # every page, forwards
                written, by_fields, was_written = await writing.both(
                    client, query, variables, reader.token, name
                )
                assert "errors" not in written, written
                assert was_written, (reader.role, variables)
                assert written == by_fields, (reader.role, variables)
                page = written["data"][listed.rows]
                nodes = page.get("nodes") or [edge["node"] for edge in page["edges"]]
                seen += len(nodes)
                for node in nodes:
                    kinds |= listed.kinds(node)
                if not page["pageInfo"]["hasNextPage"] or seen > 21:
                    break
                variables["after"] = page["pageInfo"]["endCursor"]
    assert len(kinds) >= listed.at_least, kinds


# Selections that read a table again within itself: a review's previous review's previous
# review; a finding's document's vendor's latest report (documents within documents); a
# risk's findings' vendors' finding counts (findings within findings).
WITHIN_ITSELF = [
    "{ reviews(first: 100) { nodes { version replaces { version replaces { version } } } } }",
    """{ findings(first: 10) { nodes { title document { title vendor { name
         latestSocReport { id periodEnd } findingCounts { total open overdue } } } } } }""",
    """{ risks(first: 10) { nodes { title findings { title
         vendor { name findingCounts { total open } } } } } }""",
]


async def test_a_table_read_within_itself_reads_as_its_fields(client, writing, readers, db):
    (admin, *_), _ = readers
    async with db.transaction(admin.tenant_id) as session:
        # the second versions amend the vendor's completed review; a third amends each
        await session.execute(
            text(
                "UPDATE vendor_reviews v SET replaces_id = done.id FROM vendor_reviews done "
                "WHERE v.version = 2 AND done.vendor_id = v.vendor_id "
                "AND done.status = 'COMPLETED' AND done.version = 1"
            )
        )
        await session.execute(
            text(
                "INSERT INTO vendor_reviews (tenant_id, id, vendor_id, version, status, "
                "due_date, due_reason, replaces_id) SELECT tenant_id, gen_random_uuid(), "
                "vendor_id, 3, 'CANCELLED', current_date, 'Amended again.', id "
                "FROM vendor_reviews WHERE version = 2"
            )
        )
    for query in WITHIN_ITSELF:
        written, by_fields, was_written = await writing.both(client, query, {}, admin.token)
        assert was_written and "errors" not in written, written
        assert written == by_fields
        assert next(iter(written["data"].values()))["nodes"]
    reviews, _, _ = await writing.both(client, WITHIN_ITSELF[0], {}, admin.token)
    chains = reviews["data"]["reviews"]["nodes"]
    assert any(n["replaces"] and n["replaces"]["replaces"] for n in chains), chains


async def test_a_plan_is_a_members_own_only_where_it_tells_members_apart(
    client, writing, readers, db
):
    """Two members of one role share the findings board's plan (what they may do to a
    finding is their role's), but each has a review queue's of their own (who may sign a
    review off depends on who prepared it)."""
    (admin, *_), _ = readers
    other = await make_member(db, admin.tenant_id, "second.admin@full.example", Role.ADMIN)
    for name, shared in (("FindingsBoard", True), ("ReviewQueue", False)):
        plans = []
        for member in (admin, other, admin, other):
            _, _, was_written = await writing.both(
                client, front_end_document(name), {"first": 3}, member.token, name
            )
            assert was_written, (name, member.role)
            plans.append(writing.plans[-1])
        assert plans[0] is plans[2] and plans[1] is plans[3]  # kept, for each
        assert (plans[0] is plans[1]) is shared, name


async def test_a_queue_counts_its_reviews_once(client, readers, count_statements):
    """The review queue's totalCount is its reviewCounts' total, counted once."""
    (admin, *_), _ = readers
    count_statements.statements.clear()
    response = await client.post(
        "/graphql",
        json={
            "query": front_end_document("ReviewQueue"),
            "operationName": "ReviewQueue",
            "variables": {"filter": {"status": ["IN_PROGRESS", "PENDING_APPROVAL"]}, "first": 5},
        },
        headers={"Authorization": f"Bearer {admin.token}"},
    )
    body = response.json()
    counting = [s for s in count_statements.statements if "count(" in s.lower()]
    assert body["data"]["reviews"]["totalCount"] == body["data"]["reviewCounts"]["total"] > 5
    assert len(counting) == 1, counting
