"""Bearer tokens: random, shown once, stored hashed, revocable; anything else is a 401."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from domain.tenancy import tokens
from tests.factories import gql, gql_response, make_tenant

VIEWER = "{ viewer { role } }"


def _assert_unauthenticated(response) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_request_without_a_token_gets_401_with_a_graphql_error(client, db):
    _assert_unauthenticated(await gql_response(client, VIEWER))


@pytest.mark.parametrize(
    "header",
    ["Bearer nope", "Bearer ", "Basic dXNlcjpwYXNz", "tprm_abc", "Bearer " + "x" * 5000],
)
async def test_a_malformed_or_unknown_token_gets_401(client, db, header):
    await make_tenant(db)
    _assert_unauthenticated(await gql_response(client, VIEWER, headers={"Authorization": header}))


async def test_a_revoked_token_stops_working(client, db):
    acme = await make_tenant(db)
    created = await gql(
        client,
        'mutation { createApiToken(input: {name: "ci"}) { apiToken { id } secret } }',
        token=acme.token,
    )
    payload = created["data"]["createApiToken"]
    assert (await gql(client, VIEWER, token=payload["secret"]))["data"]["viewer"]["role"] == "ADMIN"

    await gql(
        client,
        "mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { errors { code } } }",
        {"i": {"tokenId": payload["apiToken"]["id"]}},
        token=acme.token,
    )

    _assert_unauthenticated(await gql_response(client, VIEWER, token=payload["secret"]))


async def test_an_expired_token_stops_working(client, db):
    acme = await make_tenant(db)
    async with db.owner_transaction() as session:
        await session.execute(
            text("UPDATE api_tokens SET expires_at = :t WHERE tenant_id = :tenant"),
            {"t": datetime.now(UTC) - timedelta(seconds=1), "tenant": acme.tenant_id},
        )

    _assert_unauthenticated(await gql_response(client, VIEWER, token=acme.token))


async def test_a_token_is_stored_only_as_its_sha256(client, db):
    acme = await make_tenant(db)

    async with db.owner_transaction() as session:
        row = (await session.execute(text("SELECT * FROM api_tokens"))).one()

    assert acme.token not in str(tuple(row))
    assert row.token_hash == tokens.digest(acme.token)
    assert acme.token.startswith(row.display_prefix)


async def test_using_a_token_records_when_it_was_last_used(client, db):
    acme = await make_tenant(db)

    await gql(client, VIEWER, token=acme.token)

    body = await gql(
        client, "{ apiTokens { edges { node { lastUsedAt active } } } }", token=acme.token
    )
    [edge] = body["data"]["apiTokens"]["edges"]
    assert edge["node"]["active"] is True
    last_used = datetime.fromisoformat(edge["node"]["lastUsedAt"])
    assert datetime.now(UTC) - last_used < timedelta(minutes=1)


async def test_the_token_secret_is_shown_once_and_never_listed(client, db):
    acme = await make_tenant(db)
    created = await gql(
        client,
        'mutation { createApiToken(input: {name: "ci"}) { secret apiToken { displayPrefix } } }',
        token=acme.token,
    )
    secret = created["data"]["createApiToken"]["secret"]

    listed = await client.post(
        "/graphql",
        json={"query": "{ apiTokens { edges { node { id name displayPrefix } } } }"},
        headers={"Authorization": f"Bearer {acme.token}"},
    )

    assert secret.startswith(created["data"]["createApiToken"]["apiToken"]["displayPrefix"])
    assert secret not in listed.text
