"""Reads are batched: a page's SQL statement count does not grow with its size."""

from domain.shared.roles import Role
from tests.factories import gql, make_member, make_tenant

TOKENS_WITH_MEMBERS = """
query($first: Int) { apiTokens(first: $first) { totalCount edges { node {
  name member { role displayName user { email } } } } } }
"""


async def test_token_page_with_members_and_users_costs_the_same_statements_at_any_size(
    client, db, count_statements
):
    acme = await make_tenant(db)
    for i in range(12):
        await make_member(db, acme.tenant_id, f"m{i}@acme.example", Role.VIEWER)

    counts = {}
    for size in (2, 12):
        count_statements.count = 0
        body = await gql(client, TOKENS_WITH_MEMBERS, {"first": size}, token=acme.token)
        assert len(body["data"]["apiTokens"]["edges"]) == size
        counts[size] = count_statements.count

    assert counts[2] == counts[12]
