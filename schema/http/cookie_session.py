"""Browser sessions for the portal and the console: tokens in HttpOnly cookies, with CSRF
protection.

The pages never hold a token. Each front end has a door (`PORTAL`, `CONSOLE`): a path under
which its cookies live, its own GraphQL endpoint (`<path>/graphql`) and its session endpoints
(`<path>/session/login|refresh|logout`). A login sets the access token (HttpOnly) and a random
CSRF token the page can read, both SameSite=Strict, Secure outside development and scoped to
the door's path; the portal also keeps a refresh token (HttpOnly, sent only to
/portal/session). A door's GraphQL endpoint takes only its cookie, and only with the CSRF token
repeated in `x-csrf-token` (double submit): another site can make the browser send the
cookies, but it cannot read the CSRF cookie to copy it. The public /graphql never reads a
cookie. The paths do not overlap, so a merchant's session and an operator's never meet: the
portal's cookies are not even sent to /console, and each door admits only its own kind of
principal. Logins take only a JSON body, which no cross-site form can send without a CORS
preflight this server never grants. Every answer carries an `x-request-id` and is logged and
counted like a GraphQL request.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from app.core.settings import Settings
from schema.http.access_log import RequestFacts, request_id_of
from schema.http.client_address import client_address
from tenants.errors import AuthError, AuthErrorCode, TenancyError
from tenants.operators import end_operator_session, login_operator
from tenants.principal_cache import PRINCIPALS
from tenants.principals import OperatorPrincipal, Principal, StaffPrincipal
from tenants.sessions import login, logout_by_refresh_token, refresh
from tenants.throttle import LoginThrottle, TooManyAttemptsError
from tenants.tokens import TokenIssuer, TokenKind

CSRF_COOKIE = "pm_csrf"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class CookieDoor:
    """Where one front end's session lives and whom it admits."""

    path: str
    access_cookie: str
    refresh_cookie: str | None
    admits: type[StaffPrincipal] | type[OperatorPrincipal]

    @property
    def session_path(self) -> str:
        return f"{self.path}/session"

    def authorization(self, request: Request) -> str | None:
        """The door's GraphQL credential: its cookie as a bearer token once the CSRF token
        matches; None (an anonymous caller) without the cookie."""
        if not request.cookies.get(self.access_cookie):
            return None
        check_csrf(request)
        return self.download_authorization(request)

    def download_authorization(self, request: Request) -> str | None:
        """The cookie alone, for the door's GET downloads (CSV exports): they change nothing,
        and a SameSite=Strict cookie is never sent by another site's link."""
        token = request.cookies.get(self.access_cookie)
        return f"Bearer {token}" if token else None

    def admit(self, principal: Principal) -> Principal:
        """The principal, if this door takes its kind; a token of another kind is refused."""
        if isinstance(principal, StaffPrincipal | OperatorPrincipal) and not isinstance(
            principal, self.admits
        ):
            raise AuthError(AuthErrorCode.FORBIDDEN, f"{self.path} takes only its own sessions.")
        return principal


PORTAL = CookieDoor("/portal", "pm_staff", "pm_staff_refresh", StaffPrincipal)
CONSOLE = CookieDoor("/console", "pm_operator", None, OperatorPrincipal)


def check_csrf(request: Request) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), header.encode()):
        raise AuthError(AuthErrorCode.FORBIDDEN, "CSRF token missing or wrong.")


Handler = Callable[[Request], Awaitable[Response]]


class CookieSessions(ABC):
    """Setting and clearing one door's cookies."""

    def __init__(
        self, settings: Settings, tokens: TokenIssuer, door: CookieDoor, throttle: LoginThrottle
    ) -> None:
        self.settings = settings
        self.tokens = tokens
        self.door = door
        self.throttle = throttle
        self.secure = settings.environment != "development"

    def routes(self) -> list[Route]:
        return [
            Route(
                f"{self.door.session_path}/{name}",
                _recorded(f"session.{name}", handler),
                methods=["POST"],
            )
            for name, handler in self.handlers().items()
        ]

    @abstractmethod
    def handlers(self) -> dict[str, Handler]:
        """The door's session endpoints by name."""

    async def _credentials(self, request: Request) -> tuple[str, str] | None:
        body = await _json_body(request, self.settings.max_body_bytes)
        if body is None or not isinstance(body.get("email"), str):
            return None
        return body["email"], str(body.get("password", ""))

    def _started(
        self, access: str, refresh_token: str | None, expires_in: int, cookie_ttl: int
    ) -> Response:
        response = JSONResponse({"ok": True, "expiresIn": expires_in})
        door = self.door
        self._set(response, door.access_cookie, access, cookie_ttl, door.path, True)
        if door.refresh_cookie and refresh_token:
            self._set(
                response, door.refresh_cookie, refresh_token, cookie_ttl, door.session_path, True
            )
        self._set(response, CSRF_COOKIE, secrets.token_urlsafe(32), cookie_ttl, door.path, False)
        return response

    def _ended(self, response: Response) -> Response:
        door = self.door
        cookies = [(door.access_cookie, door.path), (CSRF_COOKIE, door.path)]
        if door.refresh_cookie:
            cookies.append((door.refresh_cookie, door.session_path))
        for name, path in cookies:
            response.delete_cookie(name, path=path, secure=self.secure, samesite="strict")
        return response

    def _set(
        self, response: Response, name: str, value: str, ttl: int, path: str, http_only: bool
    ) -> None:
        response.set_cookie(
            name,
            value,
            max_age=ttl,
            path=path,
            secure=self.secure,
            httponly=http_only,
            samesite="strict",
        )


class StaffSessions(CookieSessions):
    """The portal: staff login, refresh-token rotation, logout of the session family."""

    def handlers(self) -> dict[str, Handler]:
        return {"login": self.login, "refresh": self.refresh, "logout": self.logout}

    async def login(self, request: Request) -> Response:
        given = await self._credentials(request)
        if given is None:
            return _refused(400, "BAD_REQUEST", "Send JSON: {email, password}.")
        address = client_address(request, self.settings.trusted_proxies)
        try:
            session = await self.throttle.guarded(
                given[0], address, lambda: login(*given, self.tokens, self.settings)
            )
        except TooManyAttemptsError as error:
            return _throttled(error)
        except TenancyError as error:
            return _refused(401, str(error.code), error.message)
        return self._opened(session.access_token, session.refresh_token, session.expires_in)

    async def refresh(self, request: Request) -> Response:
        address = client_address(request, self.settings.trusted_proxies)
        given = request.cookies.get(self.door.refresh_cookie or "", "")
        try:
            check_csrf(request)
            session = await self.throttle.refresh(
                address, lambda: refresh(given, self.tokens, self.settings)
            )
        except TooManyAttemptsError as error:
            return _throttled(error)
        except AuthError as error:
            return _refused(403, str(error.code), str(error))
        except TenancyError as error:
            return self._ended(_refused(401, str(error.code), error.message))
        return self._opened(session.access_token, session.refresh_token, session.expires_in)

    async def logout(self, request: Request) -> Response:
        try:
            check_csrf(request)
        except AuthError as error:
            return _refused(403, str(error.code), str(error))
        await logout_by_refresh_token(request.cookies.get(self.door.refresh_cookie or "", ""))
        await PRINCIPALS.announce()
        return self._ended(JSONResponse({"ok": True}))

    def _opened(self, access: str, refresh_token: str, expires_in: int) -> Response:
        # The cookie outlives the token inside it: an expired token answers TOKEN_EXPIRED, which
        # tells the page to refresh, where a vanished cookie would look like a logged-out user.
        ttl = self.settings.refresh_token_ttl_seconds
        return self._started(access, refresh_token, expires_in, ttl)


class OperatorSessions(CookieSessions):
    """The console: operator login (no refresh: an expired session logs in again), logout that
    ends the operator session on the server."""

    def handlers(self) -> dict[str, Handler]:
        return {"login": self.login, "logout": self.logout}

    async def login(self, request: Request) -> Response:
        given = await self._credentials(request)
        if given is None:
            return _refused(400, "BAD_REQUEST", "Send JSON: {email, password}.")
        if "\x00" in given[0]:
            return _refused(401, "INVALID_CREDENTIALS", "Email or password is wrong.")
        address = client_address(request, self.settings.trusted_proxies)
        try:
            token = await self.throttle.guarded(
                given[0], address, lambda: login_operator(*given, self.tokens, self.settings)
            )
        except TooManyAttemptsError as error:
            return _throttled(error)
        except TenancyError as error:
            return _refused(401, str(error.code), error.message)
        return self._started(token.access_token, None, token.expires_in, token.expires_in)

    async def logout(self, request: Request) -> Response:
        try:
            check_csrf(request)
        except AuthError as error:
            return _refused(403, str(error.code), str(error))
        token = request.cookies.get(self.door.access_cookie, "")
        try:
            claims = self.tokens.verify(token)
        except AuthError:
            claims = None  # expired or not ours: nothing left to end
        if claims and claims.kind is TokenKind.OPERATOR and claims.session_family:
            await end_operator_session(claims.session_family)
            await PRINCIPALS.announce()
        return self._ended(JSONResponse({"ok": True}))


def _recorded(operation: str, handler: Handler) -> Handler:
    """`handler` with a request id on its answer, logged and counted."""

    async def respond(request: Request) -> Response:
        request_id = request_id_of(request)
        started = time.perf_counter()
        response = await handler(request)
        response.headers["x-request-id"] = request_id
        facts = RequestFacts(operation, outcome="ok" if response.status_code < 400 else "error")
        facts.record(request_id, response.status_code, time.perf_counter() - started)
        return response

    return respond


async def _json_body(request: Request, limit: int) -> dict[str, Any] | None:
    """A JSON object of at most `limit` bytes, or None for anything else."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return None
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            return None
    try:
        body = json.loads(raw)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _refused(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """Failures in the GraphQL shape the pages already read."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        headers=headers,
    )


def _throttled(error: TooManyAttemptsError) -> JSONResponse:
    return _refused(429, "RATE_LIMITED", str(error), {"retry-after": str(error.retry_after)})
