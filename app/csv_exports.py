"""Small CSV files sent whole, for the token's tenant: GET /controls.csv (the tenant's own
controls, in the columns importControls reads: domain.compliance.control_csv) and
GET /subprocessors.csv (the list its customers ask for: domain.diligence.subprocessors) and
GET /answer-library.csv (its answers, in the columns importAnswerLibrary reads; also as a
workbook, GET /answer-library.xlsx).

A tenant has hundreds of these rows, not the vendors' hundred thousand (GET /vendors.csv
streams): each file is read in the request's one transaction and sent whole."""

from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.request_scope import domain_error_response, request_scope
from app.template_export import XLSX
from domain.compliance import control_csv
from domain.diligence import library_csv, subprocessors
from domain.shared.actor import Actor
from domain.shared.errors import Forbidden

Export = Callable[[AsyncSession, Actor], Awaitable[str | bytes]]
Endpoint = Callable[[Request], Coroutine[Any, Any, Response]]
CSV = "text/csv; charset=utf-8"


def csv_endpoint(
    database: Database, export: Export, stem: str, extension: str = "csv", media_type: str = CSV
) -> Endpoint:
    """GET /{stem}.{extension}: what `export` writes, as a dated attachment."""

    async def download(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                text = await export(scope.session, scope.actor)
            except Forbidden as error:
                return domain_error_response(error, scope.actor, f"GET /{stem}.{extension}")
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        return Response(
            text,
            media_type=media_type,
            headers={"Content-Disposition": f'attachment; filename="{stem}-{stamp}.{extension}"'},
        )

    return download


def controls_csv_endpoint(database: Database) -> Endpoint:
    return csv_endpoint(database, control_csv.export_csv, "controls")


def subprocessors_csv_endpoint(database: Database) -> Endpoint:
    return csv_endpoint(database, subprocessors.subprocessors_csv, "subprocessors")


def answer_library_csv_endpoint(database: Database) -> Endpoint:
    return csv_endpoint(database, library_csv.export_csv, "answer-library")


def answer_library_xlsx_endpoint(database: Database) -> Endpoint:
    return csv_endpoint(database, library_csv.export_xlsx, "answer-library", "xlsx", XLSX)
