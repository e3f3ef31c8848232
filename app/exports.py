"""GET /vendors.csv: the filtered vendor inventory as CSV, for the token's tenant."""

from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse

from app.db import Database
from app.request_scope import request_scope, unauthenticated
from domain.shared.errors import Forbidden
from domain.tenancy import policy
from domain.tenancy.policy import Permission
from domain.vendors import csv_export
from domain.vendors.models import Tier, VendorStatus
from domain.vendors.queries import VendorFilter


def _criteria(request: Request) -> VendorFilter:
    params = request.query_params
    return VendorFilter(
        statuses=[s for s in params.getlist("status") if s in VendorStatus.__members__],
        tiers=[t for t in params.getlist("tier") if t in Tier.__members__],
        tag=params.get("tag") or None,
        search=params.get("search") or None,
    )


def csv_endpoint(database: Database) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def vendors_csv(request: Request) -> Response:
        # The whole export is read inside the request's transaction, then streamed.
        async with request_scope(database, request) as scope:
            if scope is None:
                return unauthenticated()
            try:
                policy.require(scope.actor, Permission.VENDOR_READ)
            except Forbidden as error:
                return JSONResponse(
                    {"errors": [{"message": error.message, "extensions": {"code": "FORBIDDEN"}}]},
                    403,
                )
            chunks = [
                chunk
                async for chunk in csv_export.export_csv(
                    scope.session, scope.actor, _criteria(request)
                )
            ]

        async def body() -> AsyncIterator[str]:
            for chunk in chunks:
                yield chunk

        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return StreamingResponse(
            body(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="vendors-{stamp}.csv"'},
        )

    return vendors_csv
