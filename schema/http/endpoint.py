"""The /graphql endpoint: authenticate, rate-limit, execute, answer per GraphQL over HTTP."""

from __future__ import annotations

import re
import time

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType

from app.core.metrics import RATE_LIMITED
from app.core.ratelimit import RateLimiter
from app.core.redis import RedisClient, tenant_key
from app.core.settings import Settings
from schema.context import Context
from schema.http import graphiql
from schema.http.access_log import OperationLabels, RequestFacts, request_id_of
from schema.http.client_address import client_address
from schema.http.cookie_session import CookieDoor
from schema.http.failures import INTERNAL, UNAVAILABLE, failure_answer, failure_code
from schema.http.persisted_queries import (
    PersistedQueries,
    PersistedQuery,
    Registry,
    not_registered,
)
from schema.http.transport import (
    TransportError,
    error_response,
    negotiate,
    read_params,
    result_response,
)
from schema.root import PointsmallSchema
from tenants.auth import authenticate
from tenants.errors import AuthError, AuthErrorCode
from tenants.principal_cache import PRINCIPALS
from tenants.principals import ApiKeyPrincipal, MemberPrincipal, Principal
from tenants.throttle import LoginThrottle
from tenants.tokens import TokenIssuer

_AUTH_STATUS = {
    AuthErrorCode.UNAUTHENTICATED: 401,
    AuthErrorCode.TOKEN_EXPIRED: 401,
    AuthErrorCode.FORBIDDEN: 403,
    AuthErrorCode.TENANT_SUSPENDED: 403,
    AuthErrorCode.RATE_LIMITED: 429,
}


def bearer(request: Request) -> str | None:
    """The public endpoint's credential: the Authorization header, never a cookie."""
    return request.headers.get("authorization")


class GraphQLEndpoint:
    """One door to the schema. /graphql takes bearer credentials (and serves GraphiQL);
    /portal/graphql and /console/graphql take their front end's session cookie with its CSRF
    token, and nothing else, so a cookie never authenticates a request to the public endpoint."""

    def __init__(
        self,
        schema: PointsmallSchema,
        settings: Settings,
        tokens: TokenIssuer,
        redis: RedisClient,
        door: CookieDoor | None = None,
    ) -> None:
        self.schema = schema
        self.settings = settings
        self.tokens = tokens
        self.limiter = RateLimiter(redis)
        self.throttle = LoginThrottle(
            redis, settings.login_lockout_seconds, settings.sign_ups_per_address
        )
        self.door = door
        self.graphiql = settings.graphiql and door is None
        self.operations = OperationLabels(schema)
        self.persisted = PersistedQueries(redis, Registry.load(settings.registered_operations))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        request_id = request_id_of(request)
        facts = RequestFacts()
        started = time.perf_counter()
        try:
            response = await self.handle(request, request_id, facts)
        except Exception as error:  # noqa: BLE001 - every escaped failure is answered here
            response = failure_answer(error, request_id)
            facts.outcome = failure_code(error).lower()
        response.headers["x-request-id"] = request_id
        facts.record(request_id, response.status_code, time.perf_counter() - started)
        scope.setdefault("state", {})["principal"] = facts.principal  # whose answer (CORS)
        await response(scope, receive, send)

    async def handle(self, request: Request, request_id: str, facts: RequestFacts) -> Response:
        if self.graphiql and _wants_ide(request):
            return _graphiql_page()
        media_type = "application/json"
        try:
            media_type = negotiate(request.headers.get("accept"))
            if request.method not in {"GET", "POST"}:
                raise TransportError(
                    405, "Use GET or POST.", "METHOD_NOT_ALLOWED", {"allow": "GET, POST"}
                )
            params = await read_params(request, self.settings.max_body_bytes)
            query = await self.persisted.document(
                params.query, PersistedQuery.of(params.extensions)
            )
            facts.operation = self.operations.label(query, params.operation_name)
            principal = await self._principal(request)
            facts.principal = principal
            if self._only_registered(principal) and not self.persisted.registry.allows(query):
                raise not_registered()
            address = client_address(request, self.settings.trusted_proxies)
            context = Context(
                principal, self.settings, self.tokens, request_id, address, self.throttle
            )
            result = await self.schema.execute(
                query,
                variable_values=params.variables,
                context_value=context,
                operation_name=params.operation_name,
                allowed_operation_types=_allowed(request.method),
            )
            if any(name in query for name in AUTH_CHANGES):
                await PRINCIPALS.announce()
        except TransportError as error:
            return error_response(error, media_type, request_id)
        except InvalidOperationTypeError:
            not_allowed = TransportError(
                405, "Mutations need POST.", "METHOD_NOT_ALLOWED", {"allow": "POST"}
            )
            return error_response(not_allowed, media_type, request_id)
        except (MissingQueryError, CannotGetOperationTypeError) as exc:
            bad = TransportError(400, str(exc) or "No operation.", "BAD_REQUEST")
            return error_response(bad, media_type, request_id)
        if not self.settings.introspection:
            _without_suggestions(result.errors or [])
        facts.outcome = _outcome(result.errors or [])
        return result_response(result, media_type, request_id)

    def _only_registered(self, principal: Principal) -> bool:
        return (
            isinstance(principal, MemberPrincipal)
            and self.settings.member_documents == "registered"
        )

    async def _principal(self, request: Request) -> Principal:
        try:
            if self.door is None:
                principal = await authenticate(bearer(request), self.tokens)
            else:
                authorization = self.door.authorization(request)
                principal = self.door.admit(await authenticate(authorization, self.tokens))
            await self._rate_limit(principal)
        except AuthError as error:
            headers = {"www-authenticate": "Bearer"} if _AUTH_STATUS[error.code] == 401 else {}
            extensions: dict[str, int] = {}
            if error.retry_after is not None:
                headers["retry-after"] = str(error.retry_after)
                extensions["retryAfterSeconds"] = error.retry_after
            status = _AUTH_STATUS[error.code]
            raise TransportError(status, error.message, error.code, headers, extensions) from error
        return principal

    async def _rate_limit(self, principal: Principal) -> None:
        """API keys and member tokens get a per-minute budget (the tenant's, or the default)."""
        if isinstance(principal, ApiKeyPrincipal):
            caller = f"key:{principal.key_id}"
        elif isinstance(principal, MemberPrincipal):
            caller = f"member:{principal.member_id}"
        else:
            return
        limit = principal.rate_limit_per_minute or self.settings.rate_limit_per_minute
        wait = await self.limiter.spend(tenant_key(principal.tenant_id, "rl", caller), limit)
        if wait is not None:
            RATE_LIMITED.labels(caller.partition(":")[0]).inc()
            message = f"Over {limit} requests per minute; retry in {wait} s."
            raise AuthError(AuthErrorCode.RATE_LIMITED, message, retry_after=wait)


# Mutations that may change what a credential is allowed: after one (committed) this process
# forgets the principals it remembers before answering, so its next request is checked afresh;
# other processes forget on the database's notification (tenants/principal_cache.py).
AUTH_CHANGES = (
    "updateStaffRole",
    "deactivateStaffUser",
    "revokeApiKey",
    "suspendTenant",
    "blockMember",
    "logout",
    "refreshSession",
)


_SUGGESTION = re.compile(r" Did you mean [^?]*\?$")


def _without_suggestions(errors: list[GraphQLError]) -> None:
    """With introspection off, "Did you mean 'member'?" would describe the schema anyway."""
    for error in errors:
        error.message = _SUGGESTION.sub("", error.message)


def _outcome(errors: list[GraphQLError]) -> str:
    codes = {(error.extensions or {}).get("code") for error in errors}
    if UNAVAILABLE in codes:
        return "service_unavailable"
    if INTERNAL in codes:
        return "internal_server_error"
    return "error" if errors else "ok"


def _allowed(method: str) -> set[OperationType]:
    if method == "GET":
        return {OperationType.QUERY}
    return {OperationType.QUERY, OperationType.MUTATION}


def _graphiql_page() -> HTMLResponse:
    headers = {"content-security-policy": graphiql.CONTENT_SECURITY_POLICY}
    if graphiql.missing():
        return HTMLResponse(graphiql.unavailable_page(), status_code=503, headers=headers)
    return HTMLResponse(graphiql.page(), headers=headers)


def _wants_ide(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.method == "GET" and "text/html" in accept and "query" not in request.query_params
