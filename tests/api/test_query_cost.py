"""An operation's cost is estimated before it runs; one over the limit is refused whole."""

from graphql import parse

from app.api.cost import LIST_SIZE, estimate
from app.api.schema import schema
from domain.shared.roles import Role
from tests.factories import global_id, gql, make_member, make_tenant, make_vendor

GRAPHQL_SCHEMA = schema._schema
ADD_FOURTH_PARTY = """mutation($input: AddFourthPartyInput!) { addFourthParty(input: $input) {
  errors { code } } }"""


def _cost(query: str, variables: dict | None = None, max_page_size: int = 100) -> int:
    return estimate(GRAPHQL_SCHEMA, parse(query), None, variables, max_page_size)


def _hops(levels: int, leaf: str = "name") -> str:
    """fourthParties { linkedVendor { ... } } nested `levels` deep, `leaf` at the bottom."""
    inner = f"fourthParties {{ {leaf} }}"
    for _ in range(levels - 1):
        inner = f"fourthParties {{ linkedVendor {{ {inner} }} }}"
    return inner


def _leaves(value) -> int:
    if isinstance(value, dict):
        return sum(_leaves(v) for v in value.values())
    if isinstance(value, list):
        return sum(_leaves(v) for v in value)
    return 1


def test_a_page_costs_its_size_in_every_field_under_its_edges():
    # the connection and its edges list resolve once; each node and its fields once per item
    assert _cost("{ vendors(first: 100) { edges { node { name } } } }") == 2 + 100 * 2
    assert _cost("{ vendors(last: 7) { totalCount edges { node { name } } } }") == 3 + 7 * 2


def test_a_page_asked_through_nodes_costs_what_its_edges_would():
    # the same fields per item, less the `node` field each edge adds
    assert _cost("{ vendors(first: 100) { nodes { name } } }") == 2 + 100 * 1
    nested = _hops(3)
    assert (
        _cost(f"{{ vendors(first: 50) {{ nodes {{ {nested} }} }} }}")
        == _cost(f"{{ vendors(first: 50) {{ edges {{ node {{ {nested} }} }} }} }}") - 50
    )


def test_a_page_without_a_size_costs_the_default_page_and_a_variable_its_value():
    query = "query($n: Int) { vendors(first: $n) { edges { node { name } } } }"

    assert _cost(query, {"n": 5}) == 2 + 5 * 2
    assert _cost(query, {}) == 2 + 20 * 2
    assert _cost("{ vendors { edges { node { id } } } }") == 2 + 20 * 2


def test_a_page_larger_than_allowed_is_costed_at_the_largest_page():
    # the resolver refuses it with its own error; the estimate need not be larger
    assert _cost("{ vendors(first: 5000) { edges { node { id } } } }", max_page_size=100) == 202


def test_a_plain_list_costs_the_assumed_list_size_and_nesting_multiplies():
    one = _cost('{ vendor(id: "x") { fourthParties { name } } }')
    two = _cost(f'{{ vendor(id: "x") {{ {_hops(2)} }} }}')

    assert one == 2 + LIST_SIZE
    assert two == 2 + LIST_SIZE * 2 + LIST_SIZE**2


def test_fragments_and_inline_fragments_count_what_they_select():
    spread = """{ vendors(first: 10) { edges { node { ...V } } } }
      fragment V on Vendor { name domain }"""
    inline = '{ node(id: "x") { ... on Vendor { name domain } ... on Document { title } } }'

    assert _cost(spread) == 2 + 10 * 3
    assert _cost(inline) == 1 + 3


async def test_the_fourth_party_cycle_query_is_refused_before_it_runs(client, db):
    acme = await make_tenant(db)
    query = "{ vendors(first: 100) { edges { node { " + _hops(4) + " } } } }"

    body = await gql(client, query, token=acme.token)

    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["maxCost"] == 10_000
    assert error["extensions"]["cost"] == _cost(query)
    assert "over the limit of 10000" in error["message"]


async def test_the_same_document_is_costed_again_for_other_page_sizes(client, db):
    """An operation's estimate is kept for its document and integer variables: the same
    document asking for larger pages is refused, and asking for small ones again is not."""
    acme = await make_tenant(db)
    query = "query($n: Int) { vendors(first: $n) { edges { node { " + _hops(2) + " } } } }"
    for n, refused in ((1, False), (100, True), (1, False)):
        body = await gql(client, query, {"n": n}, token=acme.token)
        codes = [e["extensions"]["code"] for e in body.get("errors", [])]
        assert (codes == ["QUERY_TOO_COSTLY"]) is refused, (n, body)


async def test_the_worst_allowed_query_resolves_no_more_than_its_estimate(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "viewer@acme.example", Role.VIEWER)
    first = await make_vendor(db, acme, "Globex Cloud")
    second = await make_vendor(db, acme, "Initech Hosting")
    # each vendor has LIST_SIZE fourth parties, every one of them the other vendor: a cycle
    for vendor, other in ((first, second), (second, first)):
        for n in range(LIST_SIZE):
            body = await gql(
                client,
                ADD_FOURTH_PARTY,
                {
                    "input": {
                        "vendorId": global_id("Vendor", vendor.id),
                        "name": f"{other.name} {n}",
                        "linkedVendorId": global_id("Vendor", other.id),
                    }
                },
                token=acme.token,
            )
            assert body["data"]["addFourthParty"]["errors"] == []
    allowed = f'{{ vendor(id: "{global_id("Vendor", first.id)}") {{ {_hops(3)} }} }}'
    refused = f'{{ vendor(id: "{global_id("Vendor", first.id)}") {{ {_hops(4)} }} }}'

    ran = await gql(client, allowed, token=viewer.token)
    stopped = await gql(client, refused, token=viewer.token)

    assert "errors" not in ran
    assert _leaves(ran["data"]) == LIST_SIZE**3 <= _cost(allowed) <= 10_000
    assert stopped["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_a_variable_left_out_is_costed_at_its_default():
    query = "query($n: Int = 100) { vendors(first: $n) { edges { node { name } } } }"

    assert _cost(query) == 2 + 100 * 2
    assert _cost(query, {"n": 3}) == 2 + 3 * 2


def test_fragments_spread_again_and_again_are_counted_in_full_and_walked_once():
    # F20 spreads F19 twice, which spreads F18 twice ... : 2^20 fields, one walk per fragment
    fragments = ["fragment F0 on Vendor { name }"] + [
        f"fragment F{k} on Vendor {{ ...F{k - 1} ...F{k - 1} }}" for k in range(1, 21)
    ]
    query = '{ vendor(id: "x") { ...F20 } } ' + " ".join(fragments)

    assert _cost(query) == 1 + 2**20


def test_a_plain_list_that_takes_first_costs_that_many_or_its_default():
    query = """query($id: ID!, $n: Int!) { customerQuestionnaire(id: $id) {
      questions(first: 10) { nodes { suggestions(first: $n) { answer } } } } }"""
    default = """query($id: ID!) { customerQuestionnaire(id: $id) {
      questions(first: 10) { nodes { suggestions { answer } } } } }"""

    # the questionnaire, its page and nodes once; each question and its list; each answer
    assert _cost(query, {"id": "x", "n": 3}) == 3 + 10 * (1 + 3)
    assert _cost(default, {"id": "x"}) == 3 + 10 * (1 + 5)
    # none or fewer is held to one by the resolver: costed so, never free
    assert _cost(query, {"id": "x", "n": 0}) == _cost(query, {"id": "x", "n": -5}) == 3 + 10 * 2
