"""Depth, alias and token limits refuse abusive operations before they run."""

import httpx
import pytest_asyncio

from app.main import create_app
from app.settings import Settings
from tests.factories import gql, make_tenant

TOKENS_WITH_USERS = "{ apiTokens { edges { node { member { user { email } } } } } }"  # depth 5 (the root field counts 0)


@pytest_asyncio.fixture
async def strict_client(database_url, db):
    """The app with tight limits, to probe each one."""
    settings = Settings(demo=False, max_query_depth=4, max_aliases=3, max_tokens=120)
    app = create_app(settings, database_url=database_url)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as http:
        yield http
    await app.state.database.dispose()


def _messages(body) -> str:
    return " ".join(e["message"] for e in body.get("errors", []))


async def test_an_operation_deeper_than_the_limit_is_refused(strict_client, db):
    acme = await make_tenant(db)

    shallow = await gql(
        strict_client, "{ apiTokens { edges { node { name } } } }", token=acme.token
    )
    deep = await gql(strict_client, TOKENS_WITH_USERS, token=acme.token)

    assert "errors" not in shallow
    assert deep.get("data") is None
    assert "exceeds maximum operation depth" in _messages(deep)


async def test_introspection_is_not_counted_against_the_depth_limit(strict_client, db):
    acme = await make_tenant(db)

    body = await gql(
        strict_client,
        "{ __schema { types { fields { type { ofType { ofType { name } } } } } } }",
        token=acme.token,
    )

    assert "errors" not in body


async def test_too_many_aliases_are_refused(strict_client, db):
    acme = await make_tenant(db)

    body = await gql(
        strict_client,
        "{ a: viewer { role } b: viewer { role } c: viewer { role } d: viewer { role } }",
        token=acme.token,
    )

    assert body.get("data") is None
    assert "aliases" in _messages(body)


async def test_too_many_tokens_are_refused(strict_client, db):
    acme = await make_tenant(db)

    body = await gql(strict_client, "{ viewer { " + "role " * 200 + "} }", token=acme.token)

    assert body.get("data") is None
    assert "token" in _messages(body).lower()


async def test_the_default_limits_allow_every_natural_query(client, db):
    acme = await make_tenant(db)

    body = await gql(client, TOKENS_WITH_USERS, token=acme.token)

    assert "errors" not in body
