"""/healthz says the process is alive; /readyz that the database answers and is migrated."""

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from app.main import create_app
from app.settings import Settings


async def _get(app, path: str) -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://tprm.test"
    ) as http:
        return await http.get(path)


async def test_healthz_answers_without_a_token(client):
    response = await client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_ok_when_the_database_is_at_the_latest_migration(client):
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["migrations"] == "at head"


async def test_readyz_is_unavailable_when_migrations_are_behind(database_url):
    plain = database_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    admin = await asyncpg.connect(plain)
    try:
        await admin.execute("DROP DATABASE IF EXISTS tprm_unmigrated")
        await admin.execute("CREATE DATABASE tprm_unmigrated")
    finally:
        await admin.close()
    url = make_url(database_url).set(database="tprm_unmigrated").render_as_string(False)
    app = create_app(Settings(demo=False), database_url=url)

    response = await _get(app, "/readyz")
    await app.state.database.dispose()

    assert response.status_code == 503
    assert response.json()["migrations"] == "behind"


async def test_readyz_is_unavailable_when_the_database_is_unreachable():
    app = create_app(
        Settings(demo=False), database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none"
    )

    response = await _get(app, "/readyz")
    await app.state.database.dispose()

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
