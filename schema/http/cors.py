"""CORS for /graphql: a page on another origin (a merchant's H5 mall, its app's web view) may
call the API when its origin is allowed, by the CORS_ORIGINS setting (for every tenant: a
portal on a domain of its own) or by the caller's own merchant (`setAllowedOrigins`).

A preflight (OPTIONS with `Origin` and `Access-Control-Request-Method`) carries no credentials,
so it is answered for an origin the setting or any merchant allows (GET and POST, the headers a
client sends), and refused otherwise (403, GraphQL-shaped, with a request id). The request
itself is answered with `Access-Control-Allow-Origin` only when its origin is allowed for the
tenant it ran as (an unauthenticated answer, a login or a refused token, when any merchant
allows the origin: it holds nothing of a tenant); a browser hides any other answer from the
page. Credentials (cookies) are allowed only for the setting's origins: merchants' pages call
with bearer tokens.

Hand-written rather than Starlette's CORSMiddleware: that one decides from the origin alone,
before the request is authenticated, and here the answer depends on whose request it is.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.settings import Settings
from schema.http.access_log import RequestFacts, request_id_of
from schema.http.transport import TransportError, error_response
from tenants.origins import ORIGINS

ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "accept, authorization, content-type, x-request-id"
EXPOSED_HEADERS = "retry-after, x-request-id"
PREFLIGHT_MAX_AGE = "600"

logger = logging.getLogger("pointsmall.cors")


class CrossOrigin:
    """Wraps the /graphql endpoint (which leaves the request's principal in `scope["state"]`)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.everywhere = frozenset(settings.cors_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if scope["type"] != "http" or origin is None:
            await self.app(scope, receive, send)
            return
        origin = origin.lower()
        if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
            await self._preflight(origin, scope, receive, send)
            return

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer = MutableHeaders(scope=message)
                answer.add_vary_header("Origin")
                if await self._allowed(origin, scope):
                    answer["access-control-allow-origin"] = origin
                    answer["access-control-expose-headers"] = EXPOSED_HEADERS
                    if origin in self.everywhere:
                        answer["access-control-allow-credentials"] = "true"
            await send(message)

        await self.app(scope, receive, with_cors)

    async def _allowed(self, origin: str, scope: Scope) -> bool:
        """Whether this answer may be read by `origin`; an origin the database cannot be asked
        about (an outage: this answer is likely its 503) is not, and the answer still goes out."""
        if origin in self.everywhere:
            return True
        tenant_id = getattr(scope.get("state", {}).get("principal"), "tenant_id", None)
        try:
            if tenant_id is None:
                return await ORIGINS.any_tenant_allows(origin)
            return await ORIGINS.tenant_allows(tenant_id, origin)
        except Exception as error:  # noqa: BLE001 - the response is already on its way
            logger.warning("CORS: cannot look up origin %s (%r); answered without", origin, error)
            return False

    async def _preflight(self, origin: str, scope: Scope, receive: Receive, send: Send) -> None:
        if origin not in self.everywhere and not await ORIGINS.any_tenant_allows(origin):
            refused = TransportError(
                403, f"Origin {origin} is not allowed to call this API.", "ORIGIN_NOT_ALLOWED"
            )
            request_id = request_id_of(Request(scope))
            response = error_response(refused, "application/json", request_id)
            response.headers["x-request-id"] = request_id
            response.headers.add_vary_header("Origin")
            RequestFacts(operation="preflight").record(request_id, 403, 0.0)
            await response(scope, receive, send)
            return
        answer = {
            "access-control-allow-origin": origin,
            "access-control-allow-methods": ALLOWED_METHODS,
            "access-control-allow-headers": ALLOWED_HEADERS,
            "access-control-max-age": PREFLIGHT_MAX_AGE,
            "vary": "Origin",
        }
        if origin in self.everywhere:
            answer["access-control-allow-credentials"] = "true"
        await send({
            "type": "http.response.start",
            "status": 204,
            "headers": [(k.encode(), v.encode()) for k, v in answer.items()],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": b""})
