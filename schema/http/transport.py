"""GraphQL over HTTP: reading requests and shaping responses per the spec.

Requests are `POST application/json` (queries and mutations) or `GET ?query=` (queries only).
Responses are `application/graphql-response+json` when the client accepts it, with 4xx status
codes for requests that never executed (unparsable, invalid, wrong variable types); clients
that accept only `application/json` get status 200 for those, as the spec's legacy mode says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from app.core.outages import RETRY_AFTER_SECONDS

GRAPHQL_RESPONSE = "application/graphql-response+json"
UNAVAILABLE = "SERVICE_UNAVAILABLE"
RATE_LIMITED = "RATE_LIMITED"
JSON = "application/json"


class TransportError(Exception):
    """A request the GraphQL layer never sees: answered with `status` and one error."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str,
        headers: dict[str, str] | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}
        self.extensions = extensions or {}


@dataclass(frozen=True)
class GraphQLParams:
    # None only when `extensions` names a persisted query (schema/http/persisted_queries.py).
    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None = None


def negotiate(accept: str | None) -> str:
    """The response media type for an Accept header; TransportError 406 when none fits."""
    if not accept:
        return JSON
    best, best_q = None, 0.0
    for part in accept.split(","):
        media, *params = (item.strip() for item in part.split(";"))
        q = _quality(params)
        for candidate in _matches(media.lower()):
            if q > best_q or (q == best_q and candidate == GRAPHQL_RESPONSE):
                best, best_q = candidate, q
    if best is None:
        raise TransportError(406, f"Accept {GRAPHQL_RESPONSE} or {JSON}.", "NOT_ACCEPTABLE")
    return best


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "q":
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 1.0


def _matches(media: str) -> tuple[str, ...]:
    if media in {"*/*", "application/*"}:
        # A wildcard (what fetch() and curl send by default) gets application/json: the spec
        # SHOULD, and what a client that did not choose expects (graphql-http's audit 47DE).
        return (JSON,)
    if media in {GRAPHQL_RESPONSE, JSON}:
        return (media,)
    return ()


async def read_params(request: Request, max_bytes: int) -> GraphQLParams:
    """The query, variables and operation name of a GET or POST request."""
    if request.method == "GET":
        raw: Any = dict(request.query_params)
        for name in ("variables", "extensions"):
            if name in raw:
                raw[name] = _json(raw[name], name)
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type != JSON:
            raise TransportError(415, f"POST bodies must be {JSON}.", "UNSUPPORTED_MEDIA_TYPE")
        raw = _json((await _body(request, max_bytes)).decode("utf-8", "replace"), "body")
    return _params(raw)


async def _body(request: Request, max_bytes: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(max_bytes)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
    return bytes(body)


def _too_large(max_bytes: int) -> TransportError:
    return TransportError(413, f"Request body over {max_bytes} bytes.", "PAYLOAD_TOO_LARGE")


def _json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TransportError(400, f"Malformed JSON in {what}.", "BAD_REQUEST") from exc


def _params(raw: Any) -> GraphQLParams:
    if not isinstance(raw, dict):
        raise TransportError(400, "The body must be a JSON object (no batching).", "BAD_REQUEST")
    _check_text(raw)
    query, variables, name = raw.get("query"), raw.get("variables"), raw.get("operationName")
    extensions = raw.get("extensions")
    persisted = isinstance(extensions, dict) and "persistedQuery" in extensions
    if not (isinstance(query, str) and query.strip()) and not (persisted and query is None):
        raise TransportError(400, "`query` must be a non-empty string.", "BAD_REQUEST")
    if variables is not None and not isinstance(variables, dict):
        raise TransportError(400, "`variables` must be an object.", "BAD_REQUEST")
    if name is not None and not isinstance(name, str):
        raise TransportError(400, "`operationName` must be a string.", "BAD_REQUEST")
    if extensions is not None and not isinstance(extensions, dict):
        raise TransportError(400, "`extensions` must be an object.", "BAD_REQUEST")
    return GraphQLParams(query, variables, name, extensions)


# A NUL character written as a GraphQL string escape in the document itself.
_NUL_ESCAPE = re.compile(r"\\u0000|\\u\{0+\}", re.IGNORECASE)


def _check_text(value: Any) -> None:
    """Refuse, at the edge, text PostgreSQL cannot store: NUL characters and lone surrogates
    (anywhere in the query, the variables or their keys), so no such string reaches a column
    as an internal error."""
    if isinstance(value, str):
        if "\x00" in value or _NUL_ESCAPE.search(value):
            raise _bad_text()
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _bad_text() from exc
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


def _bad_text() -> TransportError:
    return TransportError(
        400, "Text must be valid Unicode without NUL characters.", "INVALID_INPUT"
    )


def is_request_error(result: ExecutionResult) -> bool:
    """True when the operation never executed: parse, validation or variable errors."""
    if isinstance(result, PreExecutionError):
        return True
    return result.data is None and all(error.path is None for error in result.errors or [])


def result_response(result: ExecutionResult, media_type: str, request_id: str) -> Response:
    """The executed result; 503 with Retry-After when a backing service was unreachable, 429
    with Retry-After when a throttle refused it. Every error carries a `code` (a document that
    does not parse is GRAPHQL_PARSE_FAILED, one the schema refuses GRAPHQL_VALIDATION_FAILED)
    and the request's id."""
    request_error = is_request_error(result)
    errors = [_coded(error, request_error, request_id) for error in result.errors or []]
    if request_error:
        status = 400 if media_type == GRAPHQL_RESPONSE else 200
        return json_response({"errors": errors}, status, media_type)
    body: dict[str, Any] = {"data": result.data}
    if errors:
        body["errors"] = errors
    codes = {(error.extensions or {}).get("code"): error for error in result.errors or []}
    if UNAVAILABLE in codes:
        headers = {"retry-after": str(RETRY_AFTER_SECONDS)}
        return json_response(body, 503, media_type, headers)
    if RATE_LIMITED in codes:
        wait = (codes[RATE_LIMITED].extensions or {}).get("retryAfterSeconds", 1)
        return json_response(body, 429, media_type, {"retry-after": str(wait)})
    return json_response(body, 200, media_type)


def _coded(error: GraphQLError, request_error: bool, request_id: str) -> dict[str, Any]:
    formatted: dict[str, Any] = {**error.formatted}
    extensions: dict[str, Any] = {**(formatted.get("extensions") or {})}
    if "code" not in extensions:
        if not request_error:
            extensions["code"] = "INTERNAL_SERVER_ERROR"
        elif error.message.startswith("Syntax Error"):
            extensions["code"] = "GRAPHQL_PARSE_FAILED"
        else:
            extensions["code"] = "GRAPHQL_VALIDATION_FAILED"
    formatted["extensions"] = extensions | {"requestId": request_id}
    return formatted


def error_response(error: TransportError, media_type: str, request_id: str) -> Response:
    extensions = {"code": error.code, **error.extensions, "requestId": request_id}
    body = {"errors": [GraphQLError(error.message, extensions=extensions).formatted]}
    return json_response(body, error.status, media_type, error.headers)


def json_response(
    body: dict[str, Any], status: int, media_type: str, headers: dict[str, str] | None = None
) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(content, status, headers=headers, media_type=media_type)
