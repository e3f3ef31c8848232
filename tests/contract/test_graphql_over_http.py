"""/graphql speaks GraphQL over HTTP (app/api/graphql_http.py): the media type a client
accepts, the status that says what happened, and the requests that are not GraphQL requests.

Real HTTP against the ASGI app; test_http_audit.py runs graphql-http's own audit against a
running server."""

import json
from datetime import date
from decimal import Decimal

import pytest

from app.api import graphql_http
from app.api.json_pages import WrittenJSON
from app.api.view import GraphQLView
from domain.shared.roles import Role
from tests.factories import make_member, make_tenant, make_vendor

GRJ = "application/graphql-response+json"
JSON = "application/json"
LEGACY = {"Accept": JSON}
MODERN = {"Accept": GRJ}
PARSE_FAILURE = "{"
VALIDATION_FAILURE = "{ noSuchField }"


@pytest.fixture
async def auth(db):
    acme = await make_tenant(db)
    return {"Authorization": f"Bearer {acme.token}"}


def media_type(response) -> str:
    return response.headers["content-type"].split(";")[0]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (GRJ, GRJ),
        (f"{GRJ}, {JSON};q=0.9", GRJ),  # what the spec asks clients to send
        (f"{GRJ}, {JSON}", GRJ),  # named both at the same weight: the spec's own
        (f"{JSON}, {GRJ}", GRJ),
        (f"{JSON}, {GRJ};q=0.5", JSON),
        (JSON, JSON),
        ("*/*", JSON),  # legacy clients, curl, fetch
        ("application/*", JSON),
        (f"*/*, {GRJ}", GRJ),  # named beats reached through a wildcard
        (f"{JSON};q=0, */*", GRJ),
        (None, JSON),
    ],
)
async def test_the_response_is_in_the_media_type_the_client_prefers(client, auth, accept, expected):
    headers = {**auth, **({"Accept": accept} if accept else {})}
    if accept is None:
        client.headers.pop("Accept", None)

    response = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == f"{expected}; charset=utf-8"
    assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.parametrize("accept", ["text/html", f"{JSON};q=0", "image/png, text/*"])
async def test_a_client_that_accepts_neither_media_type_is_answered_406(client, auth, accept):
    response = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={**auth, "Accept": accept}
    )

    assert response.status_code == 406
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (PARSE_FAILURE, None),
        (VALIDATION_FAILURE, None),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": None}),  # variables do not coerce
    ],
    ids=["parse", "validation", "coercion"],
)
async def test_a_request_error_is_400_without_data_and_200_for_legacy_clients(
    client, auth, query, variables
):
    body = {"query": query, "variables": variables}

    modern = await client.post("/graphql", json=body, headers={**auth, **MODERN})
    legacy = await client.post("/graphql", json=body, headers={**auth, **LEGACY})

    assert (modern.status_code, media_type(modern)) == (400, GRJ)
    assert "data" not in modern.json()
    assert modern.json()["errors"]
    # application/json: every well-formed request is 200, its body as it always was
    assert (legacy.status_code, media_type(legacy)) == (200, JSON)
    assert legacy.json()["data"] is None
    assert legacy.json()["errors"] == modern.json()["errors"]


async def test_an_operation_that_cannot_be_picked_is_a_request_error(client, auth):
    body = {"query": "query A { __typename } query B { __typename }", "operationName": "C"}

    modern = await client.post("/graphql", json=body, headers={**auth, **MODERN})
    legacy = await client.post("/graphql", json=body, headers={**auth, **LEGACY})

    assert modern.status_code == 400
    assert "data" not in modern.json()
    assert 'Unknown operation named "C"' in modern.json()["errors"][0]["message"]
    assert legacy.status_code == 200


async def test_tprm_s_own_limits_are_request_errors_too(client, auth):
    too_many_aliases = "{ viewer { " + " ".join(f"a{n}: role" for n in range(31)) + " } }"
    too_costly = (
        "{ vendors(first: 100) { edges { node { fourthParties { linkedVendor { fourthParties "
        "{ linkedVendor { fourthParties { name } } } } } } } } }"
    )

    aliases = await client.post(
        "/graphql", json={"query": too_many_aliases}, headers={**auth, **MODERN}
    )
    cost = await client.post("/graphql", json={"query": too_costly}, headers={**auth, **MODERN})

    assert aliases.status_code == 400
    assert "aliases" in aliases.json()["errors"][0]["message"]
    assert cost.status_code == 400
    assert cost.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert "data" not in cost.json()


async def test_field_errors_are_an_executed_operation_200_with_data(client, auth):
    response = await client.post(
        "/graphql",
        json={"query": '{ __typename node(id: "%%%not-an-id") { id } }'},
        headers={**auth, **MODERN},
    )

    body = response.json()
    assert (response.status_code, media_type(response)) == (200, GRJ)
    assert body["data"] == {"__typename": "Query", "node": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_error_that_nulls_all_data_is_still_an_executed_operation(client, db):
    acme = await make_tenant(db)
    viewer = await make_member(db, acme.tenant_id, "v@acme.example", Role.VIEWER)

    response = await client.post(
        "/graphql",
        json={"query": "{ auditEvents { totalCount } }"},  # non-null, refused to a VIEWER
        headers={"Authorization": f"Bearer {viewer.token}", **MODERN},
    )

    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None  # present, and null
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_mutation_over_get_is_405_and_names_post(client, auth):
    mutation = (
        'mutation { createVendor(input: {name: "X", domain: "x.example"}) { errors { code } } }'
    )

    for accept in (GRJ, JSON):
        response = await client.get(
            "/graphql", params={"query": mutation}, headers={**auth, "Accept": accept}
        )

        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert media_type(response) == accept
        assert response.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    vendors = await client.post(
        "/graphql", json={"query": "{ vendors { totalCount } }"}, headers=auth
    )
    assert vendors.json()["data"]["vendors"]["totalCount"] == 0  # nothing ran


@pytest.mark.parametrize("method", ["HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"])
async def test_a_method_other_than_get_and_post_is_405(client, auth, method):
    response = await client.request(method, "/graphql", headers=auth)

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"


async def test_a_query_over_get_runs_with_its_variables(client, auth):
    response = await client.get(
        "/graphql",
        params={
            "query": "query T($name: String!) { __type(name: $name) { name } }",
            "variables": json.dumps({"name": "Vendor"}),
            "operationName": "T",
            "extensions": "",  # an empty parameter is one not given
        },
        headers={**auth, **MODERN},
    )

    assert response.status_code == 200
    assert response.json() == {"data": {"__type": {"name": "Vendor"}}}


@pytest.mark.parametrize(
    ("content_type", "status"),
    [
        ("application/json; charset=utf-8", 200),
        ("application/json; charset=UTF-8", 200),
        ("Application/JSON", 200),
        ("application/json; charset=iso-8859-1", 415),
        ("text/plain;charset=UTF-8", 415),  # what fetch sends for a string body
        ("application/graphql", 415),
        (None, 415),
    ],
)
async def test_a_post_body_is_json_in_utf_8(client, auth, content_type, status):
    headers = {**auth, **MODERN, **({"Content-Type": content_type} if content_type else {})}

    response = await client.post(
        "/graphql",
        content=json.dumps({"query": '{ __type(name: "Run🏃") { name } }'}).encode(),
        headers=headers,
    )

    assert response.status_code == status, response.text
    if status == 415:
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b'{"query": "{ __typename }"'.replace(b"{ __", b"\xff"),  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # nested past the parser's recursion
        b'[{"query": "{ __typename }"}]',  # a batch
        b'"{ __typename }"',
        b"5",
        b"{}",
        b'{"qeury": "{ __typename }"}',
        b'{"query": ""}',
        b'{"query": {"obj": "ect"}}',
        b'{"query": "{ __typename }", "operationName": 0}',
        b'{"query": "{ __typename }", "variables": "{}"}',
        b'{"query": "{ __typename }", "variables": []}',
        b'{"query": "{ __typename }", "extensions": false}',
    ],
    ids=lambda body: body[:40].decode("utf-8", "replace"),
)
async def test_a_body_that_is_not_a_graphql_request_is_400(client, auth, body):
    for accept in (GRJ, JSON):
        response = await client.post(
            "/graphql",
            content=body,
            headers={**auth, "Accept": accept, "Content-Type": JSON},
        )

        assert response.status_code == 400, response.text
        assert media_type(response) == accept
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_null_optional_parameters_are_parameters_not_given(client, auth):
    response = await client.post(
        "/graphql",
        json={
            "query": "{ __typename }",
            "operationName": None,
            "variables": None,
            "extensions": None,
        },
        headers={**auth, **MODERN},
    )

    assert response.json() == {"data": {"__typename": "Query"}}


async def test_without_a_token_it_is_still_401_whatever_is_asked(client, db):
    post = await client.post("/graphql", json={"query": "{ __typename }"}, headers=MODERN)
    get = await client.get("/graphql", params={"query": "{ __typename }"}, headers=MODERN)

    assert post.status_code == get.status_code == 401
    assert get.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_browser_still_gets_graphiql_without_a_token(client, db):
    response = await client.get(
        "/graphql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


async def test_a_multipart_upload_answers_in_the_accepted_media_type(client, auth):
    csv = b"name,domain\nGlobex,globex.example\n"

    response = await client.post(
        "/graphql",
        data={
            "operations": json.dumps(
                {
                    "query": "mutation($input: ImportVendorsInput!) { importVendors(input: "
                    "$input) { report { created } errors { code } } }",
                    "variables": {"input": {"file": None}},
                }
            ),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": ("vendors.csv", csv, "text/csv")},
        headers={**auth, **MODERN},
    )

    assert (response.status_code, media_type(response)) == (200, GRJ)
    assert response.json()["data"]["importVendors"] == {"report": {"created": 1}, "errors": []}


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"data": None, "errors": [{"message": "m", "path": ["a"]}]}, 200),
        ({"errors": [{"message": "Syntax Error"}]}, 400),
        ({"errors": [{"message": "m", "extensions": {"code": "FORBIDDEN"}}]}, 403),
        (
            {
                "errors": [
                    {"message": "m", "extensions": {"code": "BAD_USER_INPUT"}},
                    {
                        "message": "Unexpected error.",
                        "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                    },
                ]
            },
            500,
        ),
    ],
)
def test_a_request_error_that_is_not_the_client_s_keeps_its_own_status(body, status):
    # no operation can be made to fail this way on purpose: the rule, on its own
    assert graphql_http.status(body, GRJ) == status
    assert graphql_http.status(body, JSON) == 200


VENDOR_SCALARS = """{ vendors(first: 1) { edges { node {
    id name createdAt annualSpend contractStart } } } }"""


async def test_a_response_is_utf_8_json_with_text_as_stored(client, db):
    acme = await make_tenant(db)
    await make_vendor(
        db,
        acme,
        'Zürich Ωmega 東京 "quoted" \\ <tag>',
        domain="zurich.example",
        annual_spend=Decimal("1234.50"),
        contract_start=date(2026, 1, 31),
    )

    response = await client.post(
        "/graphql",
        json={"query": VENDOR_SCALARS},
        headers={"Authorization": f"Bearer {acme.token}", **LEGACY},
    )

    assert response.headers["content-type"] == f"{JSON}; charset=utf-8"
    node = json.loads(response.content.decode("utf-8"))["data"]["vendors"]["edges"][0]["node"]
    assert node["name"] == 'Zürich Ωmega 東京 "quoted" \\ <tag>'
    # every scalar is a string by the time the response is encoded
    assert (node["annualSpend"], node["contractStart"]) == ("1234.50", "2026-01-31")
    assert isinstance(node["createdAt"], str) and isinstance(node["id"], str)


@pytest.mark.parametrize(
    "body",
    [
        {"data": {"n": 2**70}},  # beyond orjson's 64 bits
        {"errors": [{"message": "got \ud800"}]},  # a lone surrogate: not UTF-8
    ],
)
def test_what_orjson_refuses_is_encoded_as_the_json_module_does(body):
    encoded = GraphQLView.encode_json(None, body)  # type: ignore[arg-type]

    assert encoded == json.dumps(body, separators=(",", ":")).encode()
    assert json.loads(encoded) == body


@pytest.mark.parametrize("beside", [{"n": 2**70}, {"n": 1}])
def test_a_page_postgresql_wrote_is_encoded_in_place_whatever_encodes_the_rest(beside):
    """A written page (app/api/json_pages.py) goes into the body as it is, by orjson, and
    by the json module when orjson refuses something beside it."""
    body = {
        "data": {
            "vendors": WrittenJSON(b'{"totalCount":1,"nodes":[{"name":"\xc3\x9c"}]}'),
            **beside,
        }
    }

    decoded = json.loads(GraphQLView.encode_json(None, body))  # type: ignore[arg-type]

    assert decoded == {"data": {"vendors": {"totalCount": 1, "nodes": [{"name": "Ü"}]}, **beside}}
