"""The front ends' static files (the `web` package), served with a strict security policy.

The pages are plain files: HTML, one stylesheet, JavaScript modules and the GraphQL documents
they run. They reach the server only through its GraphQL doors and their /session endpoints,
so the policy allows scripts, styles and connections to this origin only, and no inline script
or style.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.settings import Settings

WEB = Path(str(files("web")))
# Images may come from any https origin: a merchant's logo lives on its own CDN (an image runs
# no script).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-cache"),
]


class WithHeaders:
    """An ASGI app that adds the pages' security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def page_routes(settings: Settings) -> list[BaseRoute]:
    """`/portal` (and `/`, its door), `/console` and `/mall/<slug>`, each unless switched off
    (PORTAL=false, CONSOLE=false, MALL=false), and the modules they share."""
    routes: list[BaseRoute] = []
    if settings.portal:
        portal = StaticFiles(directory=WEB / "portal", html=True)
        routes += [Route("/", _home), Mount("/portal", WithHeaders(portal))]
    if settings.console:
        console = StaticFiles(directory=WEB / "console", html=True)
        routes.append(Mount("/console", WithHeaders(console)))
    if settings.mall:
        mall = StaticFiles(directory=WEB / "mall")
        routes += [
            Mount("/mall/assets", WithHeaders(mall)),
            Route("/mall/{slug}", WithHeaders(_mall_page)),
        ]
    if routes:
        routes.append(Mount("/shared", WithHeaders(StaticFiles(directory=WEB / "shared"))))
    return routes


async def _home(_: Request) -> Response:
    return RedirectResponse("/portal/", status_code=302)


async def _mall_page(scope: Scope, receive: Receive, send: Send) -> None:
    """Every merchant's mall is the same page; it reads the slug from its own address."""
    await FileResponse(WEB / "mall" / "index.html")(scope, receive, send)
