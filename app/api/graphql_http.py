"""GraphQL over HTTP: the media type a response is written in, its status, and what a request
must hold to be a GraphQL request at all.

This follows the GraphQL-over-HTTP specification at Stage 2, the draft graphql-http's audit
checks (tests/contract/test_http_audit.py; each rule: test_graphql_over_http.py):

- `application/graphql-response+json` when the client accepts it (preferred when it names both
  at the same weight), `application/json` for `*/*`, for `application/*` and without an Accept
  header (legacy clients), 406 when it accepts neither.
- With `application/graphql-response+json` the status says what happened: 200 once the
  operation ran (field errors included), 400 for a request error (the document does not
  parse or validate, the variables do not coerce, the operation cannot be picked) with no
  `data` entry in the body. With `application/json` a well-formed request is always answered
  200, body as before.
- Whatever the media type: 400 for a body that is not a JSON object or parameters of the wrong
  type, 405 (with Allow) for a mutation over GET or another method, 415 for a body that is not
  JSON (UTF-8) or multipart.

Refusals made before a request reaches the view (401, 429, 413, 408: app/main.py and
app/limits.py) stay `application/json`, as on every other route. Later drafts of the spec
move validation failures to 422 and partial success to 294; no client or audit expects those
yet.
"""

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"
MULTIPART = "multipart/form-data"

# Among request errors, codes that are not the client's mistake in the request itself.
_REQUEST_ERROR_STATUS = {"FORBIDDEN": 403, "INTERNAL_SERVER_ERROR": 500}


class RequestRefused(Exception):
    """A request the GraphQL endpoint does not execute, with the status that says why."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})

    def response(self, media_type: str) -> Response:
        return error_response(self.status, self.code, self.message, media_type, self.headers)


def bad_request(message: str) -> RequestRefused:
    return RequestRefused(400, "BAD_REQUEST", message)


def error_response(
    status: int,
    code: str,
    message: str,
    media_type: str = JSON,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A refusal written as a GraphQL response. `application/json` keeps the shape of tprm's
    other HTTP errors (`data: null`); `application/graphql-response+json` has no `data` entry,
    which is what says that nothing ran."""
    body: dict[str, Any] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    if media_type == JSON:
        body = {"data": None, **body}
    return Response(encode(body), status, dict(headers or {}), content_type(media_type))


def encode(body: object) -> str:
    return json.dumps(body, separators=(",", ":"))


def content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8"


def _media_range(text: str) -> tuple[str, dict[str, str]]:
    """`type/subtype; name=value ...`, lowercased, as (media type, parameters)."""
    media_type, *parameters = text.split(";")
    named = {}
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        named[name.strip().lower()] = value.strip().strip('"')
    return media_type.strip().lower(), named


def _quality(parameters: Mapping[str, str]) -> float:
    try:
        quality = float(parameters.get("q", "1"))
    except ValueError:
        return 0.0  # a weight that is not one accepts nothing
    return min(max(quality, 0.0), 1.0)


def _weight(offered: str, ranges: list[tuple[str, dict[str, str]]]) -> tuple[float, int]:
    """The weight the Accept ranges give a media type, from the most specific range that
    matches it (2: named, 1: `type/*`, 0: `*/*`, -1: none)."""
    ranks = {offered: 2, f"{offered.split('/')[0]}/*": 1, "*/*": 0}
    quality, specificity = 0.0, -1
    for media_type, parameters in ranges:
        rank = ranks.get(media_type, -1)
        if rank > specificity:
            quality, specificity = _quality(parameters), rank
    return quality, specificity


def response_media_type(accept: str | None) -> str | None:
    """The media type to answer in, for an Accept header; None when it accepts neither of
    ours (406). The heavier wins; at equal weight one the client named outright beats one it
    reached through a wildcard; named both, `application/graphql-response+json`; reached both
    through a wildcard (`*/*`, what legacy clients send), `application/json`."""
    if accept is None or not accept.strip():
        return JSON
    ranges = [_media_range(text) for text in accept.split(",")]
    candidates = []
    for offered in (GRAPHQL_RESPONSE_JSON, JSON):
        quality, specificity = _weight(offered, ranges)
        if quality > 0:
            preferred = GRAPHQL_RESPONSE_JSON if specificity == 2 else JSON
            candidates.append(((quality, specificity, offered == preferred), offered))
    return max(candidates)[1] if candidates else None


def post_parameters(content_type_header: str | None, body: bytes) -> object:
    """The JSON a POST body holds; multipart bodies are read by strawberry instead."""
    media_type, parameters = _media_range(content_type_header or "")
    if media_type != JSON:
        raise RequestRefused(
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the request as `Content-Type: application/json` (or multipart/form-data "
            "with a file).",
        )
    charset = parameters.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise RequestRefused(
            415, "UNSUPPORTED_MEDIA_TYPE", f"The request body must be UTF-8, not {charset}."
        )
    try:
        return json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise bad_request("The request body is not valid UTF-8.") from None
    except (ValueError, RecursionError):
        raise bad_request("The request body is not valid JSON.") from None


def get_parameters(query_params: Mapping[str, Any]) -> dict[str, object]:
    """The parameters of a GET: `variables` and `extensions` are JSON text; an empty
    parameter is one not given."""
    parameters: dict[str, object] = {}
    for name in ("query", "operationName", "variables", "extensions"):
        value = query_params.get(name)
        if not value:
            continue
        if name in ("variables", "extensions"):
            try:
                parameters[name] = json.loads(value)
            except (ValueError, RecursionError):
                raise bad_request(f"`{name}` is not valid JSON.") from None
        else:
            parameters[name] = value
    return parameters


def request_data(parameters: object) -> GraphQLRequestData:
    """A GraphQL-over-HTTP request from its decoded parameters, or 400 for one that is not."""
    if not isinstance(parameters, dict):
        raise bad_request(
            'The request must be one JSON object, {"query": ..., "variables": {...}}; '
            "batches are not accepted."
        )
    query = parameters.get("query")
    if query is None or query == "":
        raise bad_request("The request has no `query`.")
    if not isinstance(query, str):
        raise bad_request("`query` must be a string.")
    operation_name = parameters.get("operationName")
    if not isinstance(operation_name, str | None):
        raise bad_request("`operationName` must be a string or null.")
    for name in ("variables", "extensions"):
        if not isinstance(parameters.get(name), dict | None):
            raise bad_request(f"`{name}` must be an object or null.")
    return GraphQLRequestData(
        query=query,
        variables=parameters.get("variables"),
        operation_name=operation_name or None,
        extensions=parameters.get("extensions"),
    )


def is_request_error(result: ExecutionResult) -> bool:
    """Nothing was executed: parsing, validation, a limit, variable coercion or picking the
    operation failed. Field errors always carry a path; these never do."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def status(body: Mapping[str, object], media_type: str) -> int:
    """The status of a GraphQL response body (process_result decides whether it has `data`)."""
    if media_type != GRAPHQL_RESPONSE_JSON or "data" in body:
        return 200
    errors: list[dict[str, Any]] = body.get("errors") or []  # type: ignore[assignment]
    codes = [(error.get("extensions") or {}).get("code") for error in errors]
    return max((_REQUEST_ERROR_STATUS.get(code or "", 400) for code in codes), default=400)
