"""Unexpected errors are masked; bad input gets a clear error and changes nothing."""

import strawberry

from app.api.errors import MASKED_MESSAGE, ErrorPolicy
from domain.shared.errors import InvalidInput
from tests.factories import gql, gql_response, make_tenant, tenant_state


@strawberry.type
class Exploding:
    @strawberry.field
    def leak(self) -> str:
        raise RuntimeError('relation "secret_table" does not exist: SELECT * FROM secret_table')

    @strawberry.field
    def domain(self) -> str:
        raise InvalidInput("first must be positive.", "first")


TINY = strawberry.Schema(query=Exploding, extensions=[ErrorPolicy])


async def test_an_unexpected_error_is_masked_with_no_detail():
    result = await TINY.execute("{ leak }", context_value=None)

    [error] = result.errors
    assert error.message == MASKED_MESSAGE
    assert error.extensions["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret_table" not in str(error.formatted)


async def test_a_domain_error_in_a_query_keeps_its_code_and_message():
    result = await TINY.execute("{ domain }")

    [error] = result.errors
    assert error.message == "first must be positive."
    assert error.extensions == {"code": "BAD_USER_INPUT", "field": ["first"]}


async def test_a_syntax_error_says_what_is_wrong_and_changes_nothing(client, db):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(client, "mutation { addMember(input: {email: ", token=acme.token)

    assert "Syntax Error" in body["errors"][0]["message"]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_wrongly_typed_variable_is_refused_before_anything_runs(client, db):
    acme = await make_tenant(db)
    before = await tenant_state(db, acme.tenant_id)

    body = await gql(
        client,
        "mutation($i: AddMemberInput!) { addMember(input: $i) { errors { code } } }",
        {"i": {"email": "x@acme.example", "role": "OWNER"}},
        token=acme.token,
    )

    assert body["data"] is None
    assert "OWNER" in body["errors"][0]["message"]
    assert await tenant_state(db, acme.tenant_id) == before


async def test_a_malformed_global_id_is_an_error_not_a_crash(client, db):
    acme = await make_tenant(db)

    body = await gql(client, 'query { node(id: "%%%not-base64") { id } }', token=acme.token)

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_body_that_is_not_json_gets_400(client, db):
    acme = await make_tenant(db)

    response = await client.post(
        "/graphql",
        content=b"{not json",
        headers={"Authorization": f"Bearer {acme.token}", "Content-Type": "application/json"},
    )

    assert response.status_code == 400


async def test_a_bad_cursor_is_a_clear_invalid_error(client, db):
    acme = await make_tenant(db)

    body = await gql(client, '{ members(after: "garbage!") { totalCount } }', token=acme.token)

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": ["after"]}


async def test_page_size_is_bounded(client, db):
    acme = await make_tenant(db)

    response = await gql_response(
        client, "{ members(first: 100000) { totalCount } }", token=acme.token
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_every_response_carries_a_request_id(client, db):
    acme = await make_tenant(db)

    given = await gql_response(
        client, "{ viewer { role } }", token=acme.token, headers={"X-Request-ID": "abc-123"}
    )
    made = await gql_response(client, "{ viewer { role } }", token=acme.token)
    hostile = await gql_response(
        client, "{ viewer { role } }", token=acme.token, headers={"X-Request-ID": "bad id;" * 20}
    )

    assert given.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32
    assert len(hostile.headers["x-request-id"]) == 32
