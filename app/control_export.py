"""GET /controls.csv: the tenant's own controls as CSV, in the columns importControls reads
(domain.compliance.control_csv), for the token's tenant."""

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.request_scope import domain_error_response, request_scope
from domain.compliance import control_csv
from domain.shared.errors import Forbidden


def controls_csv_endpoint(database: Database) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def controls_csv(request: Request) -> Response:
        # A tenant has hundreds of controls, not the vendors' hundred thousand: the file is
        # read in the request's one transaction and sent whole.
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                text = await control_csv.export_csv(scope.session, scope.actor)
            except Forbidden as error:
                return domain_error_response(error, scope.actor, "GET /controls.csv")
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return Response(
            text,
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="controls-{stamp}.csv"'},
        )

    return controls_csv
