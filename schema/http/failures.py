"""The answer to a failure nothing else answered, on any route: GraphQL-shaped JSON with the
request id, logged with it and counted, never a bare 500.

An outage (the database or Redis unreachable, a connection lost mid-request: see
app.core.outages) is 503 SERVICE_UNAVAILABLE with `Retry-After`; anything else is a bug, 500
INTERNAL_SERVER_ERROR, logged with its traceback. `FailInTheOpen` wraps the whole application
so that routes other than /graphql (sessions, exports, pages, probes) answer the same way.
"""

from __future__ import annotations

import logging
import time

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.outages import RETRY_AFTER_SECONDS, is_outage
from schema.http.access_log import RequestFacts, request_id_of

logger = logging.getLogger("pointsmall.http")
UNAVAILABLE = "SERVICE_UNAVAILABLE"
INTERNAL = "INTERNAL_SERVER_ERROR"


def failure_code(error: BaseException) -> str:
    return UNAVAILABLE if is_outage(error) else INTERNAL


def failure_answer(error: BaseException, request_id: str) -> JSONResponse:
    """Log `error` with `request_id` and answer it: 503 for an outage, 500 for a bug."""
    code = failure_code(error)
    if code == UNAVAILABLE:
        logger.warning("service unavailable (request %s): %r", request_id, error)
        status, message = 503, "Service temporarily unavailable; retry shortly."
        headers = {"retry-after": str(RETRY_AFTER_SECONDS), "x-request-id": request_id}
    else:
        logger.error("internal error (request %s)", request_id, exc_info=error)
        status, message = 500, "Internal server error."
        headers = {"x-request-id": request_id}
    extensions = {"code": code, "requestId": request_id}
    body = {"errors": [{"message": message, "extensions": extensions}]}
    return JSONResponse(body, status_code=status, headers=headers)


class FailInTheOpen:
    """ASGI middleware: an exception escaping any route before its answer started becomes
    `failure_answer`, logged and counted under the route's first path segment."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started_at = time.perf_counter()
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as error:
            if started:  # the answer is half sent: nothing sane can follow it
                raise
            request_id = request_id_of(Request(scope))
            answer = failure_answer(error, request_id)
            segment = str(scope.get("path", "/")).strip("/").split("/")[0] or "root"
            facts = RequestFacts(f"http:{segment}", outcome=failure_code(error).lower())
            facts.record(request_id, answer.status_code, time.perf_counter() - started_at)
            await answer(scope, receive, send)
