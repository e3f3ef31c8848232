"""GET /questionnaires/{id}.xlsx: a sent questionnaire as the workbook its vendor fills in,
which importQuestionnaireAnswers reads back (domain.questionnaires.answer_xlsx)."""

from collections.abc import Callable, Coroutine
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from app.db import Database
from app.request_scope import domain_error_response, global_uuid, request_scope
from app.template_export import XLSX
from domain.questionnaires import answer_files
from domain.shared.errors import Forbidden, NotFound


def questionnaire_xlsx_endpoint(
    database: Database,
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    async def questionnaire_xlsx(request: Request) -> Response:
        async with request_scope(database, request) as scope:
            if isinstance(scope, Response):
                return scope  # not authenticated
            try:
                questionnaire_id = global_uuid(
                    request.path_params.get("questionnaire_id"),
                    "Questionnaire",
                    "Questionnaire",
                    "id",
                )
                filename, workbook = await answer_files.export_answers(
                    scope.session, scope.actor, questionnaire_id
                )
            except (Forbidden, NotFound) as error:
                return domain_error_response(error, scope.actor, "GET /questionnaires/{id}.xlsx")
        headers = {
            "Content-Disposition": f'attachment; filename="{filename}"',
            # the vendor's answers: not for a shared cache
            "Cache-Control": "private, no-store",
        }
        return Response(workbook, media_type=XLSX, headers=headers)

    return questionnaire_xlsx
