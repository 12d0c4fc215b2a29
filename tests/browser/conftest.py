"""Pages in a real headless Chromium (Debian's `chromium`), driven by Playwright.

The API runs on a real socket (uvicorn in the test's event loop, on the session's app) so the
browser speaks HTTP to it. Playwright drives the machine's own Chromium: its browser download
does not work here. Without a Chromium the browser tests are skipped, except under CI (`.ci/run`
sets CI=1 and installs the browser), where a missing browser fails them.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from playwright.async_api import Browser, Page, Request, Route, async_playwright
from starlette.applications import Starlette

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(".data") / "screenshots"


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="session")
async def live_server(app: Starlette) -> AsyncIterator[str]:
    """The session's app on 127.0.0.1 and a free port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    async with asyncio.timeout(10):
        while not server.started:  # noqa: ASYNC110 - uvicorn exposes `started` only as a flag
            await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await serving


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("No Chromium: CI must run the browser tests (.ci/run installs it).")
        pytest.skip(
            "No Chromium on this machine (apt-get install chromium); browser tests skipped."
        )
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        await launched.close()


async def offline_page(browser: Browser, base: str, width: int, problems: list[str]) -> Page:
    """A page that may reach only our server; script errors and CSP refusals go to `problems`."""
    page = await browser.new_page(viewport={"width": width, "height": 900})

    async def only_local(route: Route, request: Request) -> None:
        if request.url.startswith(base):
            await route.continue_()
        else:
            problems.append(f"off-server request: {request.url}")
            await route.abort()

    await page.route("**/*", only_local)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


async def sign_in(page: Page, base: str, email: str, password: str) -> None:
    """Through the portal's own form, in its default language."""
    await page.goto(f"{base}/portal/")
    await page.get_by_label("邮箱").fill(email)
    await page.get_by_label("密码").fill(password)
    await page.get_by_role("button", name="登录").click()
    await page.locator(".frame").wait_for()
