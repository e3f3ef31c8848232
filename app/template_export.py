"""GET /questionnaire-templates/{id}.xlsx: one template version as the XLSX workbook that
importQuestionnaireTemplate reads back (domain.questionnaires.template_xlsx)."""

import re
from collections.abc import Callable, Coroutine
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.request_scope import domain_error_response, global_uuid, request_scope
from domain.questionnaires import templates
from domain.questionnaires.template_json import from_json
from domain.questionnaires.template_xlsx import write_template
from domain.shared.errors import Forbidden, NotFound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filename(name: str, version: int) -> str:
    """A plain ASCII file name from the template's name: what every browser saves as is."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:60] or "questionnaire"
    return f"{stem}-v{version}.xlsx"


def template_xlsx_endpoint(
    database: Database,
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def template_xlsx(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                template_id = global_uuid(
                    request.path_params.get("template_id"),
                    "QuestionnaireTemplate",
                    "Questionnaire template",
                    "id",
                )
                row = await templates.get_template(scope.session, scope.actor, template_id, "id")
            except (Forbidden, NotFound) as error:
                return domain_error_response(
                    error, scope.actor, "GET /questionnaire-templates/{id}.xlsx"
                )
        workbook = write_template(from_json(row.definition))
        disposition = f'attachment; filename="{_filename(row.name, row.version)}"'
        return Response(workbook, media_type=XLSX, headers={"Content-Disposition": disposition})

    return template_xlsx
