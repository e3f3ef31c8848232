"""The vendor list: filters, search, order, pages; the same SQL whatever the page size."""

import uuid
from datetime import UTC, datetime, timedelta

from app.api.vendors.inputs import VendorOrderField
from domain.shared.roles import Role
from domain.vendors.models import Tier, VendorCategory, VendorStatus
from tests.factories import actor_of, global_id, gql, make_member, make_tenant, make_vendor

LIST = """query($filter: VendorFilter, $orderBy: VendorOrder, $first: Int, $after: String,
               $last: Int, $before: String) {
  vendors(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last,
          before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { name } } } }"""

LIST_PAGE = """query($first: Int, $filter: VendorFilter = {status: [ACTIVE]}) {
  vendors(first: $first, filter: $filter) {
  totalCount edges { node { id name status tier contactsCount fourthPartiesCount
  businessOwner { role displayName user { email } }
  findingCounts { open } latestSocReport { opinion periodEnd } } } } }"""


def names(body):
    return [e["node"]["name"] for e in body["data"]["vendors"]["edges"]]


async def _inventory(db):
    acme = await make_tenant(db)
    owner = await make_member(db, acme.tenant_id, "owner@acme.example", Role.PROCUREMENT)
    await make_vendor(
        db,
        acme,
        "Acme Cloud Hosting",
        domain="acmecloud.example",
        status=VendorStatus.ACTIVE,
        tags=["hosting"],
        business_owner_id=owner.membership_id,
        data_access={"data_categories": ["CREDENTIALS"], "access_level": "ADMIN"},
    )
    await make_vendor(
        db,
        acme,
        "Beta Payroll",
        legal_name="Beta Payroll Services GmbH",
        domain="betapay.example",
        category="HR",
        data_access={"data_categories": ["PERSONAL_DATA"], "hosting_regions": ["EU"]},
    )
    await make_vendor(
        db,
        acme,
        "Cloudy Analytics",
        domain="cloudy.example",
        status=VendorStatus.ACTIVE,
        category="ANALYTICS",
        tags=["hosting", "eu"],
    )
    await make_vendor(db, acme, "Delta Print", domain="deltaprint.example")
    return acme, owner


async def test_filters_combine(client, db):
    acme, owner = await _inventory(db)

    active = await gql(client, LIST, {"filter": {"status": ["ACTIVE"]}}, token=acme.token)
    tagged = await gql(
        client, LIST, {"filter": {"tag": "HOSTING", "category": ["ANALYTICS"]}}, token=acme.token
    )
    critical = await gql(client, LIST, {"filter": {"tier": ["CRITICAL"]}}, token=acme.token)
    owned = await gql(client, LIST, {"filter": {"ownerId": owner.global_id}}, token=acme.token)
    nobody = await gql(
        client, LIST, {"filter": {"ownerId": global_id("Member", uuid.uuid4())}}, token=acme.token
    )

    assert names(active) == ["Acme Cloud Hosting", "Cloudy Analytics"]
    assert names(tagged) == ["Cloudy Analytics"]
    assert names(critical) == ["Acme Cloud Hosting"]
    assert names(owned) == ["Acme Cloud Hosting"]
    assert names(nobody) == []


async def test_created_and_updated_ranges(client, db):
    acme, _ = await _inventory(db)
    now = datetime.now(UTC)

    future = await gql(
        client,
        LIST,
        {"filter": {"createdAfter": (now + timedelta(hours=1)).isoformat()}},
        token=acme.token,
    )
    past = await gql(
        client,
        LIST,
        {
            "filter": {
                "updatedBefore": (now + timedelta(hours=1)).isoformat(),
                "createdAfter": (now - timedelta(hours=1)).isoformat(),
            }
        },
        token=acme.token,
    )

    assert future["data"]["vendors"]["totalCount"] == 0
    assert past["data"]["vendors"]["totalCount"] == 4


async def test_search_matches_word_prefixes_in_name_legal_name_and_domain(client, db):
    acme, _ = await _inventory(db)

    by_prefix = await gql(client, LIST, {"filter": {"search": "clou"}}, token=acme.token)
    by_legal = await gql(client, LIST, {"filter": {"search": "gmbh"}}, token=acme.token)
    by_domain = await gql(client, LIST, {"filter": {"search": "betapay"}}, token=acme.token)
    two_words = await gql(client, LIST, {"filter": {"search": "acme host"}}, token=acme.token)
    hostile = await gql(client, LIST, {"filter": {"search": "a' | b:* & !( "}}, token=acme.token)

    assert sorted(names(by_prefix)) == ["Acme Cloud Hosting", "Cloudy Analytics"]
    assert names(by_legal) == ["Beta Payroll"]
    assert names(by_domain) == ["Beta Payroll"]
    assert names(two_words) == ["Acme Cloud Hosting"]
    assert "errors" not in hostile


async def test_search_ranks_a_name_match_above_a_legal_name_match(client, db):
    acme = await make_tenant(db)
    await make_vendor(
        db, acme, "Zeta Tools", legal_name="Northwind Holdings", domain="zeta.example"
    )
    await make_vendor(db, acme, "Northwind", domain="northwind.example")

    body = await gql(client, LIST, {"filter": {"search": "northwind"}}, token=acme.token)

    assert names(body) == ["Northwind", "Zeta Tools"]


async def test_order_by_tier_descending_then_name(client, db):
    acme, _ = await _inventory(db)

    body = await gql(
        client, LIST, {"orderBy": {"field": "TIER", "direction": "DESC"}}, token=acme.token
    )

    assert names(body)[0] == "Acme Cloud Hosting"
    assert body["data"]["vendors"]["totalCount"] == 4


async def test_pages_forward_and_back_with_cursors(client, db):
    acme, _ = await _inventory(db)

    page1 = await gql(client, LIST, {"first": 3}, token=acme.token)
    end = page1["data"]["vendors"]["pageInfo"]["endCursor"]
    page2 = await gql(client, LIST, {"first": 3, "after": end}, token=acme.token)
    start = page2["data"]["vendors"]["pageInfo"]["startCursor"]
    back = await gql(client, LIST, {"last": 2, "before": start}, token=acme.token)
    other_order = await gql(
        client, LIST, {"first": 3, "after": end, "orderBy": {"field": "TIER"}}, token=acme.token
    )

    assert names(page1) == ["Acme Cloud Hosting", "Beta Payroll", "Cloudy Analytics"]
    assert names(page2) == ["Delta Print"]
    assert page2["data"]["vendors"]["pageInfo"]["hasNextPage"] is False
    assert names(back) == ["Beta Payroll", "Cloudy Analytics"]
    assert other_order["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_list_page_costs_the_same_statements_at_any_size(client, db, count_statements):
    acme = await make_tenant(db)
    owners = [
        await make_member(db, acme.tenant_id, f"o{i}@acme.example", Role.REVIEWER) for i in range(3)
    ]
    async with db.transaction(acme.tenant_id) as session:
        from domain.vendors import relations, service

        for i in range(60):
            vendor = await service.create_vendor(
                session,
                actor_of(acme),
                {
                    "name": f"Vendor {i:02}",
                    "domain": f"v{i}.example",
                    "business_owner_id": owners[i % 3].membership_id,
                },
                VendorStatus.ACTIVE,
            )
            await relations.add_contact(
                session, actor_of(acme), vendor.id, "C", "c@v.example", "PRIMARY"
            )
            await relations.add_fourth_party(session, actor_of(acme), vendor.id, "AWS", None)

    counts = {}
    for search in (None, "vendor"):
        for size in (5, 50):
            count_statements.count = 0
            variables = {"first": size, "filter": {"status": ["ACTIVE"], "search": search}}
            body = await gql(client, LIST_PAGE, variables, token=acme.token)
            edges = body["data"]["vendors"]["edges"]
            assert len(edges) == size
            assert edges[0]["node"]["contactsCount"] == 1
            assert edges[0]["node"]["fourthPartiesCount"] == 1
            assert edges[0]["node"]["businessOwner"]["user"]["email"].endswith("@acme.example")
            counts[search, size] = count_statements.count

    # Authentication; then the page, written as JSON by PostgreSQL (app/api/json_pages.py):
    # its rows with their counts, owners, finding counts and latest reports, and its total
    # (a search counts its matches with a window, as it ranks every one anyway; a filter
    # with a subquery), in one statement.
    assert counts == {(None, 5): 2, (None, 50): 2, ("vendor", 5): 2, ("vendor", 50): 2}


FRAGMENT_PAGE = """query($first: Int) { vendors(first: $first, filter: {status: [ACTIVE]}) {
  totalCount ...Rows } }
fragment Rows on VendorConnection { edges { node { id ... on Vendor { name status tier
  contactsCount fourthPartiesCount ...Owner } } } }
fragment Owner on Vendor { businessOwner { role displayName user { email } }
  findingCounts { open } latestSocReport { opinion periodEnd } }"""


async def test_a_page_asked_through_fragments_reads_the_same_in_as_few_statements(
    client, db, count_statements
):
    acme = await make_tenant(db)
    owner = await make_member(db, acme.tenant_id, "owner@acme.example", Role.REVIEWER)
    async with db.transaction(acme.tenant_id) as session:
        from domain.vendors import relations, service

        for i in range(4):
            vendor = await service.create_vendor(
                session,
                actor_of(acme),
                {"name": f"Vendor {i}", "domain": f"v{i}.example"}
                | ({"business_owner_id": owner.membership_id} if i % 2 else {}),
                VendorStatus.ACTIVE,
            )
            for _ in range(i):
                await relations.add_contact(
                    session, actor_of(acme), vendor.id, "C", "c@v.example", "PRIMARY"
                )

    count_statements.count = 0
    direct = await gql(client, LIST_PAGE, {"first": 10}, token=acme.token)
    direct_statements = count_statements.count
    count_statements.count = 0
    through_fragments = await gql(client, FRAGMENT_PAGE, {"first": 10}, token=acme.token)

    assert through_fragments == direct
    assert count_statements.count == direct_statements
    nodes = [edge["node"] for edge in direct["data"]["vendors"]["edges"]]
    assert [n["contactsCount"] for n in nodes] == [0, 1, 2, 3]
    assert [n["businessOwner"] and n["businessOwner"]["user"]["email"] for n in nodes] == [
        None,
        "owner@acme.example",
        None,
        "owner@acme.example",
    ]


NODES_PAGE = """query($first: Int) { vendors(first: $first, filter: {status: [ACTIVE]}) {
  totalCount nodes { id name status tier contactsCount fourthPartiesCount
  businessOwner { role displayName user { email } }
  findingCounts { open } latestSocReport { opinion periodEnd } } } }"""


async def test_a_page_asked_through_nodes_is_the_edges_nodes_in_as_few_statements(
    client, db, count_statements
):
    acme = await make_tenant(db)
    owner = await make_member(db, acme.tenant_id, "owner@acme.example", Role.REVIEWER)
    for i in range(4):
        await make_vendor(
            db,
            acme,
            f"Vendor {i}",
            status=VendorStatus.ACTIVE,
            **({"business_owner_id": owner.membership_id} if i % 2 else {}),
        )

    count_statements.count = 0
    through_edges = await gql(client, LIST_PAGE, {"first": 10}, token=acme.token)
    edge_statements = count_statements.count
    count_statements.count = 0
    through_nodes = await gql(client, NODES_PAGE, {"first": 10}, token=acme.token)

    edges = through_edges["data"]["vendors"]["edges"]
    assert through_nodes["data"]["vendors"]["nodes"] == [edge["node"] for edge in edges]
    assert count_statements.count == edge_statements


async def test_first_zero_is_an_empty_page_with_the_total(client, db):
    acme, _ = await _inventory(db)

    body = await gql(client, LIST, {"first": 0}, token=acme.token)

    assert body["data"]["vendors"]["edges"] == []
    assert body["data"]["vendors"]["totalCount"] == 4
    assert body["data"]["vendors"]["pageInfo"]["hasNextPage"] is True


async def test_a_cursor_is_refused_by_another_order_or_when_forged(client, db):
    import base64
    import json

    acme, _ = await _inventory(db)
    relevance = await gql(
        client, LIST, {"first": 1, "filter": {"search": "clou"}}, token=acme.token
    )
    cursor = relevance["data"]["vendors"]["pageInfo"]["endCursor"]
    forged = base64.urlsafe_b64encode(
        json.dumps({"o": "TIER:0:0", "k": ["not a number", "x"]}).encode()
    ).decode()

    by_name = await gql(
        client,
        LIST,
        {"first": 1, "after": cursor, "filter": {"search": "clou"}, "orderBy": {"field": "NAME"}},
        token=acme.token,
    )
    no_words = await gql(
        client, LIST, {"first": 1, "after": cursor, "filter": {"search": "!!!"}}, token=acme.token
    )
    typed = await gql(
        client, LIST, {"first": 1, "after": forged, "orderBy": {"field": "TIER"}}, token=acme.token
    )

    for body in (by_name, no_words, typed):
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["after"]}


async def test_a_search_page_of_zero_still_counts_the_matches(client, db):
    acme, _ = await _inventory(db)

    body = await gql(client, LIST, {"first": 0, "filter": {"search": "clou"}}, token=acme.token)

    assert body["data"]["vendors"]["totalCount"] == 2
    assert body["data"]["vendors"]["edges"] == []


async def test_a_search_pages_forward_and_back_in_a_chosen_order_with_its_filters(client, db):
    acme = await make_tenant(db)
    for name in ("Echo Cloud", "Alpha Cloud", "Delta Cloud", "Bravo Cloud", "Cloud Charlie"):
        await make_vendor(
            db, acme, name, domain=f"{name.split()[0].lower()}.example", status=VendorStatus.ACTIVE
        )
    await make_vendor(db, acme, "Foxtrot Cloud", domain="foxtrot.example")  # a prospect
    search = {"search": "cloud", "status": ["ACTIVE"]}
    by_name = {"field": "NAME"}

    page1 = await gql(
        client, LIST, {"first": 2, "filter": search, "orderBy": by_name}, token=acme.token
    )
    end = page1["data"]["vendors"]["pageInfo"]["endCursor"]
    page2 = await gql(
        client,
        LIST,
        {"first": 2, "after": end, "filter": search, "orderBy": by_name},
        token=acme.token,
    )
    start = page2["data"]["vendors"]["pageInfo"]["startCursor"]
    back = await gql(
        client,
        LIST,
        {"last": 5, "before": start, "filter": search, "orderBy": by_name},
        token=acme.token,
    )

    assert names(page1) == ["Alpha Cloud", "Bravo Cloud"]
    assert names(page2) == ["Cloud Charlie", "Delta Cloud"]
    assert names(back) == ["Alpha Cloud", "Bravo Cloud"]
    assert page2["data"]["vendors"]["totalCount"] == 5
    assert page2["data"]["vendors"]["pageInfo"]["hasNextPage"] is True
    assert back["data"]["vendors"]["pageInfo"]["hasPreviousPage"] is False


async def test_a_search_takes_every_filter_and_every_order(client, db):
    acme, owner = await _inventory(db)
    now = datetime.now(UTC)
    hour = timedelta(hours=1)
    every_filter = {
        "search": "clou",
        "status": ["ACTIVE"],
        "tier": [tier.value for tier in Tier],
        "category": [category.value for category in VendorCategory],
        "ownerId": owner.global_id,
        "tag": "hosting",
        "createdAfter": (now - hour).isoformat(),
        "createdBefore": (now + hour).isoformat(),
        "updatedAfter": (now - hour).isoformat(),
        "updatedBefore": (now + hour).isoformat(),
    }

    for field in VendorOrderField:
        for direction in ("ASC", "DESC"):
            order = {"field": field.value, "direction": direction}
            body = await gql(
                client, LIST, {"filter": every_filter, "orderBy": order}, token=acme.token
            )

            assert names(body) == ["Acme Cloud Hosting"], (order, body)


VENDOR_LISTS_PAGE = """query($first: Int) { vendors(first: $first) { nodes { id
  findings(first: 2) { totalCount nodes { id statusHistory { toStatus } report { id } } }
  documents(first: 2) { totalCount nodes { id } } } } }"""


async def test_the_vendors_findings_and_documents_cost_the_same_statements_at_any_page_size(
    client, db, count_statements
):
    from domain.findings.rules import add_months
    from tests.factories import SMALL_EXTRACTION, make_read_report

    acme = await make_tenant(db)
    today = datetime.now(UTC).date()
    period = {
        "period_start": add_months(today, -13).isoformat(),
        "period_end": add_months(today, -1).isoformat(),
    }
    for i in range(6):
        vendor = await make_vendor(db, acme, f"Vendor {i}", status=VendorStatus.ACTIVE)
        await make_read_report(db, acme, vendor.id, {**SMALL_EXTRACTION, **period})

    counts = {}
    for size in (2, 6):
        count_statements.count = 0
        body = await gql(client, VENDOR_LISTS_PAGE, {"first": size}, token=acme.token)
        assert "errors" not in body, body
        nodes = body["data"]["vendors"]["nodes"]
        assert len(nodes) == size
        assert all(n["findings"]["totalCount"] > 0 for n in nodes)
        assert all(n["documents"]["totalCount"] == 1 for n in nodes)
        counts[size] = count_statements.count

    # Vendor.findings and Vendor.documents are lists of their own under each vendor: read
    # one vendor at a time, they cost a count and a page per vendor, and their rows' fields
    # a batch per vendor, so a longer page of vendors costs more statements.
    assert counts[6] == counts[2], counts
