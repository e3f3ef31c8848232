"""GET /vendors.csv: the filtered vendor inventory as CSV, for the token's tenant."""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from app import security
from app.db import Database
from app.request_scope import error_response, request_scope
from domain.shared import policy
from domain.shared.errors import Forbidden, InvalidInput
from domain.shared.normalize import unstorable
from domain.shared.policy import Permission
from domain.vendors import csv_export
from domain.vendors.models import Tier, VendorStatus
from domain.vendors.queries import VendorFilter


def _criteria(request: Request) -> VendorFilter:
    """The filter in the query string; a value that is not one refuses the export (an export
    of everything is not what a caller who misspelled ACTIVE asked for)."""
    params = request.query_params
    if unstorable(list(params.multi_items())):
        raise InvalidInput("The query string holds a NUL character or unpaired surrogate.", "query")
    for name, allowed in (("status", VendorStatus), ("tier", Tier)):
        for value in params.getlist(name):
            if value not in allowed.__members__:
                raise InvalidInput(
                    f"{name} must be one of {', '.join(allowed.__members__)}; got {value!r}.", name
                )
    return VendorFilter(
        statuses=params.getlist("status"),
        tiers=params.getlist("tier"),
        tag=params.get("tag") or None,
        search=params.get("search") or None,
    )


def csv_endpoint(database: Database) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def vendors_csv(request: Request) -> Response:
        # A short transaction authenticates; the file then streams a batch at a time, each
        # read in a transaction of its own (csv_export), none open while the client reads.
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            actor = scope.actor
        try:
            policy.require(actor, Permission.VENDOR_READ)
            criteria = _criteria(request)
        except Forbidden as error:
            security.refused(actor, "GET /vendors.csv")
            return error_response(403, "FORBIDDEN", error.message)
        except InvalidInput as error:
            return error_response(400, "BAD_USER_INPUT", error.message)
        chunks = csv_export.export_csv(
            lambda: database.transaction(actor.tenant_id), actor, criteria
        )
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return StreamingResponse(
            chunks,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="vendors-{stamp}.csv"'},
        )

    return vendors_csv
