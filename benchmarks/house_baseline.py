"""The least a server can do for the house's screens: the yardstick of
benchmarks.house_pages (issue 18), as benchmarks.baseline_server is the vendor list's.

A hand-written Starlette endpoint, `POST /graphql`, that answers the front end's own
documents of the screens benchmarks.house_scenarios lists (the whole .graphql file, by
operationName; any other text is a 400) with the `data` tprm returns for them, doing
what tprm must do for each and nothing more:

- the same bearer-token check, in SQL (tprm_authenticate on the token's SHA-256, which
  also scopes the transaction to the token's tenant), as the same app role under
  row-level security;
- the same permission decisions: the role's permissions of domain.shared.policy, and for
  availableTransitions and viewerCan the domain's own functions, called once per state a
  row can be in;
- ONE statement for the screen, which returns its `data` as JSON text, written by
  PostgreSQL (the rows, their related rows by key, totals and counts): asyncpg, no ORM,
  orjson for the request, and the response's bytes as PostgreSQL wrote them. The one
  exception is the SOC report review's document link: its audit row is written by the
  same statement, and the link is signed in Python after it (benchmarks.house_report).

    DATABASE_URL=postgresql://tprm_app@... python -m benchmarks.house_baseline --port 8002
"""

from collections.abc import Callable
from typing import Any

import asyncpg
import orjson
from starlette.requests import Request
from starlette.responses import Response

from benchmarks import house_lists, house_report, house_session, house_vendor
from benchmarks.baseline_server import authenticated, error, run, served
from domain.shared.actor import Actor
from domain.shared.policy import ROLE_PERMISSIONS, Permission
from domain.shared.roles import Role
from tests.operations import front_end_document

# An operation's answer: its statement and the parameters after the tenant's id.
Answer = Callable[[Actor, dict[str, Any]], tuple[str, list[Any]]]
# What is left to do in Python to a row of an answer's statement: its `data` text.
Finish = Callable[[Request, Actor, asyncpg.Record], str]


# operation -> (what it reads: the root field's permission, and its answer). Every role
# holds every read permission today; a role without one would see nulls in tprm where this
# yardstick answers FORBIDDEN for the whole screen.
ANSWERS: dict[str, tuple[tuple[Permission, ...], Answer]] = {
    "Viewer": ((), house_session.viewer),
    "FindingsBoard": (
        (Permission.FINDING_READ, Permission.VENDOR_READ, Permission.DOCUMENT_READ),
        house_lists.findings_board,
    ),
    "ReviewQueue": (
        (Permission.REVIEW_READ, Permission.VENDOR_READ, Permission.MEMBER_READ),
        house_lists.review_queue,
    ),
    "QuestionnaireList": (
        (Permission.QUESTIONNAIRE_READ, Permission.VENDOR_READ),
        house_lists.questionnaire_list,
    ),
    "RiskRegister": (
        (
            Permission.RISK_READ,
            Permission.VENDOR_READ,
            Permission.MEMBER_READ,
            Permission.COMPLIANCE_READ,
            Permission.FINDING_READ,
        ),
        house_lists.risk_register,
    ),
    "VendorDocuments": (
        (Permission.DOCUMENT_READ, Permission.MEMBER_READ),
        house_lists.vendor_documents,
    ),
    "DocumentsNeedingReview": (
        (Permission.DOCUMENT_READ, Permission.MEMBER_READ, Permission.VENDOR_READ),
        house_lists.documents_needing_review,
    ),
    "VendorPage": (
        (
            Permission.VENDOR_READ,
            Permission.MEMBER_READ,
            Permission.FINDING_READ,
            Permission.DOCUMENT_READ,
            Permission.REVIEW_READ,
        ),
        house_vendor.vendor_page,
    ),
    "SocReportReview": (
        (
            Permission.DOCUMENT_READ,
            Permission.VENDOR_READ,
            Permission.MEMBER_READ,
            Permission.TENANT_READ,
            Permission.FINDING_READ,
        ),
        house_report.soc_report_review,
    ),
}

# Answers whose statement returns more than their `data`: the document link of the SOC
# report review is signed in Python, with the key its statement reads.
FINISHED: dict[str, Finish] = {"SocReportReview": house_report.with_link}

_DOCUMENTS = {operation: front_end_document(operation) for operation in ANSWERS}


def actor_of(principal: asyncpg.Record) -> Actor:
    """The domain's Actor for an authenticated token, as app/api/context builds it."""
    return Actor(
        tenant_id=principal["tenant_id"],
        role=Role(principal["role"]),
        user_id=principal["user_id"],
        membership_id=principal["membership_id"],
        token_id=principal["token_id"],
        delegated=principal["delegated"],
    )


async def graphql(request: Request) -> Response:
    body = orjson.loads(await request.body())
    operation = body.get("operationName")
    if operation not in ANSWERS or body.get("query") != _DOCUMENTS[operation]:
        return error(400, "BAD_REQUEST", "This server answers the benchmark's screens only.")
    reads, answer = ANSWERS[operation]
    async with authenticated(request) as (connection, principal):
        if principal is None:
            return error(401, "UNAUTHENTICATED", "Missing or invalid API token.")
        actor = actor_of(principal)
        if not set(reads) <= ROLE_PERMISSIONS[actor.role]:
            return error(200, "FORBIDDEN", "Not allowed.")
        try:
            statement, parameters = answer(actor, body.get("variables") or {})
        except house_lists.Unsupported as e:
            return error(400, "BAD_REQUEST", f"Not answered here: {e}.")
        finish = FINISHED.get(operation)
        if finish is None:
            data = await connection.fetchval(statement, actor.tenant_id, *parameters)
        else:
            row = await connection.fetchrow(statement, actor.tenant_id, *parameters)
            data = finish(request, actor, row)
    return Response(b'{"data":' + data.encode() + b"}", media_type="application/json")


# instants written by to_json in UTC read as Python's isoformat of UTC datetimes
app = served(graphql, "tprm-house-baseline", TimeZone="UTC")

if __name__ == "__main__":
    run(app, __doc__.splitlines()[0])
