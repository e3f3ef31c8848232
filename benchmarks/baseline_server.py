"""The least a server can do for the vendor list page: the yardstick of benchmarks.list_pages.

A hand-written Starlette endpoint, `POST /graphql`, that answers the one operation of
benchmarks.vendors.LIST_PAGE (anything else is a 400) with the JSON tprm returns for it,
doing what tprm must do for that page and nothing more:

- the same bearer-token check, in SQL: tprm_authenticate on the token's SHA-256, the
  statement app/auth.py sends, which also scopes the transaction to the token's tenant
  (set_config(..., true), transaction-local);
- the same app role, so row-level security applies to every row it reads;
- the same search (the definer function tprm_vendor_search, each word a prefix, as
  domain/vendors/queries.search_terms builds the tsquery) and ranking (ts_rank_cd, then
  name, then id), or the same filter and order (name, then id) without a search;
- ONE statement for the page: the 50 vendors, their contact and fourth-party counts, their
  business owner and the owner's email, and the total;
- asyncpg and orjson directly, the connection pool without a reset query on release (the
  tenant setting ends with the transaction: there is nothing to reset).

    DATABASE_URL=postgresql://tprm_app@... python -m benchmarks.baseline_server --port 8001

DATABASE_URL is the app role's URL (benchmarks.list_pages starts this with it).
"""

import argparse
import base64
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.auth import bearer_token
from benchmarks.vendors import LIST_PAGE
from domain.shared.policy import ROLE_PERMISSIONS, Permission
from domain.shared.roles import Role
from domain.shared.session import TENANT_SETTING
from domain.tenancy.tokens import digest

# app/auth.AUTHENTICATE, in asyncpg's placeholders.
AUTHENTICATE = (
    "SELECT a.*, set_config($1, a.tenant_id::text, true) AS scoped FROM tprm_authenticate($2) a"
)

# The statuses, tiers and (for a search) the tsquery's text are parameters; the conditions
# present depend on the filter given, as the SQL tprm sends does. {where} is on `v`.
FILTERED_PAGE = """
SELECT p.id, p.name, p.status, p.tier,
       (SELECT count(*) FROM vendors v WHERE v.tenant_id = $1{where}) AS total,
       (SELECT count(*) FROM vendor_contacts c
         WHERE c.tenant_id = $1 AND c.vendor_id = p.id) AS contacts,
       (SELECT count(*) FROM vendor_fourth_parties f
         WHERE f.tenant_id = $1 AND f.vendor_id = p.id) AS fourth_parties,
       m.role, u.email
  FROM (SELECT v.id, v.name, v.status, v.tier, v.business_owner_id
          FROM vendors v
         WHERE v.tenant_id = $1{where}
         ORDER BY v.name, v.id
         LIMIT $2) p
  LEFT JOIN memberships m ON m.tenant_id = $1 AND m.id = p.business_owner_id
  LEFT JOIN users u ON u.id = m.user_id
 ORDER BY p.name, p.id
"""

# The search function returns every column the page shows: no second read of the vendors.
SEARCH_PAGE = """
SELECT p.id, p.name, p.status, p.tier, p.total,
       (SELECT count(*) FROM vendor_contacts c
         WHERE c.tenant_id = $1 AND c.vendor_id = p.id) AS contacts,
       (SELECT count(*) FROM vendor_fourth_parties f
         WHERE f.tenant_id = $1 AND f.vendor_id = p.id) AS fourth_parties,
       m.role, u.email
  FROM (SELECT v.id, v.name, v.status, v.tier, v.business_owner_id,
               ts_rank_cd(v.search_vector, (SELECT to_tsquery('simple'::regconfig, $3)))
                 AS rank,
               count(*) OVER () AS total
          FROM tprm_vendor_search((SELECT to_tsquery('simple'::regconfig, $3))) v
         WHERE true{where}
         ORDER BY rank DESC, v.name, v.id
         LIMIT $2) p
  LEFT JOIN memberships m ON m.tenant_id = $1 AND m.id = p.business_owner_id
  LEFT JOIN users u ON u.id = m.user_id
 ORDER BY p.rank DESC, p.name, p.id
"""

_WORD = re.compile(r"[\w@.-]+", re.UNICODE)


def tsquery_text(text: str) -> str | None:
    """The tsquery domain/vendors/queries.search_terms builds for `text`: each word a
    prefix, all required, at most 8 (benchmarks.list_pages checks the two agree)."""
    words = [w.strip(".-@").lower() for w in _WORD.findall(text)][:8]
    words = [w for w in words if w]
    if not words:
        return None
    return " & ".join("'" + w.replace("'", "''") + "':*" for w in words)


def page_statement(filter_: dict[str, Any], first: int) -> tuple[str, list[Any]]:
    """The page's one statement and its parameters after the tenant's id."""
    params: list[Any] = [first]
    query = tsquery_text(filter_["search"]) if filter_.get("search") else None
    if query is not None:
        params.append(query)
    where = ""
    for column, values in (("status", filter_.get("status")), ("tier", filter_.get("tier"))):
        if values:
            params.append(list(values))
            where += f" AND v.{column} = ANY(${len(params) + 1}::text[])"
    template = SEARCH_PAGE if query is not None else FILTERED_PAGE
    return template.replace("{where}", where), params


def _global_id(type_name: str, uuid: Any) -> str:
    return base64.b64encode(f"{type_name}:{uuid}".encode()).decode()


_READS_VENDORS = {role for role, can in ROLE_PERMISSIONS.items() if Permission.VENDOR_READ in can}
_READS_MEMBERS = {role for role, can in ROLE_PERMISSIONS.items() if Permission.MEMBER_READ in can}


def error(status: int, code: str, message: str) -> Response:
    body = {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(orjson.dumps(body), status, media_type="application/json")


@asynccontextmanager
async def authenticated(
    request: Request,
) -> AsyncIterator[tuple[asyncpg.Connection, asyncpg.Record | None]]:
    """A pooled connection in a transaction scoped to the bearer token's tenant (the
    statement app/auth.py sends), and the token's principal: None for none or an unknown
    one. Both hand-written servers check tokens so."""
    secret = bearer_token(request.headers.get("authorization"))
    pool: asyncpg.Pool = request.app.state.pool
    async with pool.acquire() as connection, connection.transaction():
        principal = (
            await connection.fetchrow(AUTHENTICATE, TENANT_SETTING, digest(secret))
            if secret
            else None
        )
        yield connection, principal


async def graphql(request: Request) -> Response:
    body = orjson.loads(await request.body())
    if body.get("query") != LIST_PAGE:
        return error(400, "BAD_REQUEST", "This server answers the vendor list page only.")
    variables = body.get("variables") or {}
    filter_ = variables.get("filter") or {}
    first = variables.get("first")
    first = 20 if first is None else first  # tprm's default page size
    async with authenticated(request) as (connection, principal):
        if principal is None:
            return error(401, "UNAUTHENTICATED", "Missing or invalid API token.")
        role = Role(principal["role"])
        if role not in _READS_VENDORS:
            return error(200, "FORBIDDEN", "Not allowed.")
        statement, params = page_statement(filter_, first)
        rows = await connection.fetch(statement, principal["tenant_id"], *params)
    members = role in _READS_MEMBERS
    page = {
        "totalCount": rows[0]["total"] if rows else 0,
        "edges": [
            {
                "node": {
                    "id": _global_id("Vendor", row["id"]),
                    "name": row["name"],
                    "status": row["status"],
                    "tier": row["tier"],
                    "contactsCount": row["contacts"],
                    "fourthPartiesCount": row["fourth_parties"],
                    "businessOwner": {"role": row["role"], "user": {"email": row["email"]}}
                    if members and row["role"] is not None
                    else None,
                }
            }
            for row in rows
        ],
    }
    return Response(orjson.dumps({"data": {"vendors": page}}), media_type="application/json")


async def _keep(connection: asyncpg.Connection) -> None:
    """No reset query on release: the tenant setting is transaction-local."""


def served(
    graphql: Callable[[Request], Awaitable[Response]], application_name: str, **settings: str
) -> Starlette:
    """A hand-written server: `graphql` at POST /graphql, /healthz, and app.state.pool of
    asyncpg connections to DATABASE_URL (`settings`: its server settings)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        url = os.environ["DATABASE_URL"].replace("+asyncpg", "", 1)
        app.state.pool = await asyncpg.create_pool(
            url,
            min_size=2,
            max_size=10,
            reset=_keep,
            server_settings={"application_name": application_name, **settings},
        )
        try:
            yield
        finally:
            await app.state.pool.close()

    async def healthz(request: Request) -> Response:
        return Response(b"ok")

    routes = [Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)]
    return Starlette(routes=routes, lifespan=lifespan)


def run(app: Starlette, description: str) -> None:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # As `tprm serve` runs: one uvicorn worker, uvicorn[standard]'s loop and parser.
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", proxy_headers=True)


app = served(graphql, "tprm-baseline")

if __name__ == "__main__":
    run(app, __doc__.splitlines()[0])
