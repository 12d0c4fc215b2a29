"""Browser sessions for the portal: staff tokens in HttpOnly cookies, with CSRF protection.

The pages never hold a token. `POST /portal/session/login` checks the email and password and
sets three cookies, all SameSite=Strict, Secure outside development, and scoped to /portal: the
access token (`pm_staff`, HttpOnly), the refresh token (`pm_staff_refresh`, HttpOnly, sent only to
/portal/session) and a random CSRF token (`pm_csrf`, readable by the page). The portal's API is
/portal/graphql, which takes only that cookie, and only with the CSRF token repeated in
`x-csrf-token` (double submit): another site can make the browser send the cookies, but it
cannot read `pm_csrf` to copy it. The public /graphql never reads a cookie, and a future
console's cookies live under /console, so sessions of different kinds never meet. `refresh`
rotates both tokens; `logout` ends the session family server-side and clears the cookies. The
login takes only a JSON body, which no cross-site form can send without a CORS preflight this
server never grants.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.settings import Settings
from tenants.errors import AuthError, AuthErrorCode, TenancyError
from tenants.sessions import SessionTokens, login, logout_by_refresh_token, refresh
from tenants.tokens import TokenIssuer

ACCESS_COOKIE = "pm_staff"
REFRESH_COOKIE = "pm_staff_refresh"
CSRF_COOKIE = "pm_csrf"
CSRF_HEADER = "x-csrf-token"
PORTAL_PATH = "/portal"
SESSION_PATH = "/portal/session"


def cookie_authorization(request: Request) -> str | None:
    """The portal endpoint's credential: the session cookie as a bearer token, once the CSRF
    token matches; None (an anonymous caller) without the cookie."""
    token = request.cookies.get(ACCESS_COOKIE)
    if not token:
        return None
    check_csrf(request)
    return f"Bearer {token}"


def check_csrf(request: Request) -> None:
    cookie = request.cookies.get(CSRF_COOKIE, "")
    header = request.headers.get(CSRF_HEADER, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), header.encode()):
        raise AuthError(AuthErrorCode.FORBIDDEN, "CSRF token missing or wrong.")


class StaffSessionRoutes:
    """The three session endpoints, for one settings object and token issuer."""

    def __init__(self, settings: Settings, tokens: TokenIssuer) -> None:
        self.settings = settings
        self.tokens = tokens
        self.secure = settings.environment != "development"

    async def login(self, request: Request) -> Response:
        body = await _json_body(request, self.settings.max_body_bytes)
        if body is None or not isinstance(body.get("email"), str):
            return _refused(400, "BAD_REQUEST", "Send JSON: {email, password}.")
        try:
            session = await login(
                body["email"], str(body.get("password", "")), self.tokens, self.settings
            )
        except TenancyError as error:
            return _refused(401, str(error.code), error.message)
        return self._started(session)

    async def refresh(self, request: Request) -> Response:
        try:
            check_csrf(request)
            session = await refresh(
                request.cookies.get(REFRESH_COOKIE, ""), self.tokens, self.settings
            )
        except AuthError as error:
            return _refused(403, str(error.code), str(error))
        except TenancyError as error:
            return self._ended(_refused(401, str(error.code), error.message))
        return self._started(session)

    async def logout(self, request: Request) -> Response:
        try:
            check_csrf(request)
        except AuthError as error:
            return _refused(403, str(error.code), str(error))
        await logout_by_refresh_token(request.cookies.get(REFRESH_COOKIE, ""))
        return self._ended(JSONResponse({"ok": True}))

    def _started(self, session: SessionTokens) -> Response:
        response = JSONResponse({"ok": True, "expiresIn": session.expires_in})
        refresh_ttl = self.settings.refresh_token_ttl_seconds
        # The cookie outlives the token inside it: an expired token answers TOKEN_EXPIRED, which
        # tells the page to refresh, where a vanished cookie would look like a logged-out user.
        self._set(response, ACCESS_COOKIE, session.access_token, refresh_ttl, PORTAL_PATH, True)
        self._set(response, REFRESH_COOKIE, session.refresh_token, refresh_ttl, SESSION_PATH, True)
        self._set(response, CSRF_COOKIE, secrets.token_urlsafe(32), refresh_ttl, PORTAL_PATH, False)
        return response

    def _ended(self, response: Response) -> Response:
        for name, path in (
            (ACCESS_COOKIE, PORTAL_PATH),
            (REFRESH_COOKIE, SESSION_PATH),
            (CSRF_COOKIE, PORTAL_PATH),
        ):
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


def _refused(status: int, code: str, message: str) -> JSONResponse:
    """Failures in the GraphQL shape the pages already read."""
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status
    )
